#include "report/stress_report.hpp"
#include "report/plural.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace bulwark::report {

std::string num(double x) {
  if (x == 0) return "0";
  return fmt::format("{:.6g}", x);
}

namespace {

std::string pad(const std::string& s, std::size_t w) { return s.size() >= w ? s + " " : s + std::string(w - s.size(), ' '); }

// Columns are padded; no line ends in blanks.
std::string trimmed(const std::string& text) {
  std::string out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t nl = text.find('\n', start);
    std::string line = text.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
    line.erase(line.find_last_not_of(' ') + 1);
    out += line;
    if (nl == std::string::npos) break;
    out += '\n';
    start = nl + 1;
  }
  return out;
}

std::string share(const sim::Share& s) { return fmt::format("{:.4f} [{:.4f}, {:.4f}]", s.p, s.lo, s.hi); }

nlohmann::json property_json(const sim::PropertyStats& p) {
  nlohmann::json j = {{"name", p.name},       {"broken", p.broken.k},   {"runs", p.broken.n},
                      {"share", p.broken.p},  {"ci95", {p.broken.lo, p.broken.hi}}};
  if (p.broken.k > 0)
    j["first_round"] = {{"min", p.first_min},       {"median", p.first_median}, {"p90", p.first_p90},
                        {"max", p.first_max},       {"mean", p.first_mean},     {"bin_width", p.bin_width},
                        {"histogram", p.first_histogram}};
  return j;
}

nlohmann::json measure_json(const sim::MeasureStats& m) {
  return {{"name", m.name}, {"mean", m.mean}, {"sd", m.sd},   {"min", m.min},   {"q05", m.q05},
          {"median", m.q50}, {"q95", m.q95},  {"max", m.max}, {"var95", m.var95}, {"var99", m.var99},
          {"es95", m.es95}, {"es99", m.es99}, {"worst_run", m.worst_run}};
}

}  // namespace

std::string stress_text(const StressHeader& h, const sim::Summary& s) {
  std::string out = fmt::format(
      "stress: {}, scenario {}: {} of {}, seed {}\n"
      "  {} taken; {} refused by their action's guards; {} found no enabled action\n"
      "  sampled prices enter the interpreter rounded to multiples of 1e-6\n",
      h.spec, h.scenario, counted(s.runs, "run"), counted(s.rounds, "round"), h.seed, counted(s.steps, "step"), counted(s.refused, "driven tick"),
      counted(s.idle, "policy move"));
  out += "\n" + pad("property", 28) + pad("broken", 16) + pad("share [95% CI]", 28) +
         "first broken at round (min / median / p90 / max)\n";
  for (const auto& p : s.properties) {
    std::string first = p.broken.k == 0 ? "-"
                                        : fmt::format("{} / {} / {} / {}", num(p.first_min), num(p.first_median),
                                                      num(p.first_p90), num(p.first_max));
    out += pad(p.name, 28) + pad(fmt::format("{} / {}", p.broken.k, p.broken.n), 16) + pad(share(p.broken), 28) +
           first + "\n";
  }
  if (!s.measures.empty()) {
    out += "\nmeasures in the last state (read as losses: VaR = upper quantile, ES = mean beyond it)\n";
    out += pad("measure", 20);
    for (const char* c : {"mean", "sd", "min", "median", "max", "VaR95", "VaR99", "ES95", "ES99"}) out += pad(c, 12);
    out += "\n";
    for (const auto& m : s.measures) {
      out += pad(m.name, 20);
      for (double x : {m.mean, m.sd, m.min, m.q50, m.max, m.var95, m.var99, m.es95, m.es99}) out += pad(num(x), 12);
      out += "\n";
    }
  }
  return trimmed(out);
}

nlohmann::json stress_json(const StressHeader& h, const sim::Summary& s) {
  nlohmann::json j = {{"spec", h.spec},   {"scenario", h.scenario},    {"runs", s.runs},
                      {"rounds", s.rounds}, {"seed", h.seed},          {"jobs", h.jobs},
                      {"price_precision", "1e-6"}, {"steps", s.steps}, {"refused", s.refused},
                      {"idle", s.idle}};
  j["properties"] = nlohmann::json::array();
  for (const auto& p : s.properties) j["properties"].push_back(property_json(p));
  j["measures"] = nlohmann::json::array();
  for (const auto& m : s.measures) j["measures"].push_back(measure_json(m));
  return j;
}

std::string sweep_text(const StressHeader& h, const std::string& param, const std::vector<std::string>& values,
                       const std::vector<sim::Summary>& rows) {
  std::string out = fmt::format("stress sweep: {}, scenario {}: {} of {} per value of {}, seed {}\n\n",
                                h.spec, h.scenario, counted(h.runs, "run"), counted(h.rounds, "round"), param, h.seed);
  // Only the properties some value breaks: the others are 0 everywhere.
  std::vector<std::size_t> props;
  if (!rows.empty())
    for (std::size_t p = 0; p < rows[0].properties.size(); ++p)
      if (std::any_of(rows.begin(), rows.end(), [&](const sim::Summary& r) { return r.properties[p].broken.k > 0; }))
        props.push_back(p);
  out += pad(param, 12);
  std::vector<std::size_t> widths;
  if (!rows.empty()) {
    for (std::size_t p : props) {
      std::string head = rows[0].properties[p].name + " broken [95% CI]";
      widths.push_back(std::max<std::size_t>(32, head.size() + 2));
      out += pad(head, widths.back());
    }
    for (const auto& m : rows[0].measures) {
      out += pad(m.name + " mean", 16);
      out += pad("VaR99", 12);
      out += pad("ES99", 12);
    }
  }
  out += "\n";
  for (std::size_t i = 0; i < rows.size(); ++i) {
    out += pad(values[i], 12);
    for (std::size_t k = 0; k < props.size(); ++k) out += pad(share(rows[i].properties[props[k]].broken), widths[k]);
    for (const auto& m : rows[i].measures) out += pad(num(m.mean), 16) + pad(num(m.var99), 12) + pad(num(m.es99), 12);
    out += "\n";
  }
  if (props.empty()) out += "(no value of " + param + " broke any property)\n";
  return trimmed(out);
}

nlohmann::json sweep_json(const StressHeader& h, const std::string& param, const std::vector<std::string>& values,
                          const std::vector<sim::Summary>& rows) {
  nlohmann::json j = {{"spec", h.spec}, {"scenario", h.scenario}, {"runs", h.runs}, {"rounds", h.rounds},
                      {"seed", h.seed}, {"jobs", h.jobs},         {"param", param}, {"price_precision", "1e-6"}};
  j["sweep"] = nlohmann::json::array();
  for (std::size_t i = 0; i < rows.size(); ++i) {
    auto r = stress_json(h, rows[i]);
    r["value"] = values[i];
    r.erase("spec");
    r.erase("scenario");
    r.erase("seed");
    r.erase("jobs");
    r.erase("price_precision");
    j["sweep"].push_back(r);
  }
  return j;
}

namespace {

// "= 100", "<= 100 (gap: best run 98)", "unbounded", "unknown (reason)".
std::string optimum_text(const solver::DepthOptimum& d) {
  using K = solver::DepthOptimum;
  auto exact = [](const std::optional<Value>& v) {
    if (!v) return std::string("?");
    std::string t = to_string(v->as_rational());
    return t.find('/') == std::string::npos ? t : fmt::format("{} (about {})", t, num(v->as_rational().convert_to<double>()));
  };
  switch (d.kind) {
    case K::Exact:
      return d.strict ? fmt::format("{} (a supremum no run attains)", exact(d.bound)) : exact(d.bound);
    case K::Gap: return fmt::format("<= {} (best run found {})", exact(d.bound), exact(d.best));
    case K::Unbounded: return "unbounded (no finite maximum)";
    case K::NoRun: return "none (no run of that length)";
    case K::Unknown: return fmt::format("unknown ({})", d.reason.empty() ? "the solver gave up" : d.reason);
    case K::NoBound: return fmt::format("no bound found (best run found {}; {})", exact(d.best), d.reason);
  }
  return "?";
}

nlohmann::json optimum_json(const solver::DepthOptimum& d) {
  nlohmann::json j = {{"status", solver::to_string(d.kind)}, {"strict", d.strict}, {"method", d.method}};
  if (d.best) j["best"] = to_string(d.best->as_rational());
  if (d.bound) j["bound"] = to_string(d.bound->as_rational());
  if (!d.reason.empty()) j["reason"] = d.reason;
  return j;
}

}  // namespace

std::string prover_text(const ProverHandoff& p) {
  std::string out = fmt::format("\nprover, over runs of {} (the worst run's length):\n", counted(p.steps, "step"));
  if (p.seeded)
    out += fmt::format("  with the worst run's actions (arguments, params and initial state free): maximum {} = {}\n",
                       p.measure, optimum_text(*p.seeded));
  if (p.full)
    out += fmt::format("sampled VaR99 = {}; sampled maximum = {}; proved maximum over runs of {} = {}\n", num(p.var99),
                       num(p.sampled_worst), counted(p.steps, "step"), optimum_text(*p.full));
  return out;
}

nlohmann::json prover_json(const ProverHandoff& p) {
  nlohmann::json j = {{"measure", p.measure}, {"steps", p.steps}, {"sampled_var99", p.var99},
                      {"sampled_max", p.sampled_worst}};
  if (p.seeded) j["seeded"] = optimum_json(*p.seeded);
  if (p.full) j["proved"] = optimum_json(*p.full);
  return j;
}

}  // namespace bulwark::report

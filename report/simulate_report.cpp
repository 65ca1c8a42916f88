#include "report/simulate_report.hpp"
#include "report/plural.hpp"

#include <fmt/format.h>

#include "report/trace_text.hpp"

namespace bulwark::report {

std::string simulate_text(const ir::TransitionSystem& ts, const interp::SimResult& res, const SimulateRun& a) {
  if (res.no_start) return fmt::format("{}: {}; nothing was simulated\n", a.spec, *res.no_start);
  if (res.violations.empty())
    return fmt::format("{}: no violation found in {} of up to {} (seed {}); this is not a proof\n", a.spec,
                       counted(res.runs_done, "run"), counted(a.steps, "step"), a.seed);
  std::string out;
  for (std::size_t i = 0; i < res.violations.size(); ++i) {
    const auto& v = res.violations[i];
    const auto& p = broken_property(ts, v.trace);
    out += fmt::format("violated: {} ({}, {})\n  found by simulation in run {} (seed {}), {} step{}, replayed by the "
                       "interpreter\n{}",
                       p.name, ir::to_string(p.kind), location(ts, p.span), v.run, a.seed, v.trace.steps.size(),
                       v.trace.steps.size() == 1 ? "" : "s", trace_text(ts, v.trace));
    if (i < a.trace_files.size()) out += fmt::format("  trace: {}\n", a.trace_files[i]);
    out += "\n";
  }
  out += fmt::format("{} propert{} violated in {} (seed {})\n", res.violations.size(),
                     res.violations.size() == 1 ? "y" : "ies", counted(res.runs_done, "run"), a.seed);
  return out;
}

nlohmann::json simulate_json(const ir::TransitionSystem& ts, const interp::SimResult& res, const SimulateRun& a) {
  nlohmann::json j;
  j["spec"] = a.spec;
  j["exit_code"] = a.exit_code;
  j["runs"] = res.runs_done;
  j["steps_per_run"] = a.steps;
  j["seed"] = a.seed;
  j["steps_taken"] = res.steps_done;
  if (res.no_start) j["reason"] = *res.no_start;
  j["violations"] = nlohmann::json::array();
  for (std::size_t i = 0; i < res.violations.size(); ++i) {
    const auto& v = res.violations[i];
    const auto& p = broken_property(ts, v.trace);
    auto lc = ts.file->line_col(p.span.begin);
    nlohmann::json o = {{"name", p.name}, {"kind", ir::to_string(p.kind)}, {"status", "violated"},
                        {"steps", v.trace.steps.size()}, {"run", v.run},
                        {"location", {{"file", ts.file->name()}, {"line", lc.line}, {"col", lc.col}}}};
    if (!a.trace_files.empty()) o["trace"] = a.trace_files[i];
    else o["itf"] = trace_itf(ts, v.trace);
    j["violations"].push_back(o);
  }
  return j;
}

}  // namespace bulwark::report

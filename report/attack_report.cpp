#include "report/attack_report.hpp"
#include "report/plural.hpp"

#include <fmt/format.h>

#include "report/trace_text.hpp"

namespace bulwark::report {
namespace {

using solver::DepthOptimum;

std::string num(const Value& v) { return to_string(v.as_rational()); }

// For the table: exact unless too long to read, then "~1.845e+19" (the
// JSON and the summary lines stay exact).
std::string short_num(const Value& v) {
  std::string s = num(v);
  return s.size() <= 20 ? s : fmt::format("~{:.6g}", static_cast<double>(v.as_rational()));
}

// "<= 40", "< 40" (a supremum), ">= 3" minimising.
std::string bound_text(const Value& b, bool strict, bool maximize) {
  return fmt::format("{}{} {}", maximize ? "<" : ">", strict ? "" : "=", short_num(b));
}

// Which runs a linear restriction left: " with price fixed to a run's values, without set steps".
std::string restricted_runs(const DepthOptimum& d) {
  std::string out;
  if (!d.fixed.empty()) out += fmt::format(" with {} fixed to a run's values", d.fixed);
  if (!d.left_out.empty()) out += fmt::format("{} without steps of {}", out.empty() ? "" : ",", d.left_out);
  return out;
}

std::string depth_line(const DepthOptimum& d, bool maximize) {
  std::string best = d.best ? short_num(*d.best) : "-";
  std::string bound, how;
  switch (d.kind) {
    case DepthOptimum::Exact: bound = bound_text(*d.bound, d.strict, maximize); how = d.strict ? "supremum, not attained" : "exact"; break;
    case DepthOptimum::Gap:
      bound = bound_text(*d.bound, false, maximize);
      how = fmt::format("gap {}{}", short_num(Value::real(abs(d.bound->as_rational() - d.best->as_rational()))),
                        d.reason.empty() ? "" : "; stopped: " + d.reason);
      break;
    case DepthOptimum::Unbounded:
      bound = maximize ? "+inf" : "-inf";
      how = d.method == "omt" ? "unbounded" : "unbounded, even on the runs" + restricted_runs(d);
      break;
    case DepthOptimum::NoBound: bound = "none found"; how = "inconclusive: " + d.reason; break;
    case DepthOptimum::NoRun: bound = "-"; how = "no run of this length"; break;
    case DepthOptimum::Unknown: bound = d.bound ? bound_text(*d.bound, false, maximize) : "?"; how = "unknown: " + d.reason; break;
  }
  return fmt::format("  {:<6} {:<22} {:<24} {} ({}, {} quer{}, {:.2f} s)\n", d.depth, best, bound, how,
                     d.method.empty() ? "-" : d.method, d.queries, d.queries == 1 ? "y" : "ies", d.time_s);
}

// How unboundedness was proved, when OMT needed a linear restriction.
std::string unbounded_how(const solver::AttackResult& r) {
  for (const auto& d : r.depths)
    if (d.kind == DepthOptimum::Unbounded)
      return d.method == "omt" ? fmt::format(" (OMT at depth {})", d.depth)
                               : fmt::format(" (OMT at depth {} on the runs{}, which are runs of the spec)", d.depth,
                                             restricted_runs(d));
  return "";
}

}  // namespace

std::optional<Acr> attack_cost_ratio(const ir::TransitionSystem& ts, const AttackQuestion& q,
                                     const solver::AttackResult& r, const solver::AttackSummary& s) {
  if (q.violate.empty() || q.secured < 0 || s.best < 0) return std::nullopt;
  const auto& best = r.depths[static_cast<std::size_t>(s.best)];
  interp::Interpreter in(ts);
  Value secured = measure_values(in, best.trace->params, best.trace->init)[static_cast<std::size_t>(q.secured)];
  if (secured.as_rational() == 0) return std::nullopt;
  return Acr{*best.best, secured, best.best->as_rational() / secured.as_rational()};
}

std::string attack_text(const ir::TransitionSystem& ts, const AttackQuestion& q, const solver::AttackResult& r) {
  auto s = solver::summarize(r, q.maximize);
  std::string out = fmt::format("attack {}: {} {}{} over runs of at most {} step{}\n", q.spec,
                                q.maximize ? "maximize" : "minimize", q.objective,
                                q.violate.empty() ? "" : fmt::format(" (in the initial state) among runs that break `{}`", q.violate),
                                q.depth, q.depth == 1 ? "" : "s");
  out += fmt::format("  {:<6} {:<22} {:<24} {}\n", "depth", "best run", "proved bound", "how");
  for (const auto& d : r.depths) out += depth_line(d, q.maximize);
  const char* more = q.maximize ? "more" : "less";
  if (s.best < 0) {
    out += s.inconclusive ? "inconclusive: the solver gave up before it found any run\n"
           : q.violate.empty() ? fmt::format("no run of at most {} exists\n", counted(q.depth, "step"))
                               : fmt::format("`{}` cannot be broken by any run of at most {}: no attack, no cost\n",
                                             q.violate, counted(q.depth, "step"));
    return out;
  }
  const auto& best = r.depths[static_cast<std::size_t>(s.best)];
  out += fmt::format("\nbest: {} = {} in {} step{}, replayed by the interpreter\n", q.objective, num(*best.best),
                     best.depth, best.depth == 1 ? "" : "s");
  if (s.unbounded)
    out += fmt::format("proved: unbounded: for every X some run of at most {} step{} reaches {} than X{}\n", q.depth,
                       q.depth == 1 ? "" : "s", more, unbounded_how(r));
  else if (s.bound)
    out += fmt::format("proved: no run of at most {}{} has {} {} {}{}\n", counted(q.depth, "step"),
                       q.violate.empty() ? "" : fmt::format(" that breaks `{}`", q.violate), q.objective,
                       q.maximize ? (s.strict ? ">=" : ">") : (s.strict ? "<=" : "<"), num(*s.bound),
                       s.gap ? " (a bisection bound: the optimum lies between the best run and it)" : "");
  else if (s.no_bound)
    out += fmt::format("inconclusive: no bound found; runs reach {} {} (every candidate bound tried was passed: evidence "
                       "that {} is unbounded, not a proof)\n", q.maximize ? ">=" : "<=", num(*best.best), q.objective);
  else
    out += fmt::format("inconclusive: the solver gave up at some depth; {} is only the best run found, not an optimum\n",
                       num(*best.best));
  if (auto acr = attack_cost_ratio(ts, q, r, s)) {
    out += fmt::format("attack cost ratio: ACR = cost / secured = {} / {} = {} (~{:.4g}): {}\n", num(acr->cost),
                       num(acr->secured), to_string(acr->ratio), static_cast<double>(acr->ratio),
                       acr->ratio > 1 ? "breaking it costs more than the value it secures"
                                      : "breaking it costs no more than the value it secures");
    out += "  (the ratio assumes the objective and `secured` are in the same unit)\n";
  }
  out += trace_text(ts, *best.trace);
  return out;
}

nlohmann::json attack_json(const ir::TransitionSystem& ts, const AttackQuestion& q, const solver::AttackResult& r) {
  auto s = solver::summarize(r, q.maximize);
  auto jnum = [](const std::optional<Value>& v) -> nlohmann::json { return v ? nlohmann::json(num(*v)) : nlohmann::json(); };
  nlohmann::json j;
  j["spec"] = q.spec;
  j["objective"] = q.objective;
  j["direction"] = q.maximize ? "maximize" : "minimize";
  j["max_depth"] = q.depth;
  if (!q.violate.empty()) j["violate"] = q.violate;
  j["depths"] = nlohmann::json::array();
  for (const auto& d : r.depths)
    j["depths"].push_back({{"depth", d.depth}, {"status", solver::to_string(d.kind)}, {"best", jnum(d.best)},
                           {"bound", jnum(d.bound)}, {"strict", d.strict}, {"method", d.method},
                           {"queries", d.queries}, {"time_s", d.time_s}, {"reason", d.reason}, {"fixed", d.fixed},
                           {"left_out", d.left_out}});
  j["status"] = s.best < 0 ? (s.inconclusive ? "unknown" : "no_run")
                : s.unbounded ? "unbounded"
                : s.no_bound ? "no_bound"
                : s.bound ? (s.gap ? "gap" : "exact")
                          : "unknown";
  j["best"] = s.best < 0 ? nlohmann::json() : jnum(r.depths[static_cast<std::size_t>(s.best)].best);
  j["best_depth"] = s.best < 0 ? nlohmann::json() : nlohmann::json(r.depths[static_cast<std::size_t>(s.best)].depth);
  j["bound"] = jnum(s.bound);
  j["strict"] = s.strict;
  if (auto acr = attack_cost_ratio(ts, q, r, s))
    j["acr"] = {{"cost", num(acr->cost)}, {"secured", num(acr->secured)}, {"ratio", to_string(acr->ratio)},
                {"approx", static_cast<double>(acr->ratio)}};
  if (s.best >= 0) j["itf"] = trace_itf(ts, *r.depths[static_cast<std::size_t>(s.best)].trace);
  return j;
}

}  // namespace bulwark::report

#include "cli/attack.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <regex>

#include "cli/exit_codes.hpp"
#include "cli/pipeline.hpp"
#include "report/attack_report.hpp"
#include "report/progress.hpp"
#include "solver/engine/attack.hpp"

namespace bulwark::cli {
namespace {

// The name an objective given as an expression gets inside the spec.
constexpr const char* kObjectiveName = "attack_objective__";

int measure_index(const ir::TransitionSystem& ts, const std::string& name) {
  for (std::size_t i = 0; i < ts.measures.size(); ++i)
    if (ts.measures[i].name == name) return static_cast<int>(i);
  return -1;
}

}  // namespace

int run_attack(const AttackArgs& a, const CheckOptions& options) {
  Diagnostics diags;
  if (a.maximize.empty() == a.minimize.empty())
    return input_error(diags, a.color, "E0507", "give exactly one of --maximize OBJECTIVE and --minimize OBJECTIVE");
  if (a.depth < 0 || a.depth > 100 || !(a.timeout > 0) || a.timeout > 86400 || !(a.total_timeout >= 0) ||
      !(a.gap > 0) || a.gap >= 1)
    return input_error(diags, a.color, "E0507",
                fmt::format("--depth must be 0..100, --timeout 0 < t <= 86400, --total-timeout >= 0 and --gap in (0, 1); "
                            "found {}, {}, {} and {}", a.depth, a.timeout, a.total_timeout, a.gap));
  const std::string& objective = a.maximize.empty() ? a.minimize : a.maximize;
  if (objective.find_first_of(";{}\n") != std::string::npos)
    return input_error(diags, a.color, "E0507",
                fmt::format("the objective `{}` must be one expression (no `;`, braces or newlines)", objective));
  Timings t;
  auto compiled = compile(a.spec, options, Until::Lower, diags, t);
  static const std::regex name(R"([A-Za-z_][A-Za-z0-9_]*)");
  if (compiled.system && !(std::regex_match(objective, name) && measure_index(*compiled.system, objective) >= 0)) {
    // Not a measure's name: the expression becomes a measure of the spec
    // itself, so it is checked (names, types) as any measure is.
    Diagnostics expr_diags;
    compiled = compile(a.spec, options, Until::Lower, expr_diags, t,
                       {}, fmt::format("\nmeasure {}: {};\n", kObjectiveName, objective));
    if (!compiled.system) {
      expr_diags.error("E0507", fmt::format("the objective `{}` is neither a measure of the spec nor a valid numeric "
                                            "expression over its state (see the error above)", objective));
      std::fputs(render_all(expr_diags, a.color).c_str(), stderr);
      return kInputError;
    }
  }
  std::fputs(render_all(diags, a.color).c_str(), stderr);
  if (!compiled.system) return kInputError;
  const auto& ts = *compiled.system;
  int m = measure_index(ts, objective);
  if (m < 0) m = measure_index(ts, kObjectiveName);

  solver::AttackOptions o;
  o.depth = a.depth;
  o.timeout_s = a.timeout;
  o.total_timeout_s = a.total_timeout;
  o.maximize = !a.maximize.empty();
  o.measure = m;
  o.gap = a.gap;
  if (!a.violate.empty()) {
    for (std::size_t i = 0; i < ts.invariants.size(); ++i)
      if (ts.invariants[i].name == a.violate) o.violate = static_cast<int>(i);
    if (!o.violate) {
      std::string names;
      for (const auto& p : ts.invariants) names += (names.empty() ? "" : ", ") + p.name;
      return input_error(diags, a.color, "E0509",
                  fmt::format("--violate {}: the spec has no invariant of that name (its invariants: {}); rules and "
                              "implicit checks cannot be --violate targets yet", a.violate, names.empty() ? "none" : names));
    }
  }
  report::AttackQuestion q{a.spec, objective, o.maximize, a.depth, a.violate, measure_index(ts, "secured")};
  std::optional<report::Progress> progress;
  progress.emplace(stderr, report::Progress::wanted(stderr, a.quiet), "attack " + a.spec);
  o.progress = &*progress;
  solver::AttackResult r = solver::run_attack(ts, o);
  progress.reset();  // the line is erased before anything else is printed
  if (r.internal_error) {
    fmt::print(stderr, "internal error: {}\n", *r.internal_error);
    return kInternalError;
  }
  if (a.json) fmt::print("{}\n", report::attack_json(ts, q, r).dump(2));
  else fmt::print("{}", report::attack_text(ts, q, r));
  auto s = solver::summarize(r, o.maximize);
  report::RunOutcome found;  // the exit-code rule (report/exit_code.hpp): a threshold crossed is a violation
  if (s.best >= 0) {
    const Rational best = r.depths[static_cast<std::size_t>(s.best)].best->as_rational();
    if (a.fail_above && (s.unbounded || best > Rational(*a.fail_above))) ++found.violated;
    if (a.fail_below && best < Rational(*a.fail_below)) ++found.violated;
  }
  if (s.inconclusive) ++found.inconclusive;
  return report::exit_code(found);
}

}  // namespace bulwark::cli

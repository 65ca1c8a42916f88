#include "cli/stress.hpp"
#include "report/plural.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <regex>

#include "cli/exit_codes.hpp"
#include "cli/pipeline.hpp"
#include "dsl/interp/interpreter.hpp"
#include "report/progress.hpp"
#include "report/stress_plots.hpp"
#include "report/stress_report.hpp"
#include "report/trace_text.hpp"
#include "sim/stats.hpp"
#include "sim/stress.hpp"
#include "solver/engine/attack.hpp"
#include "solver/engine/runs.hpp"

namespace bulwark::cli {
namespace {

constexpr long kMaxSweepValues = 1000;

// A plain decimal or integer, possibly negative, exactly.
std::optional<Rational> exact(const std::string& text) {
  static const std::regex decimal(R"(-?[0-9]{1,30}(\.[0-9]{1,30})?)");
  if (!std::regex_match(text, decimal)) return std::nullopt;
  bool neg = text[0] == '-';
  Rational q = parse_literal(neg ? text.substr(1) : text).as_rational();
  return neg ? Rational(-q) : q;
}

struct Sweep {
  std::string name;
  std::vector<Rational> values;
  bool is_const = false;
  int param = -1;
};

// P=lo:hi:step over a param or a constant of the spec.
std::optional<Sweep> parse_sweep(const std::string& text, const Compiled& c, Diagnostics& diags) {
  static const std::regex shape(R"(([A-Za-z_][A-Za-z0-9_]*)=([^:]+):([^:]+):([^:]+))");
  std::smatch m;
  if (!std::regex_match(text, m, shape)) {
    diags.error("E0554", fmt::format("--sweep {}: expected P=LO:HI:STEP, e.g. --sweep MAT=1.1:2:0.1", text));
    return std::nullopt;
  }
  Sweep s;
  s.name = m[1];
  auto lo = exact(m[2]), hi = exact(m[3]), step = exact(m[4]);
  if (!lo || !hi || !step || *step <= 0 || *hi < *lo) {
    diags.error("E0554", fmt::format("--sweep {}: LO, HI and STEP must be decimals with LO <= HI and STEP > 0", text));
    return std::nullopt;
  }
  Rational count = (*hi - *lo) / *step;
  if (count >= kMaxSweepValues) {
    diags.error("E0554", fmt::format("--sweep {}: more than {} values", text, kMaxSweepValues));
    return std::nullopt;
  }
  for (Rational v = *lo; v <= *hi; v += *step) s.values.push_back(v);
  const auto& ts = *c.system;
  for (std::size_t i = 0; i < ts.params.size(); ++i)
    if (ts.params[i].name == s.name) s.param = static_cast<int>(i);
  if (s.param >= 0) {
    if (ts.params[static_cast<std::size_t>(s.param)].type.kind == ir::Type::Int)
      for (const auto& v : s.values)
        if (v != Rational(arith::floor(v))) {
          diags.error("E0554", fmt::format("--sweep {}: param `{}` is an int but {} is not", text, s.name, to_string(v)));
          return std::nullopt;
        }
    if (ts.params[static_cast<std::size_t>(s.param)].type.kind != ir::Type::Int &&
        ts.params[static_cast<std::size_t>(s.param)].type.kind != ir::Type::Real) {
      diags.error("E0554", fmt::format("--sweep {}: param `{}` is not a number", text, s.name));
      return std::nullopt;
    }
    return s;
  }
  std::vector<std::string> names;
  for (const auto& p : ts.params) names.push_back(p.name);
  for (const auto& d : c.parsed->decls)
    if (d.kind == ast::DeclKind::Const) {
      if (d.name == s.name) s.is_const = true;
      names.push_back(d.name);
    }
  if (!s.is_const) {
    auto& d = diags.error("E0554", fmt::format("--sweep {}: the spec has no param or constant `{}`", text, s.name));
    if (auto mm = did_you_mean(s.name, names)) d.notes.push_back({std::nullopt, fmt::format("did you mean `{}`?", *mm)});
    return std::nullopt;
  }
  return s;
}

int scenario_index(const ir::TransitionSystem& ts, const std::string& name, Diagnostics& diags) {
  std::vector<std::string> names;
  for (std::size_t i = 0; i < ts.scenarios.size(); ++i) {
    if (ts.scenarios[i].name == name) return static_cast<int>(i);
    names.push_back(ts.scenarios[i].name);
  }
  auto& d = diags.error("E0555", names.empty() ? fmt::format("--scenario {}: the spec declares no scenario", name)
                                               : fmt::format("--scenario {}: the spec has no scenario of that name "
                                                             "(its scenarios: {})", name, fmt::join(names, ", ")));
  if (auto m = did_you_mean(name, names)) d.notes.push_back({std::nullopt, fmt::format("did you mean `{}`?", *m)});
  return -1;
}

// DIR/<spec stem>.<scenario>.<what>.svg; false (E0508 reported) when it cannot be written.
bool write_plot(const StressArgs& a, const std::string& what, const std::string& svg) {
  std::error_code ec;
  std::filesystem::create_directories(a.plots, ec);
  auto path = std::filesystem::path(a.plots) /
              fmt::format("{}.{}.{}.svg", std::filesystem::path(a.spec).stem().string(), a.scenario, what);
  std::ofstream f(path);
  f << svg;
  if (!f) {
    Diagnostics d;
    input_error(d, a.color, "E0508", fmt::format("cannot write {}", path.string()));
    return false;
  }
  return true;
}

// The progress line's detail: runs done of the total, the rate and the time left.
std::string runs_detail(long done, long total, std::chrono::steady_clock::time_point t0) {
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  double rate = s > 0 ? static_cast<double>(done) / s : 0;
  double eta = rate > 0 ? static_cast<double>(total - done) / rate : 0;
  return fmt::format("run {}/{}  {:.0f} runs/s  ETA {:.0f} s", done, total, rate, eta);
}

}  // namespace

int run_stress(const StressArgs& a, const CheckOptions& options) {
  Diagnostics diags;
  if (a.runs < 1 || a.runs > 100'000'000 || a.steps < 0 || a.steps > 1'000'000 || a.jobs < 1 || a.jobs > 256)
    return input_error(diags, a.color, "E0554",
                       fmt::format("--runs must be 1..100000000, --steps 0..1000000 and --jobs 1..256; found {}, {} and {}",
                                   a.runs, a.steps, a.jobs));
  // --measure NAME=EXPR becomes a measure of the spec itself, so it is
  // checked (names, types) and located as any measure is.
  // It gets an internal name there, so NAME may be a var's (`--measure adl`
  // is `--measure adl=adl`), and takes NAME back after lowering.
  std::string extra;
  std::vector<std::pair<std::string, std::string>> renames;  // internal -> shown
  static const std::regex measure_shape(R"(\s*([A-Za-z_][A-Za-z0-9_]*)\s*(=(.+))?)");
  for (const auto& m : a.measures) {
    std::smatch mm;
    if (!std::regex_match(m, mm, measure_shape) || mm[3].str().find_first_of(";{}\n") != std::string::npos)
      return input_error(diags, a.color, "E0554",
                         fmt::format("--measure {}: expected NAME=EXPR (or a var's NAME) with one expression (no `;`, "
                                     "braces or newlines)", m));
    std::string internal = fmt::format("stress_measure_{}__", renames.size());
    extra += fmt::format("\nmeasure {}: {};", internal, mm[2].matched ? mm[3].str() : mm[1].str());
    renames.emplace_back(internal, mm[1].str());
  }
  auto rename = [&](ir::TransitionSystem& ts) {
    for (auto& m : ts.measures)
      for (const auto& [internal, shown] : renames)
        if (m.name == internal) m.name = shown;
  };
  Timings t;
  auto compiled = compile(a.spec, options, Until::Lower, diags, t, {}, extra);
  std::fputs(render_all(diags, a.color).c_str(), stderr);
  if (!compiled.system) return kInputError;
  rename(*compiled.system);
  diags = Diagnostics();
  int sc = scenario_index(*compiled.system, a.scenario, diags);
  if (sc < 0) {
    std::fputs(render_all(diags, a.color).c_str(), stderr);
    return kInputError;
  }
  const auto& ts0 = *compiled.system;

  sim::StressOptions o;
  o.scenario = sc;
  o.runs = a.runs;
  o.rounds = a.steps;
  o.jobs = a.jobs;
  o.seed = a.seed ? *a.seed : std::random_device{}();
  o.keep_levels = !a.plots.empty();
  for (const auto& p : a.params) {
    auto eq = p.find('=');
    std::string name = p.substr(0, eq);
    auto v = eq == std::string::npos ? std::nullopt : exact(p.substr(eq + 1));
    int idx = -1;
    for (std::size_t i = 0; i < ts0.params.size(); ++i)
      if (ts0.params[i].name == name) idx = static_cast<int>(i);
    if (idx < 0 || !v || (ts0.params[static_cast<std::size_t>(idx)].type.kind == ir::Type::Int && *v != Rational(arith::floor(*v))) ||
        (ts0.params[static_cast<std::size_t>(idx)].type.kind != ir::Type::Int && ts0.params[static_cast<std::size_t>(idx)].type.kind != ir::Type::Real))
      return input_error(diags, a.color, "E0554", fmt::format("--param {}: expected P=V with P a numeric param of the spec and V a number of its type", p));
    o.fixed_params[idx] = ts0.params[static_cast<std::size_t>(idx)].type.kind == ir::Type::Int
                              ? Value::integer(arith::floor(*v)) : Value::real(*v);
  }
  int worst_measure = -1;
  if (!a.worst.empty()) {
    for (std::size_t i = 0; i < ts0.measures.size(); ++i)
      if (ts0.measures[i].name == a.worst) worst_measure = static_cast<int>(i);
    if (worst_measure < 0) {
      std::vector<std::string> names;
      for (const auto& m : ts0.measures) names.push_back(m.name);
      return input_error(diags, a.color, "E0554",
                         fmt::format("--worst {}: no measure of that name (measures: {})", a.worst,
                                     names.empty() ? std::string("none") : fmt::format("{}", fmt::join(names, ", "))));
    }
  }
  if (a.prove && !a.sweep.empty())
    return input_error(diags, a.color, "E0554", "--prove works on one run of the figures, not with --sweep");
  if (!(a.timeout > 0) || a.timeout > 86400)
    return input_error(diags, a.color, "E0554", fmt::format("--timeout must be in (0, 86400], found {}", a.timeout));
  std::optional<Sweep> sweep;
  if (!a.sweep.empty()) {
    sweep = parse_sweep(a.sweep, compiled, diags);
    if (!sweep) {
      std::fputs(render_all(diags, a.color).c_str(), stderr);
      return kInputError;
    }
  }

  report::StressHeader h{a.spec, a.scenario, a.runs, a.steps, o.seed, a.jobs};
  bool tty = report::Progress::wanted(stderr, a.quiet);
  auto run_all = [&](const ir::TransitionSystem& ts, const sim::StressOptions& so, std::vector<sim::RunRecord>& out) -> int {
    auto t0 = std::chrono::steady_clock::now();
    sim::StressOptions with = so;
    // One line on the terminal as check and simulate draw it (report::Progress:
    // after a second, rewritten in place, erased when the runs are done).
    std::optional<report::Progress> progress;
    progress.emplace(stderr, tty, "stress " + a.spec);
    if (tty) with.progress = [&](long done) { progress->set_detail(runs_detail(done, so.runs, t0)); };
    try {
      out = sim::run_stress(ts, with);
    } catch (const sim::StressError& e) {
      progress.reset();
      Diagnostics d;
      if (e.span.end > e.span.begin) d.error("E0553", e.message, ts.file, e.span);
      else d.error("E0553", e.message);
      std::fputs(render_all(d, a.color).c_str(), stderr);
      return kInputError;
    }
    return kOk;
  };

  if (sweep) {
    std::vector<sim::Summary> rows;
    std::vector<std::string> labels;
    for (const auto& v : sweep->values) {
      sim::StressOptions so = o;
      CheckOptions co = options;
      std::optional<Compiled> again;
      const ir::TransitionSystem* ts = &ts0;
      if (sweep->is_const) {
        co.const_values[sweep->name] = v;
        Diagnostics d2;
        Timings t2;
        again = compile(a.spec, co, Until::Lower, d2, t2, {}, extra);
        std::fputs(render_all(d2, a.color).c_str(), stderr);
        if (!again->system) return kInputError;
        rename(*again->system);
        ts = &*again->system;
      } else {
        const auto& p = ts0.params[static_cast<std::size_t>(sweep->param)];
        so.fixed_params[sweep->param] = p.type.kind == ir::Type::Int ? Value::integer(arith::floor(v)) : Value::real(v);
      }
      std::vector<sim::RunRecord> recs;
      if (int code = run_all(*ts, so, recs)) return code;
      rows.push_back(sim::summarise(*ts, recs, a.steps));
      labels.push_back(to_string(v));
    }
    if (!a.plots.empty()) {
      std::vector<double> xs;
      for (const auto& v : sweep->values) xs.push_back(v.convert_to<double>());
      if (!write_plot(a, "sweep." + sweep->name,
                      report::sweep_svg(fmt::format("{} {}: share of runs broken per {}", a.spec, a.scenario, sweep->name),
                                        sweep->name, xs, rows)))
        return kInputError;
    }
    if (a.json) fmt::print("{}\n", report::sweep_json(h, sweep->name, labels, rows).dump(2));
    else fmt::print("{}", report::sweep_text(h, sweep->name, labels, rows));
    return kOk;
  }

  std::vector<sim::RunRecord> recs;
  if (int code = run_all(ts0, o, recs)) return code;
  sim::Summary s = sim::summarise(ts0, recs, a.steps);
  if (!a.plots.empty()) {
    const auto& sc0 = ts0.scenarios[static_cast<std::size_t>(o.scenario)];
    for (std::size_t d = 0; d < sc0.drives.size(); ++d) {
      const std::string& act = ts0.actions[static_cast<std::size_t>(sc0.drives[d].action)].name;
      if (!write_plot(a, "fan." + act,
                      report::fan_svg(fmt::format("{} {}: {} per round", a.spec, a.scenario, act),
                                      sim::fan(recs, d, sc0.drives.size(), a.steps))))
        return kInputError;
    }
    for (std::size_t m = 0; m < ts0.measures.size(); ++m)
      if (!write_plot(a, "hist." + ts0.measures[m].name,
                      report::histogram_svg(fmt::format("{} {}: {} over {}", a.spec, a.scenario,
                                                        ts0.measures[m].name, report::counted(recs.size(), "run")),
                                            sim::histogram(recs, m))))
        return kInputError;
  }

  // The worst run: the largest value of --worst, else the first violating run.
  nlohmann::json worst_json;
  std::string worst_text;
  long worst_run = 0;
  bool by_violation = worst_measure < 0;
  if (!by_violation) worst_run = s.measures[static_cast<std::size_t>(worst_measure)].worst_run;
  else worst_run = s.first_violating_run;
  std::optional<interp::Trace> worst_trace;
  if (worst_run > 0) {
    sim::Runner runner(ts0, o);
    interp::Trace& trace = worst_trace.emplace();
    runner.run(worst_run, &trace, by_violation);
    if (!by_violation) {
      trace.property = -1;
      trace.step_property = false;
    }
    if (auto why = interp::replay(ts0, trace)) {
      fmt::print(stderr, "internal error: the interpreter does not confirm the worst run {}: {}\n", worst_run, *why);
      return kInternalError;
    }
    std::string what = by_violation ? fmt::format("the first violating run, breaking {}", report::broken_property(ts0, trace).name)
                                    : fmt::format("the largest {} ({})", a.worst,
                                                  report::num(s.measures[static_cast<std::size_t>(worst_measure)].max));
    worst_text = fmt::format("\nworst run: run {} of seed {}, {}; {}, replayed by the interpreter\n", worst_run,
                             o.seed, what, report::counted(trace.steps.size(), "step"));
    worst_json = {{"run", worst_run}, {"steps", trace.steps.size()}, {"why", what}};
    if (!a.trace_dir.empty()) {
      std::error_code ec;
      std::filesystem::create_directories(a.trace_dir, ec);
      auto path = std::filesystem::path(a.trace_dir) /
                  fmt::format("{}.{}.worst.itf.json", std::filesystem::path(a.spec).stem().string(), a.scenario);
      std::ofstream f(path);
      f << report::trace_itf(ts0, trace).dump(2) << "\n";
      if (!f) return input_error(diags, a.color, "E0508", fmt::format("cannot write {}", path.string()));
      worst_text += fmt::format("  trace: {}\n", path.string());
      worst_json["trace"] = path.string();
    }
  }
  // --prove: the solver's maximum of the measure over runs of the worst
  // run's length, first with its action sequence (which must reach at least
  // the sampled value: the sampled run is one of those runs), then over all.
  std::optional<solver::AttackResult> seeded, full;
  if (a.prove && worst_measure >= 0 && worst_trace) {
    const auto& m = s.measures[static_cast<std::size_t>(worst_measure)];
    solver::AttackOptions ao;
    ao.depth = ao.from_depth = static_cast<int>(worst_trace->steps.size());
    ao.measure = worst_measure;
    ao.maximize = true;
    ao.timeout_s = a.timeout;
    ao.total_timeout_s = 4 * a.timeout;
    std::optional<report::Progress> progress;
    progress.emplace(stderr, tty, "stress --prove " + a.spec);
    ao.progress = &*progress;
    for (const auto& st : worst_trace->steps) ao.actions.push_back(st.action);
    seeded = solver::run_attack(ts0, ao);
    ao.actions.clear();
    full = solver::run_attack(ts0, ao);
    for (const auto* r : {&*seeded, &*full}) {
      if (r->internal_error) {
        fmt::print(stderr, "internal error: {}\n", *r->internal_error);
        return kInternalError;
      }
      const auto& d = r->depths.front();
      // A proved bound below a value the interpreter computed on a real run is a bug.
      if (d.bound && (d.kind == solver::DepthOptimum::Exact || d.kind == solver::DepthOptimum::Gap) &&
          d.bound->as_rational().convert_to<double>() < m.max - 1e-9 * std::max(1.0, std::abs(m.max))) {
        fmt::print(stderr, "internal error: the proved maximum {} of {} is below the sampled run's {}\n",
                   to_string(d.bound->as_rational()), m.name, m.max);
        return kInternalError;
      }
    }
  }
  // --prove without --worst: the first violation, confirmed by a bounded
  // check seeded with its action sequence (its arguments left free).
  std::string confirm_text;
  nlohmann::json confirm_json;
  if (a.prove && worst_measure < 0 && worst_trace) {
    const auto& t = *worst_trace;
    bool reverted = !t.steps.empty() && t.steps.back().reverted;
    std::vector<int> acts;
    for (const auto& st : t.steps) acts.push_back(st.action);
    std::string name = report::broken_property(ts0, t).name;
    std::string verdict;
    if (reverted) {
      verdict = "not checked (the violation is in a reverted attempt; `bulwark bmc` finds such runs)";
    } else {
      auto ans = solver::Answer::Unknown;
      std::string stopped;
      try {
        ans = solver::seeded_violation(ts0, acts, t.step_property, t.property, a.timeout);
      } catch (const solver::SolverCanceled& e) {
        stopped = e.what();  // a context left cancelled by an interrupt: no answer (docs/engines.md)
      }
      if (ans == solver::Answer::Unsat) {
        fmt::print(stderr, "internal error: the solver finds no run with the {} actions of the sampled run that breaks {}, "
                   "which the interpreter replayed\n", acts.size(), name);
        return kInternalError;
      }
      verdict = ans == solver::Answer::Sat ? "confirmed"
                : stopped.empty()            ? "unknown (the solver gave up)"
                                             : "unknown (stopped: " + stopped + ")";
    }
    confirm_text = fmt::format("\nprover: a run with the worst run's {} actions (arguments, params and initial state free) "
                               "that breaks {}: {}\n", acts.size(), name, verdict);
    confirm_json = {{"property", name}, {"steps", acts.size()}, {"seeded_bmc", verdict}};
  }
  std::optional<report::ProverHandoff> handoff;
  if (seeded && full) {
    const auto& m = s.measures[static_cast<std::size_t>(worst_measure)];
    handoff = report::ProverHandoff{m.name, static_cast<long>(worst_trace->steps.size()), m.max, m.var99,
                                    &seeded->depths.front(), &full->depths.front()};
  }
  if (a.json) {
    auto j = report::stress_json(h, s);
    if (!worst_json.is_null()) j["worst"] = worst_json;
    if (handoff) j["prover"] = report::prover_json(*handoff);
    if (!confirm_json.is_null()) j["prover"] = confirm_json;
    fmt::print("{}\n", j.dump(2));
  } else {
    fmt::print("{}{}{}{}", report::stress_text(h, s), worst_text, handoff ? report::prover_text(*handoff) : "", confirm_text);
  }
  return kOk;
}

}  // namespace bulwark::cli

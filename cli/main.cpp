// bulwark: the command line. Thin: parse options, run the phases, hand the
// results to report/, map verdicts to exit codes (DESIGN.md).
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <regex>
#include <sstream>
#include <thread>

#include "cli/attack.hpp"
#include "cli/merge.hpp"
#include "cli/stress.hpp"
#include "cli/mutate.hpp"
#include "cli/report.hpp"
#include "cli/tune.hpp"
#include "cli/pipeline.hpp"
#include "cli/spec_run.hpp"
#include "dsl/interp/simulate.hpp"
#include "dsl/syntax/format.hpp"
#include "report/ci.hpp"
#include "report/progress.hpp"
#include "report/trace_text.hpp"
#include "solver/engine/engine.hpp"
#include "solver/smt/leak_suppressions.hpp"
#include "solver/smt/proof_cache.hpp"
#include "solver/smt/smt2_export.hpp"

namespace bulwark::cli {

// An exception that escaped a command (or a --jobs child): exit 4.
void report_internal_error(const std::exception& e) {
  std::fprintf(stderr, "internal error: %s\nplease report this with the spec that caused it\n", e.what());
}

namespace {


struct Common {
  bool no_color = false;
  std::vector<std::string> sizes;
  std::string format = "text";
  bool stats = false;
  bool quiet = false;  // no progress line on the terminal
};

// --format junit|sarif: the verdicts go out as data (report/ci.hpp), rendered once for the whole run.
bool ci_format(const Common& c) { return c.format == "junit" || c.format == "sarif"; }

// NO_COLOR (no-color.org): any non-empty value turns colour off.
bool color_for(FILE* f, const Common& c) {
  const char* env = std::getenv("NO_COLOR");
  return !c.no_color && isatty(fileno(f)) && !(env && *env);
}

int report_diags(const Diagnostics& d, const Common& c) {
  std::fputs(render_all(d, color_for(stderr, c)).c_str(), stderr);
  return d.has_errors() ? kInputError : kOk;
}

// --size S=N
std::optional<CheckOptions> check_options(const Common& c, Diagnostics& diags) {
  CheckOptions o;
  static const std::regex pattern(R"(([A-Za-z_][A-Za-z0-9_]*)=(-?[0-9]+))");
  for (const auto& s : c.sizes) {
    std::smatch m;
    if (!std::regex_match(s, m, pattern) || m[2].length() > 9) {
      diags.error("E0503", fmt::format("--size {}: expected SORT=N with N a whole number, e.g. --size Account=4", s));
      continue;
    }
    o.sizes[m[1]] = std::stoi(m[2]);
  }
  if (diags.has_errors()) return std::nullopt;
  return o;
}

// --param P=V, typed by the param's declaration.
std::optional<Value> param_value(const ir::TransitionSystem& ts, const ir::Param& p, const std::string& text) {
  static const std::regex integer(R"(-?[0-9]+)"), decimal(R"(-?[0-9]+(\.[0-9]+)?)"), ratio(R"((-?[0-9]+)/([0-9]+))");
  std::smatch m;
  switch (p.type.kind) {
    case ir::Type::Bool:
      if (text == "true" || text == "false") return Value::boolean(text == "true");
      return std::nullopt;
    case ir::Type::Int:
      if (std::regex_match(text, integer)) return Value::integer(parse_integer(text));
      return std::nullopt;
    case ir::Type::Real:
      if (std::regex_match(text, m, ratio) && parse_integer(m[2].str()) != 0)
        return Value::real(Rational(parse_integer(m[1].str()), parse_integer(m[2].str())));
      if (std::regex_match(text, decimal)) {
        bool neg = text[0] == '-';
        Value v = parse_literal(neg ? text.substr(1) : text);
        Rational q = v.as_rational();
        return Value::real(neg ? Rational(-q) : q);
      }
      return std::nullopt;
    case ir::Type::Enum: {
      const auto& elems = ts.sorts[static_cast<std::size_t>(p.type.sort)].elems;
      for (std::size_t i = 0; i < elems.size(); ++i)
        if (elems[i] == text) return Value::element(static_cast<int>(i));
      return std::nullopt;
    }
  }
  return std::nullopt;
}

void print_stats(const Common& c, const std::string& spec, const Timings& t, long steps,
                 const nlohmann::json& extra = nlohmann::json::object()) {
  if (!c.stats) return;
  struct rusage ru {}, children {};
  getrusage(RUSAGE_SELF, &ru);
  getrusage(RUSAGE_CHILDREN, &children);  // solver processes (cvc5, isolated Z3 queries)
  nlohmann::json j = {{"spec", spec},         {"parse_s", t.parse_s}, {"check_s", t.check_s},
                      {"lower_s", t.lower_s}, {"run_s", t.run_s},     {"steps", steps},
                      {"peak_rss_kb", ru.ru_maxrss}, {"peak_solver_process_rss_kb", children.ru_maxrss}};
  j.update(extra);
  fmt::print(stderr, "{}\n", j.dump());
}

std::string file_stem_for(const std::string& name) {
  std::string s;
  for (char ch : name) s += std::isalnum(static_cast<unsigned char>(ch)) || ch == '_' || ch == '-' ? ch : '_';
  return s;
}

// --trace-dir: DIR/<spec stem>.<property>.itf.json; reports E0508 when it cannot be written.
// An attack trace as DIR/<spec stem>.<property>.itf.json; a counterexample to
// induction (not from init) as DIR/<spec stem>.<property>.cti.itf.json.
std::optional<std::string> write_trace(const std::string& dir, const std::string& spec,
                                       const ir::TransitionSystem& ts, const interp::Trace& trace) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  auto path = std::filesystem::path(dir) / fmt::format("{}.{}{}.itf.json", std::filesystem::path(spec).stem().string(),
                                                       file_stem_for(report::broken_property(ts, trace).name),
                                                       trace.from_init ? "" : ".cti");
  std::ofstream out(path);
  out << report::trace_itf(ts, trace).dump(2) << "\n";
  if (!out) {
    fmt::print(stderr, "error[E0508]: cannot write {}\n", path.string());
    return std::nullopt;
  }
  return path.string();
}

// ---- simulate ---------------------------------------------------------------
struct SimulateArgs {
  std::string spec;
  long runs = 1000, steps = 20;
  std::uint64_t seed = 1;
  std::vector<std::string> params;
  std::string trace_dir;
};

int run_simulate(const SimulateArgs& a, const Common& c) {
  Diagnostics diags;
  auto opts = check_options(c, diags);
  if (!opts) return report_diags(diags, c);
  if (a.runs < 1 || a.runs > 100'000'000 || a.steps < 0 || a.steps > 1'000'000) {
    diags.error("E0507", fmt::format("--runs must be 1..100000000 and --steps 0..1000000, found {} and {}", a.runs, a.steps));
    return report_diags(diags, c);
  }
  Timings t;
  auto compiled = compile(a.spec, *opts, Until::Lower, diags, t);
  report_diags(diags, c);
  if (!compiled.system) return kInputError;
  const auto& ts = *compiled.system;

  interp::SimOptions so;
  so.runs = a.runs;
  so.steps = a.steps;
  so.seed = a.seed;
  Diagnostics pdiags;
  for (const auto& p : a.params) {
    auto eq = p.find('=');
    std::string name = p.substr(0, eq), text = eq == std::string::npos ? "" : p.substr(eq + 1);
    auto it = std::find_if(ts.params.begin(), ts.params.end(), [&](const ir::Param& x) { return x.name == name; });
    if (eq == std::string::npos || it == ts.params.end()) {
      std::vector<std::string> names;
      for (const auto& x : ts.params) names.push_back(x.name);
      auto& d = pdiags.error("E0505", eq == std::string::npos
                                          ? fmt::format("--param {}: expected NAME=VALUE", p)
                                          : fmt::format("--param {}: the spec has no param named `{}`", p, name));
      if (auto m = did_you_mean(name, names)) d.notes.push_back({std::nullopt, fmt::format("did you mean `{}`?", *m)});
      continue;
    }
    auto v = param_value(ts, *it, text);
    if (!v) {
      pdiags.error("E0506", fmt::format("--param {}: `{}` is not a value of type {}", p, text,
                                        it->type.kind == ir::Type::Enum ? ts.sorts[static_cast<std::size_t>(it->type.sort)].name
                                        : it->type.kind == ir::Type::Bool ? "bool"
                                        : it->type.kind == ir::Type::Int  ? (it->nat ? "nat" : "int")
                                                                          : "real"));
      continue;
    }
    if (it->nat && v->i < 0) {
      pdiags.error("E0506", fmt::format("--param {}: `{}` is a nat and cannot be negative", p, name));
      continue;
    }
    so.fixed_params[static_cast<int>(it - ts.params.begin())] = *v;
  }
  if (pdiags.has_errors()) return report_diags(pdiags, c);

  std::optional<report::Progress> progress;
  progress.emplace(stderr, report::Progress::wanted(stderr, c.quiet), "simulate " + a.spec);
  if (progress->enabled()) so.progress = [&](long r) { progress->set_detail(fmt::format("run {}/{}", r, a.runs)); };
  auto t0 = std::chrono::steady_clock::now();
  auto res = interp::simulate(ts, so);
  t.run_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  progress.reset();  // the line is erased before anything else is printed

  // Every trace is replayed from its initial state before it is shown.
  for (const auto& v : res.violations) {
    if (auto why = interp::replay(ts, v.trace)) {
      fmt::print(stderr, "internal error: the interpreter does not confirm the trace for `{}`: {}\n{}",
                 report::broken_property(ts, v.trace).name, *why, report::trace_text(ts, v.trace));
      return kInternalError;
    }
  }
  int code = res.no_start ? kInconclusive : res.violations.empty() ? kOk : kViolated;

  std::vector<std::string> trace_files;
  if (!a.trace_dir.empty()) {
    for (const auto& v : res.violations) {
      auto path = write_trace(a.trace_dir, a.spec, ts, v.trace);
      if (!path) return kInputError;
      trace_files.push_back(*path);
    }
  }

  if (c.format == "json") {
    nlohmann::json j;
    j["spec"] = a.spec;
    j["exit_code"] = code;
    j["runs"] = res.runs_done;
    j["steps_per_run"] = a.steps;
    j["seed"] = a.seed;
    j["steps_taken"] = res.steps_done;
    if (res.no_start) j["reason"] = *res.no_start;
    j["violations"] = nlohmann::json::array();
    for (std::size_t i = 0; i < res.violations.size(); ++i) {
      const auto& v = res.violations[i];
      const auto& p = report::broken_property(ts, v.trace);
      auto lc = ts.file->line_col(p.span.begin);
      nlohmann::json o = {{"name", p.name}, {"kind", ir::to_string(p.kind)}, {"status", "violated"},
                          {"steps", v.trace.steps.size()}, {"run", v.run},
                          {"location", {{"file", ts.file->name()}, {"line", lc.line}, {"col", lc.col}}}};
      if (!trace_files.empty()) o["trace"] = trace_files[i];
      else o["itf"] = report::trace_itf(ts, v.trace);
      j["violations"].push_back(o);
    }
    fmt::print("{}\n", j.dump(2));
  } else if (res.no_start) {
    fmt::print("{}: {}; nothing was simulated\n", a.spec, *res.no_start);
  } else if (res.violations.empty()) {
    fmt::print("{}: no violation found in {} runs of up to {} steps (seed {}); this is not a proof\n", a.spec,
               res.runs_done, a.steps, a.seed);
  } else {
    for (std::size_t i = 0; i < res.violations.size(); ++i) {
      const auto& v = res.violations[i];
      const auto& p = report::broken_property(ts, v.trace);
      fmt::print("violated: {} ({}, {})\n  found by simulation in run {} (seed {}), {} step{}, replayed by the "
                 "interpreter\n{}",
                 p.name, ir::to_string(p.kind), report::location(ts, p.span), v.run, a.seed, v.trace.steps.size(),
                 v.trace.steps.size() == 1 ? "" : "s", report::trace_text(ts, v.trace));
      if (i < trace_files.size()) fmt::print("  trace: {}\n", trace_files[i]);
      fmt::print("\n");
    }
    fmt::print("{} propert{} violated in {} runs (seed {})\n", res.violations.size(),
               res.violations.size() == 1 ? "y" : "ies", res.runs_done, a.seed);
  }
  print_stats(c, a.spec, t, res.steps_done);
  return code;
}

// ---- check / prove / bmc ---------------------------------------------------------
// Text output: one line per property, then each attack trace, then each
// counterexample to induction (labelled as such: never an attack), then (with
// --print-invariants) each CHC invariant. Each verdict renders its own pieces,
// so the parts of a spec checked by several processes (--jobs) print as one.
struct VerdictText {
  std::string line, trace, cti, invariant;
};

VerdictText render_verdict(const ir::TransitionSystem& ts, const solver::Verdict& v, const std::string& file,
                           const std::string& cti_file, bool bmc, bool print_invariants) {
  using solver::Status;
  auto plural = [](std::size_t n) { return n == 1 ? "" : "s"; };
  VerdictText out;
  std::string how;
  switch (v.status) {
    case Status::Proved: how = v.method; break;
    case Status::Violated: how = fmt::format("attack trace of {} step{}", v.trace->steps.size(), plural(v.trace->steps.size())); break;
    case Status::HoldsToDepth: how = fmt::format("no violation up to depth {}", v.depth); break;
    case Status::NotInductive:
      // Under `prove` the search runs only as k-induction's base case, if at all.
      how = bmc || v.depth > 0 ? fmt::format("not inductive; no violation up to depth {}", v.depth)
                               : std::string("not inductive (bounded search not run)");
      if (!v.reason.empty()) how += "; " + v.reason;
      break;
    case Status::Unknown: how = v.reason; break;
  }
  out.line = fmt::format("  {:<15} {:<40} {}  ({:.2f} s)\n", solver::to_string(v.status), v.name, how, v.time_s);
  if (v.trace) {
    out.trace = fmt::format("\nviolated: {} ({}, {})\n  found by bounded model checking, {} step{}, replayed by the interpreter\n{}",
                            v.name, ir::to_string(v.kind), report::location(ts, v.span), v.trace->steps.size(),
                            plural(v.trace->steps.size()), report::trace_text(ts, *v.trace));
    if (!file.empty()) out.trace += fmt::format("  trace: {}\n", file);
  }
  if (v.status == Status::NotInductive && v.cti)
    out.cti = fmt::format("\nnot inductive: {} ({}, {})\n  counterexample to induction, NOT an attack: the step below breaks the "
                          "property from a state\n  that satisfies the invariants assumed, but that state may be unreachable "
                          "(bounded search\n  {}). A lemma that rules that state out would make the proof go through.\n{}",
                          v.name, ir::to_string(v.kind), report::location(ts, v.span),
                          bmc || v.depth > 0 ? fmt::format("found no attack within {} steps", v.depth) : std::string("not run"),
                          report::trace_text(ts, *v.cti));
  if (!out.cti.empty() && !cti_file.empty()) out.cti += fmt::format("  counterexample: {}\n", cti_file);
  if (print_invariants && !v.invariant.empty())
    out.invariant = fmt::format("\ninvariant behind the CHC proof of {} (re-checked by induction; paste it as a lemma):\n"
                                "  invariant chc_{}: {};\n", v.name, v.name, v.invariant);
  return out;
}

void print_verdicts(const std::string& spec, const std::vector<VerdictText>& texts) {
  fmt::print("{}\n", spec);
  for (const auto& t : texts) fmt::print("{}", t.line);
  for (const auto& t : texts) fmt::print("{}", t.invariant);
  for (const auto& t : texts) fmt::print("{}", t.trace);
  for (const auto& t : texts) fmt::print("{}", t.cti);
}

struct CheckArgs {
  std::vector<std::string> specs;
  int depth = 10;
  double timeout = 30;
  double total_timeout = 0;
  std::string engine = "auto";
  bool print_invariants = false;
  std::string solver = "portfolio";
  bool cross_check = false;
  bool no_cache = false;
  int jobs = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  bool jobs_given = false;  // split specs into parts only when asked (see check_all)
  std::string shard;
  std::string property;
  std::string trace_dir;
  bool bounded_ok = false;
  bool nat_underflow = false;
  std::string fail_on = "inconclusive";  // what makes the exit code non-zero (besides errors)
};

std::vector<std::string> expand_specs(const std::vector<std::string>& args) {
  std::vector<std::string> out;
  for (const auto& a : args) {
    std::error_code ec;
    if (std::filesystem::is_directory(a, ec)) {
      std::vector<std::string> found;
      for (const auto& e : std::filesystem::recursive_directory_iterator(a, ec))
        if (e.path().extension() == ".bwk") found.push_back(e.path().string());
      std::sort(found.begin(), found.end());
      out.insert(out.end(), found.begin(), found.end());
    } else {
      out.push_back(a);
    }
  }
  return out;
}

// Which share of the properties a run checks: `--shard i/n` takes those whose
// hash (of the spec path and the property name) is i-1 modulo n.
struct Shard {
  unsigned index = 0, count = 1;
  bool takes(const std::string& spec, const std::string& property) const {
    std::uint64_t h = 1469598103934665603ull;  // FNV-1a: the same on every machine
    for (char ch : spec + '\n' + property) h = (h ^ static_cast<unsigned char>(ch)) * 1099511628211ull;
    return h % count == index;
  }
};

// Which part of one spec's properties a process checks when --jobs exceeds
// the number of specs: every count-th property in report order, from index.
struct Part {
  unsigned index = 0, count = 1;
};

struct SpecResult {
  int code = kOk;
  nlohmann::json json;  // null when the spec produced no entry
};

// One spec: compile, run the engines, print (text) or return (json) the verdicts.
// `slot`: in a --jobs child, where it reports its progress to the parent (shared memory).
SpecResult check_spec(const std::string& spec, const CheckArgs& a, const Common& c, const CheckOptions& opts,
                      const Shard& shard, bool prove, bool bmc, Part part = {}, char* slot = nullptr) {
  Diagnostics d;
  Timings t;
  auto compiled = compile(spec, opts, Until::Lower, d, t, {a.nat_underflow});
  report_diags(d, c);
  if (!compiled.system) {
    nlohmann::json entry = {{"spec", spec}, {"exit_code", kInputError}, {"properties", nlohmann::json::array()}};
    if (ci_format(c))
      for (const auto& diag : d.all()) entry["problems"].push_back(report::ci_problem(diag));
    return {kInputError, entry};
  }
  const auto& ts = *compiled.system;
  // check's engines as report and mutate run them (cli/spec_run), plus what
  // only check chooses: which engines, which solver.
  auto eo = engine_options({a.depth, a.timeout, a.total_timeout, a.no_cache, a.engine},
                           [&](const std::string& extra, Diagnostics& rd) {
                             Timings rt;
                             return compile(spec, opts, Until::Lower, rd, rt, {a.nat_underflow}, extra);
                           });
  eo.prove = prove;
  eo.bmc = bmc;
  eo.solver.which = a.solver == "z3" ? solver::SolverOptions::Z3
                    : a.solver == "cvc5" ? solver::SolverOptions::Cvc5
                                         : solver::SolverOptions::Portfolio;
  eo.solver.cross_check = a.cross_check;
  std::vector<std::string> names;  // every property, in report order
  for (const auto& p : ts.invariants) names.push_back(p.name);
  for (const auto& p : ts.steps) names.push_back(p.name);
  if (!a.property.empty()) {
    if (std::find(names.begin(), names.end(), a.property) == names.end()) {
      Diagnostics pd;
      auto& e = pd.error("E0509", fmt::format("{}: there is no property named `{}`", spec, a.property));
      if (auto m = did_you_mean(a.property, names)) e.notes.push_back({std::nullopt, fmt::format("did you mean `{}`?", *m)});
      report_diags(pd, c);
      return {kInputError, nullptr};
    }
    eo.only = std::set<std::string>{a.property};
  }
  if (shard.count > 1 || part.count > 1) {
    std::set<std::string> mine;
    for (std::size_t i = 0; i < names.size(); ++i)
      if (shard.takes(spec, names[i]) && i % part.count == part.index && (!eo.only || eo.only->count(names[i])))
        mine.insert(names[i]);
    eo.only = mine;
    // A part with no property left (more jobs than properties) has nothing to report.
    if (part.count > 1 && part.index > 0 && mine.empty())
      return {kOk, {{"spec", spec}, {"exit_code", kOk}, {"properties", nlohmann::json::array()}, {"warnings", nlohmann::json::array()}}};
  }
  auto t0 = std::chrono::steady_clock::now();
  solver::EngineResult res;
  {
    report::Progress progress(stderr, !slot && report::Progress::wanted(stderr, c.quiet),
                              fmt::format("{} {}", prove && bmc ? "check" : prove ? "prove" : "bmc", spec));
    report::SlotProgress to_parent(slot, std::filesystem::path(spec).filename().string());
    eo.progress = slot ? static_cast<solver::ProgressSink*>(&to_parent) : &progress;
    res = solver::run_engines(ts, eo);
    eo.progress = nullptr;
  }  // the line is erased before anything else is printed
  t.run_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  nlohmann::json warnings = nlohmann::json::array();
  for (const auto& w : res.warnings) {
    std::string where = w.span.end > w.span.begin ? report::location(ts, w.span) : spec;
    fmt::print(stderr, "{}: warning[{}]: {}\n", where, w.code, w.message);
    warnings.push_back({{"code", w.code}, {"location", where}, {"message", w.message}});
  }
  if (res.input_error) {
    fmt::print(stderr, "{}: error[E0403]: {}\n", spec, *res.input_error);
    if (!ci_format(c)) return {kInputError, nullptr};
    return {kInputError, {{"spec", spec}, {"exit_code", kInputError}, {"properties", nlohmann::json::array()},
                          {"problems", {report::ci_problem("E0403", "error", *res.input_error, nullptr, std::nullopt)}}}};
  }
  if (res.internal_error) {
    fmt::print(stderr, "internal error: {}\n", *res.internal_error);
    for (const auto& v : res.verdicts)
      if (v.trace) fmt::print(stderr, "{}", report::trace_text(ts, *v.trace));
    return {kInternalError, nullptr};
  }
  int code = solver::exit_code(res.verdicts, a.bounded_ok);
  std::vector<std::string> files(res.verdicts.size()), cti_files(res.verdicts.size());
  if (!a.trace_dir.empty()) {
    for (std::size_t i = 0; i < res.verdicts.size(); ++i) {
      const auto& v = res.verdicts[i];
      for (auto [trace, into] : {std::pair{&v.trace, &files[i]}, std::pair{&v.cti, &cti_files[i]}}) {
        if (!*trace || (trace == &v.cti && v.status != solver::Status::NotInductive)) continue;
        auto path = write_trace(a.trace_dir, spec, ts, **trace);
        if (!path) return {kInputError, nullptr};
        *into = *path;
      }
    }
  }
  nlohmann::json out;
  std::vector<VerdictText> texts;
  for (std::size_t i = 0; i < res.verdicts.size(); ++i)
    texts.push_back(render_verdict(ts, res.verdicts[i], files[i], cti_files[i], bmc, a.print_invariants));
  if (c.format != "text" || part.count > 1) {
    nlohmann::json props = nlohmann::json::array();
    for (std::size_t i = 0; i < res.verdicts.size(); ++i) {
      const auto& v = res.verdicts[i];
      auto lc = ts.file->line_col(v.span.begin);
      // `index`: the property's place among all of the spec's, whatever was selected (merge orders by it).
      std::size_t index = v.step ? ts.invariants.size() + static_cast<std::size_t>(v.index) : static_cast<std::size_t>(v.index);
      nlohmann::json o = {{"name", v.name}, {"index", index}, {"kind", ir::to_string(v.kind)},
                          {"status", solver::to_string(v.status)}, {"method", v.method},
                          {"steps", v.trace ? nlohmann::json(v.trace->steps.size()) : nlohmann::json(nullptr)},
                          {"depth", v.depth}, {"reason", v.reason}, {"lemmas", v.lemmas}, {"time_s", v.time_s},
                          {"invariant", v.invariant.empty() ? nlohmann::json(nullptr) : nlohmann::json(v.invariant)},
                          {"location", {{"file", ts.file->name()}, {"line", lc.line}, {"col", lc.col}}},
                          {"trace", files[i].empty() ? nlohmann::json(nullptr) : nlohmann::json(files[i])},
                          {"cti", cti_files[i].empty() ? nlohmann::json(nullptr) : nlohmann::json(cti_files[i])}};
      // A part's text goes back to the parent that prints the spec (check_all).
      if (part.count > 1) o["text"] = {texts[i].line, texts[i].trace, texts[i].cti, texts[i].invariant};
      if (ci_format(c)) o["ci"] = report::ci_property(ts, v);
      props.push_back(o);
    }
    out = {{"spec", spec}, {"exit_code", code}, {"properties", props}, {"warnings", warnings}};
    if (ci_format(c)) {
      out["problems"] = nlohmann::json::array();
      for (const auto& w : res.warnings)
        out["problems"].push_back(report::ci_problem(w.code, "warning", w.message, ts.file,
                                                     w.span.end > w.span.begin ? std::optional<Span>(w.span) : std::nullopt));
    }
  } else {
    print_verdicts(spec, texts);
  }
  nlohmann::json stats = {{"encode_s", res.stats.encode_s}, {"solve_s", res.stats.solve_s}, {"replay_s", res.replay_s},
                          {"queries", res.stats.queries}, {"decided_by", res.stats.decided_by},
                          {"cache_hits", res.stats.cache_hits}, {"cache_misses", res.stats.cache_misses},
                          {"properties", res.verdicts.size()}};
  if (part.count > 1) stats["part"] = fmt::format("{}/{}", part.index + 1, part.count);  // one line per part
  print_stats(c, spec, t, 0, stats);
  return {code, out};
}

// Runs check_spec for every spec, up to `jobs` processes at once, and prints
// their output in spec order: the output does not depend on --jobs. With more
// jobs than specs, each spec's properties are split into parts checked at
// once (every part still runs the spec's induction over all its invariants,
// as a --shard does), and the parts' results are merged as `bulwark merge`
// does. (Children, not threads: a run is one process with its own solvers,
// and a crash in one cannot take the others down.)
std::vector<SpecResult> check_all(const std::vector<std::string>& specs, const CheckArgs& a, const Common& c,
                                  const CheckOptions& opts, const Shard& shard, bool prove, bool bmc) {
  std::vector<SpecResult> out(specs.size());
  std::size_t jobs = static_cast<std::size_t>(a.jobs);
  // Parts only on an explicit --jobs: a part's incremental search meets other
  // queries than the whole spec's, and Z3 4.8.12 can ignore the deadline on a
  // nonlinear one in-process (measured: a part of euler_vulnerable ran for
  // minutes where the whole spec takes 0.5 s), so the default stays per spec.
  unsigned parts = static_cast<unsigned>(!a.jobs_given || specs.size() >= jobs ? 1 : (jobs + specs.size() - 1) / specs.size());
  if (jobs <= 1 || (specs.size() <= 1 && parts <= 1)) {
    for (std::size_t i = 0; i < specs.size(); ++i) {
      out[i] = check_spec(specs[i], a, c, opts, shard, prove, bmc);
      if (out[i].code == kInternalError) break;
    }
    return out;
  }
  struct Unit {
    std::size_t spec;
    Part part;
    pid_t pid = -1;
    std::FILE *out = nullptr, *err = nullptr, *json = nullptr;
    bool done = false;
    int code = kInternalError;
  };
  std::vector<Unit> units;
  for (std::size_t i = 0; i < specs.size(); ++i)
    for (unsigned p = 0; p < parts; ++p) units.push_back({i, {p, parts}});
  std::size_t next = 0, printed = 0;  // printed: specs
  std::size_t running = 0;
  // The parent's progress line: specs done, the ones being checked (the
  // children's stderr is a file: they show none).
  std::optional<report::Progress> progress;
  progress.emplace(stderr, report::Progress::wanted(stderr, c.quiet), prove && bmc ? "check" : prove ? "prove" : "bmc");
  // One line per unit in shared memory: each child writes what it is doing.
  char* slots = nullptr;
  std::size_t slots_size = units.size() * report::SlotProgress::kSize;
  if (progress->enabled()) {
    void* m = mmap(nullptr, slots_size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (m != MAP_FAILED) slots = static_cast<char*>(m);
  }
  auto show = [&] { progress->set_detail(fmt::format("{}/{} specs done", printed, specs.size())); };
  if (slots)
    progress->set_source([&units, slots] {
      std::string busy;
      for (std::size_t k = 0; k < units.size(); ++k)
        if (units[k].pid > 0 && !units[k].done)
          busy += " | " + report::SlotProgress::read(slots + k * report::SlotProgress::kSize);
      return busy;
    });
  auto start = [&](Unit& u) {
    u.out = std::tmpfile(), u.err = std::tmpfile(), u.json = std::tmpfile();
    // Not while the progress line is being written: the child would inherit stderr's lock held.
    auto hold = progress->hold();
    std::fflush(nullptr);
    u.pid = fork();
    if (u.pid == 0) {
      dup2(fileno(u.out), 1), dup2(fileno(u.err), 2);
      int code = kInternalError;
      try {  // the child never unwinds into the parent's loop
        char* slot = slots ? slots + static_cast<std::size_t>(&u - units.data()) * report::SlotProgress::kSize : nullptr;
        SpecResult r = check_spec(specs[u.spec], a, c, opts, shard, prove, bmc, u.part, slot);
        std::string j = r.json.dump();
        std::fwrite(j.data(), 1, j.size(), u.json);
        code = r.code;
      } catch (const std::exception& e) {
        report_internal_error(e);
      }
      std::fflush(nullptr);
      _exit(code);
    }
    ++running;
  };
  auto slurp = [](std::FILE* f) {
    std::rewind(f);
    std::string text;
    char buf[65536];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) text.append(buf, n);
    std::fclose(f);
    return text;
  };
  // One spec's units are all done: print what they printed, once.
  auto emit = [&](std::size_t i) {
    std::vector<Unit*> mine;
    for (auto& u : units)
      if (u.spec == i) mine.push_back(&u);
    int code = kOk;
    std::set<std::string> seen;  // parts repeat the spec's warnings and diagnostics: each line once
    std::vector<MergeInput> results;
    bool all_results = true;
    for (Unit* u : mine) {
      code = combine_exit_codes(code, u->code);
      std::string o = slurp(u->out), e = slurp(u->err), j = slurp(u->json);
      if (parts == 1) fmt::print("{}", o), fmt::print(stderr, "{}", e);
      else
        for (std::size_t b = 0, n; b < e.size(); b = n + 1) {
          n = e.find('\n', b);
          if (n == std::string::npos) n = e.size();
          if (std::string line = e.substr(b, n - b); seen.insert(line).second) fmt::print(stderr, "{}\n", line);
        }
      all_results = all_results && j != "null" && !j.empty();
      results.push_back({specs[i], j});
    }
    out[i].code = code;
    if (!all_results) return;  // a compile error or an internal error: already on stderr
    nlohmann::json entry = parts == 1 ? nlohmann::json::parse(results[0].text, nullptr, false)
                                      : merge_results(results).json;
    if (entry.is_discarded()) return;
    if (parts > 1 && c.format == "text" && code != kInputError && code != kInternalError) {
      std::vector<VerdictText> texts;
      for (const auto& p : entry["properties"]) texts.push_back({p["text"][0], p["text"][1], p["text"][2], p["text"][3]});
      print_verdicts(specs[i], texts);
    }
    if (c.format == "text") return;
    for (auto& p : entry["properties"]) p.erase("text");
    out[i].json = entry;
  };
  while (printed < specs.size()) {
    while (running < jobs && next < units.size()) start(units[next++]);
    show();
    int status = 0;
    pid_t pid = wait(&status);
    if (pid < 0) break;
    for (auto& u : units) {
      if (u.pid != pid) continue;
      auto hold = progress->hold();  // the progress line reads `done` (set_source)
      u.done = true;
      --running;
      u.code = WIFEXITED(status) ? WEXITSTATUS(status) : kInternalError;
      if (!WIFEXITED(status))
        fmt::print(stderr, "internal error: checking {} died ({})\n", specs[u.spec], strsignal(WTERMSIG(status)));
    }
    for (; printed < specs.size(); ++printed) {
      bool done = std::all_of(units.begin(), units.end(), [&](const Unit& u) { return u.spec != printed || u.done; });
      if (!done) break;
      auto hold = progress->hold();
      emit(printed);
      std::fflush(nullptr);
    }
  }
  progress.reset();  // before the slots it reads go away
  if (slots) munmap(slots, slots_size);
  return out;
}

int run_check(const CheckArgs& a, const Common& c, bool prove, bool bmc) {
  Diagnostics diags;
  auto opts = check_options(c, diags);
  if (!opts) return report_diags(diags, c);
  if (a.depth < 0 || a.depth > 1000 || !(a.timeout > 0) || a.timeout > 86400) {
    diags.error("E0507", fmt::format("--depth must be 0..1000 and --timeout 0 < t <= 86400 seconds, found {} and {}",
                                     a.depth, a.timeout));
    return report_diags(diags, c);
  }
  if (!(a.total_timeout >= 0) || a.total_timeout > 864000) {
    diags.error("E0507", fmt::format("--total-timeout must be 0 (none) .. 864000 seconds, found {}", a.total_timeout));
    return report_diags(diags, c);
  }
  if (a.cross_check && a.solver != "portfolio") {
    diags.error("E0507", fmt::format("--cross-check runs both solvers on every query; it cannot be combined with --solver {}",
                                     a.solver));
    return report_diags(diags, c);
  }
  if (a.jobs < 1 || a.jobs > 1024) {
    diags.error("E0507", fmt::format("--jobs must be 1..1024, found {}", a.jobs));
    return report_diags(diags, c);
  }
  Shard shard;
  if (!a.shard.empty()) {
    static const std::regex pattern(R"(([0-9]{1,6})/([0-9]{1,6}))");
    std::smatch m;
    if (!std::regex_match(a.shard, m, pattern) || std::stoul(m[1]) < 1 || std::stoul(m[1]) > std::stoul(m[2])) {
      diags.error("E0507", fmt::format("--shard must be I/N with 1 <= I <= N (e.g. --shard 3/16), found `{}`", a.shard));
      return report_diags(diags, c);
    }
    shard = {static_cast<unsigned>(std::stoul(m[1]) - 1), static_cast<unsigned>(std::stoul(m[2]))};
  }
  auto specs = expand_specs(a.specs);
  if (specs.empty()) {
    diags.error("E0101", "no .bwk spec found in the given paths");
    return report_diags(diags, c);
  }
  int overall = kOk;
  nlohmann::json all = nlohmann::json::array();
  for (const auto& r : check_all(specs, a, c, *opts, shard, prove, bmc)) {
    if (!r.json.is_null()) all.push_back(r.json);
    overall = combine_exit_codes(overall, r.code);
    if (r.code == kInternalError) break;
  }
  // --fail-on violated: an inconclusive result alone exits 0 (errors and violations keep their codes).
  if (a.fail_on == "violated" && overall == kInconclusive) overall = kOk;
  if (c.format == "json") fmt::print("{}\n", (all.size() == 1 ? all[0] : all).dump(2));
  if (ci_format(c)) {
    std::vector<report::CiSpec> ci;
    for (const auto& entry : all) ci.push_back(report::ci_spec(entry));
    report::CiOptions o;
    o.fail_on = a.fail_on == "violated" ? report::FailOn::Violated : report::FailOn::Inconclusive;
    o.bounded_ok = a.bounded_ok;
    o.exit_code = overall;
    o.version = BULWARK_VERSION;
    fmt::print("{}", c.format == "junit" ? report::junit(ci, o) : report::sarif(ci, o).dump(2) + "\n");
  }
  return overall;
}

// ---- merge ---------------------------------------------------------------------
int run_merge(const std::vector<std::string>& files, const Common& c) {
  Diagnostics diags;
  std::vector<MergeInput> inputs;
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    std::stringstream text;
    if (in) text << in.rdbuf();
    if (!in) {
      diags.error("E0101", fmt::format("cannot read `{}`", f));
      continue;
    }
    inputs.push_back({f, text.str()});
  }
  if (diags.has_errors()) return report_diags(diags, c);
  MergeResult m = merge_results(inputs);
  for (const auto& e : m.errors) diags.error("E0510", e);
  if (diags.has_errors()) return report_diags(diags, c);
  fmt::print("{}\n", m.json.dump(2));
  return m.exit_code;
}

// ---- smt2 --------------------------------------------------------------------------
int run_smt2(const std::string& spec, const std::string& out_dir, int depth, double timeout, const Common& c) {
  Diagnostics diags;
  auto opts = check_options(c, diags);
  if (!opts) return report_diags(diags, c);
  if (depth < 0 || depth > 100 || !(timeout > 0)) {
    diags.error("E0507", fmt::format("--depth must be 0..100 and --timeout positive, found {} and {}", depth, timeout));
    return report_diags(diags, c);
  }
  Timings t;
  auto compiled = compile(spec, *opts, Until::Lower, diags, t);
  report_diags(diags, c);
  if (!compiled.system) return kInputError;
  std::error_code ec;
  std::filesystem::create_directories(out_dir, ec);
  auto files = solver::export_obligations(*compiled.system, depth, timeout);
  for (const auto& f : files) {
    auto path = std::filesystem::path(out_dir) / (file_stem_for(f.name) + ".smt2");
    std::ofstream out(path);
    out << f.text;
    if (!out) {
      fmt::print(stderr, "error[E0508]: cannot write {}\n", path.string());
      return kInputError;
    }
    fmt::print("{}  {}  {:.3f}s\n", path.string(), solver::to_string(f.answer), f.solve_s);
  }
  return kOk;
}

// ---- fmt ------------------------------------------------------------------------
int run_fmt(const std::vector<std::string>& specs, bool write, bool check_only, const Common& c) {
  int code = kOk;
  for (const auto& spec : specs) {
    Diagnostics diags;
    Timings t;
    auto compiled = compile(spec, {}, Until::Parse, diags, t);
    report_diags(diags, c);
    if (!compiled.parsed) {
      code = kInputError;
      continue;
    }
    std::string text = format_spec(*compiled.parsed);
    if (check_only) {
      if (text != compiled.file->text()) {
        fmt::print("{}: not formatted\n", spec);
        code = std::max(code, 1);
      }
    } else if (write) {
      if (text != compiled.file->text()) {
        std::ofstream out(spec, std::ios::binary | std::ios::trunc);
        out << text;
        if (!out) {
          fmt::print(stderr, "error[E0508]: cannot write {}\n", spec);
          code = kInputError;
        }
      }
    } else {
      fmt::print("{}", text);
    }
  }
  return code;
}

// ---- ir -------------------------------------------------------------------------
int run_ir(const std::string& spec, const Common& c) {
  Diagnostics diags;
  auto opts = check_options(c, diags);
  if (!opts) return report_diags(diags, c);
  Timings t;
  auto compiled = compile(spec, *opts, Until::Lower, diags, t);
  report_diags(diags, c);
  if (!compiled.system) return kInputError;
  fmt::print("{}", ir::print(*compiled.system));
  print_stats(c, spec, t, 0);
  return kOk;
}

int run(int argc, char** argv) {
  CLI::App app{"bulwark: a model checker for the economic and safety invariants of DeFi protocols"};
  app.set_version_flag("--version", std::string("bulwark ") + BULWARK_VERSION);
  app.require_subcommand(1);
  Common c;
  auto common = [&](CLI::App* sub) {
    sub->add_flag("--no-color", c.no_color, "never colour diagnostics");
    sub->add_option("--size", c.sizes, "resize a sort declared `sort S[N];`: --size S=N")->type_name("S=N");
    sub->add_flag("--stats", c.stats, "print phase timings as JSON on stderr (used by bench/)");
    sub->add_flag("--quiet,-q", c.quiet, "no progress line on the terminal");
  };

  SimulateArgs sim;
  auto* simulate = app.add_subcommand("simulate", "random runs that look for a violated property (never a proof)");
  simulate->add_option("spec", sim.spec, "the .bwk spec")->required();
  simulate->add_option("--runs", sim.runs, "number of runs")->capture_default_str();
  simulate->add_option("--steps", sim.steps, "steps per run")->capture_default_str();
  simulate->add_option("--seed", sim.seed, "random seed (the same seed gives the same runs)")->capture_default_str();
  simulate->add_option("--param", sim.params, "fix a param: --param P=V")->type_name("P=V");
  simulate->add_option("--trace-dir", sim.trace_dir, "write each violation as ITF JSON into DIR")->type_name("DIR");
  simulate->add_option("--format", c.format, "output format")->check(CLI::IsMember({"text", "json"}))->capture_default_str();
  common(simulate);

  std::vector<std::string> fmt_specs;
  bool fmt_write = false, fmt_check = false;
  auto* fmtc = app.add_subcommand("fmt", "print a spec in canonical layout (comments kept)");
  fmtc->add_option("spec", fmt_specs, "the .bwk specs")->required();
  fmtc->add_flag("-i,--write", fmt_write, "rewrite the files in place");
  fmtc->add_flag("--check", fmt_check, "exit 1 if a file is not formatted; change nothing");
  fmtc->add_flag("--no-color", c.no_color, "never colour diagnostics");

  CheckArgs ck;
  auto check_like = [&](const char* name, const char* what) {
    auto* sub = app.add_subcommand(name, what);
    sub->add_option("spec", ck.specs, "the .bwk specs or folders")->required();
    sub->add_option("--depth", ck.depth, "bounded search depth")->capture_default_str();
    sub->add_option("--timeout", ck.timeout, "seconds per solver query")->capture_default_str();
    sub->add_option("--property", ck.property, "check only this property");
    sub->add_option("--trace-dir", ck.trace_dir, "write each attack trace as ITF JSON into DIR")->type_name("DIR");
    sub->add_option("--total-timeout", ck.total_timeout, "seconds for the whole run (0: no limit); what is left is unknown")
        ->capture_default_str();
    sub->add_option("--engine", ck.engine,
                    "proof engine: auto (induction, then k-induction, then CHC), induction, kinduction, chc")
        ->check(CLI::IsMember({"auto", "induction", "kinduction", "chc"}))
        ->capture_default_str();
    sub->add_flag("--print-invariants", ck.print_invariants,
                  "print the invariant behind each CHC proof, in spec syntax (paste it into the spec as a lemma)");
    sub->add_option("--solver", ck.solver, "which solver answers: both racing (portfolio), or one")
        ->check(CLI::IsMember({"portfolio", "z3", "cvc5"}))
        ->capture_default_str();
    sub->add_flag("--cross-check", ck.cross_check,
                  "run Z3 and cvc5 on every query to the end; a disagreement is an internal error (exit 4)");
    sub->add_option("--jobs,-j", ck.jobs, "processes at once: one per spec, or parts of a spec's properties when "
                                          "fewer specs than jobs are given (output in spec order)")
        ->each([&](const std::string&) { ck.jobs_given = true; })
        ->capture_default_str();
    sub->add_option("--shard", ck.shard, "check only share I of N of the properties (merge the JSON with `bulwark merge`)")
        ->type_name("I/N");
    sub->add_flag("--no-cache", ck.no_cache, "solve every query; neither read nor write the proof cache");
    sub->add_flag("--bounded-ok", ck.bounded_ok, "exit 0 when properties hold to the depth");
    sub->add_flag("--nat-underflow", ck.nat_underflow,
                  "also report each `nat` update that a reachable step would make negative (the step still reverts)");
    sub->add_option("--format", c.format, "output format: text, json, junit (JUnit XML), sarif (SARIF 2.1.0)")
        ->check(CLI::IsMember({"text", "json", "junit", "sarif"}))
        ->capture_default_str();
    sub->add_option("--fail-on", ck.fail_on,
                    "what makes the exit code non-zero: violated (a violation only), or inconclusive (also a property "
                    "neither proved nor violated: the default)")
        ->check(CLI::IsMember({"violated", "inconclusive"}))
        ->capture_default_str();
    common(sub);
    return sub;
  };
  auto* checkc = check_like("check", "prove every property; search for a shortest attack trace for the others");
  auto* provec = check_like("prove", "proofs only (induction)");
  auto* bmcc = check_like("bmc", "bounded search only: shortest attack traces up to --depth");

  std::string smt2_spec, smt2_out = "smt2";
  int smt2_depth = 3;
  double smt2_timeout = 10;
  auto* smt2c = app.add_subcommand("smt2", "write every proof obligation and bounded query as SMT-LIB 2");
  smt2c->add_option("spec", smt2_spec, "the .bwk spec")->required();
  smt2c->add_option("--out", smt2_out, "output folder")->capture_default_str();
  smt2c->add_option("--depth", smt2_depth, "bounded queries up to this depth")->capture_default_str();
  smt2c->add_option("--timeout", smt2_timeout, "seconds for our own answer to each query")->capture_default_str();
  common(smt2c);

  AttackArgs at;
  auto* attackc = app.add_subcommand("attack", "the best run by an objective (a measure or an expression) and a proved bound");
  attackc->add_option("spec", at.spec, "the .bwk spec")->required();
  attackc->add_option("--maximize", at.maximize, "maximise this measure (or expression) at the run's last state")
      ->type_name("OBJECTIVE");
  attackc->add_option("--minimize", at.minimize,
                      "minimise this measure (or expression); with --violate it is read in the initial state: the attack cost")
      ->type_name("OBJECTIVE");
  attackc->add_option("--violate", at.violate, "only runs that end by breaking this invariant")->type_name("PROP");
  attackc->add_option("--depth", at.depth, "runs of at most this many steps")->capture_default_str();
  attackc->add_option("--timeout", at.timeout, "seconds per solver query")->capture_default_str();
  attackc->add_option("--total-timeout", at.total_timeout, "seconds for the whole run (0: no limit)")->capture_default_str();
  attackc->add_option("--gap", at.gap, "bisection stops at this relative gap between best run and bound")->capture_default_str();
  attackc->add_option("--fail-above", at.fail_above, "exit 1 when the best run's objective exceeds X")->type_name("X");
  attackc->add_option("--fail-below", at.fail_below, "exit 1 when the best run's objective is below X")->type_name("X");
  attackc->add_option("--format", c.format, "output format")->check(CLI::IsMember({"text", "json"}))->capture_default_str();
  common(attackc);

  TuneArgs tu;
  auto* tunec = app.add_subcommand("tune", "the largest (smallest) value of a param for which the properties are proved");
  tunec->add_option("spec", tu.spec, "the .bwk spec")->required();
  tunec->add_option("--param", tu.param, "the param to tune")->required()->type_name("P");
  tunec->add_flag("--maximize", tu.maximize, "the largest safe value (safe below the edge)");
  tunec->add_flag("--minimize", tu.minimize, "the smallest safe value (safe above the edge)");
  tunec->add_option("--range", tu.range, "the interval searched, LO:HI")->required()->type_name("LO:HI");
  tunec->add_option("--keep", tu.keep, "properties that must be proved (default: all)")->delimiter(',')->type_name("PROP,...");
  tunec->add_option("--depth", tu.depth, "bounded search depth for the attack beyond the edge")->capture_default_str();
  tunec->add_option("--timeout", tu.timeout, "seconds per solver query")->capture_default_str();
  tunec->add_option("--gap", tu.gap, "stop when the uncertain interval is at most this (relative, reals)")->capture_default_str();
  tunec->add_option("--max-checks", tu.max_checks, "at most this many values checked")->capture_default_str();
  tunec->add_option("--format", c.format, "output format")->check(CLI::IsMember({"text", "json"}))->capture_default_str();
  common(tunec);

  ReportArgs rp;
  auto* reportc = app.add_subcommand("report", "check specs and write the verdicts, traces, charts and proofs as one HTML file");
  reportc->add_option("spec", rp.specs, "the .bwk specs or folders")->required();
  reportc->add_option("-o,--output", rp.out, "the HTML file (written whole, or not at all)")->required()->type_name("FILE");
  reportc->add_option("--chart", rp.charts, "chart this expression over each trace's steps (repeatable; default: the "
                                            "broken property's operands and variables, and the measures)")->type_name("EXPR");
  reportc->add_option("--property", rp.property, "check only this property");
  reportc->add_option("--depth", rp.run.depth, "bounded search depth")->capture_default_str();
  reportc->add_option("--timeout", rp.run.timeout, "seconds per solver query")->capture_default_str();
  reportc->add_option("--total-timeout", rp.run.total_timeout, "seconds per spec (0: no limit)")->capture_default_str();
  reportc->add_flag("--no-cache", rp.run.no_cache, "solve every query; neither read nor write the proof cache");
  reportc->add_option("--engine", rp.run.engine, "proof engine, as for check")
      ->check(CLI::IsMember({"auto", "induction", "kinduction", "chc"}))
      ->capture_default_str();
  common(reportc);

  MutateArgs mu;
  auto* mutatec = app.add_subcommand("mutate", "check mutants of the actions against the spec's properties: the mutation score");
  mutatec->add_option("spec", mu.spec, "the .bwk spec")->required();
  mutatec->add_option("--timeout", mu.mutant_timeout, "seconds for each mutant's check")->capture_default_str();
  mutatec->add_option("--depth", mu.depth, "bounded search depth per mutant")->capture_default_str();
  mutatec->add_option("--max-mutants", mu.max_mutants, "check at most N mutants, spread over the spec (0: all)")
      ->capture_default_str();
  mutatec->add_flag("--no-cache", mu.no_cache, "solve every query; neither read nor write the proof cache");
  mutatec->add_option("--format", c.format, "output format")->check(CLI::IsMember({"text", "json"}))->capture_default_str();
  common(mutatec);

  std::string ir_spec;
  std::vector<std::string> merge_files;
  StressArgs st;
  auto* stressc = app.add_subcommand("stress", "Monte Carlo over a scenario's market paths: shares of broken properties, VaR, sweeps");
  stressc->add_option("spec", st.spec, "the .bwk spec")->required();
  stressc->add_option("--scenario", st.scenario, "the scenario to run")->required()->type_name("NAME");
  stressc->add_option("--runs", st.runs, "number of runs")->capture_default_str();
  stressc->add_option("--steps", st.steps, "rounds per run (each: every drive once, then the policy's moves)")->capture_default_str();
  stressc->add_option("--seed", st.seed, "random seed (default: a fresh one, printed)");
  stressc->add_option("--sweep", st.sweep, "the figures per value of a param or constant")->type_name("P=LO:HI:STEP");
  stressc->add_option("--jobs", st.jobs, "worker processes (the figures do not depend on it)")->capture_default_str();
  stressc->add_option("--measure", st.measures, "an extra measure: NAME=EXPR over the state")->type_name("NAME=EXPR");
  stressc->add_option("--param", st.params, "fix a param: --param P=V")->type_name("P=V");
  stressc->add_option("--worst", st.worst, "the worst run is the one with the largest value of this measure (default: the first violation)")->type_name("MEASURE");
  stressc->add_option("--trace-dir", st.trace_dir, "write the worst run as ITF JSON into DIR")->type_name("DIR");
  stressc->add_option("--plots", st.plots, "write SVG plots (fan chart, histograms, sweep curve) into DIR")->type_name("DIR");
  stressc->add_flag("--prove", st.prove, "hand the worst run to the prover: seeded BMC confirms a violation; with --worst, the proved maximum over runs of its length");
  stressc->add_option("--timeout", st.timeout, "seconds per solver query with --prove")->capture_default_str();
  stressc->add_option("--format", c.format, "output format")->check(CLI::IsMember({"text", "json"}))->capture_default_str();
  common(stressc);

  auto* mergec = app.add_subcommand("merge", "combine the JSON results of `check --shard I/N` runs into one");
  mergec->add_option("results", merge_files, "the JSON files written by the shards")->required();
  mergec->add_flag("--no-color", c.no_color, "never colour diagnostics");
  auto* irc = app.add_subcommand("ir", "print the lowered transition system");
  irc->add_option("spec", ir_spec, "the .bwk spec")->required();
  common(irc);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    fmt::print(stderr, "error[E0507]: {}\n  run `bulwark --help` for usage\n", e.what());
    return kInputError;
  }
  if (simulate->parsed()) return run_simulate(sim, c);
  if (fmtc->parsed()) return run_fmt(fmt_specs, fmt_write, fmt_check, c);
  if (irc->parsed()) return run_ir(ir_spec, c);
  // The commands in their own files take the common options as plain values.
  auto with_common = [&](auto& args, auto command) {
    Diagnostics diags;
    auto opts = check_options(c, diags);
    if (!opts) return report_diags(diags, c);
    args.json = c.format == "json";
    args.color = color_for(stderr, c);
    args.quiet = c.quiet;
    return command(args, *opts);
  };
  if (tunec->parsed()) return with_common(tu, run_tune);
  if (attackc->parsed()) return with_common(at, run_attack);
  if (stressc->parsed()) return with_common(st, run_stress);
  if (reportc->parsed()) return with_common(rp, run_report);
  if (mutatec->parsed()) return with_common(mu, run_mutate);
  if (smt2c->parsed()) return run_smt2(smt2_spec, smt2_out, smt2_depth, smt2_timeout, c);
  if (mergec->parsed()) return run_merge(merge_files, c);
  if (checkc->parsed()) return run_check(ck, c, true, true);
  if (provec->parsed()) return run_check(ck, c, true, false);
  if (bmcc->parsed()) return run_check(ck, c, false, true);
  return kInputError;
}

}  // namespace
}  // namespace bulwark::cli

int main(int argc, char** argv) {
  try {
    return bulwark::cli::run(argc, argv);
  } catch (const std::exception& e) {
    bulwark::cli::report_internal_error(e);
    return bulwark::kInternalError;
  }
}

#include "cli/check.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <memory>
#include <regex>
#include <set>

#include "cli/jobs.hpp"
#include "cli/spec_run.hpp"
#include "report/ci.hpp"
#include "report/exit_code.hpp"
#include "report/progress.hpp"
#include "report/trace_text.hpp"
#include "report/verdict_data.hpp"
#include "report/verdict_json.hpp"
#include "report/verdict_text.hpp"
#include "solver/engine/engine.hpp"

namespace bulwark::cli {

namespace {

using nlohmann::json;

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

struct SpecResult {
  int code = kOk;
  nlohmann::json json;  // the spec's entry (--format json|junit|sarif); null when it has none
};

// One spec as the parent prepares it: compiled once (--jobs children inherit
// it), the engines' options and the properties selected.
struct SpecJob {
  std::string spec;
  Diagnostics diags;  // compiling it, and E0509: printed before its result
  Timings t;
  Compiled compiled;
  std::optional<SpecResult> early;  // nothing to run: its result is already known
  solver::EngineOptions eo;
  std::vector<std::string> names;  // every property, in report order
};

// What the engines found on one spec: data, rendered by finish().
struct UnitResult {
  solver::EngineResult res;
  json stats;       // the --stats line; null without --stats
  std::string err;  // what a --jobs child printed on stderr itself
};

json unit_data(const UnitResult& u) { return {{"result", report::engine_result_data(u.res)}, {"stats", u.stats}}; }

UnitResult unit_from_data(const std::string& text) {
  json j = json::parse(text);
  return {report::engine_result_from_data(j.at("result")), j.at("stats"), ""};
}

class Checker {
 public:
  Checker(const CheckArgs& a, const Common& c, const CheckOptions& opts, const Shard& shard, bool prove, bool bmc)
      : a_(a), c_(c), opts_(opts), shard_(shard), prove_(prove), bmc_(bmc) {}

  const char* label() const { return prove_ && bmc_ ? "check" : prove_ ? "prove" : "bmc"; }

  void prepare(SpecJob& job) const {
    const std::string& spec = job.spec;
    job.compiled = compile(spec, opts_, Until::Lower, job.diags, job.t, {a_.nat_underflow, {}});
    if (!job.compiled.system) {
      std::optional<json> problems;
      if (ci_format(c_)) {
        problems = json::array();
        for (const auto& d : job.diags.all()) problems->push_back(report::ci_problem(d));
      }
      job.early = SpecResult{kInputError, report::spec_error_json(spec, kInputError, problems)};
      return;
    }
    const auto& ts = *job.compiled.system;
    // check's engines as report and mutate run them (cli/spec_run), plus what
    // only check chooses: which engines, which solver.
    job.eo = engine_options({a_.depth, a_.timeout, a_.total_timeout, a_.no_cache, a_.engine},
                            [this, spec](const std::string& extra, Diagnostics& rd) {
                              Timings rt;
                              return compile(spec, opts_, Until::Lower, rd, rt, {a_.nat_underflow, {}}, extra);
                            });
    job.eo.prove = prove_;
    job.eo.bmc = bmc_;
    job.eo.solver.which = a_.solver == "z3"     ? solver::SolverOptions::Z3
                          : a_.solver == "cvc5" ? solver::SolverOptions::Cvc5
                                                : solver::SolverOptions::Portfolio;
    job.eo.solver.cross_check = a_.cross_check;
    for (const auto& p : ts.invariants) job.names.push_back(p.name);
    for (const auto& p : ts.steps) job.names.push_back(p.name);
    if (!a_.property.empty()) {
      if (std::find(job.names.begin(), job.names.end(), a_.property) == job.names.end()) {
        auto& e = job.diags.error("E0509", fmt::format("{}: there is no property named `{}`", spec, a_.property));
        if (auto m = did_you_mean(a_.property, job.names)) e.notes.push_back({std::nullopt, fmt::format("did you mean `{}`?", *m)});
        job.early = SpecResult{kInputError, nullptr};
        return;
      }
      job.eo.only = std::set<std::string>{a_.property};
    }
  }

  // The properties checked: --property, and this --shard's share.
  std::optional<std::set<std::string>> selection(const SpecJob& job) const {
    if (shard_.count <= 1) return job.eo.only;
    std::set<std::string> mine;
    for (const auto& name : job.names)
      if (shard_.takes(job.spec, name) && (!job.eo.only || job.eo.only->count(name))) mine.insert(name);
    return mine;
  }

  // Runs the engines, their per-property units in up to `workers` processes.
  // `slot`: in a --jobs child, where it shows its progress to the parent.
  UnitResult run_spec(const SpecJob& job, std::size_t workers, char* slot) const {
    solver::EngineOptions eo = job.eo;
    eo.only = selection(job);
    auto t0 = std::chrono::steady_clock::now();
    UnitResult u;
    {
      std::string file = std::filesystem::path(job.spec).filename().string();
      report::Progress progress(stderr, !slot && report::Progress::wanted(stderr, c_.quiet),
                                fmt::format("{} {}", label(), job.spec));
      report::SlotProgress to_parent(slot, file);
      eo.progress = slot ? static_cast<solver::ProgressSink*>(&to_parent) : &progress;
      if (workers > 1) eo.farm = process_farm(workers, slot ? nullptr : &progress, file);
      u.res = solver::run_engines(*job.compiled.system, eo);
    }  // the line is erased before anything else is printed
    if (c_.stats) {
      Timings t = job.t;
      t.run_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      const auto& s = u.res.stats;
      // units/workers: the per-property units after the shared phase, and
      // how many ran in worker processes (docs/engines.md).
      json extra = {{"encode_s", s.encode_s}, {"solve_s", s.solve_s}, {"replay_s", u.res.replay_s},
                    {"queries", s.queries}, {"decided_by", s.decided_by}, {"cache_hits", s.cache_hits},
                    {"cache_misses", s.cache_misses}, {"properties", u.res.verdicts.size()},
                    {"units", u.res.units}, {"workers", u.res.workers}};
      u.stats = stats_json(job.spec, t, 0, extra);
    }
    return u;
  }

  // The spec's engines done: print its stderr (a --jobs child's own output,
  // warnings, errors, --stats), write its traces, print its verdicts (text)
  // or return its entry (JSON and the CI formats).
  SpecResult finish(const SpecJob& job, const UnitResult& u) const {
    const std::string& spec = job.spec;
    const auto& ts = *job.compiled.system;
    auto eprint = [&](const std::string& text) { std::fputs(text.c_str(), stderr); };
    std::vector<solver::Warning> warnings;
    std::optional<std::string> input_error;
    bool internal_error = false;
    std::vector<solver::Verdict> verdicts;
    eprint(u.err);
    for (const auto& w : u.res.warnings) {
      eprint(report::warning_text(ts, spec, w));
      warnings.push_back(w);
    }
    if (u.res.input_error) {
      eprint(fmt::format("{}: error[E0403]: {}\n", spec, *u.res.input_error));
      input_error = u.res.input_error;
    } else if (u.res.internal_error) {
      std::string text = fmt::format("internal error: {}\n", *u.res.internal_error);
      for (const auto& v : u.res.verdicts)
        if (v.trace) text += report::trace_text(ts, *v.trace);
      eprint(text);
      internal_error = true;
    } else {
      if (!u.stats.is_null()) eprint(u.stats.dump() + "\n");
      verdicts = u.res.verdicts;
    }
    if (input_error) {
      if (!ci_format(c_)) return {kInputError, nullptr};
      json problems = json::array({report::ci_problem("E0403", "error", *input_error, nullptr, std::nullopt)});
      return {kInputError, report::spec_error_json(spec, kInputError, problems)};
    }
    if (internal_error) return {kInternalError, nullptr};
    int code = report::exit_code(report::RunOutcome::of(verdicts), {a_.bounded_ok, false});
    std::vector<report::TraceFiles> files(verdicts.size());
    if (!a_.trace_dir.empty()) {
      for (std::size_t i = 0; i < verdicts.size(); ++i) {
        const auto& v = verdicts[i];
        for (auto [trace, into] : {std::pair{&v.trace, &files[i].trace}, std::pair{&v.cti, &files[i].cti}}) {
          if (!*trace || (trace == &v.cti && v.status != solver::Status::NotInductive)) continue;
          auto path = write_trace(a_.trace_dir, spec, ts, **trace);
          if (!path) return {kInputError, nullptr};
          *into = *path;
        }
      }
    }
    if (c_.format == "text") {
      std::vector<report::VerdictText> texts;
      for (std::size_t i = 0; i < verdicts.size(); ++i)
        texts.push_back(report::verdict_text(ts, verdicts[i], files[i], {bmc_, a_.print_invariants}));
      fmt::print("{}", report::spec_text(spec, texts));
      return {code, nullptr};
    }
    return {code, report::spec_json(ts, spec, code, verdicts, files, warnings, ci_format(c_))};
  }

 private:
  const CheckArgs& a_;
  const Common& c_;
  const CheckOptions& opts_;
  Shard shard_;
  bool prove_, bmc_;
};

// Checks every spec with up to `jobs` processes at once and prints their
// output in spec order: the output does not depend on --jobs. The cores go
// first to specs (one process per spec, at most `jobs` at once: specs share
// nothing), and what is left to each spec's per-property units (the engines'
// farm, cli/jobs.hpp): one spec and -j N farms its units to N workers; S < N
// specs get N / S workers each; S >= N specs run their units one after
// another. Every spec's shared phase (sanity, induction) runs once.
std::vector<SpecResult> check_all(const std::vector<std::string>& specs, const CheckArgs& a, const Common& c,
                                  const Checker& ck) {
  std::vector<SpecResult> out(specs.size());
  std::vector<std::unique_ptr<SpecJob>> jobs(specs.size());
  for (std::size_t i = 0; i < specs.size(); ++i) jobs[i] = std::make_unique<SpecJob>(), jobs[i]->spec = specs[i];
  std::size_t max_jobs = static_cast<std::size_t>(a.jobs);
  std::size_t workers = std::max<std::size_t>(1, max_jobs / specs.size());
  if (max_jobs <= 1 || specs.size() <= 1) {
    for (std::size_t i = 0; i < specs.size(); ++i) {
      SpecJob& job = *jobs[i];
      ck.prepare(job);
      report_diags(job.diags, c);
      out[i] = job.early ? *job.early : ck.finish(job, ck.run_spec(job, workers, nullptr));
      if (out[i].code == kInternalError) break;
    }
    return out;
  }
  JobPlan plan;
  for (std::size_t i = 0; i < specs.size(); ++i) plan.group.push_back(i);
  plan.groups = specs.size();
  plan.jobs = max_jobs;
  plan.label = ck.label();
  plan.quiet = c.quiet;
  plan.prepare = [&](std::size_t i) {
    ck.prepare(*jobs[i]);  // compiled in the parent: its diagnostics print in spec order
    return !jobs[i]->early;
  };
  plan.child = [&](std::size_t i, char* slot, int& code) {
    std::string data = unit_data(ck.run_spec(*jobs[i], workers, slot)).dump();
    code = kOk;  // the parent judges the verdicts
    return data;
  };
  plan.done = [&](std::size_t i, std::vector<JobOutput>& outputs) {
    SpecJob& job = *jobs[i];
    report_diags(job.diags, c);
    JobOutput& o = outputs.at(0);
    fmt::print("{}", o.out);
    if (job.early) {
      out[i] = *job.early;
    } else {
      if (o.signal) o.err += fmt::format("internal error: checking {} died ({})\n", job.spec, strsignal(o.signal));
      try {
        UnitResult u = unit_from_data(o.data);
        u.err = o.err;
        out[i] = ck.finish(job, u);
      } catch (const std::exception&) {  // a child that sent no result (it died, or threw): its exit status
        std::fputs(o.err.c_str(), stderr);
        out[i] = {o.code == kOk ? kInternalError : o.code, nullptr};
      }
    }
    if (c.format == "text") out[i].json = nullptr;
  };
  run_jobs(plan);
  return out;
}

}  // namespace

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
  Checker ck(a, c, *opts, shard, prove, bmc);
  report::RunOutcome found;
  json all = json::array();
  for (const auto& r : check_all(specs, a, c, ck)) {
    if (!r.json.is_null()) all.push_back(r.json);
    found += report::RunOutcome::of_exit_code(r.code);
    if (r.code == kInternalError) break;
  }
  // --fail-on violated: an inconclusive result alone exits 0 (errors and violations keep their codes).
  int overall = report::exit_code(found, {true, a.fail_on == "violated"});
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

}  // namespace bulwark::cli

#include "cli/check_spec.hpp"

#include <fmt/format.h>

#include <chrono>
#include <filesystem>

#include "cli/jobs.hpp"
#include "cli/spec_run.hpp"
#include "report/ci.hpp"
#include "report/exit_code.hpp"
#include "report/progress.hpp"
#include "report/trace_text.hpp"
#include "report/verdict_data.hpp"
#include "report/verdict_json.hpp"
#include "report/verdict_text.hpp"

namespace bulwark::cli {

using nlohmann::json;

json unit_data(const UnitResult& u) { return {{"result", report::engine_result_data(u.res)}, {"stats", u.stats}}; }

UnitResult unit_from_data(const std::string& text) {
  json j = json::parse(text);
  return {report::engine_result_from_data(j.at("result")), j.at("stats"), ""};
}

void Checker::prepare(SpecJob& job) const {
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

std::optional<std::set<std::string>> Checker::selection(const SpecJob& job) const {
  if (shard_.count <= 1) return job.eo.only;
  std::set<std::string> mine;
  for (const auto& name : job.names)
    if (shard_.takes(job.spec, name) && (!job.eo.only || job.eo.only->count(name))) mine.insert(name);
  return mine;
}

UnitResult Checker::run_spec(const SpecJob& job, std::size_t workers, char* slot) const {
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
    // At -j 1 too each unit runs in a forked worker (one at a time): a unit
    // run in this process would start from the Z3 state the units before it
    // left (their terms change the models Z3 picks), so its trace could
    // differ from the one a -j 2 worker, forked after the shared phase, finds.
    eo.farm = process_farm(std::max<std::size_t>(workers, 1), slot ? nullptr : &progress, file);
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

SpecResult Checker::finish(const SpecJob& job, const UnitResult& u) const {
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

}  // namespace bulwark::cli

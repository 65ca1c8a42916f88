#include "cli/check.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <memory>
#include <regex>
#include <set>

#include "cli/check_spec.hpp"
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

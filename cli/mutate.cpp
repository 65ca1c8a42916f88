#include "cli/mutate.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <map>
#include <regex>
#include <set>

#include "cli/exit_codes.hpp"
#include "report/mutate_report.hpp"
#include "report/progress.hpp"

namespace bulwark::cli {
namespace {

using report::Outcome;
using solver::Status;

// Implicit properties are named by position (`division_by_zero@f.bwk:36:55`).
// A mutant keeps every line number but may move a column on the line it
// changes, so properties are matched by name up to the column.
std::string key(const std::string& name) {
  static const std::regex col(R"((@.*:[0-9]+):[0-9]+$)");
  return std::regex_replace(name, col, "$1");
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// Evenly spread picks, so that --max-mutants still samples every action.
std::vector<std::size_t> picks(std::size_t n, int max) {
  std::vector<std::size_t> out;
  std::size_t m = max > 0 ? std::min(n, static_cast<std::size_t>(max)) : n;
  for (std::size_t i = 0; i < m; ++i) out.push_back(i * n / m);
  return out;
}

}  // namespace

int run_mutate(const MutateArgs& a, const CheckOptions& options) {
  Diagnostics diags;
  RunSettings run{a.depth, std::min(a.mutant_timeout, 30.0), a.mutant_timeout, a.no_cache};
  if (!(a.mutant_timeout > 0) || a.mutant_timeout > 86400 || a.depth < 0 || a.depth > 1000 || a.max_mutants < 0)
    return input_error(diags, a.color, "E0507",
                       fmt::format("--timeout must be 0 < t <= 86400 seconds, --depth 0..1000 and --max-mutants >= 0; "
                                   "found {}, {} and {}", a.mutant_timeout, a.depth, a.max_mutants));
  auto t0 = std::chrono::steady_clock::now();
  Timings t;
  auto original = compile(a.spec, options, Until::Lower, diags, t);
  std::fputs(render_all(diags, a.color).c_str(), stderr);
  if (!original.system) return kInputError;
  const SourceFile& file = *original.file;

  std::set<std::string> skip;  // keys of the properties the original violates
  std::optional<report::Progress> progress;
  progress.emplace(stderr, report::Progress::wanted(stderr, a.quiet), "mutate " + a.spec);
  // The original first: what it violates cannot kill a mutant, and what it
  // does not prove leaves every mutant at best undecided.
  auto check_text = [&](const std::string& text, const RunSettings& run, Diagnostics& d, Compiled& into) {
    into = compile_text(file.name(), text, options, Until::Lower, d, t);
    if (!into.system) return solver::EngineResult{};
    auto eo = engine_options(run, [&](const std::string& extra, Diagnostics& rd) {
      Timings rt;
      return compile_text(file.name(), text + extra, options, Until::Lower, rd, rt);
    });
    // What the original violates is not searched again: it cannot kill (and
    // its attack search is often most of a check's time).
    if (!skip.empty()) {
      eo.only.emplace();
      for (const auto* list : {&into.system->invariants, &into.system->steps})
        for (const auto& p : *list)
          if (!skip.count(key(p.name))) eo.only->insert(p.name);
    }
    eo.progress = &*progress;
    return solver::run_engines(*into.system, eo);
  };
  RunSettings base_run = run;
  base_run.total_timeout = 0;  // the original is not cut short: every mutant is judged against it
  Compiled base_compiled;
  Diagnostics base_diags;
  auto base = check_text(file.text(), base_run, base_diags, base_compiled);
  if (base.internal_error) {
    fmt::print(stderr, "internal error: {}\n", *base.internal_error);
    return kInternalError;
  }
  if (base.input_error) {
    fmt::print(stderr, "{}: error[E0403]: {}\n", a.spec, *base.input_error);
    return kInputError;
  }
  std::map<std::string, Status> before;
  report::MutationRun r;
  r.file = &file;
  r.depth = a.depth;
  r.timeout_s = a.mutant_timeout;
  for (const auto& v : base.verdicts) {
    before[key(v.name)] = v.status;
    if (v.status == Status::Violated) r.already_violated.push_back(v.name), skip.insert(key(v.name));
    else if (v.status != Status::Proved) r.unproved.push_back(fmt::format("{} ({})", v.name, solver::to_string(v.status)));
  }

  auto all = mutate::mutants(*original.parsed);
  r.generated = all.size();
  for (const auto& d : original.parsed->decls) r.actions += d.kind == ast::DeclKind::Action;
  auto chosen = picks(all.size(), a.max_mutants);
  report::RunOutcome found;  // the score is the result; only an internal error changes the exit code
  for (std::size_t n = 0; n < chosen.size(); ++n) {
    progress->set_detail(fmt::format("mutant {}/{}", n + 1, chosen.size()));
    report::MutantResult m{std::move(all[chosen[n]]), Outcome::Undecided, {}, "", 0};
    auto m0 = std::chrono::steady_clock::now();
    Diagnostics d;
    Compiled c;
    auto res = check_text(m.mutant.text, run, d, c);
    m.time_s = seconds_since(m0);
    if (!c.system) {
      m.outcome = Outcome::Invalid;
      m.note = d.all().empty() ? "does not compile" : d.all().front().message;
    } else if (res.internal_error) {
      m.outcome = Outcome::Error;
      m.note = *res.internal_error;
      found.internal_error = true;
    } else if (res.input_error) {
      m.outcome = Outcome::Invalid;
      m.note = *res.input_error;
    } else {
      for (const auto& v : res.verdicts) {
        auto was = before.find(key(v.name));
        bool kept_before = was == before.end() || was->second != Status::Violated;
        if (v.status == Status::Violated && kept_before) m.properties.push_back(v.name);
      }
      if (!m.properties.empty()) {
        m.outcome = Outcome::Killed;
      } else {
        for (const auto& v : res.verdicts) {
          auto was = before.find(key(v.name));
          if (v.status != Status::Proved && (was == before.end() || was->second != Status::Violated))
            m.properties.push_back(fmt::format("{} ({})", v.name, solver::to_string(v.status)));
        }
        m.outcome = m.properties.empty() ? Outcome::Survived : Outcome::Undecided;
      }
    }
    m.mutant.text.clear();  // not needed any more: keep memory flat on big specs
    r.results.push_back(std::move(m));
  }
  progress.reset();  // the line is erased before the result is printed
  r.time_s = seconds_since(t0);
  if (a.json) fmt::print("{}\n", report::mutation_json(r).dump(2));
  else fmt::print("{}", report::mutation_text(r));
  return report::exit_code(found);
}

}  // namespace bulwark::cli

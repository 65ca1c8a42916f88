// The CHC engine: Spacer (smt/chc.hpp) for the invariants still open after
// induction. A proof counts only once its invariant, printed in spec syntax
// and read back by the front end, is proved inductive by our own induction
// engine (with the property and the lemmas Spacer was given): the printed
// text is the certificate. Spacer finding the property reachable is reported,
// but a violation needs a trace the interpreter replays, which bounded search gives.
#include <fmt/format.h>

#include <cstdlib>

#include "solver/engine/context.hpp"
#include "solver/smt/chc.hpp"

namespace bulwark::solver {
namespace {

// Spacer's answer, from the proof cache when it has it (a cached invariant
// is re-checked like a fresh one: the cache cannot make a proof either).
ChcAnswer spacer(EngineRun& run, const std::vector<ir::NodeId>& lemmas, ir::NodeId property, double budget) {
  std::string query = run.cache ? chc_query_text(run.ts, lemmas, property) : "";
  if (run.cache)
    if (auto text = run.cache->lookup_text(query))
      if (auto a = parse_chc_answer(*text); a && a->answer != Answer::Unknown) return *a;
  ChcAnswer a = chc_check(run.ts, lemmas, property, budget);
  if (run.cache && (a.answer == Answer::Sat || (a.answer == Answer::Unsat && !a.invariant.empty())))
    run.cache->store_text(query, to_text(a));
  return a;
}

// Reads `invariant` back through the front end as a new invariant and
// proves it, with `v`'s property and the lemmas, by induction alone.
bool certified(EngineRun& run, const Verdict& v, const std::string& invariant, const std::vector<std::string>& lemmas,
               std::string& why) {
  const auto& opts = run.o;
  if (!opts.recompile) return why = "no front end was given to read it back", false;
  std::string name = "chc_" + v.name;
  auto taken = [&](const std::string& n) {
    for (const auto& p : run.ts.invariants) if (p.name == n) return true;
    for (const auto& p : run.ts.steps) if (p.name == n) return true;
    return false;
  };
  while (taken(name)) name += "_";
  Recompiled rc = opts.recompile(fmt::format("\ninvariant {}: {};\n", name, invariant));
  if (!rc.ts) return why = "the front end rejects it: " + rc.error, false;
  EngineOptions o = opts;
  o.engine = ProofEngine::Induction;
  o.bmc = false;
  o.recompile = nullptr;
  o.farm = nullptr;         // a handful of queries: not worth a worker
  o.progress = run.sink;    // in a worker, its own sink
  o.only = std::set<std::string>(lemmas.begin(), lemmas.end());
  o.only->insert({v.name, name});
  if (opts.total_timeout_s > 0) o.total_timeout_s = std::max(0.001, opts.total_timeout_s - since(run.t0));
  EngineResult r = run_engines(*rc.ts, o);
  for (const auto& w : r.verdicts)
    if ((w.name == v.name || w.name == name) && w.status != Status::Proved)
      return why = fmt::format("`{}` is {} ({})", w.name, to_string(w.status), w.reason.empty() ? w.method : w.reason), false;
  return true;
}

}  // namespace

void run_chc(EngineRun& run, ProofState& st, std::size_t i) {
  {
    Verdict& v = run.res.verdicts[i];
    if (v.step || v.status != Status::Unknown || !v.reason.empty() || !st.induction_failed.count(i) || run.out_of_time())
      return;
    run.progress("chc", v.name);
    auto t0 = Clock::now();
    std::vector<std::string> lemma_names = st.proved_names(run.ts);
    ChcAnswer a = spacer(run, st.proved_nodes(run.ts), run.ts.invariants[static_cast<std::size_t>(v.index)].holds, run.budget());
    if (const char* wrong = std::getenv("BULWARK_TEST_CHC_INVARIANT"); wrong && a.answer == Answer::Unsat)
      a.invariant = wrong;  // test hook: Spacer gives a wrong invariant
    std::string why;
    if (a.answer == Answer::Unsat && !a.invariant.empty() && certified(run, v, a.invariant, lemma_names, why)) {
      v.status = Status::Proved;
      v.method = "chc";
      v.lemmas = lemma_names;
      if (!v.lemmas.empty()) v.method += " with " + join(v.lemmas);
      v.invariant = a.invariant;
      v.cti.reset();
      st.induction_failed.erase(i);
    } else if (a.answer == Answer::Unsat) {
      st.chc_notes[i] = fmt::format("CHC proved it but {}", a.invariant.empty() ? a.reason : "its invariant failed our re-check: " + why);
    } else if (a.answer == Answer::Sat) {
      st.chc_reachable.insert(i);
      st.chc_notes[i] = "CHC (Spacer) finds that it breaks in a reachable state, deeper than that";
    } else {
      st.chc_notes[i] = "CHC: " + a.reason;
    }
    v.time_s += since(t0);
  }
}

}  // namespace bulwark::solver

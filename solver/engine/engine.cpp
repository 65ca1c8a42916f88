#include "solver/engine/engine.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "solver/engine/context.hpp"

namespace bulwark::solver {

const char* to_string(Status s) {
  switch (s) {
    case Status::Proved: return "proved";
    case Status::Violated: return "violated";
    case Status::NotInductive: return "not_inductive";
    case Status::HoldsToDepth: return "holds_to_depth";
    case Status::Unknown: return "unknown";
  }
  return "?";
}

namespace {

void schedule(EngineRun& run, ProofState& st) {
  const EngineOptions& o = run.o;
  if (!run_sanity(run)) return;
  if (o.prove) {
    run_induction(run, st);
    run_step_obligations(run, st);
  }
  bool k_induction = o.prove && (o.engine == ProofEngine::Auto || o.engine == ProofEngine::KInduction);
  bool chc = o.prove && (o.engine == ProofEngine::Auto || o.engine == ProofEngine::Chc);
  // k-induction's base case is the bounded search to depth k-1: under
  // `prove` the search runs for that, only as deep as k-induction needs.
  if (o.bmc) run_bmc(run, o.depth);
  else if (k_induction && !st.induction_failed.empty()) run_bmc(run, o.max_k - 1);
  if (k_induction) run_k_induction(run, st);
  if (chc) run_chc(run, st);
  // What Spacer found reachable beyond the depth: a deeper search for its trace.
  if (o.bmc && !st.chc_reachable.empty()) {
    run_bmc(run, std::min(1000, std::max(2 * o.depth, o.depth + 10)), &st.chc_reachable);  // --depth 10: 20
    for (std::size_t i : st.chc_reachable)
      if (run.res.verdicts[i].status == Status::Violated) st.chc_notes.erase(i), st.induction_failed.erase(i);
  }
  if (o.bmc) run_dead_actions(run);
  for (auto& v : run.res.verdicts) {
    if (v.status != Status::Unknown || !v.reason.empty()) continue;
    // Not proved, no violation within the depth.
    std::size_t i = run.index_of(v);
    v.status = st.induction_failed.count(i) ? Status::NotInductive : Status::HoldsToDepth;
    if (auto n = st.chc_notes.find(i); n != st.chc_notes.end()) v.reason = n->second;
  }
}

}  // namespace

// The scheduler: which engine runs when, on what the ones before left open.
EngineResult run_engines(const ir::TransitionSystem& ts, const EngineOptions& o) {
  EngineRun run(ts, o);
  auto add_verdict = [&](const ir::Property& p, bool step, int index) {
    if (o.only && !o.only->count(p.name)) return;
    Verdict v;
    v.name = p.name;
    v.kind = p.kind;
    v.span = p.span;
    v.step = step;
    v.index = index;
    run.res.verdicts.push_back(std::move(v));
  };
  for (std::size_t i = 0; i < ts.invariants.size(); ++i) add_verdict(ts.invariants[i], false, static_cast<int>(i));
  for (std::size_t i = 0; i < ts.steps.size(); ++i) add_verdict(ts.steps[i], true, static_cast<int>(i));
  ProofState st;
  try {
    schedule(run, st);
  } catch (const SolverDisagreement& e) {
    run.res.internal_error = e.what();
  } catch (const SolverCanceled& e) {
    // Settled verdicts stand; nothing else can be concluded.
    for (auto& v : run.res.verdicts)
      if (v.status == Status::Unknown && v.reason.empty()) v.reason = fmt::format("stopped: {}", e.what());
  }
  if (run.cache) run.res.stats.cache_hits = run.cache->hits, run.res.stats.cache_misses = run.cache->misses;
  return std::move(run.res);
}

}  // namespace bulwark::solver

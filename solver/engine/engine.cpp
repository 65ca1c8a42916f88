#include "solver/engine/engine.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

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

// What one property needs after the shared phase, in this order: bounded
// search, k-induction, CHC, and the deeper search for what CHC found
// reachable; then its final status. It reads only what the shared phase left
// (the proved lemmas, whether the property failed induction) and writes only
// its own verdict and ProofState entries, on solvers of its own: the same
// verdict whichever properties run before it, in this process or another.
// (At -j1 too each property gets its own bounded search: one incremental
// solver shared by all would make a trace depend on the other properties'
// queries before it.)
void per_property(EngineRun& run, ProofState& st, std::size_t i, bool any_induction_failed) {
  const EngineOptions& o = run.o;
  bool k_induction = o.prove && (o.engine == ProofEngine::Auto || o.engine == ProofEngine::KInduction);
  bool chc = o.prove && (o.engine == ProofEngine::Auto || o.engine == ProofEngine::Chc);
  std::set<std::size_t> mine{i};
  // k-induction's base case is the bounded search to depth k-1: under
  // `prove` the search runs for that, only as deep as k-induction needs.
  if (o.bmc) run_bmc(run, o.depth, &mine);
  else if (k_induction && any_induction_failed) run_bmc(run, o.max_k - 1, &mine);
  if (k_induction) run_k_induction(run, st, i);
  if (chc) run_chc(run, st, i);
  // What Spacer found reachable beyond the depth: a deeper search for its trace.
  if (o.bmc && st.chc_reachable.count(i)) {
    run_bmc(run, std::min(1000, std::max(2 * o.depth, o.depth + 10)), &mine);  // --depth 10: 20
    if (run.res.verdicts[i].status == Status::Violated) st.chc_notes.erase(i), st.induction_failed.erase(i);
  }
  Verdict& v = run.res.verdicts[i];
  if (v.status != Status::Unknown || !v.reason.empty()) return;
  // Not proved, no violation within the depth.
  v.status = st.induction_failed.count(i) ? Status::NotInductive : Status::HoldsToDepth;
  if (auto n = st.chc_notes.find(i); n != st.chc_notes.end()) v.reason = n->second;
}

// One property's unit: its verdict, and what its solvers cost. Runs on the
// state the shared phase left, which it leaves as it found it apart from its
// own verdict's entries (so that units run one after another in this process
// do not see each other's statistics).
EngineResult unit(EngineRun& run, ProofState& st, std::size_t i, bool any_induction_failed, ProgressSink* sink) {
  BackendStats stats = std::exchange(run.res.stats, {});
  double replay_s = std::exchange(run.res.replay_s, 0);
  auto internal = std::exchange(run.res.internal_error, std::nullopt);
  long hits = run.cache ? run.cache->hits : 0, misses = run.cache ? run.cache->misses : 0;
  ProgressSink* outer = std::exchange(run.sink, sink);
  EngineResult out;
  try {
    per_property(run, st, i, any_induction_failed);
  } catch (const SolverDisagreement& e) {
    run.res.internal_error = e.what();
  } catch (const SolverCanceled& e) {
    Verdict& v = run.res.verdicts[i];
    if (v.status == Status::Unknown && v.reason.empty()) v.reason = fmt::format("stopped: {}", e.what());
  }
  run.sink = outer;
  out.verdicts = {run.res.verdicts[i]};
  out.stats = std::exchange(run.res.stats, stats);
  if (run.cache) {  // the unit's own, and the counters back as they were
    out.stats.cache_hits = std::exchange(run.cache->hits, hits) - hits;
    out.stats.cache_misses = std::exchange(run.cache->misses, misses) - misses;
  }
  out.replay_s = std::exchange(run.res.replay_s, replay_s);
  out.internal_error = std::exchange(run.res.internal_error, internal);
  return out;
}

void add_stats(BackendStats& into, const BackendStats& s) {
  into.encode_s += s.encode_s, into.solve_s += s.solve_s, into.queries += s.queries;
  for (const auto& [who, n] : s.decided_by) into.decided_by[who] += n;
  into.cache_hits += s.cache_hits, into.cache_misses += s.cache_misses;
}

// The shared phase once (sanity, Houdini induction, the one-step
// obligations), then one unit per property still open, farmed out by
// `o.farm` (docs/engines.md "Per-property units"), merged in property order;
// then what needs every property's result (dead actions).
void schedule(EngineRun& run, ProofState& st) {
  const EngineOptions& o = run.o;
  if (!run_sanity(run)) return;
  if (o.prove) {
    run_induction(run, st);
    run_step_obligations(run, st);
  }
  std::vector<std::size_t> open;
  for (std::size_t i = 0; i < run.res.verdicts.size(); ++i)
    if (run.res.verdicts[i].status != Status::Proved) open.push_back(i);
  bool any_induction_failed = !st.induction_failed.empty();
  UnitWork work = [&](std::size_t k, ProgressSink* sink) { return unit(run, st, open[k], any_induction_failed, sink); };
  std::vector<FarmedUnit> results;
  if (o.farm && open.size() > 1) {
    results = o.farm(open.size(), o.total_timeout_s > 0 ? std::max(0.001, o.total_timeout_s - since(run.t0)) : 0, work);
  } else {
    for (std::size_t k = 0; k < open.size(); ++k) results.push_back({work(k, run.sink), false, "", false});
  }
  run.res.units = open.size();
  for (std::size_t k = 0; k < open.size(); ++k) {
    Verdict& v = run.res.verdicts[open[k]];
    FarmedUnit& u = results.at(k);
    if (!u.result) {  // a lost worker: never a proof
      v.status = Status::Unknown;
      if (u.killed)
        v.reason = fmt::format("stopped: the overall time limit of {} s ran out; its worker process was killed", o.total_timeout_s);
      else if (!run.res.internal_error)
        run.res.internal_error = fmt::format("the worker process checking `{}` died: {}", v.name, u.died);
      continue;
    }
    run.res.workers += u.in_worker;
    v = std::move(u.result->verdicts.at(0));
    add_stats(run.res.stats, u.result->stats);
    run.res.replay_s += u.result->replay_s;
    if (u.result->internal_error && !run.res.internal_error) run.res.internal_error = u.result->internal_error;
    for (auto& w : u.result->warnings) run.res.warnings.push_back(std::move(w));
  }
  if (o.bmc) run_dead_actions(run);
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
  // The units' hits and misses are in the stats already; the counters hold the rest.
  if (run.cache) run.res.stats.cache_hits += run.cache->hits, run.res.stats.cache_misses += run.cache->misses;
  return std::move(run.res);
}

}  // namespace bulwark::solver

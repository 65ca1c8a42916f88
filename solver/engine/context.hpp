// What the engines of one `check` run share (engine.cpp schedules them; each
// engine is a function in a file of its own): the system, the options, the
// solvers behind the proof cache, the clock, and the verdicts so far; and what
// the proof engines hand on to each other about the properties still open.
#pragma once
#include <chrono>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "solver/engine/engine.hpp"
#include "solver/smt/obligation.hpp"
#include "solver/smt/proof_cache.hpp"

namespace bulwark::solver {

using Clock = std::chrono::steady_clock;
inline double since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

class EngineRun {
 public:
  EngineRun(const ir::TransitionSystem& ts, const EngineOptions& o);

  const ir::TransitionSystem& ts;
  const EngineOptions& o;
  Clock::time_point t0;
  EngineResult res;  // one verdict per property asked about
  std::shared_ptr<ProofCache> cache;
  // Where progress goes: the caller's sink, or a worker's own (engine.cpp).
  ProgressSink* sink = nullptr;

  std::unique_ptr<Backend> make(Use use = Use::Warm) { return factory_->make(use); }
  // The backends of these solvers, behind the proof cache if there is one.
  std::unique_ptr<BackendFactory> factory_for(SolverOptions solvers);

  // Every query goes through here: the per-query limit (`limit_s`, else
  // --timeout), cut to what is left of the overall limit.
  Answer ask(Backend& b, const std::vector<Formula>& tracked = {}, std::vector<int>* core = nullptr, double limit_s = 0);
  double budget(double limit_s = 0) const;
  bool out_of_time() const;
  std::string why(const Backend& b) const;
  // The incremental solver is fast on linear queries and poor on nonlinear
  // ones; it gets a short budget before the query is retried on a fresh solver.
  double incremental_budget() const { return std::min(o.timeout_s, 1.0); }
  // The unsat-core queries that name a proof's lemmas (induction.cpp).
  double lemma_core_budget() const { return std::min(o.timeout_s, 2.0); }
  void progress(const char* engine, const std::string& property, int depth = -1) const {
    if (sink) sink->update({engine, property, depth});
  }

  Verdict* find(bool step, int index);
  std::size_t index_of(const Verdict& v) const { return static_cast<std::size_t>(&v - res.verdicts.data()); }
  bool in_body(const Verdict& v) const { return v.step && ts.steps[static_cast<std::size_t>(v.index)].in_body; }
  ir::NodeId holds(const Verdict& v) const {
    return v.step ? ts.steps[static_cast<std::size_t>(v.index)].holds : ts.invariants[static_cast<std::size_t>(v.index)].holds;
  }

  // Reads the run of `k` steps out of the model of the last Sat check. The
  // last step of a step property is taken by `last_action`.
  interp::Trace read_trace(Backend& b, const Verdict& v, int k, int last_action);
  // A shortest attack of `k` steps, confirmed by the interpreter.
  void found(Verdict& v, Backend& b, int k, int last_action);
  // The one step that breaks induction, from the model of the failed
  // consecution query (pre-state 0, post-state 1).
  void counterexample_to_induction(Verdict& v, Backend& b, int last_action);

 private:
  // The interpreter must see what the solver saw; a disagreement is an internal error.
  void confirm(const Verdict& v, const interp::Trace& t, const char* what);
  static bool query_log();  // BULWARK_QUERY_LOG
  void log_query(const Backend& b, Answer r, double limit, std::size_t tracked, Clock::time_point asked) const;
  std::unique_ptr<BackendFactory> factory_;
};

// What the proof engines hand on about the properties (verdicts by index).
struct ProofState {
  std::vector<int> proved;                       // invariants Houdini proved: the lemmas of later proofs
  std::set<std::size_t> induction_failed;        // not 1-inductive (not_inductive unless proved later)
  std::map<std::size_t, std::string> chc_notes;  // what CHC found, when it proved nothing
  std::set<std::size_t> chc_reachable;           // what Spacer found breakable
  std::unique_ptr<BackendFactory> lemma_factory;  // induction.cpp, lemmas_for

  std::vector<std::string> proved_names(const ir::TransitionSystem& ts) const;
  std::vector<ir::NodeId> proved_nodes(const ir::TransitionSystem& ts) const;
  void failed_induction(const EngineRun& run, int invariant);
};

std::string join(const std::vector<std::string>& xs);

// The engines, one file each, in the order the scheduler (engine.cpp) runs them.
// sanity.cpp: an initial state exists (false: the input is in error) and no
// property is a tautology; after the search, actions never enabled.
bool run_sanity(EngineRun& run);
void run_dead_actions(EngineRun& run);
// induction.cpp: Houdini over the invariants; then the one-step obligations of
// the step properties from the proved invariants.
void run_induction(EngineRun& run, ProofState& st);
void run_step_obligations(EngineRun& run, ProofState& st);
// bmc.cpp: incremental bounded search to `depth` for the unproved properties
// (only those in `only`, by verdict index, if given).
void run_bmc(EngineRun& run, int depth, const std::set<std::size_t>* only = nullptr);
// k_induction.cpp: k-induction for verdict `i` if it is an invariant that failed 1-induction.
void run_k_induction(EngineRun& run, ProofState& st, std::size_t i);
// chc.cpp: Spacer for verdict `i` if it is an invariant still open, its invariant re-checked.
void run_chc(EngineRun& run, ProofState& st, std::size_t i);

}  // namespace bulwark::solver

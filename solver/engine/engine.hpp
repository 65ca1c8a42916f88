// `bulwark check`: sanity, induction (Houdini over the invariants), one-step
// obligations for step properties, then incremental bounded model checking
// for whatever is not proved. Every trace is replayed by the interpreter.
#pragma once
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "solver/smt/backend.hpp"
#include "solver/engine/progress.hpp"
#include "solver/engine/verdict.hpp"

namespace bulwark::solver {

// Which proof engines run (bounded search runs after them for what is left).
// Induction (Houdini) always runs first; auto adds k-induction, then CHC, for
// what is true but not 1-inductive; kinduction and chc add only that one.
enum class ProofEngine { Auto, Induction, KInduction, Chc };

// The spec compiled again with `extra` appended to its source: how a CHC
// invariant, printed in spec syntax, is read back and re-checked. The front
// end lives above the engines, so the caller supplies it.
struct Recompiled {
  std::shared_ptr<const ir::TransitionSystem> ts;  // null if the front end rejected it
  std::string error;
};
using Recompile = std::function<Recompiled(const std::string& extra)>;

// A sanity finding that does not stop the run (docs/diagnostics.md):
// W0401 init undecided, W0402 tautology, W0403 dead action.
struct Warning {
  std::string code;
  Span span;  // empty when the finding has no single place
  std::string message;
};

struct EngineResult {
  std::vector<Verdict> verdicts;
  std::vector<Warning> warnings;
  std::optional<std::string> input_error;     // e.g. init and assumes are unsatisfiable (exit 3)
  std::optional<std::string> internal_error;  // e.g. a trace the interpreter does not confirm (exit 4)
  BackendStats stats;                         // encode and solve time over every query
  double replay_s = 0;                        // the interpreter confirming traces
  std::size_t units = 0;                      // per-property units run after the shared phase
  std::size_t workers = 0;                    // of those, how many ran in worker processes
};

// How the per-property phase is farmed out (engine.cpp's schedule,
// docs/engines.md). `units` pieces of work, each `work(k, sink)` a function
// of the state the engines reached before it (a forked worker inherits that
// state), are run, possibly at once in worker processes, and each one's
// result handed back in unit order. `sink`: where unit k shows its progress
// (null: nowhere). `seconds_left`: the overall time limit (0: none); a worker
// still running a moment after it is killed.
struct FarmedUnit {
  std::optional<EngineResult> result;  // none: the worker was lost
  bool killed = false;                 // killed at the overall time limit
  std::string died;                    // else how it died without a result (an internal error)
  bool in_worker = false;              // it ran in a worker process, not in the caller's
};
using UnitWork = std::function<EngineResult(std::size_t unit, ProgressSink* sink)>;
using Farm = std::function<std::vector<FarmedUnit>(std::size_t units, double seconds_left, const UnitWork& work)>;

struct EngineOptions {
  int depth = 10;
  double timeout_s = 30;               // per solver query
  double total_timeout_s = 0;          // for the whole run (0: none); what is left is unknown
  std::optional<std::set<std::string>> only;  // only these properties (--property, --shard)
  bool prove = true;                   // run induction
  bool bmc = true;                     // run bounded search
  ProofEngine engine = ProofEngine::Auto;
  int max_k = 4;                       // k-induction tries k = 2 .. max_k
  SolverOptions solver;                // which solvers answer (default: Z3 and cvc5 racing)
  std::string cache_dir;               // the proof cache's directory; empty: no cache
  Recompile recompile;                 // for CHC certificates; without it CHC proves nothing
  ProgressSink* progress = nullptr;    // told what runs (engine, property, depth); may be null
  // Runs the per-property units (null: one after another in this process).
  // The results do not depend on it: each unit starts from the same state
  // and uses solvers of its own.
  Farm farm;
};

EngineResult run_engines(const ir::TransitionSystem& ts, const EngineOptions& options);

}  // namespace bulwark::solver

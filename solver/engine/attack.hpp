// `bulwark attack`: optimisation over the bounded unrolling. For each depth
// d = 0..K, the best run of exactly d steps by an objective, with a proved
// bound: exact by OMT when the query is linear, else by bisection on the
// objective where every bound is a bounded query (sat: a better run; unsat:
// the bound is proved), with the gap that is left stated. Every best run is
// replayed by the interpreter, which also recomputes its objective value.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "dsl/interp/interpreter.hpp"
#include "dsl/value/simplest_rational.hpp"
#include "solver/smt/backend.hpp"
#include "solver/engine/progress.hpp"

namespace bulwark::solver {

struct AttackOptions {
  int depth = 4;
  double timeout_s = 30;        // per solver query
  double total_timeout_s = 0;   // for the whole run (0: none)
  bool maximize = true;
  // The objective: a measure (index into ts.measures). Maximised at the last
  // state of the run; under `violate`, evaluated in the initial state (what
  // the attacker must have or control before the attack: a cost).
  int measure = -1;
  // --violate: the run must end by breaking this property (index into
  // ts.invariants, or into ts.steps when `violate_step`).
  std::optional<int> violate;
  bool violate_step = false;
  double gap = 1e-6;            // bisection stops when the gap is at most gap * max(1, |bound|)
  int max_queries = 200;        // bisection queries per depth
  ProgressSink* progress = nullptr;  // told the depth being optimised; may be null
  // Depths below this are not searched (`bulwark stress` asks about the
  // length of its worst sampled run only).
  int from_depth = 0;
  // When not empty: only runs of exactly these actions, step by step (their
  // arguments, the params and the initial state stay free): the prover seeded
  // with a sampled run's action sequence. Set depth = from_depth = its size.
  std::vector<int> actions;
};

struct DepthOptimum {
  int depth = 0;
  enum Kind {
    Exact,       // best == bound (or the supremum `bound` is not attained: see strict)
    Gap,         // best <= optimum <= bound (maximising), bound proved, gap left
    Unbounded,   // for every X some run of this depth goes past X (proved by OMT)
    NoBound,     // inconclusive: runs passed every candidate bound tried, up to `best`; not a proof
    NoRun,       // no run of exactly this depth (with the violation, if asked)
    Unknown,     // the solver gave up; best (if any) and bound (if any) so far
  } kind = Unknown;
  std::optional<Value> best;   // the objective on `trace`, computed by the interpreter
  std::optional<Value> bound;  // proved: no run of this depth goes past it
  bool strict = false;         // the bound is a supremum no run reaches
  std::string method;          // "omt", "bisection", "omt+bisection", "omt on a linear restriction"
  std::string reason;          // for Unknown and NoBound
  // Unbounded on a nonlinear query: the cells and params fixed to the best
  // run's values to make it linear ("price"); the runs left are runs of the spec.
  std::string fixed;
  std::string left_out;        // and the actions left out of those runs ("set")
  std::optional<interp::Trace> trace;
  int queries = 0;
  double time_s = 0;
};

struct AttackResult {
  std::vector<DepthOptimum> depths;
  std::optional<std::string> internal_error;  // a run the interpreter does not confirm
  BackendStats stats;
  double replay_s = 0;
};

// Over runs of at most K steps: the best run of all depths, and whether the
// depths together prove a bound (every depth bounded or without a run).
struct AttackSummary {
  int best = -1;                 // index into depths of the best run; -1: no run at all
  std::optional<Value> bound;    // proved over every depth (the loosest of their bounds)
  bool strict = false;           // that bound is a supremum no run reaches
  bool unbounded = false;        // some depth is unbounded
  bool no_bound = false;         // some depth found no bound (runs kept growing), unproved
  bool inconclusive = false;     // some depth gave up: the bound is not proved
  bool gap = false;              // some depth's bound is only within a gap
};
AttackSummary summarize(const AttackResult& r, bool maximize);

AttackResult run_attack(const ir::TransitionSystem& ts, const AttackOptions& options);

const char* to_string(DepthOptimum::Kind k);

// Where bisections probe first (dsl/value/simplest_rational.hpp).
using arith::simplest_between;

}  // namespace bulwark::solver

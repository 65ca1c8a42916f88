// Runs of the spec on a backend: asserted (for bounded queries) and read
// back from a model (as traces the interpreter replays).
//
// The run of the last Sat check's model: params, state 0 and `k` steps
// (action, arguments, post-state), as the interpreter replays it. With
// `last_action` >= 0, the last step is that action's (a query on one action
// has no selector to read).
#pragma once
#include "dsl/interp/interpreter.hpp"
#include "solver/smt/backend.hpp"

namespace bulwark::solver {

// The base of every query: params allowed by the assumes, a well-typed state 0.
void add_base(const ir::TransitionSystem& ts, Backend& b);
// The base with state 0 initial, then k transitions: every run of k steps.
void add_runs_from_init(const ir::TransitionSystem& ts, Backend& b, int k);

// With `actions`, step s is actions[s] (every step's action was fixed: no selector to read).
interp::Trace model_trace(const ir::TransitionSystem& ts, Backend& b, int k, int last_action = -1,
                          const std::vector<int>* actions = nullptr);

// A bounded check seeded with a run's action sequence (`bulwark stress
// --prove`): is there a run of exactly these actions (their arguments, the
// params and the initial state free) whose last state breaks invariant
// `property` (or whose last step breaks step property `property`)? Sat
// confirms a sampled violation; on Z3 alone.
Answer seeded_violation(const ir::TransitionSystem& ts, const std::vector<int>& actions, bool step_property,
                        int property, double timeout_s);

}  // namespace bulwark::solver

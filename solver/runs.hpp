// The run of the last Sat check's model: params, state 0 and `k` steps
// (action, arguments, post-state), as the interpreter replays it.
#pragma once
#include "dsl/interp/interpreter.hpp"
#include "solver/backend.hpp"

namespace bulwark::solver {

interp::Trace model_trace(const ir::TransitionSystem& ts, Backend& b, int k);

}  // namespace bulwark::solver

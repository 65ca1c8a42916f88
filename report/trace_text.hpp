// Traces as text (DESIGN.md "Traces") and as ITF JSON (Apalache/Quint's
// Informal Trace Format).
#pragma once
#include <nlohmann/json.hpp>
#include <string>

#include "dsl/interp/interpreter.hpp"

namespace bulwark::report {

// The property a trace breaks.
const ir::Property& broken_property(const ir::TransitionSystem& ts, const interp::Trace& t);
std::string location(const ir::TransitionSystem& ts, Span span);  // "lending.bwk:51:11"

// One block per step with only the changed cells, then the broken property and
// the values of its sub-terms in the state (or step) where it breaks.
std::string trace_text(const ir::TransitionSystem& ts, const interp::Trace& t);

// A step as `[env ]action(arg = value, ...)`, and the cells it changed as
// `cell: before -> after` (nothing for a reverted step).
std::string step_call(const ir::TransitionSystem& ts, const interp::Step& s);
std::vector<std::string> step_changes(const ir::TransitionSystem& ts, const interp::State& pre, const interp::Step& s);

// Each measure's value in state `s` (ts.measures order).
std::vector<Value> measure_values(interp::Interpreter& in, const std::vector<Value>& params, const interp::State& s);

// The trace in ITF: the initial state plus one state per step.
nlohmann::json trace_itf(const ir::TransitionSystem& ts, const interp::Trace& t);

}  // namespace bulwark::report

// TypedSpec -> TransitionSystem: maps become cells, quantifiers and `for`
// unroll, defs inline, statements become SSA with if/else merged, and the
// implicit properties (division by zero, asserts) are made explicit.
#pragma once
#include <optional>

#include "dsl/check/typed_spec.hpp"
#include "dsl/diag/diagnostics.hpp"
#include "dsl/ir/transition_system.hpp"

namespace bulwark {

inline constexpr std::size_t kMaxCells = 100'000;

std::optional<ir::TransitionSystem> lower_spec(const typed::TypedSpec& spec, Diagnostics& diags);

}  // namespace bulwark

// TypedSpec -> TransitionSystem: maps become cells, quantifiers and `for`
// unroll, defs inline, statements become SSA with if/else merged, and the
// implicit properties (division by zero, asserts) are made explicit.
#pragma once
#include <map>
#include <optional>
#include <string>

#include "dsl/check/typed_spec.hpp"
#include "dsl/diag/diagnostics.hpp"
#include "dsl/ir/transition_system.hpp"

namespace bulwark {

inline constexpr std::size_t kMaxCells = 100'000;

struct LowerOptions {
  // LANGUAGE.md: a step that would make a `nat` negative reverts. With this
  // set, each such update is also a property `nat_underflow@file:line:col`,
  // violated when a reachable step attempts it (the step still reverts): for
  // auditors who treat a reachable underflow revert as a bug (a stuck
  // withdrawal). Off by default, so the language's meaning is unchanged.
  bool nat_underflow_checks = false;
  // Params fixed to a value (by name): lowered as literals, so a product with
  // a fixed param stays linear (`bulwark tune` checks the spec per value).
  std::map<std::string, Value> fixed_params;
};

std::optional<ir::TransitionSystem> lower_spec(const typed::TypedSpec& spec, Diagnostics& diags,
                                               const LowerOptions& options = {});

}  // namespace bulwark

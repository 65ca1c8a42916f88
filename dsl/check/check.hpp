// Semantic check: names, types, sizes. AST -> TypedSpec, or diagnostics.
#pragma once
#include <map>
#include <optional>
#include <string>

#include "dsl/check/typed_spec.hpp"
#include "dsl/diag/diagnostics.hpp"

namespace bulwark {

// Largest finite sort (E0504 beyond it): a model checker wants small sorts.
inline constexpr int kMaxSortSize = 1000;

struct CheckOptions {
  std::map<std::string, int> sizes;  // --size S=N, validated here (E0502..E0504)
  // Constants given another value (`bulwark stress --sweep C=lo:hi:step`).
  std::map<std::string, Rational> const_values;
};

std::optional<typed::TypedSpec> check(const ast::ParsedSpec& spec, const CheckOptions& options, Diagnostics& diags);

}  // namespace bulwark

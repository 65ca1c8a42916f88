// A Z3 term (an invariant Spacer inferred) printed in spec syntax, so a user can
// paste it into the spec and the front end can read it back: that round trip
// is how a CHC proof is re-checked (docs/engines.md).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <z3++.h>

namespace bulwark::solver {

// `names[i]` is how bound variable i (argument i of the invariant's relation)
// is written; an element of a finite sort is written by its name. On a
// construct with no spec syntax (a quantifier, Euclidean division by a
// non-constant), nullopt, and `why` says which.
std::optional<std::string> to_spec_syntax(const z3::expr& e, const std::vector<std::string>& names,
                                          std::string& why);

}  // namespace bulwark::solver

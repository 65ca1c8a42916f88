// Exact meaning of one IR operator on concrete values. Shared by constant
// folding and the interpreter; the SMT encoding has its own, independent one.
#pragma once
#include <span>

#include "dsl/ir/transition_system.hpp"

namespace bulwark::ir {

// `kids` are the operand values; And/Or take any number. Division by zero gives 0
// (the lowering turns every possibly-zero divisor into a property).
Value eval_op(Op op, std::span<const Value* const> kids);

}  // namespace bulwark::ir

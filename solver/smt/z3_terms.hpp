// The Z3 backend's encoding as Z3 terms, for solver-side code that builds its
// own Z3 problem from the same terms (the CHC clauses, chc.cpp). It includes
// z3++.h: only smt/*.cpp may include it, never a header the engines see.
#pragma once
#include <z3++.h>

#include <memory>

#include "solver/smt/backend.hpp"

namespace bulwark::solver {

class Z3Terms {
 public:
  virtual ~Z3Terms() = default;
  virtual z3::context& ctx() = 0;
  virtual z3::expr state_types(int k) = 0;  // state k is well-typed (nat cells >= 0)
  virtual z3::expr transition(int k) = 0;   // some action steps from state k to k+1
  virtual z3::expr term(const Formula& f) = 0;
  // Every constant of state k; the params; what step k chooses (its action
  // selector and every action's arguments).
  virtual z3::expr_vector state_vars(int k) = 0;
  virtual z3::expr_vector param_vars() = 0;
  virtual z3::expr_vector choice_vars(int k) = 0;
};

// Conjunction and disjunction that print as SMT-LIB: Z3 writes an empty
// mk_and as a bare `and`, which cvc5 (rightly) rejects in exported scripts.
inline z3::expr all_of(z3::context& ctx, const z3::expr_vector& v) { return v.empty() ? ctx.bool_val(true) : z3::mk_and(v); }
inline z3::expr any_of(z3::context& ctx, const z3::expr_vector& v) { return v.empty() ? ctx.bool_val(false) : z3::mk_or(v); }

std::unique_ptr<Z3Terms> make_z3_terms(const ir::TransitionSystem& ts);

}  // namespace bulwark::solver

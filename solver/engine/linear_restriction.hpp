// A linear restriction of a nonlinear query: the cells and params that, once
// fixed to constants, leave every product and division linear. `bulwark
// attack` uses it to prove a nonlinear objective unbounded: fixing some
// unknowns to a found run's values only removes runs, so if the objective is
// unbounded over the runs that are left (a linear query, which OMT decides),
// it is unbounded over all of them.
#pragma once
#include <optional>
#include <unordered_map>
#include <vector>

#include "dsl/interp/interpreter.hpp"
#include "dsl/ir/transition_system.hpp"
#include "solver/smt/backend.hpp"

namespace bulwark::solver {

struct Restriction {
  std::vector<int> cells;   // fixed in every state of the run
  std::vector<int> params;
  std::vector<int> dropped_actions;  // left out: a product of their arguments stays nonlinear
};

// Greedy: the cell or param that completes a factor of the most products not
// yet linear is fixed first (a price shared by every `amount * price` goes
// before the amounts). A factor that reads an action argument cannot be fixed
// (arguments differ per step): an action with a product of two such factors
// is left out of the runs. Over the assumes, init and `roots` (the objective,
// the property to break); nullopt when a product there cannot be made
// linear, an empty restriction when everything is linear already.
// Among leaves that help as many products, the one smallest in `run` (the
// largest magnitude over its states) is fixed first: what grows in a run that
// passes every bound is what must stay free.
std::optional<Restriction> linearizing_restriction(const ir::TransitionSystem& ts, const std::vector<ir::NodeId>& roots,
                                                   const interp::Trace& run);

// The runs of `depth` steps in which the restriction's cells take the values
// they have in run `t` at every step, and its params `t`'s values: the spec
// with every read of them replaced by those values, so its queries are
// linear as written (Z3's optimiser was seen to return a wrong finite
// optimum when it was left to substitute asserted values itself). The
// values differ per step, so each action is copied once per step, and a
// hidden step counter (the last cell) picks the copy.
class RestrictedRuns {
 public:
  RestrictedRuns(const ir::TransitionSystem& ts, const Restriction& r, const interp::Trace& t, int depth);
  const ir::TransitionSystem& system() const { return ts_; }
  // `node` of the original spec as read in state `k`, the fixed values put in.
  ir::NodeId in_state(ir::NodeId node, int k);
  // Fixed cells equal to their values in every state, fixed params to theirs
  // (the substitution leaves them unconstrained, and traces read them).
  const std::vector<Formula>& fixed() const { return fixed_; }
  // A run of this system as the run of the original spec that it is.
  interp::Trace original_run(interp::Trace t) const;

 private:
  ir::TransitionSystem ts_;
  std::vector<std::unordered_map<ir::NodeId, ir::NodeId>> per_state_;  // leaf -> its value, per state
  std::vector<Formula> fixed_;
  std::size_t actions_ = 0, cells_ = 0;  // the original's
};

}  // namespace bulwark::solver

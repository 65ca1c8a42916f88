// The concrete interpreter: evaluates the IR exactly (unbounded integers and
// rationals) on given params, states and action arguments. It is the referee
// that confirms every trace, so it shares no code with the SMT encoding.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "dsl/ir/transition_system.hpp"

namespace bulwark::interp {

using State = std::vector<Value>;  // one value per cell

class Interpreter {
 public:
  explicit Interpreter(const ir::TransitionSystem& ts);

  // Evaluation context; pointers must outlive the next eval() calls.
  void bind(const std::vector<Value>* params, const State* pre, const State* post = nullptr,
            const std::vector<Value>* args = nullptr);
  const Value& eval(ir::NodeId id);
  bool holds(ir::NodeId id) { return eval(id).as_bool(); }

  bool assumes_hold(const std::vector<Value>& params);
  bool init_holds(const std::vector<Value>& params, const State& s);
  bool enabled(int action, const std::vector<Value>& params, const State& pre, const std::vector<Value>& args);
  State apply(int action, const std::vector<Value>& params, const State& pre, const std::vector<Value>& args);
  // Indexes into ts.invariants broken in `s`.
  std::vector<int> broken_invariants(const std::vector<Value>& params, const State& s);
  // Indexes into ts.steps of the in-body checks (asserts, divisions) that an
  // attempt of `action` breaks, whether or not the step is enabled.
  std::vector<int> broken_checks(int action, const std::vector<Value>& params, const State& pre,
                                 const std::vector<Value>& args);
  // The same for the attempt that the last enabled() call evaluated (its
  // params, pre-state and args unchanged since): the values it memoised stay
  // valid, because enabled() never reads a post-state, so the guards' shared
  // sub-terms are not computed twice.
  std::vector<int> broken_checks_after_enabled(int action);
  // Indexes into ts.steps broken by this step.
  std::vector<int> broken_steps(int action, const std::vector<Value>& params, const State& pre, const State& post,
                                const std::vector<Value>& args);

  const ir::TransitionSystem& system() const { return ts_; }

 private:
  const Value& compute(ir::NodeId id);
  std::vector<int> checks_broken(int action);
  const ir::TransitionSystem& ts_;
  std::vector<Value> cache_;
  std::vector<const Value*> where_;  // where node i's value lives in the current epoch
  std::vector<std::uint32_t> stamp_;
  std::uint32_t epoch_ = 1;
  const std::vector<Value>* params_ = nullptr;
  const State* pre_ = nullptr;
  const State* post_ = nullptr;
  const std::vector<Value>* args_ = nullptr;
};

// A run: params, an initial state and steps, ending in a broken property.
struct Step {
  int action = 0;
  std::vector<Value> args;
  State post;
  bool reverted = false;  // the last step broke an in-body check, then a `require` reverted it
};
struct Trace {
  std::vector<Value> params;
  State init;
  std::vector<Step> steps;
  bool step_property = false;  // the broken property is in ts.steps (else ts.invariants)
  int property = 0;  // -1: a run that need break nothing (an optimum of `bulwark attack`)
  // False for a counterexample to induction: its first state is any state
  // that satisfies the invariants assumed, reachable or not, so `init` is not
  // required of it.
  bool from_init = true;
};

// Replays a trace from its initial state: assumes and init hold (init only if
// `from_init`), every step is
// enabled and produces the recorded state, and the property breaks exactly at
// the end (not before). Returns an explanation of the first disagreement.
std::optional<std::string> replay(const ir::TransitionSystem& ts, const Trace& trace);

}  // namespace bulwark::interp

#include "solver/engine/runs.hpp"

#include "solver/smt/obligation.hpp"

namespace bulwark::solver {

void add_base(const ir::TransitionSystem& ts, Backend& b) { add(b, base(ts, Obligation::Kind::Bounded)); }

void add_runs_from_init(const ir::TransitionSystem& ts, Backend& b, int k) { add(b, runs_from_init(ts, k)); }

interp::Trace model_trace(const ir::TransitionSystem& ts, Backend& b, int k, int last_action,
                          const std::vector<int>* actions) {
  interp::Trace t;
  for (std::size_t i = 0; i < ts.params.size(); ++i) t.params.push_back(b.param(static_cast<int>(i)));
  for (std::size_t c = 0; c < ts.cells.size(); ++c) t.init.push_back(b.cell(0, static_cast<int>(c)));
  for (int s = 0; s < k; ++s) {
    interp::Step st;
    st.action = actions ? (*actions)[static_cast<std::size_t>(s)]
                : last_action >= 0 && s + 1 == k ? last_action : b.action_at(s);
    const auto& act = ts.actions[static_cast<std::size_t>(st.action)];
    for (std::size_t i = 0; i < act.args.size(); ++i) st.args.push_back(b.arg(s, st.action, static_cast<int>(i)));
    for (std::size_t c = 0; c < ts.cells.size(); ++c) st.post.push_back(b.cell(s + 1, static_cast<int>(c)));
    t.steps.push_back(std::move(st));
  }
  return t;
}

Answer seeded_violation(const ir::TransitionSystem& ts, const std::vector<int>& actions, bool step_property,
                        int property, double timeout_s) {
  int k = static_cast<int>(actions.size());
  if (step_property && k == 0) return Answer::Unknown;
  Obligation o = runs_from_init(ts, 0);
  for (int s = 0; s < k; ++s) o.transition(s, actions[static_cast<std::size_t>(s)]).state_types(s + 1);
  if (step_property) o.breaks(ts.steps[static_cast<std::size_t>(property)].holds, on_step(k - 1, actions.back()));
  else o.breaks(ts.invariants[static_cast<std::size_t>(property)].holds, in_state(k));
  auto b = make_z3_backend(ts);
  add(*b, o);
  return b->check(timeout_s);
}

}  // namespace bulwark::solver

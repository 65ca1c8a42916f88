#include "solver/engine/runs.hpp"

namespace bulwark::solver {

void add_base(const ir::TransitionSystem& ts, Backend& b) {
  for (ir::NodeId a : ts.assumes) b.add({a, {}});
  b.add_state_types(0);
}

void add_runs_from_init(const ir::TransitionSystem& ts, Backend& b, int k) {
  add_base(ts, b);
  for (ir::NodeId i : ts.init) b.add({i, {}});
  for (int s = 0; s < k; ++s) {
    b.add_transition(s);
    b.add_state_types(s + 1);
  }
}

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
  auto b = make_z3_backend(ts);
  add_base(ts, *b);
  for (ir::NodeId i : ts.init) b->add({i, {}});
  int k = static_cast<int>(actions.size());
  for (int s = 0; s < k; ++s) {
    b->add_transition(s, actions[static_cast<std::size_t>(s)]);
    b->add_state_types(s + 1);
  }
  if (step_property) {
    if (k == 0) return Answer::Unknown;
    b->add({ts.steps[static_cast<std::size_t>(property)].holds, Frame{k - 1, k, k - 1, actions.back()}, true});
  } else {
    b->add({ts.invariants[static_cast<std::size_t>(property)].holds, Frame{k, k + 1, k, -1}, true});
  }
  return b->check(timeout_s);
}

}  // namespace bulwark::solver

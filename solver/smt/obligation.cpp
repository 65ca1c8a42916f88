#include "solver/smt/obligation.hpp"

namespace bulwark::solver {

void add(Backend& b, const Obligation& o) {
  for (const auto& p : o.parts) switch (p.what) {
      case Obligation::Part::Assume: b.add(p.f); break;
      case Obligation::Part::StateTypes: b.add_state_types(p.a); break;
      case Obligation::Part::Transition: b.add_transition(p.a, p.b); break;
      case Obligation::Part::Distinct: b.add_distinct_states(p.a, p.b); break;
    }
  if (o.goal) b.add(*o.goal);
}

Obligation base(const ir::TransitionSystem& ts, Obligation::Kind kind) {
  Obligation o;
  o.kind = kind;
  for (ir::NodeId a : ts.assumes) o.assume({a, in_state(0)});
  return o.state_types(0);
}

Obligation runs_from_init(const ir::TransitionSystem& ts, int k, Obligation::Kind kind) {
  Obligation o = base(ts, kind);
  for (ir::NodeId i : ts.init) o.assume({i, in_state(0)});
  for (int s = 0; s < k; ++s) o.transition(s).state_types(s + 1);
  return o;
}

Obligation& bounded_violation(const ir::TransitionSystem& ts, Obligation& o, bool step, int property, int k, int action) {
  if (!step) return o.breaks(ts.invariants[static_cast<std::size_t>(property)].holds, in_state(k));
  const auto& p = ts.steps[static_cast<std::size_t>(property)];
  o.state_types(k);
  if (!p.in_body) o.transition(k - 1, action);
  return o.breaks(p.holds, on_step(k - 1, action));
}

Obligation initiation(const ir::TransitionSystem& ts) {
  Obligation o;
  o.kind = Obligation::Kind::Initiation;
  for (ir::NodeId i : ts.init) o.assume({i, in_state(0)});
  return o;
}

Obligation consecution(const ir::TransitionSystem& ts, int action, const std::vector<ir::NodeId>& candidates) {
  (void)ts;
  Obligation o;
  o.kind = Obligation::Kind::Consecution;
  o.transition(0, action);
  for (ir::NodeId c : candidates) o.assume({c, in_state(0)});
  return o;
}

Obligation one_step(const ir::TransitionSystem& ts, int step_property, int action) {
  const auto& p = ts.steps[static_cast<std::size_t>(step_property)];
  Obligation o;
  o.kind = Obligation::Kind::OneStep;
  if (!p.in_body) o.transition(0, action);
  return o.breaks(p.holds, on_step(0, action));
}

const char* to_string(Obligation::Kind k) {
  switch (k) {
    case Obligation::Kind::Sanity: return "sanity";
    case Obligation::Kind::Initiation: return "init";
    case Obligation::Kind::Consecution: return "step";
    case Obligation::Kind::OneStep: return "step";
    case Obligation::Kind::Lemmas: return "lemmas";
    case Obligation::Kind::KInduction: return "kind";
    case Obligation::Kind::Bounded: return "bmc";
  }
  return "?";
}

}  // namespace bulwark::solver

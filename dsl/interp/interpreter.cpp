#include "dsl/interp/interpreter.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "dsl/ir/eval_op.hpp"

namespace bulwark::interp {

using ir::NodeId;
using ir::Op;

Interpreter::Interpreter(const ir::TransitionSystem& ts) : ts_(ts) {}

namespace {
// An operator with more than four operands, out of line: its vector (and the
// unwinding it needs) would otherwise weigh on every node's evaluation.
[[gnu::noinline]] Value compute_many(Interpreter& in, const ir::Node& n) {
  std::vector<const Value*> kids;
  kids.reserve(n.kids.size());
  for (NodeId k : n.kids) kids.push_back(&in.eval(k));
  return ir::eval_op(n.op, kids);
}
}  // namespace

void Interpreter::bind(const std::vector<Value>* params, const State* pre, const State* post,
                       const std::vector<Value>* args) {
  params_ = params;
  pre_ = pre;
  post_ = post;
  args_ = args;
  if (cache_.size() < ts_.nodes.size()) {
    cache_.resize(ts_.nodes.size());
    stamp_.resize(ts_.nodes.size(), 0);
    where_.resize(ts_.nodes.size(), nullptr);
  }
  ++epoch_;  // invalidates every memoised value
}

const Value& Interpreter::eval(NodeId id) {
  if (stamp_[id] == epoch_) return *where_[id];
  return compute(id);
}

// Leaves and `ite` point at an existing value instead of copying it: copying
// big rationals is most of the cost of a simulation step.
const Value& Interpreter::compute(NodeId id) {
  const ir::Node& n = ts_.nodes[id];
  Value& out = cache_[id];
  const Value* at = &out;
  auto ref = static_cast<std::size_t>(n.ref);
  switch (n.op) {
    case Op::Lit: at = &ts_.nodes.literal(n); break;
    case Op::Var: at = &(*pre_)[ref]; break;
    case Op::Next: at = &(*post_)[ref]; break;
    case Op::Param: at = &(*params_)[ref]; break;
    case Op::Arg: at = &(*args_)[ref]; break;
    // Lazy forms: evaluate only what decides the result.
    case Op::And: {
      bool r = true;
      for (NodeId k : n.kids)
        if (!eval(k).as_bool()) { r = false; break; }
      out = Value::boolean(r);
      break;
    }
    case Op::Or: {
      bool r = false;
      for (NodeId k : n.kids)
        if (eval(k).as_bool()) { r = true; break; }
      out = Value::boolean(r);
      break;
    }
    case Op::Implies: out = Value::boolean(!eval(n.kids[0]).as_bool() || eval(n.kids[1]).as_bool()); break;
    case Op::Ite: at = &eval(eval(n.kids[0]).as_bool() ? n.kids[1] : n.kids[2]); break;
    default: {
      // Operators other than and/or take at most three operands: keep them on
      // the stack (a vector here was one malloc and free per node evaluated).
      auto count = n.kids.size();
      if (count > 4) {
        out = compute_many(*this, n);
        break;
      }
      const Value* small[4];
      for (std::size_t i = 0; i < count; ++i) small[i] = &eval(n.kids[i]);
      out = ir::eval_op(n.op, {small, count});
    }
  }
  stamp_[id] = epoch_;
  where_[id] = at;
  return *at;
}

bool Interpreter::assumes_hold(const std::vector<Value>& params) {
  bind(&params, nullptr);
  for (NodeId a : ts_.assumes)
    if (!holds(a)) return false;
  return true;
}

bool Interpreter::init_holds(const std::vector<Value>& params, const State& s) {
  bind(&params, &s);
  for (NodeId i : ts_.init)
    if (!holds(i)) return false;
  return true;
}

bool Interpreter::enabled(int action, const std::vector<Value>& params, const State& pre,
                          const std::vector<Value>& args) {
  bind(&params, &pre, nullptr, &args);
  for (const auto& g : ts_.actions[static_cast<std::size_t>(action)].guards)
    if (!holds(g.cond)) return false;
  return true;
}

State Interpreter::apply(int action, const std::vector<Value>& params, const State& pre,
                         const std::vector<Value>& args) {
  bind(&params, &pre, nullptr, &args);
  const auto& next = ts_.actions[static_cast<std::size_t>(action)].next;
  State post;
  post.reserve(next.size());
  for (NodeId n : next) post.push_back(eval(n));
  return post;
}

std::vector<int> Interpreter::broken_invariants(const std::vector<Value>& params, const State& s) {
  bind(&params, &s);
  std::vector<int> out;
  for (std::size_t i = 0; i < ts_.invariants.size(); ++i)
    if (!holds(ts_.invariants[i].holds)) out.push_back(static_cast<int>(i));
  return out;
}

std::vector<int> Interpreter::broken_checks(int action, const std::vector<Value>& params, const State& pre,
                                            const std::vector<Value>& args) {
  bind(&params, &pre, &pre, &args);
  return checks_broken(action);
}

std::vector<int> Interpreter::broken_checks_after_enabled(int action) {
  post_ = pre_;  // a reverted attempt leaves the state as it was; no new epoch
  return checks_broken(action);
}

std::vector<int> Interpreter::checks_broken(int action) {
  std::vector<int> out;
  for (std::size_t i = 0; i < ts_.steps.size(); ++i) {
    const auto& p = ts_.steps[i];
    if (p.in_body && p.action == action && !holds(p.holds)) out.push_back(static_cast<int>(i));
  }
  return out;
}

std::vector<int> Interpreter::broken_steps(int action, const std::vector<Value>& params, const State& pre,
                                           const State& post, const std::vector<Value>& args) {
  bind(&params, &pre, &post, &args);
  std::vector<int> out;
  for (std::size_t i = 0; i < ts_.steps.size(); ++i) {
    const auto& p = ts_.steps[i];
    if ((p.action == action || p.action == -1) && !holds(p.holds)) out.push_back(static_cast<int>(i));
  }
  return out;
}

std::optional<std::string> replay(const ir::TransitionSystem& ts, const Trace& t) {
  Interpreter in(ts);
  if (t.params.size() != ts.params.size() || t.init.size() != ts.cells.size())
    return "the trace does not match the spec's params or state";
  if (!in.assumes_hold(t.params)) return "the params break an assume";
  if (t.from_init && !in.init_holds(t.params, t.init)) return "the initial state does not satisfy init";
  auto contains = [](const std::vector<int>& v, int x) { return std::find(v.begin(), v.end(), x) != v.end(); };
  const State* cur = &t.init;
  for (std::size_t k = 0; k < t.steps.size(); ++k) {
    const Step& s = t.steps[k];
    bool last = k + 1 == t.steps.size();
    if (!t.step_property && contains(in.broken_invariants(t.params, *cur), t.property))
      return fmt::format("invariant `{}` is already broken before step {}",
                         ts.invariants[static_cast<std::size_t>(t.property)].name, k + 1);
    if (s.action < 0 || static_cast<std::size_t>(s.action) >= ts.actions.size()) return "unknown action in trace";
    if (s.args.size() != ts.actions[static_cast<std::size_t>(s.action)].args.size()) return "wrong number of arguments";
    if (s.reverted) {
      // An attempted step that breaks an in-body check and then reverts.
      if (!last || !t.step_property || !ts.steps[static_cast<std::size_t>(t.property)].in_body)
        return fmt::format("step {} is marked reverted but is not the violating attempt", k + 1);
      if (in.enabled(s.action, t.params, *cur, s.args))
        return fmt::format("step {} is marked reverted but is enabled", k + 1);
      if (!(s.post == *cur)) return fmt::format("reverted step {} changes the state", k + 1);
      if (!contains(in.broken_checks(s.action, t.params, *cur, s.args), t.property))
        return fmt::format("`{}` is not broken by the attempt of step {}", ts.steps[static_cast<std::size_t>(t.property)].name, k + 1);
      return std::nullopt;
    }
    if (!in.enabled(s.action, t.params, *cur, s.args))
      return fmt::format("step {} ({}) is not enabled", k + 1, ts.actions[static_cast<std::size_t>(s.action)].name);
    State post = in.apply(s.action, t.params, *cur, s.args);
    for (std::size_t c = 0; c < post.size(); ++c)
      if (!(post[c] == s.post[c]))
        return fmt::format("after step {}, {} is {} but the trace says {}", k + 1, ts.cells[c].name,
                           ir::print_value(ts, post[c], ts.cells[c].type),
                           ir::print_value(ts, s.post[c], ts.cells[c].type));
    if (t.step_property) {
      bool broken = contains(in.broken_steps(s.action, t.params, *cur, post, s.args), t.property);
      if (last && !broken)
        return fmt::format("`{}` is not broken by the last step", ts.steps[static_cast<std::size_t>(t.property)].name);
      if (!last && broken)
        return fmt::format("`{}` is already broken at step {}", ts.steps[static_cast<std::size_t>(t.property)].name, k + 1);
    }
    cur = &s.post;
  }
  if (!t.step_property && t.property >= 0 && !contains(in.broken_invariants(t.params, *cur), t.property))
    return fmt::format("invariant `{}` holds in the final state",
                       ts.invariants[static_cast<std::size_t>(t.property)].name);
  if (t.step_property && t.steps.empty()) return "a step property needs at least one step";
  return std::nullopt;
}

}  // namespace bulwark::interp

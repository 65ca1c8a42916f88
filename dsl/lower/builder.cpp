#include "dsl/lower/builder.hpp"

#include <algorithm>
#include <unordered_set>

#include "dsl/ir/eval_op.hpp"

namespace bulwark::lower {

NodeId Builder::add(ir::Node n) {
  if (a_.size() >= kMaxNodes) throw TooLarge("the lowered system has more than 1,000,000 nodes");
  return a_.add(std::move(n));
}

NodeId Builder::lit(const Value& v, Type t) { return add({Op::Lit, t, a_.intern(v), {}}); }

// Folds an operator whose operands are all literals; otherwise adds it.
NodeId Builder::fold_or_add(ir::Node n) {
  bool all_lit = !n.kids.empty();
  for (NodeId k : n.kids) all_lit &= is_lit(k);
  if (!all_lit) return add(std::move(n));
  std::vector<const Value*> vals;
  for (NodeId k : n.kids) vals.push_back(&value(k));
  return lit(ir::eval_op(n.op, vals), n.type);
}

namespace {
// Drops repeated operands, keeping first occurrences in order (linear time:
// unrolled quantifiers produce conjunctions with many thousands of operands).
std::vector<NodeId> dedupe(std::vector<NodeId> xs) {
  std::unordered_set<NodeId> seen;
  std::vector<NodeId> out;
  out.reserve(xs.size());
  for (NodeId x : xs)
    if (seen.insert(x).second) out.push_back(x);
  return out;
}
}  // namespace

NodeId Builder::not_(NodeId x) {
  if (a_[x].op == Op::Not) return a_[x].kids[0];
  return fold_or_add({Op::Not, {Type::Bool, -1}, -1, {x}});
}

NodeId Builder::and_(std::vector<NodeId> xs) {
  std::vector<NodeId> flat;
  for (NodeId x : xs) {
    if (is_true(x)) continue;
    if (is_false(x)) return boolean(false);
    if (a_[x].op == Op::And) flat.insert(flat.end(), a_[x].kids.begin(), a_[x].kids.end());
    else flat.push_back(x);
  }
  std::vector<NodeId> uniq = dedupe(std::move(flat));
  if (uniq.empty()) return boolean(true);
  if (uniq.size() == 1) return uniq[0];
  return add({Op::And, {Type::Bool, -1}, -1, std::move(uniq)});
}

NodeId Builder::or_(std::vector<NodeId> xs) {
  std::vector<NodeId> flat;
  for (NodeId x : xs) {
    if (is_false(x)) continue;
    if (is_true(x)) return boolean(true);
    if (a_[x].op == Op::Or) flat.insert(flat.end(), a_[x].kids.begin(), a_[x].kids.end());
    else flat.push_back(x);
  }
  std::vector<NodeId> uniq = dedupe(std::move(flat));
  if (uniq.empty()) return boolean(false);
  if (uniq.size() == 1) return uniq[0];
  return add({Op::Or, {Type::Bool, -1}, -1, std::move(uniq)});
}

NodeId Builder::implies(NodeId x, NodeId y) {
  if (is_true(x)) return y;
  if (is_false(x) || is_true(y) || x == y) return boolean(true);
  if (is_false(y)) return not_(x);
  return add({Op::Implies, {Type::Bool, -1}, -1, {x, y}});
}

NodeId Builder::ite(NodeId c, NodeId x, NodeId y) {
  if (is_true(c) || x == y) return x;
  if (is_false(c)) return y;
  if (a_[x].type.kind == Type::Bool) {
    if (is_true(x) && is_false(y)) return c;
    if (is_false(x) && is_true(y)) return not_(c);
  }
  return add({Op::Ite, a_[x].type, -1, {c, x, y}});
}

NodeId Builder::eq(NodeId x, NodeId y) {
  if (x == y) return boolean(true);
  if (y < x && !is_lit(x)) std::swap(x, y);  // canonical order keeps hash-consing effective
  return fold_or_add({Op::Eq, {Type::Bool, -1}, -1, {x, y}});
}

NodeId Builder::cmp(Op op, NodeId x, NodeId y) {
  if (x == y) return boolean(op == Op::Le);
  return fold_or_add({op, {Type::Bool, -1}, -1, {x, y}});
}

NodeId Builder::arith(Op op, NodeId x, NodeId y) {
  Type t = a_[x].type;
  auto is = [&](NodeId n, int v) {
    if (!is_lit(n)) return false;
    const Value& val = value(n);
    return val.kind == Value::Kind::Real ? val.as_rational() == v : val.as_int() == v;
  };
  switch (op) {
    case Op::Add:
      if (is(x, 0)) return y;
      if (is(y, 0)) return x;
      break;
    case Op::Sub:
      if (is(y, 0)) return x;
      break;
    case Op::Mul:
      if (is(x, 1)) return y;
      if (is(y, 1)) return x;
      if (is(x, 0) || is(y, 0)) return zero(t);
      break;
    case Op::Min:
    case Op::Max:
      if (x == y) return x;
      break;
    default: break;
  }
  return fold_or_add({op, t, -1, {x, y}});
}

NodeId Builder::unary(Op op, NodeId x) {
  Type t = a_[x].type;
  if (op == Op::ToReal) {
    if (t.kind == Type::Real) return x;
    t = {Type::Real, -1};
  }
  if (op == Op::Floor || op == Op::Ceil) {
    if (a_[x].op == Op::ToReal) return a_[x].kids[0];  // floor of an int is the int
    t = {Type::Int, -1};
  }
  if (op == Op::Neg && a_[x].op == Op::Neg) return a_[x].kids[0];
  return fold_or_add({op, t, -1, {x}});
}

NodeId Builder::muldiv(Op op, NodeId a, NodeId b, NodeId c) {
  return fold_or_add({op, {Type::Int, -1}, -1, {a, b, c}});
}

NodeId Builder::rebuild(const ir::Node& n, const std::vector<NodeId>& k) {
  switch (n.op) {
    case Op::Lit: case Op::Var: case Op::Next: case Op::Param: case Op::Arg: return add(n);
    case Op::Not: return not_(k[0]);
    case Op::And: return and_(k);
    case Op::Or: return or_(k);
    case Op::Implies: return implies(k[0], k[1]);
    case Op::Ite: return ite(k[0], k[1], k[2]);
    case Op::Eq: return eq(k[0], k[1]);
    case Op::Lt: case Op::Le: return cmp(n.op, k[0], k[1]);
    case Op::Add: case Op::Sub: case Op::Mul: case Op::Div: case Op::Mod: case Op::Min: case Op::Max:
      return arith(n.op, k[0], k[1]);
    case Op::Neg: case Op::Abs: case Op::Floor: case Op::Ceil: case Op::ToReal: return unary(n.op, k[0]);
    case Op::MulDivDown: case Op::MulDivUp: return muldiv(n.op, k[0], k[1], k[2]);
  }
  return add(n);
}

NodeId Builder::substitute(NodeId root, std::unordered_map<NodeId, NodeId>& map) {
  if (auto it = map.find(root); it != map.end()) return it->second;
  ir::Node n = a_[root];  // copy: the arena may grow below
  std::vector<NodeId> kids;
  bool changed = false;
  for (NodeId k : n.kids) {
    kids.push_back(substitute(k, map));
    changed |= kids.back() != k;
  }
  NodeId out = changed ? rebuild(n, kids) : root;
  map[root] = out;
  return out;
}

}  // namespace bulwark::lower

// Smart constructors for IR nodes: hash-consed, with constant folding and the
// algebraic identities that keep unrolled quantifiers and SSA merges small.
#pragma once
#include <stdexcept>
#include <unordered_map>

#include "dsl/ir/transition_system.hpp"

namespace bulwark::lower {

using ir::NodeId;
using ir::Op;
using ir::Type;

// Thrown when the lowered system would exceed the node budget (E0402).
struct TooLarge : std::runtime_error {
  using std::runtime_error::runtime_error;
};

inline constexpr std::size_t kMaxNodes = 1'000'000;

class Builder {
 public:
  explicit Builder(ir::Arena& arena) : a_(arena) {}

  NodeId lit(const Value& v, Type t);
  NodeId boolean(bool b) { return lit(Value::boolean(b), {Type::Bool, -1}); }
  NodeId integer(long v) { return lit(Value::integer(v), {Type::Int, -1}); }
  NodeId zero(Type t) { return t.kind == Type::Real ? lit(Value::real(0), t) : lit(Value::integer(0), t); }
  NodeId element(int sort, int index) { return lit(Value::element(index), {Type::Enum, sort}); }
  NodeId leaf(Op op, Type t, int ref) { return add({op, t, ref, {}}); }

  NodeId not_(NodeId x);
  NodeId and_(std::vector<NodeId> xs);
  NodeId or_(std::vector<NodeId> xs);
  NodeId and_(NodeId x, NodeId y) { return and_(std::vector<NodeId>{x, y}); }
  NodeId or_(NodeId x, NodeId y) { return or_(std::vector<NodeId>{x, y}); }
  NodeId implies(NodeId x, NodeId y);
  NodeId ite(NodeId c, NodeId x, NodeId y);
  NodeId eq(NodeId x, NodeId y);
  NodeId cmp(Op op, NodeId x, NodeId y);  // Lt, Le
  NodeId arith(Op op, NodeId x, NodeId y);  // Add Sub Mul Div Mod Min Max
  NodeId unary(Op op, NodeId x);            // Neg Abs Floor Ceil ToReal
  NodeId muldiv(Op op, NodeId a, NodeId b, NodeId c);

  // The same operator over new operands, through the smart constructors (so it folds).
  NodeId rebuild(const ir::Node& n, const std::vector<NodeId>& kids);
  // `root` with every node in `map` replaced by its image (memoised over the DAG).
  NodeId substitute(NodeId root, std::unordered_map<NodeId, NodeId>& map);

  const ir::Node& operator[](NodeId id) const { return a_[id]; }
  bool is_lit(NodeId id) const { return a_[id].op == Op::Lit; }
  bool is_true(NodeId id) const { return is_lit(id) && a_[id].type.kind == Type::Bool && a_.literal(a_[id]).as_bool(); }
  bool is_false(NodeId id) const { return is_lit(id) && a_[id].type.kind == Type::Bool && !a_.literal(a_[id]).as_bool(); }
  const Value& value(NodeId id) const { return a_.literal(a_[id]); }

 private:
  NodeId add(ir::Node n);
  NodeId fold_or_add(ir::Node n);
  ir::Arena& a_;
};

}  // namespace bulwark::lower

#include "dsl/ir/eval_op.hpp"

#include "dsl/value/small_rational.hpp"

namespace bulwark::ir {

namespace {
// Operands have the same type after lowering (widening is explicit), so no
// conversion (and no copy of a big rational) is needed on the hot path.
// The arithmetic goes through small_rational.hpp: 64-bit operands and results
// skip cpp_rational's gcds and divisions after every operation, most of a
// simulation step's time; anything larger takes the big path, exactly.
int compare(const Value& a, const Value& b) {
  if (a.kind == Value::Kind::Real && b.kind == Value::Kind::Real) return small::compare(a.q, b.q);
  if (a.kind != Value::Kind::Real && b.kind != Value::Kind::Real) return small::compare(a.i, b.i);
  return small::compare(a.as_rational(), b.as_rational());
}
bool is_real(const Value& v) { return v.kind == Value::Kind::Real; }
}  // namespace

Value eval_op(Op op, std::span<const Value* const> k) {
  switch (op) {
    case Op::Not: return Value::boolean(!k[0]->as_bool());
    case Op::And: {
      for (const Value* v : k)
        if (!v->as_bool()) return Value::boolean(false);
      return Value::boolean(true);
    }
    case Op::Or: {
      for (const Value* v : k)
        if (v->as_bool()) return Value::boolean(true);
      return Value::boolean(false);
    }
    case Op::Implies: return Value::boolean(!k[0]->as_bool() || k[1]->as_bool());
    case Op::Ite: return k[0]->as_bool() ? *k[1] : *k[2];
    case Op::Eq: return Value::boolean(*k[0] == *k[1]);
    case Op::Lt: return Value::boolean(compare(*k[0], *k[1]) < 0);
    case Op::Le: return Value::boolean(compare(*k[0], *k[1]) <= 0);
    case Op::Add: return is_real(*k[0]) ? Value::real(small::plus(k[0]->q, k[1]->q)) : Value::integer(small::plus(k[0]->i, k[1]->i));
    case Op::Sub: return is_real(*k[0]) ? Value::real(small::minus(k[0]->q, k[1]->q)) : Value::integer(small::minus(k[0]->i, k[1]->i));
    case Op::Mul: return is_real(*k[0]) ? Value::real(small::times(k[0]->q, k[1]->q)) : Value::integer(small::times(k[0]->i, k[1]->i));
    case Op::Div:
      if (is_real(*k[0])) return Value::real(small::quotient(k[0]->q, k[1]->q));
      return Value::integer(arith::div_trunc(k[0]->i, k[1]->i));
    case Op::Mod: return Value::integer(arith::mod_trunc(k[0]->i, k[1]->i));
    case Op::Neg: return is_real(*k[0]) ? Value::real(small::negated(k[0]->q)) : Value::integer(-k[0]->i);
    case Op::Min: return compare(*k[0], *k[1]) <= 0 ? *k[0] : *k[1];
    case Op::Max: return compare(*k[0], *k[1]) >= 0 ? *k[0] : *k[1];
    case Op::Abs:
      if (is_real(*k[0])) return small::sign(k[0]->q) < 0 ? Value::real(small::negated(k[0]->q)) : *k[0];
      return Value::integer(abs(k[0]->i));
    case Op::Floor: return Value::integer(arith::floor(k[0]->as_rational()));
    case Op::Ceil: return Value::integer(arith::ceil(k[0]->as_rational()));
    case Op::MulDivDown: return Value::integer(arith::mul_div_down(k[0]->i, k[1]->i, k[2]->i));
    case Op::MulDivUp: return Value::integer(arith::mul_div_up(k[0]->i, k[1]->i, k[2]->i));
    case Op::ToReal: return Value::real(k[0]->as_rational());
    default: break;
  }
  return Value::boolean(false);  // leaves are not operators
}

}  // namespace bulwark::ir

#include "dsl/ir/eval_op.hpp"

#include "dsl/value/value_arith.hpp"

namespace bulwark::ir {

// Operands have the same type after lowering (widening is explicit), so no
// conversion is needed on the hot path. The arithmetic is dsl/value/
// value_arith: numbers that fit in 64 bits are computed inline with 128-bit
// products, anything larger through cpp_int / cpp_rational, exactly.
using varith::compare;

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
    case Op::Add: return varith::add(*k[0], *k[1]);
    case Op::Sub: return varith::sub(*k[0], *k[1]);
    case Op::Mul: return varith::mul(*k[0], *k[1]);
    case Op::Div: return varith::div(*k[0], *k[1]);
    case Op::Mod: return varith::mod(*k[0], *k[1]);
    case Op::Neg: return varith::neg(*k[0]);
    case Op::Min: return compare(*k[0], *k[1]) <= 0 ? *k[0] : *k[1];
    case Op::Max: return compare(*k[0], *k[1]) >= 0 ? *k[0] : *k[1];
    case Op::Abs: return varith::abs(*k[0]);
    case Op::Floor: return varith::floor(*k[0]);
    case Op::Ceil: return varith::ceil(*k[0]);
    case Op::MulDivDown: return Value::integer(arith::mul_div_down(k[0]->as_int(), k[1]->as_int(), k[2]->as_int()));
    case Op::MulDivUp: return Value::integer(arith::mul_div_up(k[0]->as_int(), k[1]->as_int(), k[2]->as_int()));
    case Op::ToReal: return varith::to_real(*k[0]);
    default: break;
  }
  return Value::boolean(false);  // leaves are not operators
}

}  // namespace bulwark::ir

// The one IR -> solver-term encoding, shared by the Z3 and cvc5 backends and
// templated over a term builder, so the semantics are written once: int/nat
// as Int, real as Real; `/` on ints truncates toward zero and `%` follows it
// (not SMT-LIB's Euclidean div/mod); x / 0 is 0, exactly as in the
// interpreter (the division_by_zero properties are what report it); mulDiv
// rounds down or up. A builder B supplies `Term` and the operations used
// below (leaves, connectives, arithmetic); each backend keeps its own memo.
#pragma once
#include <map>
#include <tuple>
#include <vector>

#include "solver/smt/backend.hpp"

namespace bulwark::solver {

using EncodeKey = std::tuple<ir::NodeId, int, int, int, int>;  // node, frame (pre, post, step, action)

template <class B>
typename B::Term encode_node(const ir::TransitionSystem& ts, B& b, std::map<EncodeKey, typename B::Term>& memo,
                             ir::NodeId id, const Frame& f) {
  using Term = typename B::Term;
  using ir::Op;
  auto key = std::make_tuple(id, f.pre, f.post, f.step, f.action);
  if (auto it = memo.find(key); it != memo.end()) return it->second;
  const ir::Node& n = ts.nodes[id];
  auto k = [&](std::size_t i) { return encode_node(ts, b, memo, n.kids[i], f); };
  bool real = n.type.kind == ir::Type::Real;
  auto zero = [&](bool r) { return r ? b.real_val(0) : b.int_val(0); };
  // Truncating integer division from SMT-LIB's Euclidean `div` (0 <= a - b*q < |b|).
  auto trunc_div = [&](const Term& a, const Term& d) {
    Term q = b.int_div(a, d);
    Term exact = b.eq(b.int_mod(a, d), b.int_val(0));
    return b.ite(b.or2(b.ge(a, b.int_val(0)), exact), q,
                 b.ite(b.gt(d, b.int_val(0)), b.add(q, b.int_val(1)), b.sub(q, b.int_val(1))));
  };
  Term out = b.bool_val(false);
  switch (n.op) {
    case Op::Lit: out = b.literal(ts.nodes.literal(n), n.type); break;
    case Op::Var: out = b.cell(f.pre, n.ref); break;
    case Op::Next: out = b.cell(f.post, n.ref); break;
    case Op::Param: out = b.param(n.ref); break;
    case Op::Arg: out = b.arg(f.step, f.action, n.ref); break;
    case Op::Not: out = b.not_(k(0)); break;
    case Op::And:
    case Op::Or: {
      std::vector<Term> v;
      for (std::size_t i = 0; i < n.kids.size(); ++i) v.push_back(k(i));
      out = n.op == Op::And ? b.and_(v) : b.or_(v);
      break;
    }
    case Op::Implies: out = b.implies(k(0), k(1)); break;
    case Op::Ite: out = b.ite(k(0), k(1), k(2)); break;
    case Op::Eq: out = b.eq(k(0), k(1)); break;
    case Op::Lt: out = b.lt(k(0), k(1)); break;
    case Op::Le: out = b.le(k(0), k(1)); break;
    case Op::Add: out = b.add(k(0), k(1)); break;
    case Op::Sub: out = b.sub(k(0), k(1)); break;
    case Op::Mul: out = b.mul(k(0), k(1)); break;
    case Op::Neg: out = b.neg(k(0)); break;
    case Op::Div: {
      Term a = k(0), d = k(1);
      out = b.ite(b.eq(d, zero(real)), zero(real), real ? b.real_div(a, d) : trunc_div(a, d));
      break;
    }
    case Op::Mod: {
      Term a = k(0), d = k(1);
      out = b.ite(b.eq(d, b.int_val(0)), b.int_val(0), b.sub(a, b.mul(d, trunc_div(a, d))));
      break;
    }
    case Op::Min: out = b.ite(b.le(k(0), k(1)), k(0), k(1)); break;
    case Op::Max: out = b.ite(b.ge(k(0), k(1)), k(0), k(1)); break;
    case Op::Abs: out = b.ite(b.lt(k(0), zero(real)), b.neg(k(0)), k(0)); break;
    case Op::Floor: out = b.to_int(k(0)); break;
    case Op::Ceil: out = b.neg(b.to_int(b.neg(k(0)))); break;
    case Op::MulDivDown:
    case Op::MulDivUp: {
      Term a = k(0), m = k(1), c = k(2);
      Term q = b.real_div(b.to_real(b.mul(a, m)), b.to_real(c));
      Term r = n.op == Op::MulDivDown ? b.to_int(q) : b.neg(b.to_int(b.neg(q)));
      out = b.ite(b.eq(c, b.int_val(0)), b.int_val(0), r);
      break;
    }
    case Op::ToReal: out = b.to_real(k(0)); break;
  }
  memo.emplace(key, out);
  return out;
}

}  // namespace bulwark::solver

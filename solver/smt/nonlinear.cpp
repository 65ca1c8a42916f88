#include "solver/smt/nonlinear.hpp"

#include <fmt/format.h>

namespace bulwark::solver {

bool NonlinearScan::operator()(ir::NodeId id) {
  using ir::Op;
  if (id >= memo_.size()) memo_.resize(ts_.nodes.size(), -1);
  if (memo_[id] >= 0) return memo_[id];
  const ir::Node& n = ts_.nodes[id];
  auto lit = [&](std::size_t i) { return ts_.nodes[n.kids[i]].op == Op::Lit; };
  bool nl = false;
  switch (n.op) {
    case Op::Mul: nl = !lit(0) && !lit(1); break;
    case Op::Div:
    case Op::Mod: nl = !lit(1); break;
    case Op::MulDivDown:
    case Op::MulDivUp: nl = (!lit(0) && !lit(1)) || !lit(2); break;
    default: break;
  }
  for (std::size_t i = 0; i < n.kids.size() && !nl; ++i) nl = (*this)(n.kids[i]);
  memo_[id] = nl;
  return nl;
}

std::string timeout_reason(double timeout_s, bool nonlinear) {
  return fmt::format("timeout after {} s{}", timeout_s, nonlinear ? " (nonlinear arithmetic)" : "");
}

}  // namespace bulwark::solver

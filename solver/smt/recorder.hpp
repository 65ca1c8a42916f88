// What was asserted, kept aside and told to a backend only when it is about to
// be checked: a proof-cache hit then costs no encoding, and the portfolio's
// cvc5 (whose push() preprocesses) is told only when a race starts.
#pragma once
#include <cstddef>
#include <vector>

#include "solver/smt/backend.hpp"

namespace bulwark::solver {

class Recorder {
 public:
  void push() { scopes_.push_back(ops_.size()), ops_.push_back({Op::Push}); }
  // Pops `b` too if it had been told about the scope.
  void pop(Backend& b) {
    std::size_t p = scopes_.back();
    scopes_.pop_back();
    if (applied_ > p) b.pop(), applied_ = p;
    ops_.resize(p);
  }
  void add(const Formula& f) { ops_.push_back({Op::Add, f}); }
  void add_state_types(int k) { ops_.push_back({Op::Types, {}, k}); }
  void add_transition(int k, int action) { ops_.push_back({Op::Transition, {}, k, action}); }
  void add_distinct_states(int i, int j) { ops_.push_back({Op::Distinct, {}, i, j}); }

  // Tells `b` what was recorded since it was last told.
  void sync(Backend& b) {
    for (; applied_ < ops_.size(); ++applied_) {
      const Op& op = ops_[applied_];
      switch (op.kind) {
        case Op::Push: b.push(); break;
        case Op::Add: b.add(op.f); break;
        case Op::Types: b.add_state_types(op.a); break;
        case Op::Transition: b.add_transition(op.a, op.b); break;
        case Op::Distinct: b.add_distinct_states(op.a, op.b); break;
      }
    }
  }

 private:
  struct Op {
    enum Kind { Push, Add, Types, Transition, Distinct } kind;
    Formula f{};
    int a = 0, b = -1;
  };
  std::vector<Op> ops_;              // everything asserted, with a Push op per open scope
  std::size_t applied_ = 0;          // how many of ops_ the backend has been told
  std::vector<std::size_t> scopes_;  // per open scope, the index of its Push op
};

}  // namespace bulwark::solver

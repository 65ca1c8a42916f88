// What was asserted, kept aside and told to a backend only when it is about to
// be checked: a proof-cache hit then costs no encoding, and the portfolio's
// cvc5 (whose push() preprocesses) is told only when a race starts.
#pragma once
#include <algorithm>
#include <cstddef>
#include <vector>

#include "solver/smt/obligation.hpp"

namespace bulwark::solver {

// What is recorded is an Obligation (its parts, in order), with the scopes
// opened along it: the proof cache's key is that obligation's text.
class Recorder {
 public:
  void push() { scopes_.push_back(ob_.parts.size()); }
  // Pops `b` too if it had been told about the scope.
  void pop(Backend& b) {
    std::size_t p = scopes_.back();
    if (pushed_ == scopes_.size()) b.pop(), --pushed_;
    scopes_.pop_back();
    ob_.parts.resize(p);
    applied_ = std::min(applied_, p);
  }
  void add(const Formula& f) { ob_.assume(f); }
  void add_state_types(int k) { ob_.state_types(k); }
  void add_transition(int k, int action) { ob_.transition(k, action); }
  void add_distinct_states(int i, int j) { ob_.distinct(i, j); }

  // Everything asserted now, in order (no goal: a goal is just the last assumption here).
  const Obligation& obligation() const { return ob_; }

  // Tells `b` what was recorded since it was last told, each scope opened
  // where it was opened.
  void sync(Backend& b) {
    auto open_scopes_at = [&](std::size_t i) {
      while (pushed_ < scopes_.size() && scopes_[pushed_] <= i) b.push(), ++pushed_;
    };
    for (; applied_ < ob_.parts.size(); ++applied_) {
      open_scopes_at(applied_);
      Obligation one;
      one.parts.push_back(ob_.parts[applied_]);
      solver::add(b, one);
    }
    open_scopes_at(ob_.parts.size());
  }

 private:
  Obligation ob_;                    // everything asserted
  std::size_t applied_ = 0;          // how many of its parts the backend has been told
  std::vector<std::size_t> scopes_;  // per open scope, how many parts came before it
  std::size_t pushed_ = 0;           // how many of the scopes the backend has been told
};

}  // namespace bulwark::solver

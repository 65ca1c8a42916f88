// Whether a term multiplies or divides two unknowns. Literals are folded
// before encoding, so `x * 2` is linear and `x * y` is not. Timeouts on
// nonlinear queries are expected (and their reason says so).
#pragma once
#include <string>
#include <vector>

#include "dsl/ir/transition_system.hpp"

namespace bulwark::solver {

class NonlinearScan {
 public:
  explicit NonlinearScan(const ir::TransitionSystem& ts) : ts_(ts) {}
  bool operator()(ir::NodeId id);

 private:
  const ir::TransitionSystem& ts_;
  std::vector<signed char> memo_;  // per node: -1 not yet known
};

// Whether what a backend has asserted is nonlinear, along its push/pop scopes.
class NonlinearScopes {
 public:
  void note(bool nonlinear) { now_ = now_ || nonlinear; }
  void push() { saved_.push_back(now_); }
  void pop() { now_ = saved_.back(), saved_.pop_back(); }
  bool now() const { return now_; }

 private:
  bool now_ = false;
  std::vector<bool> saved_;
};

// The reason a timed-out query gives: "timeout after 20 s (nonlinear arithmetic)".
std::string timeout_reason(double timeout_s, bool nonlinear);

}  // namespace bulwark::solver

// Random simulation: many short runs from initial states that satisfy init,
// taking enabled steps with arguments drawn to hit the guards' boundaries.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dsl/interp/interpreter.hpp"

namespace bulwark::interp {

struct SimOptions {
  long runs = 1000;
  long steps = 20;
  std::uint64_t seed = 1;
  std::map<int, Value> fixed_params;  // --param, by param index
  std::function<void(long run)> progress;  // called every few runs (may be empty)
};

struct Violation {
  Trace trace;
  long run = 0;  // 1-based run that found it
};

struct SimResult {
  std::vector<Violation> violations;  // shortest trace per property, shortest first
  long runs_done = 0;
  long steps_done = 0;
  long deadlocks = 0;                  // runs that stopped because no action was enabled
  std::optional<std::string> no_start; // why no params/initial state could be found
};

SimResult simulate(const ir::TransitionSystem& ts, const SimOptions& options);

// The simulator's choices one at a time, for `bulwark stress` (sim/): params
// and an initial state, then steps of given actions, on a seed set per run.
class StepSampler {
 public:
  StepSampler(const ir::TransitionSystem& ts, std::map<int, Value> fixed_params);
  ~StepSampler();
  void reseed(std::uint64_t seed);
  bool start(std::vector<Value>& params, State& init, std::string& why);
  // A step of one of `actions`: tried in random order, or in the given order.
  std::optional<Step> step(const std::vector<Value>& params, const State& pre, const std::vector<int>& actions,
                           bool in_order);
  // A step of `action` with argument `arg` = v (the others drawn), if enabled.
  std::optional<Step> driven(int action, int arg, const Value& v, const std::vector<Value>& params, const State& pre);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace bulwark::interp

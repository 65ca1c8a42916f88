// `bulwark stress`: runs a scenario many times on the exact interpreter and
// returns one record per run (docs/stress.md). Run r's random choices come
// from (seed, r) alone, so the records are the same for any --jobs.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dsl/interp/interpreter.hpp"
#include "dsl/interp/simulate.hpp"
#include "sim/process.hpp"

namespace bulwark::sim {

struct StressOptions {
  int scenario = 0;       // index into ts.scenarios
  long runs = 1000;
  long rounds = 20;       // --steps: rounds of the market (each: every drive once, then `moves` policy steps)
  std::uint64_t seed = 1;
  int jobs = 1;           // forked workers
  std::map<int, Value> fixed_params;  // by param index
  bool keep_levels = false;           // record each drive's level per round (plots)
  std::function<void(long done)> progress;  // runs finished so far (may be empty)
};

struct RunRecord {
  long run = 0;                          // 1-based
  std::vector<std::int32_t> first_round; // per property (invariants, then step properties): -1 never broken, 0 initial state
  std::vector<double> measures;          // each measure in the final state
  std::int32_t steps = 0;                // steps taken (driven and policy)
  std::int32_t refused = 0;              // driven ticks whose action was not enabled
  std::int32_t idle = 0;                 // policy moves with no enabled action
  std::int32_t violation_steps = -1;     // trace length up to the first violation, -1 none
  std::vector<double> levels;            // keep_levels: round-major, one per drive
};

// A run's failure to start or a process argument out of range: an input error.
struct StressError {
  Span span;
  std::string message;
};

// Properties in record order: the invariants, then ts.steps.
std::vector<std::string> property_names(const ir::TransitionSystem& ts);

class Runner {
 public:
  Runner(const ir::TransitionSystem& ts, const StressOptions& o);
  ~Runner();
  // Throws StressError. With `trace`, the run's steps are recorded (reverted
  // attempts left out); with `cut`, the run stops at its first violation and
  // the trace ends there, naming the broken property.
  RunRecord run(long r, interp::Trace* trace = nullptr, bool cut = false);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Every run, in run order; in `o.jobs` forked workers when > 1.
std::vector<RunRecord> run_stress(const ir::TransitionSystem& ts, const StressOptions& o);

}  // namespace bulwark::sim

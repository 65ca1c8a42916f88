// The output of `bulwark simulate` (docs/cli.md "Text output", "JSON output"):
// each violation found by a random run, with its replayed trace.
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "dsl/interp/simulate.hpp"

namespace bulwark::report {

struct SimulateRun {
  std::string spec;
  long steps = 0;  // per run, as asked
  std::uint64_t seed = 1;
  std::vector<std::string> trace_files;  // one per violation with --trace-dir, else empty
  int exit_code = 0;
};

std::string simulate_text(const ir::TransitionSystem& ts, const interp::SimResult& res, const SimulateRun& run);
nlohmann::json simulate_json(const ir::TransitionSystem& ts, const interp::SimResult& res, const SimulateRun& run);

}  // namespace bulwark::report

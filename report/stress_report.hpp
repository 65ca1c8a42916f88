// `bulwark stress` results as text and JSON (docs/stress.md).
#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "sim/stats.hpp"
#include "solver/engine/attack.hpp"

namespace bulwark::report {

struct StressHeader {
  std::string spec, scenario;
  long runs = 0, rounds = 0;
  std::uint64_t seed = 0;
  int jobs = 1;
};

std::string stress_text(const StressHeader& h, const sim::Summary& s);
nlohmann::json stress_json(const StressHeader& h, const sim::Summary& s);

// A sweep: one summary per value of `param` (values as exact text).
std::string sweep_text(const StressHeader& h, const std::string& param, const std::vector<std::string>& values,
                       const std::vector<sim::Summary>& rows);
nlohmann::json sweep_json(const StressHeader& h, const std::string& param, const std::vector<std::string>& values,
                          const std::vector<sim::Summary>& rows);

// The worst sampled run handed to the prover (`--prove`): the maximiser over
// runs with the run's own action sequence (arguments, params and initial
// state free), then over every run of the same length.
struct ProverHandoff {
  std::string measure;
  long steps = 0;
  double sampled_worst = 0, var99 = 0;
  const solver::DepthOptimum* seeded = nullptr;
  const solver::DepthOptimum* full = nullptr;
};
std::string prover_text(const ProverHandoff& p);
nlohmann::json prover_json(const ProverHandoff& p);

// A figure for text: up to 6 significant digits.
std::string num(double x);

}  // namespace bulwark::report

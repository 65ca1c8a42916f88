// `bulwark stress` results as text and JSON (docs/stress.md).
#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "sim/stats.hpp"

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

// A figure for text: up to 6 significant digits.
std::string num(double x);

}  // namespace bulwark::report

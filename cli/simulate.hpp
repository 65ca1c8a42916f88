// `bulwark simulate SPEC`: random runs that look for a violated property.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "cli/common.hpp"

namespace bulwark::cli {

struct SimulateArgs {
  std::string spec;
  long runs = 1000, steps = 20;
  std::uint64_t seed = 1;
  std::vector<std::string> params;
  std::string trace_dir;
};

int run_simulate(const SimulateArgs& a, const Common& c);

}  // namespace bulwark::cli

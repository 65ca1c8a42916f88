// `bulwark stress`: Monte Carlo over a scenario's market paths (sim/), the
// figures per property and measure, a sweep over a param or constant, and
// the worst sampled run written as ITF (docs/stress.md).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dsl/check/check.hpp"

namespace bulwark::cli {

struct StressArgs {
  std::string spec;
  std::string scenario;
  long runs = 1000;
  long steps = 20;                     // rounds
  std::optional<std::uint64_t> seed;   // random (and printed) when not given
  std::string sweep;                   // P=lo:hi:step
  int jobs = 1;
  std::vector<std::string> measures;   // NAME=EXPR
  std::vector<std::string> params;     // P=V
  std::string worst;                   // a measure: the worst run is its largest value
  std::string trace_dir;
  std::string plots;                   // DIR for SVG plots
  bool prove = false;                  // hand the worst run to the prover (docs/stress.md)
  double timeout = 30;                 // seconds per solver query (--prove)
  bool json = false, color = false;
  bool quiet = false;                  // no progress line on a terminal
};

int run_stress(const StressArgs& a, const CheckOptions& options);

}  // namespace bulwark::cli

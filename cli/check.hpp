// `bulwark check|prove|bmc SPEC...`: compile each spec, run the engines on
// its properties (specs, and each spec's per-property units, in --jobs
// processes), and hand the
// verdicts to report/ (verdict_text, verdict_json, ci) to print.
#pragma once
#include <algorithm>
#include <string>
#include <thread>
#include <vector>

#include "cli/common.hpp"

namespace bulwark::cli {

struct CheckArgs {
  std::vector<std::string> specs;
  int depth = 10;
  double timeout = 30;
  double total_timeout = 0;
  std::string engine = "auto";
  bool print_invariants = false;
  std::string solver = "portfolio";
  bool cross_check = false;
  bool no_cache = false;
  int jobs = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  std::string shard;
  std::string property;
  std::string trace_dir;
  bool bounded_ok = false;
  bool nat_underflow = false;
  std::string fail_on = "inconclusive";  // what makes the exit code non-zero (besides errors)
};

// `prove`: the proof engines run; `bmc`: the bounded search runs (check: both).
int run_check(const CheckArgs& a, const Common& c, bool prove, bool bmc);

}  // namespace bulwark::cli

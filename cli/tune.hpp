// `bulwark tune`: the largest (or smallest) value of a param for which the
// kept properties are proved, by bisection with a full check at every value,
// and the attack just beyond the edge.
#pragma once
#include <string>
#include <vector>

#include "dsl/check/check.hpp"

namespace bulwark::cli {

struct TuneArgs {
  std::string spec;
  std::string param;
  bool maximize = false, minimize = false;
  std::string range;              // LO:HI, the interval searched
  std::vector<std::string> keep;  // properties that must be proved (default: all)
  int depth = 10;
  double timeout = 30;
  double gap = 1e-3;              // stop when hi - lo <= gap * max(1, |edge|) (reals)
  int max_checks = 40;
  bool no_cache = false;          // the proof cache is used (as check), unless set
  bool json = false, color = false;
  bool quiet = false;  // no progress line
};

int run_tune(const TuneArgs& a, const CheckOptions& options);

}  // namespace bulwark::cli

// `bulwark attack`: the best run by an objective and its proved bound
// (solver/engine/attack.hpp), printed by report/attack_report.hpp.
#pragma once
#include <optional>
#include <string>

#include "dsl/check/check.hpp"

namespace bulwark::cli {

struct AttackArgs {
  std::string spec;
  std::string maximize, minimize;  // a measure's name or an expression over the state
  std::string violate;             // --violate PROP: the run must break this invariant
  int depth = 4;
  double timeout = 30, total_timeout = 0;
  double gap = 1e-6;
  std::optional<double> fail_above, fail_below;
  bool json = false, color = false;
  bool quiet = false;  // no progress line
};

int run_attack(const AttackArgs& a, const CheckOptions& options);

}  // namespace bulwark::cli

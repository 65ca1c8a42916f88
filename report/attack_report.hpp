// `bulwark attack` results as text and JSON (schema in docs/cli.md). The
// objective and its proved bound are always printed together.
#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "solver/engine/attack.hpp"

namespace bulwark::report {

// What was asked, for the headings.
struct AttackQuestion {
  std::string spec;           // the path given
  std::string objective;      // the measure's name, or the expression given
  bool maximize = true;
  int depth = 0;
  std::string violate;        // the invariant the run must break, if any
  int secured = -1;           // index of `measure secured` (the ACR's denominator), or -1
};

std::string attack_text(const ir::TransitionSystem& ts, const AttackQuestion& q, const solver::AttackResult& r);
nlohmann::json attack_json(const ir::TransitionSystem& ts, const AttackQuestion& q, const solver::AttackResult& r);

// `measure secured` in the best run's initial state, and ACR = cost / secured
// (nullopt without a run, a `secured` measure or with secured = 0).
struct Acr {
  Value cost, secured;
  Rational ratio;
};
std::optional<Acr> attack_cost_ratio(const ir::TransitionSystem& ts, const AttackQuestion& q,
                                     const solver::AttackResult& r, const solver::AttackSummary& s);

}  // namespace bulwark::report

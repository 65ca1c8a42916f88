// `bulwark check`: sanity, induction (Houdini over the invariants), one-step
// obligations for step properties, then incremental bounded model checking
// for whatever is not proved. Every trace is replayed by the interpreter.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "solver/verdict.hpp"

namespace bulwark::solver {

struct EngineOptions {
  int depth = 10;
  double timeout_s = 30;               // per solver query
  std::optional<std::string> property; // only this property
  bool prove = true;                   // run induction
  bool bmc = true;                     // run bounded search
};

struct EngineResult {
  std::vector<Verdict> verdicts;
  std::vector<std::string> warnings;
  std::optional<std::string> input_error;     // e.g. init and assumes are unsatisfiable (exit 3)
  std::optional<std::string> internal_error;  // e.g. a trace the interpreter does not confirm (exit 4)
};

EngineResult run_engines(const ir::TransitionSystem& ts, const EngineOptions& options);

}  // namespace bulwark::solver

// `bulwark smt2`: every obligation as a standalone SMT-LIB 2 script, with the
// answer our own solver run gave, so other solvers can be compared against it.
#pragma once
#include <string>
#include <vector>

#include "solver/smt/backend.hpp"

namespace bulwark::solver {

struct Smt2File {
  std::string name;  // e.g. "step.solvent.borrow"
  std::string text;
  Answer answer;     // what the exporting backend answered (within the timeout)
  double solve_s;    // how long that took (bench/ compares it with the z3 command line)
};

// Initiation and consecution for each invariant (assuming all invariants in the
// pre-state), the one-step obligation of each step property per action, and the
// bounded query of each property at each depth 0..bmc_depth.
// The scripts are printed by the `which` backend (Z3 or cvc5) from the same obligations.
std::vector<Smt2File> export_obligations(const ir::TransitionSystem& ts, int bmc_depth, double timeout_s,
                                         SolverOptions::Which which = SolverOptions::Z3);

}  // namespace bulwark::solver

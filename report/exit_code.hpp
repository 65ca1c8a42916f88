// The exit-code rule of every command (DESIGN.md "Verdicts and exit codes",
// docs/cli.md "Exit codes"): one function from what a run found to its code.
#pragma once
#include <string>
#include <vector>

#include "solver/engine/verdict.hpp"

namespace bulwark {

enum Exit { kOk = 0, kViolated = 1, kInconclusive = 2, kInputError = 3, kInternalError = 4 };

}  // namespace bulwark

namespace bulwark::report {

// How a command judges what it found: `--bounded-ok` (holds_to_depth passes)
// and `--fail-on violated` (an inconclusive result alone exits 0).
struct ExitRule {
  bool bounded_ok = false;
  bool fail_on_violated = false;
};

// What a run found, counted. Commands fill it from their results (verdicts,
// simulation violations, a threshold crossed, files not formatted) and add up
// the outcomes of several specs or processes with +=.
struct RunOutcome {
  bool internal_error = false;  // a bug of ours (exit 4)
  bool input_error = false;     // bad spec or usage (exit 3)
  int violated = 0;             // properties violated, thresholds crossed (exit 1)
  int bounded = 0;              // holds_to_depth: inconclusive unless bounded_ok
  int inconclusive = 0;         // not_inductive, unknown, nothing to run (exit 2)

  RunOutcome& operator+=(const RunOutcome& o);
  static RunOutcome of(solver::Status s);
  static RunOutcome of(const std::vector<solver::Verdict>& verdicts);
  // A code already decided (by a --jobs child, a merged shard): as the outcome that gives it.
  static RunOutcome of_exit_code(int code);
};

// Errors first (internal 4 over input 3), then a violation (1), then an
// inconclusive result (2, or 0 under fail_on_violated), else 0.
int exit_code(const RunOutcome& o, const ExitRule& rule = {});

// The code of two results together: exit_code(of_exit_code(a) += of_exit_code(b)).
int combine_exit_codes(int a, int b);

}  // namespace bulwark::report

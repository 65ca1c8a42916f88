// The text output of check / prove / bmc (docs/cli.md "Text output"): one
// line per property, then each CHC invariant (with --print-invariants), each
// attack trace, each counterexample to induction (labelled as such: never an
// attack).
#pragma once
#include <string>
#include <vector>

#include "solver/engine/verdict.hpp"

namespace bulwark::report {

// Where the trace files of a verdict were written (--trace-dir); empty: none.
struct TraceFiles {
  std::string trace, cti;
};

// How the verdicts were reached: `bmc` (a bounded search ran: check, bmc)
// words a not_inductive verdict; `print_invariants` adds the CHC invariants.
struct VerdictTextOptions {
  bool bmc = true;
  bool print_invariants = false;
};

// One verdict's pieces, each printed in its own section of the spec's output.
struct VerdictText {
  std::string line, trace, cti, invariant;
};

VerdictText verdict_text(const ir::TransitionSystem& ts, const solver::Verdict& v, const TraceFiles& files,
                         const VerdictTextOptions& o);

// A spec's output: its name, then every line, every invariant, every trace, every cti.
std::string spec_text(const std::string& spec, const std::vector<VerdictText>& texts);

}  // namespace bulwark::report

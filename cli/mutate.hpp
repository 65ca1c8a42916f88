// `bulwark mutate SPEC`: every mutant of the spec's actions (dsl/mutate)
// checked against the spec's own properties with check's engines; the
// mutation score and the surviving mutants (report/mutate_report.hpp).
#pragma once
#include <string>

#include "cli/spec_run.hpp"

namespace bulwark::cli {

struct MutateArgs {
  std::string spec;
  double mutant_timeout = 30;  // --timeout: seconds for one mutant's whole check
  int depth = 8;
  int max_mutants = 0;         // 0: all
  bool no_cache = false;
  bool json = false, color = false;
  bool quiet = false;  // no progress line on a terminal
};

int run_mutate(const MutateArgs& a, const CheckOptions& options);

}  // namespace bulwark::cli

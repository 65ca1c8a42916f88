// `bulwark report`: verdicts and traces as one self-contained HTML page
// (inline CSS, a few lines of inline script, inline SVG charts; nothing is
// fetched from the network). Formats only: the verdicts come from the engines.
#pragma once
#include <string>
#include <vector>

#include "solver/engine/engine.hpp"

namespace bulwark::report {

// A `--chart EXPR`: the expression was appended to the spec as a measure, so
// it is type-checked as one and evaluated by the interpreter per state.
struct ChartExpr {
  std::string expr;
  int measure = -1;  // index in ts.measures
};

struct SpecReport {
  std::string spec;  // the path as given
  const ir::TransitionSystem* ts = nullptr;
  std::vector<solver::Verdict> verdicts;
  std::vector<solver::Warning> warnings;
  std::vector<ChartExpr> charts;  // empty: the default charts (see html_report.cpp)
  int exit_code = 0;
};

std::string html_report(const std::vector<SpecReport>& specs, const std::string& version);

}  // namespace bulwark::report

// `bulwark report SPEC... -o FILE`: check the specs as `check` does and write
// the verdicts, traces, charts and proofs as one self-contained HTML page
// (report/html_report.hpp).
#pragma once
#include <string>
#include <vector>

#include "cli/spec_run.hpp"

namespace bulwark::cli {

struct ReportArgs {
  std::vector<std::string> specs;  // files or folders (every .bwk below)
  std::string out;                 // the HTML file: written whole or not at all
  std::vector<std::string> charts; // --chart EXPR: expressions over the state, charted per step
  std::string property;            // only this property
  RunSettings run;
  bool json = false, color = false;
  bool quiet = false;  // no progress line on a terminal
};

int run_report(const ReportArgs& a, const CheckOptions& options);

// Writes `text` to `path` through a temporary file in the same folder and a
// rename, so an existing file is replaced whole or left alone. Returns an
// error message, empty on success.
std::string write_atomically(const std::string& path, const std::string& text);

}  // namespace bulwark::cli

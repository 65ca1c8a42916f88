// The engines as `check` runs them, for the commands that run them on a spec
// and then do more than print (report, mutate).
#pragma once
#include <functional>
#include <string>

#include "cli/pipeline.hpp"
#include "solver/engine/engine.hpp"

namespace bulwark::cli {

struct RunSettings {
  int depth = 10;
  double timeout = 30;        // per solver query
  double total_timeout = 0;   // for the whole run (0: none)
  bool no_cache = false;
  std::string engine = "auto";  // auto, induction, kinduction, chc (as check's --engine)
};

// The spec compiled again with `extra` appended (how CHC certificates are read back).
using CompileWith = std::function<Compiled(const std::string& extra, Diagnostics& diags)>;

// check's defaults: induction, k-induction and CHC, then bounded search; Z3
// and cvc5 racing; the proof cache unless `no_cache`.
solver::EngineOptions engine_options(const RunSettings& s, CompileWith compile_with);

// Depth, timeouts: the same bounds as `check` (E0507 in `diags` when out of range).
bool valid_settings(const RunSettings& s, Diagnostics& diags);

}  // namespace bulwark::cli

// The JSON output of check / prove / bmc (docs/cli.md "JSON output"): one
// entry per spec, one object per property. `bulwark merge` reads it back,
// and the CI formats (ci.hpp) are rendered from the entries' `ci` objects.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "dsl/diag/diagnostics.hpp"
#include "report/verdict_text.hpp"
#include "solver/engine/engine.hpp"

namespace bulwark::report {

// A property: name, `index` (its place among all of the spec's properties,
// whatever was selected: merge orders by it), kind, status, method, steps,
// depth, reason, lemmas, time, invariant, location, trace files; with `ci`,
// the property as CI data (ci.hpp).
nlohmann::json verdict_json(const ir::TransitionSystem& ts, const solver::Verdict& v, const TraceFiles& files, bool ci);

// Where a warning points: `file:line:col`, or the spec when it has no single place.
std::string warning_location(const ir::TransitionSystem& ts, const std::string& spec, const solver::Warning& w);
// `where: warning[W0402]: message` (stderr).
std::string warning_text(const ir::TransitionSystem& ts, const std::string& spec, const solver::Warning& w);

// A spec's entry: {spec, exit_code, properties, warnings}; with `ci`, also
// `problems` (the warnings as CI problems). `files[i]` are verdicts[i]'s.
nlohmann::json spec_json(const ir::TransitionSystem& ts, const std::string& spec, int exit_code,
                         const std::vector<solver::Verdict>& verdicts, const std::vector<TraceFiles>& files,
                         const std::vector<solver::Warning>& warnings, bool ci);

// The entry of a spec that has no verdicts (it did not compile, or `init`
// cannot hold): {spec, exit_code, properties: []}, plus `problems` when given.
nlohmann::json spec_error_json(const std::string& spec, int exit_code, const std::optional<nlohmann::json>& problems);

}  // namespace bulwark::report

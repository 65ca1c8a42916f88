// The results of `check` as data for the CI formats (JUnit XML, SARIF).
// Built from the verdicts where the transition system is at hand, carried as
// JSON between the processes of a --jobs run (and merged as `bulwark merge`
// merges), then rendered by junit.cpp and sarif.cpp: the renderers never see
// the text output, and the output does not depend on how the run was split.
#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "dsl/diag/diagnostics.hpp"
#include "solver/engine/verdict.hpp"

namespace bulwark::report {

// A place in a spec: 1-based; columns count Unicode code points (SARIF's
// `unicodeCodePoints`); the end is the position after the last character.
struct SourceRange {
  std::string file;
  int line = 0, col = 0, end_line = 0, end_col = 0;
};
SourceRange source_range(const SourceFile& file, Span span);

struct CiStep {
  std::string call;                  // "env oracle(p = 1/2)"
  SourceRange action;                // where the action is declared
  std::vector<std::string> changes;  // "debt[alice]: 0 -> 15/2"
  bool reverted = false;
};

struct CiTrace {
  std::vector<CiStep> steps;
  std::string broken;  // "broken: invariant solvent" and its sub-terms' values, one per line
  std::string text;    // the whole trace as the text output prints it
};

struct CiProperty {
  std::string name, kind, status, method, reason;
  int index = 0, depth = 0;
  double time_s = 0;
  std::vector<std::string> lemmas;
  SourceRange location;
  std::optional<CiTrace> trace;  // the attack (violated)
  std::optional<CiTrace> cti;    // the counterexample to induction (not_inductive): NOT an attack
};

// A diagnostic of the run: an input error (the spec did not compile) or a
// sanity warning (W04xx).
struct CiProblem {
  std::string code, severity, message;
  std::optional<SourceRange> location;
};

struct CiSpec {
  std::string spec;
  int exit_code = 0;  // the spec's own code, before --fail-on
  std::vector<CiProperty> properties;
  std::vector<CiProblem> problems;
};

CiProperty ci_property(const ir::TransitionSystem& ts, const solver::Verdict& v);
CiProblem ci_problem(const Diagnostic& d);
CiProblem ci_problem(const std::string& code, const std::string& severity, const std::string& message,
                     const SourceFile* file, std::optional<Span> span);

void to_json(nlohmann::json& j, const SourceRange& r);
void from_json(const nlohmann::json& j, SourceRange& r);
void to_json(nlohmann::json& j, const CiStep& s);
void from_json(const nlohmann::json& j, CiStep& s);
void to_json(nlohmann::json& j, const CiTrace& t);
void from_json(const nlohmann::json& j, CiTrace& t);
void to_json(nlohmann::json& j, const CiProperty& p);
void from_json(const nlohmann::json& j, CiProperty& p);
void to_json(nlohmann::json& j, const CiProblem& p);
void from_json(const nlohmann::json& j, CiProblem& p);

// What makes a run fail (`--fail-on`): a violation only, or also an
// inconclusive result (the default: the exit codes of DESIGN.md).
enum class FailOn { Violated, Inconclusive };

struct CiOptions {
  FailOn fail_on = FailOn::Inconclusive;
  bool bounded_ok = false;  // holds_to_depth counts as passed
  int exit_code = 0;        // the run's exit code (SARIF's invocation)
  std::string version;      // bulwark's version
};

// How a property's status counts in a run: passed, failed (it makes the exit
// code non-zero), or undecided (inconclusive, but --fail-on violated).
enum class Outcome { Passed, Failed, Undecided };
Outcome outcome(const std::string& status, const CiOptions& o);

// JUnit XML: one <testsuite> per spec, one <testcase> per property.
std::string junit(const std::vector<CiSpec>& specs, const CiOptions& o);
// SARIF 2.1.0: one run; one result per property not proved, per input error and per warning.
nlohmann::json sarif(const std::vector<CiSpec>& specs, const CiOptions& o);

}  // namespace bulwark::report

namespace bulwark::report {

// One spec's entry of a run's JSON, as check_spec builds it for the CI
// formats: each property's `ci` object and the spec's `problems` (each
// once, in a fixed order: parts of a --jobs run find them in any order).
CiSpec ci_spec(const nlohmann::json& entry);

}  // namespace bulwark::report

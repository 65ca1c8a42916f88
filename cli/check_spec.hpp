// One spec of `check|prove|bmc` (cli/check.cpp drives many): compile it and
// choose what runs (prepare), run the engines with the per-property farm
// (run_spec), print or return its result (finish); and the data a --jobs
// spec child sends back.
#pragma once
#include <nlohmann/json.hpp>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "cli/check.hpp"
#include "cli/pipeline.hpp"
#include "report/exit_code.hpp"
#include "solver/engine/engine.hpp"

namespace bulwark::cli {

// Which share of the properties a run checks: `--shard i/n` takes those whose
// hash (of the spec path and the property name) is i-1 modulo n.
struct Shard {
  unsigned index = 0, count = 1;
  bool takes(const std::string& spec, const std::string& property) const {
    std::uint64_t h = 1469598103934665603ull;  // FNV-1a: the same on every machine
    for (char ch : spec + '\n' + property) h = (h ^ static_cast<unsigned char>(ch)) * 1099511628211ull;
    return h % count == index;
  }
};

struct SpecResult {
  int code = kOk;
  nlohmann::json json;  // the spec's entry (--format json|junit|sarif); null when it has none
};

// One spec as the parent prepares it: compiled once (--jobs children inherit
// it), the engines' options and the properties selected.
struct SpecJob {
  std::string spec;
  Diagnostics diags;  // compiling it, and E0509: printed before its result
  Timings t;
  Compiled compiled;
  std::optional<SpecResult> early;  // nothing to run: its result is already known
  solver::EngineOptions eo;
  std::vector<std::string> names;  // every property, in report order
};

// What the engines found on one spec: data, rendered by finish().
struct UnitResult {
  solver::EngineResult res;
  nlohmann::json stats;       // the --stats line; null without --stats
  std::string err;  // what a --jobs child printed on stderr itself
};

nlohmann::json unit_data(const UnitResult& u);
UnitResult unit_from_data(const std::string& text);

class Checker {
 public:
  Checker(const CheckArgs& a, const Common& c, const CheckOptions& opts, const Shard& shard, bool prove, bool bmc)
      : a_(a), c_(c), opts_(opts), shard_(shard), prove_(prove), bmc_(bmc) {}

  const char* label() const { return prove_ && bmc_ ? "check" : prove_ ? "prove" : "bmc"; }

  void prepare(SpecJob& job) const;

  // The properties checked: --property, and this --shard's share.
  std::optional<std::set<std::string>> selection(const SpecJob& job) const;

  // Runs the engines, their per-property units in up to `workers` processes.
  // `slot`: in a --jobs child, where it shows its progress to the parent.
  UnitResult run_spec(const SpecJob& job, std::size_t workers, char* slot) const;

  // The spec's engines done: print its stderr (a --jobs child's own output,
  // warnings, errors, --stats), write its traces, print its verdicts (text)
  // or return its entry (JSON and the CI formats).
  SpecResult finish(const SpecJob& job, const UnitResult& u) const;

 private:
  const CheckArgs& a_;
  const Common& c_;
  const CheckOptions& opts_;
  Shard shard_;
  bool prove_, bmc_;
};

}  // namespace bulwark::cli

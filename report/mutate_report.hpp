// `bulwark mutate`'s result as text and JSON.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "dsl/mutate/mutate.hpp"

namespace bulwark::report {

enum class Outcome {
  Killed,     // a property the original keeps is violated (a replayed trace)
  Survived,   // every property the original does not violate is still proved
  Undecided,  // no property violated, but not all proved (timeout, depth, unknown)
  Invalid,    // the mutant does not compile (or its init/assumes are unsatisfiable)
  Error,      // an internal error checking it (a bug of ours: exit 4)
};
const char* to_string(Outcome o);

struct MutantResult {
  mutate::Mutant mutant;
  Outcome outcome = Outcome::Undecided;
  std::vector<std::string> properties;  // killed: those violated; undecided: those not proved
  std::string note;                     // invalid / error: why
  double time_s = 0;
};

struct MutationRun {
  const SourceFile* file = nullptr;
  std::size_t generated = 0;  // mutants made; more than results when --max-mutants picked some
  std::size_t actions = 0;
  std::vector<std::string> already_violated;  // by the original spec: they cannot kill
  std::vector<std::string> unproved;          // not proved in the original either: no mutant can survive
  std::vector<MutantResult> results;
  int depth = 0;
  double timeout_s = 0, time_s = 0;
};

std::string mutation_text(const MutationRun& r);
nlohmann::json mutation_json(const MutationRun& r);

}  // namespace bulwark::report

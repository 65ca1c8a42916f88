// `bulwark merge`: the JSON results of sharded runs (`check --shard i/n
// --format json`) combined into the result of one unsharded run.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/exit_codes.hpp"

namespace bulwark {

struct MergeInput {
  std::string name;  // for error messages
  std::string text;  // the JSON as written by `check --format json`
};

struct MergeResult {
  nlohmann::json json;              // one object per spec (an object alone if one spec), as `check` prints
  int exit_code = 0;                // as `check` would have exited
  std::vector<std::string> errors;  // inputs that are not check results (E0510)
};

// Per spec (in the order first seen): the properties of every shard, ordered
// by their `index`; the warnings, each once; the exit code combined.
MergeResult merge_results(const std::vector<MergeInput>& inputs);

// The exit code of several results: report::combine_exit_codes (the one rule).
using report::combine_exit_codes;

}  // namespace bulwark

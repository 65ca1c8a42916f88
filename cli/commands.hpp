// The short commands: merge, smt2, fmt, ir.
#pragma once
#include <string>
#include <vector>

#include "cli/common.hpp"

namespace bulwark::cli {

// `bulwark merge RESULT...`: the JSON of `check --shard` runs as one.
int run_merge(const std::vector<std::string>& files, const Common& c);
// `bulwark smt2 SPEC`: every obligation as an SMT-LIB 2 file in `out_dir`.
int run_smt2(const std::string& spec, const std::string& out_dir, int depth, double timeout, const std::string& solver,
             const Common& c);
// `bulwark fmt SPEC...`: canonical layout, printed, written (-i) or checked (--check: exit 1 if not formatted).
int run_fmt(const std::vector<std::string>& specs, bool write, bool check_only, const Common& c);
// `bulwark ir SPEC`: the lowered transition system.
int run_ir(const std::string& spec, const Common& c);

}  // namespace bulwark::cli

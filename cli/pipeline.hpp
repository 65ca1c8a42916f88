// The front end as one visible list of phases (Apalache style):
// load -> parse -> check -> lower. Each phase is timed for `bench/`.
#pragma once
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "dsl/check/check.hpp"
#include "dsl/diag/diagnostics.hpp"
#include "dsl/ir/transition_system.hpp"
#include "dsl/lower/lower.hpp"
#include "dsl/syntax/ast.hpp"

namespace bulwark::cli {

struct Timings {
  double parse_s = 0, check_s = 0, lower_s = 0, run_s = 0;
};

struct Compiled {
  std::unique_ptr<SourceFile> file;  // stable address: every later phase points into it
  std::optional<ast::ParsedSpec> parsed;
  std::optional<typed::TypedSpec> typed;
  std::optional<ir::TransitionSystem> system;
};

enum class Until { Parse, Check, Lower };

// Runs the phases up to `until`; stops at the first phase that reports errors.
// `extra` is appended to the file's text (CHC certificates are read back so).
Compiled compile(const std::string& path, const CheckOptions& options, Until until, Diagnostics& diags,
                 Timings& timings, const LowerOptions& lower = {}, const std::string& extra = "");

// The same from text in memory, named `name` in diagnostics (mutants of a spec).
Compiled compile_text(const std::string& name, const std::string& text, const CheckOptions& options, Until until,
                      Diagnostics& diags, Timings& timings, const LowerOptions& lower = {});

// A usage or input error of a command: the diagnostic `code` is printed on
// stderr with what `diags` already holds; returns exit 3.
int input_error(Diagnostics& diags, bool color, const char* code, std::string message);

}  // namespace bulwark::cli

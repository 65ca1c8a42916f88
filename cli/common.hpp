// What every command shares: the common options (--size, --no-color,
// --format, --stats, --quiet), printing diagnostics, --stats lines and trace files.
#pragma once
#include <cstdio>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "cli/pipeline.hpp"
#include "dsl/interp/interpreter.hpp"

namespace bulwark::cli {

struct Common {
  bool no_color = false;
  std::vector<std::string> sizes;
  std::string format = "text";
  bool stats = false;
  bool quiet = false;  // no progress line on the terminal
};

// An exception that escaped a command (or a --jobs child): exit 4.
void report_internal_error(const std::exception& e);

// --format junit|sarif: the verdicts go out as data (report/ci.hpp), rendered once for the whole run.
bool ci_format(const Common& c);

// NO_COLOR (no-color.org): any non-empty value turns colour off.
bool color_for(std::FILE* f, const Common& c);

// Prints the diagnostics on stderr; exit 3 if any is an error, else 0.
int report_diags(const Diagnostics& d, const Common& c);

// --size S=N (E0503 when malformed).
std::optional<CheckOptions> check_options(const Common& c, Diagnostics& diags);

// --stats: one JSON line on stderr with the phase timings, the peak memory of
// this process and of its solver processes, and `extra`.
nlohmann::json stats_json(const std::string& spec, const Timings& t, long steps,
                          const nlohmann::json& extra = nlohmann::json::object());
void print_stats(const Common& c, const std::string& spec, const Timings& t, long steps,
                 const nlohmann::json& extra = nlohmann::json::object());

// A name made safe for a file name: anything but [A-Za-z0-9_-] becomes `_`.
std::string file_stem_for(const std::string& name);

// --trace-dir: an attack trace as DIR/<spec stem>.<property>.itf.json, a
// counterexample to induction (not from init) as DIR/<spec stem>.<property>.cti.itf.json.
// Prints E0508 and returns nothing when it cannot be written.
std::optional<std::string> write_trace(const std::string& dir, const std::string& spec,
                                       const ir::TransitionSystem& ts, const interp::Trace& trace);

}  // namespace bulwark::cli

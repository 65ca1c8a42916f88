// `--jobs N`: units of work run in child processes, up to N at once, their
// results handed back to the parent in group order (a group: one spec's
// units). Children, not threads: a run is one process with its own solvers,
// and a crash in one cannot take the others down.
//
// A child sends its result as data (a string, the JSON of report/verdict_data.hpp
// for check): the parent renders it, so the output is the same as a run in
// one process. Whatever a child prints itself (stdout, stderr) is captured
// and handed back too.
#pragma once
#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "solver/engine/engine.hpp"

namespace bulwark::report {
class Progress;
}

namespace bulwark::cli {

struct JobOutput {
  bool ran = false;        // false: prepare() said there was nothing to run (no process)
  int code = 0;            // the child's exit status (kInternalError when it died)
  int signal = 0;          // the signal that killed the child, if one did
  std::string data;        // what child() returned
  std::string out, err;    // what the child printed
  bool killed = false;     // killed at plan.kill_at (its data is whatever it wrote: usually none)
};

struct JobPlan {
  std::vector<std::size_t> group;  // unit -> its group; groups are 0..n-1, each unit's group >= the one before
  std::size_t groups = 0;
  std::size_t jobs = 1;            // processes at once
  std::string label;               // the progress line's label ("check")
  bool quiet = false;              // no progress line
  // Show the children on this line (the caller's) instead of a line of its own.
  report::Progress* progress = nullptr;
  // Children still running then are killed, with the processes they started.
  std::optional<std::chrono::steady_clock::time_point> kill_at;
  // In the parent, just before unit k would start (so a group's shared work,
  // e.g. compiling its spec, happens once and is inherited by its children):
  // false if it has nothing to run.
  std::function<bool(std::size_t unit)> prepare;
  // In the child: run unit k and return its result as data; `code` is the
  // child's exit status. `slot`: where it shows its progress to the parent
  // (null when there is no progress line).
  std::function<std::string(std::size_t unit, char* slot, int& code)> child;
  // In the parent, once per group in group order, when all its units are done.
  std::function<void(std::size_t group, std::vector<JobOutput>& units)> done;
};

// Runs the plan. The progress line (on a terminal) shows the groups done and
// what each running child says it is doing.
void run_jobs(const JobPlan& plan);

// The engines' farm (solver::EngineOptions::farm) on run_jobs: the per-property
// units of one spec in up to `workers` forked processes, each inheriting the
// state after the shared phase and sending its result back as
// report/verdict_data. `progress`: the spec's progress line, or null;
// `what`: the spec, as each worker's slot on that line names it.
solver::Farm process_farm(std::size_t workers, report::Progress* progress, std::string what);

}  // namespace bulwark::cli

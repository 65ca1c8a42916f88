// The command line's options: every subcommand and its options (CLI11),
// registered into one Commands value that main.cpp dispatches on.
#pragma once
#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "cli/attack.hpp"
#include "cli/check.hpp"
#include "cli/common.hpp"
#include "cli/mutate.hpp"
#include "cli/report.hpp"
#include "cli/simulate.hpp"
#include "cli/stress.hpp"
#include "cli/tune.hpp"

namespace bulwark::cli {

// What the command line asked for: each subcommand's arguments and its CLI11
// node (`parsed()` says which one ran).
struct Commands {
  Common c;
  SimulateArgs sim;
  CLI::App* simulate = nullptr;
  std::vector<std::string> fmt_specs;
  bool fmt_write = false;
  bool fmt_check = false;
  CLI::App* fmtc = nullptr;
  CheckArgs ck;
  CLI::App* checkc = nullptr;
  CLI::App* provec = nullptr;
  CLI::App* bmcc = nullptr;
  std::string smt2_spec;
  std::string smt2_out = "smt2";
  int smt2_depth = 3;
  double smt2_timeout = 10;
  std::string smt2_solver = "z3";
  CLI::App* smt2c = nullptr;
  AttackArgs at;
  CLI::App* attackc = nullptr;
  TuneArgs tu;
  CLI::App* tunec = nullptr;
  ReportArgs rp;
  CLI::App* reportc = nullptr;
  MutateArgs mu;
  CLI::App* mutatec = nullptr;
  std::string ir_spec;
  std::vector<std::string> merge_files;
  StressArgs st;
  CLI::App* stressc = nullptr;
  CLI::App* mergec = nullptr;
  CLI::App* irc = nullptr;
};

void add_commands(CLI::App& app, Commands& k);

}  // namespace bulwark::cli

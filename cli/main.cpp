// bulwark: the command line. Thin: parse the options (cli/options.cpp), run
// the command (cli/<command>.cpp), return its exit code (report/exit_code.hpp).
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "report/exit_code.hpp"
#include "solver/smt/leak_suppressions.hpp"

namespace bulwark::cli {
namespace {

int run(int argc, char** argv) {
  CLI::App app{"bulwark: a model checker for the economic and safety invariants of DeFi protocols"};
  app.set_version_flag("--version", std::string("bulwark ") + BULWARK_VERSION);
  app.require_subcommand(1);
  Commands k;
  add_commands(app, k);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    fmt::print(stderr, "error[E0507]: {}\n  run `bulwark --help` for usage\n", e.what());
    return kInputError;
  }
  const Common& c = k.c;
  if (k.simulate->parsed()) return run_simulate(k.sim, c);
  if (k.fmtc->parsed()) return run_fmt(k.fmt_specs, k.fmt_write, k.fmt_check, c);
  if (k.irc->parsed()) return run_ir(k.ir_spec, c);
  // The commands in their own files take the common options as plain values.
  auto with_common = [&](auto& args, auto command) {
    Diagnostics diags;
    auto opts = check_options(c, diags);
    if (!opts) return report_diags(diags, c);
    args.json = c.format == "json";
    args.color = color_for(stderr, c);
    args.quiet = c.quiet;
    return command(args, *opts);
  };
  if (k.tunec->parsed()) return with_common(k.tu, run_tune);
  if (k.attackc->parsed()) return with_common(k.at, run_attack);
  if (k.stressc->parsed()) return with_common(k.st, run_stress);
  if (k.reportc->parsed()) return with_common(k.rp, run_report);
  if (k.mutatec->parsed()) return with_common(k.mu, run_mutate);
  if (k.smt2c->parsed()) return run_smt2(k.smt2_spec, k.smt2_out, k.smt2_depth, k.smt2_timeout, k.smt2_solver, c);
  if (k.mergec->parsed()) return run_merge(k.merge_files, c);
  if (k.checkc->parsed()) return run_check(k.ck, c, true, true);
  if (k.provec->parsed()) return run_check(k.ck, c, true, false);
  if (k.bmcc->parsed()) return run_check(k.ck, c, false, true);
  return kInputError;
}

}  // namespace
}  // namespace bulwark::cli

int main(int argc, char** argv) {
  try {
    return bulwark::cli::run(argc, argv);
  } catch (const std::exception& e) {
    bulwark::cli::report_internal_error(e);
    return bulwark::kInternalError;
  }
}

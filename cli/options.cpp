#include "cli/options.hpp"

namespace bulwark::cli {

void add_commands(CLI::App& app, Commands& k) {
  Common& c = k.c;
  auto common = [&](CLI::App* sub) {
    sub->add_flag("--no-color", c.no_color, "never colour diagnostics");
    sub->add_option("--size", c.sizes, "resize a sort declared `sort S[N];`: --size S=N")->type_name("S=N");
    sub->add_flag("--stats", c.stats, "print phase timings as JSON on stderr (used by bench/)");
    sub->add_flag("--quiet,-q", c.quiet, "no progress line on the terminal");
  };

  SimulateArgs& sim = k.sim;
  auto*& simulate = k.simulate;
  simulate = app.add_subcommand("simulate", "random runs that look for a violated property (never a proof)");
  simulate->add_option("spec", sim.spec, "the .bwk spec")->required();
  simulate->add_option("--runs", sim.runs, "number of runs")->capture_default_str();
  simulate->add_option("--steps", sim.steps, "steps per run")->capture_default_str();
  simulate->add_option("--seed", sim.seed, "random seed (the same seed gives the same runs)")->capture_default_str();
  simulate->add_option("--param", sim.params, "fix a param: --param P=V")->type_name("P=V");
  simulate->add_option("--trace-dir", sim.trace_dir, "write each violation as ITF JSON into DIR")->type_name("DIR");
  simulate->add_option("--format", c.format, "output format")->check(CLI::IsMember({"text", "json"}))->capture_default_str();
  common(simulate);

  std::vector<std::string>& fmt_specs = k.fmt_specs;
  bool& fmt_write = k.fmt_write;
  bool& fmt_check = k.fmt_check;
  auto*& fmtc = k.fmtc;
  fmtc = app.add_subcommand("fmt", "print a spec in canonical layout (comments kept)");
  fmtc->add_option("spec", fmt_specs, "the .bwk specs")->required();
  fmtc->add_flag("-i,--write", fmt_write, "rewrite the files in place");
  fmtc->add_flag("--check", fmt_check, "exit 1 if a file is not formatted; change nothing");
  fmtc->add_flag("--no-color", c.no_color, "never colour diagnostics");

  CheckArgs& ck = k.ck;
  auto check_like = [&](const char* name, const char* what) {
    auto* sub = app.add_subcommand(name, what);
    sub->add_option("spec", ck.specs, "the .bwk specs or folders")->required();
    sub->add_option("--depth", ck.depth, "bounded search depth")->capture_default_str();
    sub->add_option("--timeout", ck.timeout, "seconds per solver query")->capture_default_str();
    sub->add_option("--property", ck.property, "check only this property");
    sub->add_option("--trace-dir", ck.trace_dir, "write each attack trace as ITF JSON into DIR")->type_name("DIR");
    sub->add_option("--total-timeout", ck.total_timeout, "seconds for the whole run (0: no limit); what is left is unknown")
        ->capture_default_str();
    sub->add_option("--engine", ck.engine,
                    "proof engine: auto (induction, then k-induction, then CHC), induction, kinduction, chc")
        ->check(CLI::IsMember({"auto", "induction", "kinduction", "chc"}))
        ->capture_default_str();
    sub->add_flag("--print-invariants", ck.print_invariants,
                  "print the invariant behind each CHC proof, in spec syntax (paste it into the spec as a lemma)");
    sub->add_option("--solver", ck.solver, "which solver answers: both racing (portfolio), or one")
        ->check(CLI::IsMember({"portfolio", "z3", "cvc5"}))
        ->capture_default_str();
    sub->add_flag("--cross-check", ck.cross_check,
                  "run Z3 and cvc5 on every query to the end; a disagreement is an internal error (exit 4)");
    sub->add_option("--jobs,-j", ck.jobs, "processes at once: specs, and each spec's per-property work after its "
                                          "shared induction (the output does not depend on it)")
        ->capture_default_str();
    sub->add_option("--shard", ck.shard, "check only share I of N of the properties (merge the JSON with `bulwark merge`)")
        ->type_name("I/N");
    sub->add_flag("--no-cache", ck.no_cache, "solve every query; neither read nor write the proof cache");
    sub->add_flag("--bounded-ok", ck.bounded_ok, "exit 0 when properties hold to the depth");
    sub->add_flag("--nat-underflow", ck.nat_underflow,
                  "also report each `nat` update that a reachable step would make negative (the step still reverts)");
    sub->add_option("--format", c.format, "output format: text, json, junit (JUnit XML), sarif (SARIF 2.1.0)")
        ->check(CLI::IsMember({"text", "json", "junit", "sarif"}))
        ->capture_default_str();
    sub->add_option("--fail-on", ck.fail_on,
                    "what makes the exit code non-zero: violated (a violation only), or inconclusive (also a property "
                    "neither proved nor violated: the default)")
        ->check(CLI::IsMember({"violated", "inconclusive"}))
        ->capture_default_str();
    common(sub);
    return sub;
  };
  auto*& checkc = k.checkc;
  checkc = check_like("check", "prove every property; search for a shortest attack trace for the others");
  auto*& provec = k.provec;
  provec = check_like("prove", "proofs only (induction)");
  auto*& bmcc = k.bmcc;
  bmcc = check_like("bmc", "bounded search only: shortest attack traces up to --depth");

  std::string& smt2_spec = k.smt2_spec;
  std::string& smt2_out = k.smt2_out;
  int& smt2_depth = k.smt2_depth;
  double& smt2_timeout = k.smt2_timeout;
  auto*& smt2c = k.smt2c;
  smt2c = app.add_subcommand("smt2", "write every proof obligation and bounded query as SMT-LIB 2");
  smt2c->add_option("spec", smt2_spec, "the .bwk spec")->required();
  smt2c->add_option("--out", smt2_out, "output folder")->capture_default_str();
  smt2c->add_option("--depth", smt2_depth, "bounded queries up to this depth")->capture_default_str();
  smt2c->add_option("--timeout", smt2_timeout, "seconds for our own answer to each query")->capture_default_str();
  smt2c->add_option("--solver", k.smt2_solver, "which solver answers each query and prints its script")
      ->check(CLI::IsMember({"z3", "cvc5"}))
      ->capture_default_str();
  common(smt2c);

  AttackArgs& at = k.at;
  auto*& attackc = k.attackc;
  attackc = app.add_subcommand("attack", "the best run by an objective (a measure or an expression) and a proved bound");
  attackc->add_option("spec", at.spec, "the .bwk spec")->required();
  attackc->add_option("--maximize", at.maximize, "maximise this measure (or expression) at the run's last state")
      ->type_name("OBJECTIVE");
  attackc->add_option("--minimize", at.minimize,
                      "minimise this measure (or expression); with --violate it is read in the initial state: the attack cost")
      ->type_name("OBJECTIVE");
  attackc->add_option("--violate", at.violate, "only runs that end by breaking this invariant")->type_name("PROP");
  attackc->add_option("--depth", at.depth, "runs of at most this many steps")->capture_default_str();
  attackc->add_option("--timeout", at.timeout, "seconds per solver query")->capture_default_str();
  attackc->add_option("--total-timeout", at.total_timeout, "seconds for the whole run (0: no limit)")->capture_default_str();
  attackc->add_option("--gap", at.gap, "bisection stops at this relative gap between best run and bound")->capture_default_str();
  attackc->add_option("--fail-above", at.fail_above, "exit 1 when the best run's objective exceeds X")->type_name("X");
  attackc->add_option("--fail-below", at.fail_below, "exit 1 when the best run's objective is below X")->type_name("X");
  attackc->add_option("--format", c.format, "output format")->check(CLI::IsMember({"text", "json"}))->capture_default_str();
  common(attackc);

  TuneArgs& tu = k.tu;
  auto*& tunec = k.tunec;
  tunec = app.add_subcommand("tune", "the largest (smallest) value of a param for which the properties are proved");
  tunec->add_option("spec", tu.spec, "the .bwk spec")->required();
  tunec->add_option("--param", tu.param, "the param to tune")->required()->type_name("P");
  tunec->add_flag("--maximize", tu.maximize, "the largest safe value (safe below the edge)");
  tunec->add_flag("--minimize", tu.minimize, "the smallest safe value (safe above the edge)");
  tunec->add_option("--range", tu.range, "the interval searched, LO:HI")->required()->type_name("LO:HI");
  tunec->add_option("--keep", tu.keep, "properties that must be proved (default: all)")->delimiter(',')->type_name("PROP,...");
  tunec->add_option("--depth", tu.depth, "bounded search depth for the attack beyond the edge")->capture_default_str();
  tunec->add_option("--timeout", tu.timeout, "seconds per solver query")->capture_default_str();
  tunec->add_option("--gap", tu.gap, "stop when the uncertain interval is at most this (relative, reals)")->capture_default_str();
  tunec->add_option("--max-checks", tu.max_checks, "at most this many values checked")->capture_default_str();
  tunec->add_flag("--no-cache", tu.no_cache, "solve every query; neither read nor write the proof cache");
  tunec->add_option("--format", c.format, "output format")->check(CLI::IsMember({"text", "json"}))->capture_default_str();
  common(tunec);

  ReportArgs& rp = k.rp;
  auto*& reportc = k.reportc;
  reportc = app.add_subcommand("report", "check specs and write the verdicts, traces, charts and proofs as one HTML file");
  reportc->add_option("spec", rp.specs, "the .bwk specs or folders")->required();
  reportc->add_option("-o,--output", rp.out, "the HTML file (written whole, or not at all)")->required()->type_name("FILE");
  reportc->add_option("--chart", rp.charts, "chart this expression over each trace's steps (repeatable; default: the "
                                            "broken property's operands and variables, and the measures)")->type_name("EXPR");
  reportc->add_option("--property", rp.property, "check only this property");
  reportc->add_option("--depth", rp.run.depth, "bounded search depth")->capture_default_str();
  reportc->add_option("--timeout", rp.run.timeout, "seconds per solver query")->capture_default_str();
  reportc->add_option("--total-timeout", rp.run.total_timeout, "seconds per spec (0: no limit)")->capture_default_str();
  reportc->add_flag("--no-cache", rp.run.no_cache, "solve every query; neither read nor write the proof cache");
  reportc->add_option("--engine", rp.run.engine, "proof engine, as for check")
      ->check(CLI::IsMember({"auto", "induction", "kinduction", "chc"}))
      ->capture_default_str();
  common(reportc);

  MutateArgs& mu = k.mu;
  auto*& mutatec = k.mutatec;
  mutatec = app.add_subcommand("mutate", "check mutants of the actions against the spec's properties: the mutation score");
  mutatec->add_option("spec", mu.spec, "the .bwk spec")->required();
  mutatec->add_option("--timeout", mu.mutant_timeout, "seconds for each mutant's check")->capture_default_str();
  mutatec->add_option("--depth", mu.depth, "bounded search depth per mutant")->capture_default_str();
  mutatec->add_option("--max-mutants", mu.max_mutants, "check at most N mutants, spread over the spec (0: all)")
      ->capture_default_str();
  mutatec->add_flag("--no-cache", mu.no_cache, "solve every query; neither read nor write the proof cache");
  mutatec->add_option("--format", c.format, "output format")->check(CLI::IsMember({"text", "json"}))->capture_default_str();
  common(mutatec);

  std::string& ir_spec = k.ir_spec;
  std::vector<std::string>& merge_files = k.merge_files;
  StressArgs& st = k.st;
  auto*& stressc = k.stressc;
  stressc = app.add_subcommand("stress", "Monte Carlo over a scenario's market paths: shares of broken properties, VaR, sweeps");
  stressc->add_option("spec", st.spec, "the .bwk spec")->required();
  stressc->add_option("--scenario", st.scenario, "the scenario to run")->required()->type_name("NAME");
  stressc->add_option("--runs", st.runs, "number of runs")->capture_default_str();
  stressc->add_option("--steps", st.steps, "rounds per run (each: every drive once, then the policy's moves)")->capture_default_str();
  stressc->add_option("--seed", st.seed, "random seed (default: a fresh one, printed)");
  stressc->add_option("--sweep", st.sweep, "the figures per value of a param or constant")->type_name("P=LO:HI:STEP");
  stressc->add_option("--jobs", st.jobs, "worker processes (the figures do not depend on it)")->capture_default_str();
  stressc->add_option("--measure", st.measures, "an extra measure: NAME=EXPR over the state")->type_name("NAME=EXPR");
  stressc->add_option("--param", st.params, "fix a param: --param P=V")->type_name("P=V");
  stressc->add_option("--worst", st.worst, "the worst run is the one with the largest value of this measure (default: the first violation)")->type_name("MEASURE");
  stressc->add_option("--trace-dir", st.trace_dir, "write the worst run as ITF JSON into DIR")->type_name("DIR");
  stressc->add_option("--plots", st.plots, "write SVG plots (fan chart, histograms, sweep curve) into DIR")->type_name("DIR");
  stressc->add_flag("--prove", st.prove, "hand the worst run to the prover: seeded BMC confirms a violation; with --worst, the proved maximum over runs of its length");
  stressc->add_option("--timeout", st.timeout, "seconds per solver query with --prove")->capture_default_str();
  stressc->add_option("--format", c.format, "output format")->check(CLI::IsMember({"text", "json"}))->capture_default_str();
  common(stressc);

  auto*& mergec = k.mergec;
  mergec = app.add_subcommand("merge", "combine the JSON results of `check --shard I/N` runs into one");
  mergec->add_option("results", merge_files, "the JSON files written by the shards")->required();
  mergec->add_flag("--no-color", c.no_color, "never colour diagnostics");
  auto*& irc = k.irc;
  irc = app.add_subcommand("ir", "print the lowered transition system");
  irc->add_option("spec", ir_spec, "the .bwk spec")->required();
  common(irc);

}

}  // namespace bulwark::cli

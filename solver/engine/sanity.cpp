// Sanity checks around the proof and search engines: an initial state exists,
// no user property is a tautology, every action is enabled somewhere within
// the depth. Findings are warnings (W0401-W0403) except an empty init (exit 3).
#include <fmt/format.h>

#include <algorithm>

#include "dsl/interp/simulate.hpp"
#include "solver/engine/context.hpp"

namespace bulwark::solver {
namespace {

// A user invariant or rule that no state (or step) can break checks nothing:
// usually a typo (`x >= x`) or a property weakened by mistake.
void tautologies(EngineRun& run) {
  const auto& ts = run.ts;
  auto b = run.make();
  add(*b, base(ts, Obligation::Kind::Sanity).state_types(1));
  auto check_one = [&](const ir::Property& p, Frame f) {
    if (p.kind != ir::PropKind::Invariant && p.kind != ir::PropKind::Rule) return;
    if (run.o.only && !run.o.only->count(p.name)) return;
    b->push();
    b->add({p.holds, f, true});
    if (run.ask(*b, {}, nullptr, run.incremental_budget()) == Answer::Unsat)
      run.res.warnings.push_back({"W0402", p.span,
                                  fmt::format("{} `{}` holds in every state{}, whatever the actions do: it checks nothing",
                                              ir::to_string(p.kind), p.name, p.kind == ir::PropKind::Rule ? " change" : "")});
    b->pop();
  };
  for (const auto& p : ts.invariants) check_one(p, in_state(0));
  for (const auto& p : ts.steps) check_one(p, on_step(0, p.action));
}

}  // namespace

bool run_sanity(EngineRun& run) {
  auto b = run.make();
  add(*b, runs_from_init(run.ts, 0, Obligation::Kind::Sanity));
  switch (run.ask(*b)) {
    case Answer::Unsat:
      run.res.input_error = "`init` together with the `assume`s is unsatisfiable: there is no initial state, so "
                            "every property would hold vacuously";
      return false;
    case Answer::Unknown:
      run.res.warnings.push_back({"W0401", {}, fmt::format("could not decide whether `init` is satisfiable ({})", run.why(*b))});
      break;
    case Answer::Sat: break;
  }
  tautologies(run);
  return true;
}

// Marks in `seen` the actions the interpreter takes in random runs of fewer
// than `depth` steps before them: each is a run that enables the action
// within the depth, as a sat answer below would be, found without a solver.
// (On nonlinear specs the incremental solver often cannot tell in its short
// budget: lending's dead-action queries were 3 unknowns of 1.4 s each.) The
// runs are few and seeded, so the result does not vary between runs.
static void simulated_enabled(const ir::TransitionSystem& ts, int depth, std::vector<bool>& seen) {
  constexpr int kRuns = 32;
  interp::StepSampler sampler(ts, {});
  for (int r = 0; r < kRuns; ++r) {
    sampler.reseed(static_cast<std::uint64_t>(r) + 1);
    std::vector<Value> params;
    interp::State state;
    std::string why;
    if (!sampler.start(params, state, why)) return;
    for (int k = 0; k < depth; ++k) {
      for (std::size_t a = 0; a < ts.actions.size(); ++a)
        if (!seen[a])
          if (auto st = sampler.step(params, state, {static_cast<int>(a)}, true); st && !st->reverted) seen[a] = true;
      if (std::all_of(seen.begin(), seen.end(), [](bool s) { return s; })) return;
      std::vector<int> any(ts.actions.size());
      for (std::size_t a = 0; a < any.size(); ++a) any[a] = static_cast<int>(a);
      auto st = sampler.step(params, state, any, false);
      if (!st || st->reverted) break;
      state = std::move(st->post);
    }
  }
}

// Every action must be possible in some state reachable within the depth,
// else its `require`s contradict the spec and its properties hold vacuously.
// Unknown answers are not reported (unknown is not dead).
void run_dead_actions(EngineRun& run) {
  const auto& ts = run.ts;
  std::vector<bool> seen(ts.actions.size(), false), unsure(ts.actions.size(), false);
  // Actions already taken by a trace are alive.
  for (const auto& v : run.res.verdicts)
    if (v.trace)
      for (const auto& st : v.trace->steps) seen[static_cast<std::size_t>(st.action)] = true;
  if (run.out_of_time()) return;  // nothing can be concluded
  int depth = std::max(run.o.depth, 1);  // depth 0 still asks about the first step
  simulated_enabled(ts, depth, seen);
  if (std::all_of(seen.begin(), seen.end(), [](bool s) { return s; })) return;
  auto b = run.make();
  add(*b, runs_from_init(ts, 0, Obligation::Kind::Sanity));
  for (int k = 0; k < depth && !run.out_of_time(); ++k) {
    bool all = true;
    for (std::size_t a = 0; a < ts.actions.size(); ++a) {
      if (seen[a]) continue;
      b->push();
      b->add_transition(k, static_cast<int>(a));
      Answer r = run.ask(*b, {}, nullptr, run.incremental_budget());
      b->pop();
      if (r == Answer::Sat) seen[a] = true;
      else if (r == Answer::Unknown) unsure[a] = true;
      all = all && seen[a];
    }
    if (all) return;
    b->add_transition(k);
    b->add_state_types(k + 1);
  }
  if (run.out_of_time()) return;  // not searched to the depth: nothing can be concluded
  for (std::size_t a = 0; a < ts.actions.size(); ++a)
    if (!seen[a] && !unsure[a])
      run.res.warnings.push_back({"W0403", ts.actions[a].span,
                                  fmt::format("action `{}` is never enabled within {} step{} (dead action): its `require`s "
                                              "exclude every reachable state, so it can neither break nor test a property",
                                              ts.actions[a].name, depth, depth == 1 ? "" : "s")});
}

}  // namespace bulwark::solver

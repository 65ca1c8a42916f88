// The induction engine: Houdini over the invariants (initiation, then
// consecution per action to a fixpoint: the survivors are inductive together,
// hence proved), the lemmas each proof needs, and the one-step obligations of
// the step properties from the proved invariants.
#include <fmt/format.h>

#include "solver/engine/context.hpp"

namespace bulwark::solver {
namespace {

using K = Obligation::Kind;

// Which other proved invariants the proof of `i` needs (unsat cores, per action).
std::vector<std::string> lemmas_for(EngineRun& run, ProofState& st, int i, const std::vector<int>& proved) {
  const auto& ts = run.ts;
  std::set<int> used;
  // Unsat cores are not unique: they depend on the solver and on its
  // search, so the portfolio's race would make the lemma lists vary. These
  // queries get a solver of their own, one solver, fresh for the run, so
  // the lemma lists are the same on every run.
  if (!st.lemma_factory) {
    SolverOptions one = run.o.solver;
    if (one.which == SolverOptions::Portfolio) one.which = SolverOptions::Z3;
    one.cross_check = false;
    st.lemma_factory = run.factory_for(one);
  }
  auto b = st.lemma_factory->make();
  add(*b, base(ts, K::Lemmas).state_types(1));
  ir::NodeId holds = ts.invariants[static_cast<std::size_t>(i)].holds;
  for (std::size_t a = 0; a < ts.actions.size(); ++a) {
    b->push();
    add(*b, consecution(ts, static_cast<int>(a), {holds}).breaks(holds, in_state(1)));
    std::vector<Formula> tracked;
    std::vector<int> who;
    for (int j : proved)
      if (j != i) tracked.push_back({ts.invariants[static_cast<std::size_t>(j)].holds, in_state(0)}), who.push_back(j);
    // The proof is known (Houdini's query was unsat); only the names are
    // asked for, on a short budget: an unsat core can be far harder than the
    // proof (erc4626_fixed: 15 s to the deadline against 1-2 s).
    // Without a core every other proved invariant is named: an over-statement
    // of what the proof needs, never an under-statement.
    std::vector<int> core;
    if (run.ask(*b, tracked, &core, run.lemma_core_budget()) == Answer::Unsat)
      for (int k : core) used.insert(who[static_cast<std::size_t>(k)]);
    else
      used.insert(who.begin(), who.end());
    b->pop();
  }
  std::vector<std::string> out;
  for (int j : used) out.push_back(ts.invariants[static_cast<std::size_t>(j)].name);
  return out;
}

}  // namespace

void run_induction(EngineRun& run, ProofState& st) {
  const auto& ts = run.ts;
  run.progress("induction", "");
  // Every invariant is a candidate, even under --property: the one asked
  // about may need the others as lemmas.
  std::vector<int> alive;
  for (std::size_t i = 0; i < ts.invariants.size(); ++i) alive.push_back(static_cast<int>(i));
  std::map<int, double> spent;
  std::map<int, std::string> unknown;
  auto b = run.make();
  add(*b, base(ts, K::Initiation));
  // Keeps the candidates whose negation, read in `frame`, is unsatisfiable
  // under what is asserted; the rest fail induction or are unknown.
  auto survivors = [&](const std::vector<int>& cand, Frame frame) {
    std::vector<int> keep;
    for (int i : cand) {
      auto t0 = Clock::now();
      b->push();
      b->add({ts.invariants[static_cast<std::size_t>(i)].holds, frame, true});
      Answer r = run.ask(*b);
      if (r == Answer::Sat && frame.pre == 1)
        if (Verdict* v = run.find(false, i)) run.counterexample_to_induction(*v, *b, -1);
      b->pop();
      spent[i] += since(t0);
      if (r == Answer::Unsat) keep.push_back(i);
      else if (r == Answer::Unknown) unknown[i] = run.why(*b);
      else st.failed_induction(run, i);
    }
    return keep;
  };
  // Initiation, once per candidate.
  b->push();
  add(*b, initiation(ts));
  alive = survivors(alive, in_state(0));
  b->pop();
  // Consecution, per action, to a fixpoint. The invariant in the post-state is
  // state 1 read as a "pre" state.
  b->add_state_types(1);
  for (bool changed = true; changed;) {
    changed = false;
    for (std::size_t a = 0; a < ts.actions.size() && !alive.empty(); ++a) {
      b->push();
      std::vector<ir::NodeId> candidates;
      for (int j : alive) candidates.push_back(ts.invariants[static_cast<std::size_t>(j)].holds);
      add(*b, consecution(ts, static_cast<int>(a), candidates));
      std::vector<int> keep = survivors(alive, in_state(1));
      b->pop();
      if (keep.size() != alive.size()) changed = true;
      alive = keep;
    }
  }
  st.proved = alive;
  for (auto& [i, t] : spent)
    if (Verdict* v = run.find(false, i)) v->time_s += t;
  for (auto& [i, why] : unknown)
    if (Verdict* v = run.find(false, i)) v->reason = why;  // an unknown candidate was dropped: never proved
  for (int i : alive) {
    Verdict* v = run.find(false, i);
    if (!v) continue;
    v->status = Status::Proved;
    v->lemmas = lemmas_for(run, st, i, alive);
    v->method = v->lemmas.empty() ? "inductive" : "inductive with " + join(v->lemmas);
  }
}

// Rules, asserts and divisions: one step from any state satisfying the proved invariants.
void run_step_obligations(EngineRun& run, ProofState& st) {
  const auto& ts = run.ts;
  // nlsat first: vault_withdraw_rounds_down's share_price_monotone took 1.7 s
  // on the plain solver, 0.05 s (docs/measurements.md §13).
  auto b = run.make(Use::NlsatFirst);
  Obligation lemmas = base(ts, K::OneStep).state_types(1);
  for (ir::NodeId l : st.proved_nodes(ts)) lemmas.assume({l, in_state(0)});
  add(*b, lemmas);
  for (auto& v : run.res.verdicts) {
    if (!v.step) continue;
    const auto& p = ts.steps[static_cast<std::size_t>(v.index)];
    run.progress("induction", v.name);
    auto t0 = Clock::now();
    bool all = true;
    std::string gave_up;
    for (std::size_t a = 0; a < ts.actions.size(); ++a) {
      if (p.action >= 0 && p.action != static_cast<int>(a)) continue;
      b->push();
      add(*b, one_step(ts, v.index, static_cast<int>(a)));
      Answer r = run.ask(*b);
      if (r == Answer::Sat) run.counterexample_to_induction(v, *b, static_cast<int>(a));
      b->pop();
      if (r != Answer::Unsat) {
        all = false;
        if (r == Answer::Unknown) gave_up = run.why(*b);
        break;
      }
    }
    v.time_s += since(t0);
    if (all) {
      v.status = Status::Proved;
      v.method = st.proved.empty() ? "one-step" : "one-step from the proved invariants";
    } else if (!gave_up.empty()) {
      v.reason = gave_up;
    } else {
      st.induction_failed.insert(run.index_of(v));
    }
  }
}

}  // namespace bulwark::solver

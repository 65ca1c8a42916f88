// The k-induction engine (with the simple-path constraint), for the
// invariants that failed 1-induction and that the bounded search found no
// attack on: a state sequence of length k satisfying the invariant, each state
// distinct, cannot step to a state that breaks it. The base case, no violation
// within k-1 steps of init, is what the bounded search established (`depth`).
#include <fmt/format.h>

#include "solver/engine/context.hpp"

namespace bulwark::solver {
namespace {

// The least k (2 .. max_k, at most the base depth + 1) for which `v` is
// k-inductive, or 0. The proved invariants hold in every state (lemmas).
int least_k(EngineRun& run, const ProofState& st, const Verdict& v) {
  const auto& ts = run.ts;
  const ir::Property& p = ts.invariants[static_cast<std::size_t>(v.index)];
  std::vector<ir::NodeId> lemmas = st.proved_nodes(ts);
  // Isolated: these queries start cold, and Z3 4.8.12 ignores interrupts on
  // nonlinear ones (amm_lp's k = 2 query ran on for 13 minutes in-process).
  auto b = run.make(Use::OneShot);
  Obligation start = base(ts, Obligation::Kind::KInduction);
  for (ir::NodeId l : lemmas) start.assume({l, in_state(0)});
  add(*b, start.assume({p.holds, in_state(0)}));
  for (int k = 1; k <= std::min(run.o.max_k, v.depth + 1) && !run.out_of_time(); ++k) {
    // States 0..k: the invariant holds in 0..k-1, all pairwise distinct.
    Obligation longer;
    longer.kind = Obligation::Kind::KInduction;
    longer.transition(k - 1).state_types(k);
    for (ir::NodeId l : lemmas) longer.assume({l, in_state(k)});
    for (int s = 0; s < k; ++s) longer.distinct(s, k);
    add(*b, longer);
    if (k >= 2) {
      run.progress("k-induction", p.name, k);
      b->push();
      b->add({p.holds, in_state(k), true});
      Answer r = run.ask(*b);
      b->pop();
      if (r == Answer::Unsat) return k;
      if (r == Answer::Unknown) return 0;
    }
    b->add({p.holds, in_state(k)});
  }
  return 0;
}

}  // namespace

void run_k_induction(EngineRun& run, ProofState& st, std::size_t i) {
  {
    Verdict& v = run.res.verdicts[i];
    if (v.step || v.status != Status::Unknown || !v.reason.empty() || !st.induction_failed.count(i)) return;
    auto t0 = Clock::now();
    if (int k = least_k(run, st, v); k > 0) {
      v.status = Status::Proved;
      v.method = fmt::format("{}-inductive", k);
      v.lemmas = st.proved_names(run.ts);
      if (!v.lemmas.empty()) v.method += " with " + join(v.lemmas);
      v.cti.reset();
      st.induction_failed.erase(i);
    }
    v.time_s += since(t0);
  }
}

}  // namespace bulwark::solver

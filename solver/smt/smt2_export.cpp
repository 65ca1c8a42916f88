#include "solver/smt/smt2_export.hpp"

#include <fmt/format.h>

#include "solver/smt/obligation.hpp"

namespace bulwark::solver {

namespace {

// One obligation on a fresh backend of `which` solver: our answer, and the script it exports.
Smt2File exported(const ir::TransitionSystem& ts, std::string name, double timeout_s, SolverOptions::Which which,
                  const Obligation& o) {
  BackendStats stats;
  std::unique_ptr<BackendFactory> factory;  // outlives its backend
  std::unique_ptr<Backend> b;
  if (which == SolverOptions::Cvc5) factory = make_cvc5_factory(ts, &stats), b = factory->make(Use::OneShot);
  else b = make_z3_backend(ts, &stats);
  add(*b, o);
  Answer r = b->check(timeout_s);
  std::string text = fmt::format("; bulwark obligation {} of {}\n; bulwark ({}) answered: {}\n", name,
                                 ts.file ? ts.file->name() : "?", which == SolverOptions::Cvc5 ? "cvc5" : "Z3", to_string(r));
  text += b->smt2();
  return {std::move(name), std::move(text), r, stats.solve_s};
}

}  // namespace

std::vector<Smt2File> export_obligations(const ir::TransitionSystem& ts, int depth, double timeout_s,
                                         SolverOptions::Which which) {
  std::vector<Smt2File> out;
  auto emit = [&](std::string name, const Obligation& o) { out.push_back(exported(ts, std::move(name), timeout_s, which, o)); };
  std::vector<ir::NodeId> invariants;
  for (const auto& p : ts.invariants) invariants.push_back(p.holds);
  using K = Obligation::Kind;
  for (const auto& p : ts.invariants) {
    emit("init." + p.name, base(ts, K::Initiation).then(initiation(ts)).breaks(p.holds, in_state(0)));
    for (std::size_t a = 0; a < ts.actions.size(); ++a)
      emit(fmt::format("step.{}.{}", p.name, ts.actions[a].name),
           base(ts, K::Consecution).state_types(1).then(consecution(ts, static_cast<int>(a), invariants)).breaks(p.holds, in_state(1)));
  }
  for (std::size_t i = 0; i < ts.steps.size(); ++i) {
    const auto& p = ts.steps[i];
    for (std::size_t a = 0; a < ts.actions.size(); ++a) {
      if (p.action >= 0 && p.action != static_cast<int>(a)) continue;
      Obligation o = base(ts, K::OneStep).state_types(1);
      for (ir::NodeId l : invariants) o.assume({l, in_state(0)});
      emit(fmt::format("step.{}.{}", p.name, ts.actions[a].name), o.then(one_step(ts, static_cast<int>(i), static_cast<int>(a))));
    }
  }
  for (int k = 0; k <= depth; ++k) {
    for (std::size_t i = 0; i < ts.invariants.size(); ++i) {
      Obligation o = runs_from_init(ts, k);
      emit(fmt::format("bmc.{}.{}", ts.invariants[i].name, k), bounded_violation(ts, o, false, static_cast<int>(i), k, -1));
    }
    if (k == 0) continue;
    for (std::size_t i = 0; i < ts.steps.size(); ++i) {
      const auto& p = ts.steps[i];
      for (std::size_t a = 0; a < ts.actions.size(); ++a) {
        if (p.action >= 0 && p.action != static_cast<int>(a)) continue;
        Obligation o = runs_from_init(ts, k - 1);
        emit(fmt::format("bmc.{}.{}.{}", p.name, ts.actions[a].name, k),
             bounded_violation(ts, o, true, static_cast<int>(i), k, static_cast<int>(a)));
      }
    }
  }
  return out;
}

}  // namespace bulwark::solver

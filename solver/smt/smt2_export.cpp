#include "solver/smt/smt2_export.hpp"

#include <fmt/format.h>

namespace bulwark::solver {

const char* to_string(Answer a) {
  switch (a) {
    case Answer::Sat: return "sat";
    case Answer::Unsat: return "unsat";
    case Answer::Unknown: return "unknown";
  }
  return "?";
}

namespace {

// One obligation: a fresh backend, the caller's assertions, our answer, the script.
template <typename Build>
Smt2File obligation(const ir::TransitionSystem& ts, std::string name, double timeout_s, Build&& build) {
  BackendStats stats;
  auto b = make_z3_backend(ts, &stats);
  for (ir::NodeId a : ts.assumes) b->add({a, {}});
  b->add_state_types(0);
  build(*b);
  Answer r = b->check(timeout_s);
  std::string text = fmt::format("; bulwark obligation {} of {}\n; bulwark (Z3) answered: {}\n", name,
                                 ts.file ? ts.file->name() : "?", to_string(r));
  text += b->smt2();
  return {std::move(name), std::move(text), r, stats.solve_s};
}

}  // namespace

std::vector<Smt2File> export_obligations(const ir::TransitionSystem& ts, int depth, double timeout_s) {
  std::vector<Smt2File> out;
  auto all_invariants = [&](Backend& b, int k) {
    for (const auto& p : ts.invariants) b.add({p.holds, {k, k + 1, k, -1}});
  };
  for (const auto& p : ts.invariants) {
    out.push_back(obligation(ts, "init." + p.name, timeout_s, [&](Backend& b) {
      for (ir::NodeId i : ts.init) b.add({i, {}});
      b.add({p.holds, {}, true});
    }));
    for (std::size_t a = 0; a < ts.actions.size(); ++a)
      out.push_back(obligation(ts, fmt::format("step.{}.{}", p.name, ts.actions[a].name), timeout_s, [&](Backend& b) {
        b.add_state_types(1);
        all_invariants(b, 0);
        b.add_transition(0, static_cast<int>(a));
        b.add({p.holds, {1, 2, 1, -1}, true});
      }));
  }
  for (const auto& p : ts.steps)
    for (std::size_t a = 0; a < ts.actions.size(); ++a) {
      if (p.action >= 0 && p.action != static_cast<int>(a)) continue;
      out.push_back(obligation(ts, fmt::format("step.{}.{}", p.name, ts.actions[a].name), timeout_s, [&](Backend& b) {
        b.add_state_types(1);
        all_invariants(b, 0);
        if (!p.in_body) b.add_transition(0, static_cast<int>(a));
        b.add({p.holds, {0, 1, 0, static_cast<int>(a)}, true});
      }));
    }
  for (int k = 0; k <= depth; ++k) {
    auto unroll = [&](Backend& b, int steps) {
      for (ir::NodeId i : ts.init) b.add({i, {}});
      for (int s = 0; s < steps; ++s) {
        b.add_transition(s);
        b.add_state_types(s + 1);
      }
    };
    for (const auto& p : ts.invariants)
      out.push_back(obligation(ts, fmt::format("bmc.{}.{}", p.name, k), timeout_s, [&](Backend& b) {
        unroll(b, k);
        b.add({p.holds, {k, k + 1, k, -1}, true});
      }));
    if (k == 0) continue;
    for (const auto& p : ts.steps)
      for (std::size_t a = 0; a < ts.actions.size(); ++a) {
        if (p.action >= 0 && p.action != static_cast<int>(a)) continue;
        out.push_back(obligation(ts, fmt::format("bmc.{}.{}.{}", p.name, ts.actions[a].name, k), timeout_s, [&](Backend& b) {
          unroll(b, k - 1);
          b.add_state_types(k);
          if (!p.in_body) b.add_transition(k - 1, static_cast<int>(a));
          b.add({p.holds, {k - 1, k, k - 1, static_cast<int>(a)}, true});
        }));
      }
  }
  return out;
}

}  // namespace bulwark::solver

// The bounded-search engine: incremental BMC, depth 0, 1, ..., K on one
// solver, so the first trace found is a shortest one; a query the incremental
// solver cannot answer is retried on a fresh solver, then split into one query
// per action sequence. Every trace is confirmed by the interpreter.
#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <map>

#include "solver/engine/context.hpp"

namespace bulwark::solver {
namespace {

class Bmc {
 public:
  explicit Bmc(EngineRun& run) : run_(run), ts_(run.ts) {}

  void search(int depth, const std::set<std::size_t>* only) {
    std::vector<Verdict*> open;
    for (auto& v : run_.res.verdicts)
      if (v.status != Status::Proved && (!only || only->count(run_.index_of(v)))) open.push_back(&v);
    if (open.empty()) return;
    auto b = run_.make(Use::NlsatFirst);
    add(*b, runs_from_init(ts_, 0));
    auto remove = [&](Verdict* v) { open.erase(std::find(open.begin(), open.end(), v)); };
    for (int k = 0; k <= depth && !open.empty(); ++k) {
      if (k > 0) {
        // Step properties at step k-1 (whose transition is not yet asserted).
        for (Verdict* v : std::vector<Verdict*>(open)) {
          if (!v->step) continue;
          const auto& p = ts_.steps[static_cast<std::size_t>(v->index)];
          for (std::size_t a = 0; a < ts_.actions.size(); ++a) {
            if (p.action >= 0 && p.action != static_cast<int>(a)) continue;
            if (query(*b, *v, k, static_cast<int>(a)) != Answer::Unsat) {
              remove(v);
              break;
            }
          }
        }
        b->add_transition(k - 1);
        b->add_state_types(k);
      }
      for (Verdict* v : std::vector<Verdict*>(open))
        if (!v->step && query(*b, *v, k, -1) != Answer::Unsat) remove(v);
    }
    for (Verdict* v : open) v->depth = depth;
  }

 private:
  // That `v` breaks at depth k, on top of states 0..k-1 and their transitions
  // (for invariants, also transition k-1): a step property breaks at step k-1
  // taken by `action` (an in-body check needs only the attempt).
  Obligation violation(const Verdict& v, int k, int action) {
    Obligation o;
    o.kind = Obligation::Kind::Bounded;
    return bounded_violation(ts_, o, v.step, v.index, k, action);
  }

  // One bounded query at depth k: the incremental solver on a short budget,
  // then a fresh solver and the split search. A trace found is recorded.
  Answer query(Backend& b, Verdict& v, int k, int action) {
    run_.progress("bmc", v.name, k);
    auto t0 = Clock::now();
    Answer r = Answer::Unknown;
    // Once the incremental solver has given up on a query of this property,
    // its deeper (larger) ones go straight to the fresh solver: each give-up
    // costs its budget and, when nonlinear, a restart of the solver process
    // (lending: 1.3 s a depth); and a Z3 solver interrupted at its deadline is
    // not to be trusted afterwards (Z3Prover/z3#5062). So do they once a
    // nonlinear query of it took more than kSlow of the budget: the next
    // depth's query is larger, and such a query is the kind that then gives up
    // (lending, measured before nlsat took the search's queries: depth 3 took
    // 0.35-0.45 s, depth 4 gave up at 1 s, the fresh solver answered it in
    // 0.14 s). Per property: on erc4626_double one property's give-up sent
    // every other property's quick incremental queries to the fresh solver
    // too (victim_priced_fairly 0.7 -> 10.2 s).
    bool& incremental_gave_up = incremental_gave_up_[&v];
    if (!incremental_gave_up) {
      b.push();
      add(b, violation(v, k, action));
      auto t1 = Clock::now();
      r = run_.ask(b, {}, nullptr, run_.incremental_budget());
      if (r == Answer::Sat) run_.found(v, b, k, action);
      if (r == Answer::Unknown && !run_.out_of_time()) incremental_gave_up = true;
      if (r == Answer::Unsat && b.nonlinear() && since(t1) > kSlow * run_.incremental_budget()) incremental_gave_up = true;
      b.pop();
    }
    if (r == Answer::Unknown) {
      if (run_.out_of_time()) reason_ = run_.why(b);
      else r = split(v, k, action);
    }
    v.time_s += since(t0);
    if (r == Answer::Unknown) {
      v.reason = fmt::format("bounded search gave up at depth {}: {}", k, reason_);
      v.depth = k - 1;
    } else if (r == Answer::Unsat) {
      v.depth = k;
    }
    return r;
  }

  // When the query over all action sequences of length k is too hard (often
  // nonlinear), ask one query per sequence instead, pruning every prefix that
  // is already infeasible. Sequences are tried in order, all of length k, so a
  // trace found is still a shortest one. `last` is the action of a step
  // property's final step (-1 for invariants).
  Answer split(Verdict& v, int k, int last) {
    // First the same query on a fresh solver: Z3 in incremental mode (after a
    // push) does not use its nonlinear procedures, and a one-shot query does
    // (lending's depth-4 solvency query: unknown after 30 s vs sat in 1 s).
    if (Answer r = fresh(v, k, last); r != Answer::Unknown) return r;
    auto b = run_.make(Use::OneShot);
    add(*b, runs_from_init(ts_, 0));
    int steps = v.step ? k - 1 : k;  // transitions before the property is checked
    bool gave_up = false;
    std::function<Answer(int)> dfs = [&](int s) -> Answer {
      if (s == steps) {
        b->push();
        add(*b, violation(v, k, last));
        Answer r = run_.ask(*b);
        if (r == Answer::Sat) run_.found(v, *b, k, last);
        b->pop();
        if (r == Answer::Unknown) gave_up = true, reason_ = run_.why(*b);
        return r;
      }
      for (std::size_t a = 0; a < ts_.actions.size(); ++a) {
        // Out of time, every query is unknown and no prefix is pruned: stop
        // here rather than walk every sequence.
        if (run_.out_of_time()) return gave_up = true, reason_ = run_.why(*b), Answer::Unknown;
        b->push();
        b->add_transition(s, static_cast<int>(a));
        b->add_state_types(s + 1);
        Answer prefix = run_.ask(*b);
        Answer r = prefix == Answer::Unsat ? Answer::Unsat : dfs(s + 1);
        b->pop();
        if (r == Answer::Sat) return r;
      }
      return gave_up ? Answer::Unknown : Answer::Unsat;
    };
    return dfs(0);
  }

  // The whole bounded query (the one `bulwark smt2` exports) on a fresh solver.
  Answer fresh(Verdict& v, int k, int last) {
    auto b = run_.make(Use::OneShot);
    Obligation o = runs_from_init(ts_, v.step ? k - 1 : k);
    add(*b, bounded_violation(ts_, o, v.step, v.index, k, last));
    Answer r = run_.ask(*b);
    if (r == Answer::Sat) run_.found(v, *b, k, last);
    if (r == Answer::Unknown) reason_ = run_.why(*b);
    return r;
  }

  static constexpr double kSlow = 0.25;  // of the incremental budget (measured: docs/measurements.md §13)

  EngineRun& run_;
  const ir::TransitionSystem& ts_;
  std::string reason_;  // why the last split search gave up
  std::map<const Verdict*, bool> incremental_gave_up_;
};

}  // namespace

void run_bmc(EngineRun& run, int depth, const std::set<std::size_t>* only) { Bmc(run).search(depth, only); }

}  // namespace bulwark::solver

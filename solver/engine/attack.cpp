#include "solver/engine/attack.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cstdio>

#include "solver/engine/linear_restriction.hpp"
#include "solver/engine/runs.hpp"

namespace bulwark::solver {

const char* to_string(DepthOptimum::Kind k) {
  switch (k) {
    case DepthOptimum::Exact: return "exact";
    case DepthOptimum::Gap: return "gap";
    case DepthOptimum::Unbounded: return "unbounded";
    case DepthOptimum::NoBound: return "no_bound";
    case DepthOptimum::NoRun: return "no_run";
    case DepthOptimum::Unknown: return "unknown";
  }
  return "unknown";
}

namespace {

using Clock = std::chrono::steady_clock;
double since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

class Attack {
 public:
  Attack(const ir::TransitionSystem& ts, const AttackOptions& o) : ts_(ts), o_(o) {
    // Without nlsat: its runs sit on dyadic edges of their cells (lending's
    // MAX_MOVE = 900719925474099/2^52), and with the env fixed to such a
    // run's values the linear restriction no longer proves lending's bad
    // debt unbounded at depth 4 (the test cli.attack); the plain solver's runs do.
    factory_ = make_z3_factory(ts_, &res_.stats, false);
  }

  AttackResult run() {
    for (int d = o_.from_depth; d <= o_.depth; ++d) {
      if (o_.progress) o_.progress->update({"attack", "", d});
      auto t0 = Clock::now();
      DepthOptimum r = depth(d);
      r.time_s = since(t0);
      res_.depths.push_back(std::move(r));
      if (res_.internal_error) break;
      // The solver refuses every further query: the depths left are not searched.
      for (int rest = d + 1; canceled_ && rest <= o_.depth; ++rest) {
        DepthOptimum n;
        n.depth = rest;
        n.reason = "not searched: " + res_.depths[static_cast<std::size_t>(d - o_.from_depth)].reason;
        res_.depths.push_back(std::move(n));
      }
      if (canceled_) break;
    }
    return std::move(res_);
  }

 private:
  // Maximising, `a` is better than `b` when larger; minimising, when smaller.
  bool better(const Rational& a, const Rational& b) const { return o_.maximize ? a > b : a < b; }
  ir::NodeId objective() const { return ts_.measures[static_cast<std::size_t>(o_.measure)].value; }
  Frame frame(int d) const { return o_.violate ? Frame{0, 1, 0, -1} : Frame{d, d + 1, d, -1}; }
  double budget() const {
    if (o_.total_timeout_s <= 0) return o_.timeout_s;
    return std::max(0.001, std::min(o_.timeout_s, o_.total_timeout_s - since(t0_)));
  }
  bool out_of_time() const { return o_.total_timeout_s > 0 && since(t0_) >= o_.total_timeout_s; }

  // Runs of exactly `d` steps from an initial state (ending in the violation, if asked).
  std::unique_ptr<Backend> unrolled(int d) {
    auto b = factory_->make(Use::OneShot);
    if (o_.actions.empty()) {
      add_runs_from_init(ts_, *b, d);
    } else {
      add_base(ts_, *b);
      for (ir::NodeId i : ts_.init) b->add({i, {}});
      for (int s = 0; s < d; ++s) {
        b->add_transition(s, o_.actions.at(static_cast<std::size_t>(s)));
        b->add_state_types(s + 1);
      }
    }
    if (o_.violate) b->add({ts_.invariants[static_cast<std::size_t>(*o_.violate)].holds, {d, d + 1, d, -1}, true});
    return b;
  }

  // The model's run, replayed by the interpreter; its objective value.
  std::optional<Rational> take_run(Backend& b, int d, DepthOptimum& r) {
    return take_trace(model_trace(ts_, b, d, -1, o_.actions.empty() ? nullptr : &o_.actions), d, r);
  }
  std::optional<Rational> take_trace(interp::Trace t, int d, DepthOptimum& r) {
    t.property = o_.violate ? *o_.violate : -1;
    auto t0 = Clock::now();
    auto why = interp::replay(ts_, t);
    res_.replay_s += since(t0);
    if (why) {
      res_.internal_error = fmt::format("the interpreter does not confirm the solver's run of {} step{}: {}", d, d == 1 ? "" : "s", *why);
      return std::nullopt;
    }
    interp::Interpreter in(ts_);
    const interp::State& s = o_.violate || t.steps.empty() ? t.init : t.steps.back().post;
    in.bind(&t.params, &s);
    Value v = in.eval(objective());
    r.best = v;
    r.trace = std::move(t);
    return v.as_rational();
  }

  // The depth's optimum. A solver left cancelled by an interrupt (Z3 4.8.12
  // refuses to go on: SolverCanceled) ends it unknown with what it found so
  // far, as the engine ends its open properties (docs/engines.md).
  DepthOptimum depth(int d) {
    DepthOptimum r;
    r.depth = d;
    try {
      solve(d, r);
    } catch (const SolverCanceled& e) {
      r.kind = DepthOptimum::Unknown;
      r.bound.reset();
      r.reason = fmt::format("stopped: {}", e.what());
      canceled_ = true;
    }
    return r;
  }

  void solve(int d, DepthOptimum& r) {
    if (out_of_time()) return void(r.reason = "the overall time limit ran out");
    auto b = unrolled(d);
    // Whether the query with the objective in it is linear: OMT is exact only there.
    b->push();
    b->add_bound(objective(), frame(d), true, false, Value::integer(0));
    bool nonlinear = b->nonlinear();
    b->pop();
    if (!nonlinear) {
      r.method = "omt";
      ++r.queries;
      Optimum opt = b->optimize(objective(), frame(d), o_.maximize, budget());
      if (opt.answer == Answer::Unsat) return void(r.kind = DepthOptimum::NoRun);
      if (opt.answer == Answer::Sat) {
        if (!take_run(*b, d, r)) return;
        if (opt.unbounded) {
          // Not provable by finitely many bounds: confirmed by a run far past the best.
          Rational far = Rational(1'000'000'000) * std::max(Rational(1), Rational(abs(r.best->as_rational())));
          if (beats(*b, d, o_.maximize ? far : -far, r) == Answer::Sat) return void(r.kind = DepthOptimum::Unbounded);
          r.reason = "Z3's optimiser says unbounded, but no run far past the best was found";
          return;
        }
        // Z3 4.8.12's optimiser was seen to return a wrong optimum (drain.bwk:
        // 10.5 where 20 is reached): its bound is only a hint until a plain
        // query proves that no run beats it (or reaches it, for a supremum).
        Rational hint = opt.bound.as_rational();
        Answer proof = beats(*b, d, hint, r, opt.attained);
        if (res_.internal_error) return;
        if (proof == Answer::Unsat) {
          r.bound = opt.bound;
          r.strict = !opt.attained;
          r.kind = DepthOptimum::Exact;
          if (better(r.best->as_rational(), hint))
            res_.internal_error = fmt::format("the proved bound {} at depth {} is beaten by a run ({})",
                                              bulwark::to_string(hint), d, bulwark::to_string(r.best->as_rational()));
          return;
        }
        r.method = "omt+bisection";
        r.reason = proof == Answer::Sat ? "Z3's optimiser returned a bound that a run beats" : b->reason();
      } else {
        r.reason = opt.reason;  // OMT gave up: bisection may still bound it
      }
      bisect(*b, d, r);
      return;
    }
    bisect(*b, d, r);
  }

  // One bounded query: is there a run whose objective is strictly better than `c`?
  Answer beats(Backend& b, int d, const Rational& c, DepthOptimum& r, bool strict = true) {
    if (out_of_time()) return Answer::Unknown;
    ++r.queries;
    b.push();
    b.add_bound(objective(), frame(d), o_.maximize, strict, Value::real(c));
    Answer a = b.check(budget());
    if (a == Answer::Sat) take_run(b, d, r);
    if (a == Answer::Unknown) r.reason = out_of_time() ? "the overall time limit ran out" : b.reason();
    b.pop();
    return a;
  }

  // An int objective proved <= c is <= floor(c) (>= ceil(c) minimising).
  Rational snap(const Rational& c) const {
    if (ts_.nodes[objective()].type.kind != ir::Type::Int) return c;
    return Rational(o_.maximize ? arith::floor(c) : arith::ceil(c));
  }

  // Runs passed every candidate bound tried: evidence of unboundedness, never
  // shown as a proof (nor as an optimum).
  DepthOptimum::Kind no_bound(DepthOptimum& r, int passed, const std::string& stopped) {
    r.reason = fmt::format("runs reach {} {}, past {} growing candidate bound{}; unboundedness not proved{}",
                           o_.maximize ? ">=" : "<=", bulwark::to_string(r.best->as_rational()), passed,
                           passed == 1 ? "" : "s", stopped.empty() ? "" : " (then: " + stopped + ")");
    return DepthOptimum::NoBound;
  }

  // Whether the objective is unbounded over the runs of `d` steps whose cells
  // and params that make the query nonlinear are fixed to the best run's
  // values: fewer runs than the spec has, so unbounded there is unbounded.
  // OMT decides the (now linear) query; a run far past the best, replayed,
  // confirms it.
  bool prove_unbounded(int d, DepthOptimum& r) {
    if (out_of_time() || !r.trace) return false;
    std::vector<ir::NodeId> roots{objective()};
    if (o_.violate) roots.push_back(ts_.invariants[static_cast<std::size_t>(*o_.violate)].holds);
    const Restriction fix = linearizing_restriction(ts_, roots, *r.trace).value_or(Restriction{});
    if (fix.cells.empty() && fix.params.empty() && fix.dropped_actions.empty()) return false;  // none, or linear already
    RestrictedRuns runs(ts_, fix, *r.trace, d);
    ir::NodeId obj = runs.in_state(objective(), frame(d).pre);
    auto factory = make_z3_factory(runs.system(), &res_.stats, false);
    auto b = factory->make(Use::OneShot);
    add_runs_from_init(runs.system(), *b, d);
    if (o_.violate) b->add({runs.in_state(ts_.invariants[static_cast<std::size_t>(*o_.violate)].holds, d), {d, d + 1, d, -1}, true});
    for (const auto& f : runs.fixed()) b->add(f);
    // OMT is trusted on linear queries only (the restriction is meant to make it so).
    b->push();
    b->add_bound(obj, frame(d), true, false, Value::integer(0));
    bool nonlinear = b->nonlinear();
    b->pop();
    if (nonlinear) return false;
    ++r.queries;
    Optimum opt = b->optimize(obj, frame(d), o_.maximize, budget());
    if (opt.answer != Answer::Sat || !opt.unbounded) return false;
    // Confirmed by a run far past the best: a run of the spec, replayed.
    Rational far = Rational(1'000'000'000) * std::max(Rational(1), Rational(abs(r.best->as_rational())));
    if (!o_.maximize) far = -far;
    ++r.queries;
    b->add_bound(obj, frame(d), o_.maximize, true, Value::real(far));
    if (b->check(budget()) != Answer::Sat) return false;
    DepthOptimum confirm;
    if (!take_trace(runs.original_run(model_trace(runs.system(), *b, d)), d, confirm)) return false;
    if (!better(confirm.best->as_rational(), far)) {
      res_.internal_error = fmt::format("a run of the restricted spec does not pass {} in the spec itself", bulwark::to_string(far));
      return false;
    }
    r.best = confirm.best;
    r.trace = std::move(confirm.trace);
    r.kind = DepthOptimum::Unbounded;
    r.method = "omt on a linear restriction";
    std::vector<std::string> names;
    for (int p : fix.params) names.push_back(ts_.params[static_cast<std::size_t>(p)].name);
    for (int c : fix.cells) names.push_back(ts_.cells[static_cast<std::size_t>(c)].name);
    for (const auto& n : names) r.fixed += (r.fixed.empty() ? "" : ", ") + n;
    for (int a : fix.dropped_actions)
      r.left_out += (r.left_out.empty() ? "" : ", ") + ts_.actions[static_cast<std::size_t>(a)].name;
    r.reason.clear();
    return true;
  }

  // Starts from the best run so far, if there is one.
  void bisect(Backend& b, int d, DepthOptimum& r) {
    if (r.method.empty()) r.method = "bisection";
    r.reason.clear();  // from here on: why the bisection stopped, if it did early
    if (!r.best) {
      ++r.queries;
      Answer first = out_of_time() ? Answer::Unknown : b.check(budget());
      if (first == Answer::Unsat) return void(r.kind = DepthOptimum::NoRun);
      if (first == Answer::Unknown) {
        if (r.reason.empty()) r.reason = b.reason();
        return void(r.kind = DepthOptimum::Unknown);
      }
      if (!take_run(b, d, r)) return;
    }
    Rational lo = r.best->as_rational();
    Rational sign = o_.maximize ? 1 : -1;
    // An upper bound (maximising; a lower one minimising): lo itself, then
    // steps that double away from it.
    std::optional<Rational> hi;
    Rational step = std::max(Rational(1), Rational(abs(lo)));
    int passed = 0;  // candidate bounds that a run went past
    for (int i = 0; !hi && passed < kMaxPassed; ++i) {
      Rational c = i == 0 ? lo : lo + sign * step;
      Answer a = beats(b, d, c, r);
      if (res_.internal_error) return;
      if (a == Answer::Unsat) {
        hi = snap(c);
        if (i > 0 && beats(b, d, c, r, false) == Answer::Sat) lo = r.best->as_rational();
        if (res_.internal_error) return;
      } else if (a == Answer::Unknown) {
        return void(r.kind = passed >= 2 ? no_bound(r, passed, r.reason) : DepthOptimum::Unknown);
      } else {
        lo = r.best->as_rational();
        // Runs that keep passing the candidates: maybe unbounded. A proof
        // needs OMT, so on a nonlinear query OMT over a linear restriction.
        if (++passed == 2 && prove_unbounded(d, r)) return;
        if (res_.internal_error) return;
        // Doubling finds a tight bound; past a few, larger leaps find a far one sooner.
        step *= passed < 4 ? 2 : 1000;
      }
      if (r.queries >= o_.max_queries) break;
    }
    if (!hi && passed == 0) {
      r.reason = "the query limit ran out";
      return void(r.kind = DepthOptimum::Unknown);
    }
    if (!hi) return void(r.kind = no_bound(r, passed, ""));
    // The best run so far may be the optimum itself.
    if (*hi != lo) {
      Answer a = beats(b, d, lo, r);
      if (res_.internal_error) return;
      if (a == Answer::Unsat) hi = lo;
      else if (a == Answer::Sat) lo = r.best->as_rational();
    }
    for (int round = 0; *hi != lo && r.queries < o_.max_queries; ++round) {
      Rational width = abs(*hi - lo);
      if (width <= Rational(o_.gap) * std::max(Rational(1), Rational(abs(*hi)))) break;
      // Alternately the simplest value in the interval and its midpoint: the
      // first finds simple optima exactly, the second halves the gap.
      Rational mid = (lo + *hi) / 2;
      if (round % 2 == 0) mid = o_.maximize ? simplest_between(lo, *hi) : simplest_between(*hi, lo);
      Answer a = beats(b, d, mid, r);
      if (res_.internal_error) return;
      if (a == Answer::Unsat) {
        hi = snap(mid);
        // Is the new bound itself reached? Then it is the optimum.
        if (beats(b, d, mid, r, false) == Answer::Sat) lo = r.best->as_rational();
        if (res_.internal_error) return;
      } else if (a == Answer::Sat) {
        lo = r.best->as_rational();
        // The run just found may be the optimum itself.
        Answer again = beats(b, d, lo, r);
        if (res_.internal_error) return;
        if (again == Answer::Unsat) hi = lo;
        else if (again == Answer::Sat) lo = r.best->as_rational();
      } else {
        break;  // the bound proved so far stands; the gap is stated, with the reason
      }
    }
    r.bound = Value::real(*hi);
    r.kind = *hi == lo ? DepthOptimum::Exact : DepthOptimum::Gap;
  }

  const ir::TransitionSystem& ts_;
  AttackOptions o_;
  AttackResult res_;
  std::unique_ptr<BackendFactory> factory_;
  Clock::time_point t0_ = Clock::now();
  bool canceled_ = false;  // a query ended in SolverCanceled
  static constexpr int kMaxPassed = 8;  // candidate bounds passed before "no bound found"
};

}  // namespace

AttackSummary summarize(const AttackResult& r, bool maximize) {
  AttackSummary s;
  auto better = [&](const Rational& a, const Rational& b) { return maximize ? a > b : a < b; };
  for (std::size_t i = 0; i < r.depths.size(); ++i) {
    const auto& d = r.depths[i];
    if (d.best && (s.best < 0 || better(d.best->as_rational(), r.depths[static_cast<std::size_t>(s.best)].best->as_rational())))
      s.best = static_cast<int>(i);
    s.unbounded |= d.kind == DepthOptimum::Unbounded;
    s.inconclusive |= d.kind == DepthOptimum::Unknown || d.kind == DepthOptimum::NoBound;
    s.no_bound |= d.kind == DepthOptimum::NoBound;
    s.gap |= d.kind == DepthOptimum::Gap;
    if (d.bound) {
      const Rational q = d.bound->as_rational();
      if (!s.bound || better(q, s.bound->as_rational())) s.bound = d.bound, s.strict = d.strict;
      else if (q == s.bound->as_rational()) s.strict = s.strict && d.strict;
    }
  }
  // Unbounded at one depth is unbounded over at most K steps, whatever the others say.
  if (s.unbounded) s.inconclusive = false;
  if (s.inconclusive || s.unbounded) s.bound.reset();
  return s;
}

AttackResult run_attack(const ir::TransitionSystem& ts, const AttackOptions& options) {
  return Attack(ts, options).run();
}

}  // namespace bulwark::solver

#include "dsl/interp/simulate.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <random>
#include <set>

#include "dsl/value/value_arith.hpp"

namespace bulwark::interp {
namespace {

using ir::NodeId;
using ir::Op;

// A slot is something the simulator must choose a value for.
enum class SlotKind { Param, Cell, Arg };

class Simulator {
 public:
  Simulator(const ir::TransitionSystem& ts, const SimOptions& o) : ts_(ts), o_(o), in_(ts), rng_(o.seed) {
    for (std::size_t i = 0; i < ts.nodes.size(); ++i) {
      const auto& n = ts.nodes[static_cast<NodeId>(i)];
      if (n.op != Op::Lit || (n.type.kind != ir::Type::Int && n.type.kind != ir::Type::Real)) continue;
      const Value& v = ts.nodes.literal(n);
      if (constants_.size() < 64) constants_.push_back(varith::to_real(v));
    }
    for (int k : {0, 1, 2, 10, 100}) constants_.push_back(Value::small_real(k, 1));
    // Comparison atoms of each guard, assume and init conjunct, for boundary values.
    for (NodeId a : ts.assumes) atoms(a, assume_atoms_);
    for (NodeId a : ts.init) atoms(a, init_atoms_);
    has_checks_.assign(ts.actions.size(), false);
    for (const auto& p : ts.steps)
      if (p.in_body && p.action >= 0) has_checks_[static_cast<std::size_t>(p.action)] = true;
    arg_atoms_.resize(ts.actions.size());
    for (std::size_t a = 0; a < ts.actions.size(); ++a) {
      std::vector<NodeId> all;
      for (const auto& g : ts.actions[a].guards) atoms(g.cond, all);
      for (std::size_t i = 0; i < ts.actions[a].args.size(); ++i) arg_atoms_[a].push_back(relevant(all, Op::Arg, i));
    }
  }

  SimResult run() {
    SimResult res;
    std::map<std::pair<bool, int>, std::size_t> best;  // property -> index in res.violations
    for (long r = 1; r <= o_.runs; ++r) {
      if (o_.progress && r % 64 == 0) o_.progress(r);
      std::vector<Value> params;
      State init;
      if (!start(params, init)) {
        if (r == 1) res.no_start = failure_;  // later runs failing to start end the search early
        break;
      }
      Trace t{params, init, {}, false, 0};
      auto record = [&](bool step, int prop) {
        Trace v = t;
        v.step_property = step;
        v.property = prop;
        auto key = std::make_pair(step, prop);
        auto it = best.find(key);
        if (it == best.end()) {
          best[key] = res.violations.size();
          res.violations.push_back({std::move(v), r});
        } else if (res.violations[it->second].trace.steps.size() > v.steps.size()) {
          res.violations[it->second] = {std::move(v), r};
        }
      };
      bool stop = false;
      for (int p : in_.broken_invariants(params, init)) record(false, p), stop = true;
      const State* cur = &t.init;
      for (long k = 0; k < o_.steps && !stop; ++k) {
        auto step = choose_step(params, *cur);
        if (!step) {
          ++res.deadlocks;
          break;
        }
        ++res.steps_done;
        t.steps.push_back(std::move(*step));
        // push_back may move every step: take the pre-state again from the trace.
        cur = t.steps.size() > 1 ? &t.steps[t.steps.size() - 2].post : &t.init;
        const Step& s = t.steps.back();
        auto broken = s.reverted ? in_.broken_checks(s.action, params, *cur, s.args)
                                 : in_.broken_steps(s.action, params, *cur, s.post, s.args);
        for (int p : broken) record(true, p), stop = true;
        cur = &t.steps.back().post;
        if (!stop)
          for (int p : in_.broken_invariants(params, *cur)) record(false, p), stop = true;
      }
      res.runs_done = r;
    }
    std::stable_sort(res.violations.begin(), res.violations.end(), [](const Violation& a, const Violation& b) {
      return a.trace.steps.size() < b.trace.steps.size();
    });
    return res;
  }

 public:  // StepSampler (bulwark stress) takes these one at a time
  // ---- atoms and boundaries ----------------------------------------------
  void atoms(NodeId n, std::vector<NodeId>& out) {
    const auto& node = ts_.nodes[n];
    switch (node.op) {
      case Op::Eq:
      case Op::Lt:
      case Op::Le:
        if (ts_.nodes[node.kids[0]].type.kind == ir::Type::Int || ts_.nodes[node.kids[0]].type.kind == ir::Type::Real)
          out.push_back(n);
        break;
      case Op::And:
      case Op::Or:
      case Op::Not:
      case Op::Implies:
        for (NodeId k : node.kids) atoms(k, out);
        break;
      default: break;
    }
  }

  // Values of the slot at which an atom `l op r`, taken as a line in the slot
  // through its values at slot = 0 and 1, meets its boundary. Only a hint for
  // drawing (a nonlinear atom just gives a useless candidate), so two points
  // suffice; one rebind per point lets shared sub-terms be computed once.
  // Candidates are reals (Values of kind Real), whatever the slot's type.
  // `rebind` is a template parameter and `d` a reused buffer: a std::function
  // and two vectors here were heap allocations on every step.
  template <class Rebind>
  void boundaries(const std::vector<NodeId>& atoms, Value& slot, bool is_real, std::vector<Value>& out,
                  const Rebind& rebind) {
    if (atoms.empty()) return;
    Value saved = slot;
    auto& d = diffs_;
    for (int x = 0; x < 2; ++x) {
      d[x].clear();
      slot = is_real ? Value::small_real(x, 1) : Value::integer(x);
      rebind();
      for (NodeId a : atoms) d[x].push_back(difference(ts_.nodes[a]));
    }
    for (std::size_t k = 0; k < atoms.size(); ++k) {
      // Inline 64-bit arithmetic: this was half of a lending simulation's time.
      Value slope = varith::sub(d[1][k], d[0][k]);
      if (varith::sign(slope) == 0) continue;  // the atom does not depend on the slot
      Value root = varith::div(varith::neg(d[0][k]), slope);
      static const Value milli = Value::small_real(1, 1000), one = Value::small_real(1, 1);
      const Value& delta = is_real ? milli : one;
      out.push_back(root);
      out.push_back(varith::add(root, delta));
      out.push_back(varith::sub(root, delta));
    }
    slot = saved;
    rebind();
  }

  // lhs - rhs of a comparison, as a real.
  Value difference(const ir::Node& atom) {
    const Value& l = in_.eval(atom.kids[0]);
    const Value& r = in_.eval(atom.kids[1]);
    if (l.kind == r.kind) return varith::to_real(varith::sub(l, r));
    return varith::sub(varith::to_real(l), varith::to_real(r));
  }

  std::uint64_t below(std::uint64_t n) { return n == 0 ? 0 : rng_() % n; }

  Value draw(ir::Type t, bool nat, const std::vector<Value>& bounds, const State* state) {
    switch (t.kind) {
      case ir::Type::Bool: return Value::boolean(below(2));
      case ir::Type::Enum: return Value::element(static_cast<int>(below(ts_.sorts[static_cast<std::size_t>(t.sort)].elems.size())));
      default: break;
    }
    Value q;  // a real
    auto pick = below(10);
    if (pick < 4 && !bounds.empty()) {
      q = bounds[below(bounds.size())];
    } else if (pick < 7) {
      q = constants_[below(constants_.size())];
      if (state && !state->empty() && below(2)) {
        const Value& v = (*state)[below(state->size())];
        if (v.kind == Value::Kind::Int || v.kind == Value::Kind::Real) q = varith::to_real(v);
      }
      if (below(4) == 0) q = varith::div(q, Value::small_real(2, 1));
    } else {
      // Readable values: whole numbers, halves, quarters, tenths, hundredths.
      static const long dens[] = {1, 1, 1, 2, 4, 10, 100};
      // One expression, as before the inline Values: the order in which the
      // two draws are evaluated decides the numbers a seed gives.
      q = varith::div(Value::small_real(static_cast<long>(below(2001)) - 1000, 1), Value::small_real(dens[below(7)], 1));
    }
    if (t.kind == ir::Type::Int) {
      Value i = below(2) ? varith::floor(q) : varith::ceil(q);
      if (nat && varith::sign(i) < 0) i = varith::neg(i);
      return i;
    }
    if (nat && varith::sign(q) < 0) q = varith::neg(q);
    return q;
  }

  // ---- params and initial state ------------------------------------------
  bool start(std::vector<Value>& params, State& init) {
    for (int attempt = 0; attempt < 200; ++attempt) {
      params.assign(ts_.params.size(), Value());
      for (std::size_t i = 0; i < ts_.params.size(); ++i) params[i] = initial(ts_.params[i].type);
      for (std::size_t i = 0; i < ts_.params.size(); ++i) {
        if (auto f = o_.fixed_params.find(static_cast<int>(i)); f != o_.fixed_params.end()) {
          params[i] = f->second;
          continue;
        }
        std::vector<Value> b;
        auto rebind = [&] { in_.bind(&params, nullptr); };
        if (numeric(ts_.params[i].type)) boundaries(relevant(assume_atoms_, Op::Param, i), params[i], is_real(ts_.params[i].type), b, rebind);
        params[i] = draw(ts_.params[i].type, ts_.params[i].nat, b, nullptr);
      }
      if (!in_.assumes_hold(params)) continue;
      if (make_init(params, init)) return true;
    }
    failure_ = ts_.params.empty() || in_.assumes_hold(params)
                   ? "no initial state satisfying `init` was found in 200 attempts"
                   : "no values of the params satisfying every `assume` were found in 200 attempts";
    return false;
  }

  static bool numeric(ir::Type t) { return t.kind == ir::Type::Int || t.kind == ir::Type::Real; }
  static bool is_real(ir::Type t) { return t.kind == ir::Type::Real; }
  static Value initial(ir::Type t) {
    switch (t.kind) {
      case ir::Type::Bool: return Value::boolean(false);
      case ir::Type::Real: return Value::real(0);
      case ir::Type::Enum: return Value::element(0);
      default: return Value::integer(0);
    }
  }

  // Atoms that mention the leaf (op, ref).
  std::vector<NodeId> relevant(const std::vector<NodeId>& atoms, Op op, std::size_t ref) {
    std::vector<NodeId> out;
    for (NodeId a : atoms)
      if (mentions(a, op, static_cast<int>(ref))) out.push_back(a);
    return out;
  }
  bool mentions(NodeId n, Op op, int ref) {
    const auto& node = ts_.nodes[n];
    if (node.op == op && node.ref == ref) return true;
    for (NodeId k : node.kids)
      if (mentions(k, op, ref)) return true;
    return false;
  }

  bool make_init(const std::vector<Value>& params, State& s) {
    for (int attempt = 0; attempt < 20; ++attempt) {
      s.assign(ts_.cells.size(), Value());
      std::vector<bool> pinned(ts_.cells.size(), false);
      for (std::size_t c = 0; c < s.size(); ++c) s[c] = initial(ts_.cells[c].type);
      // A var that init pins with `v == e` takes that value (repeat: e may read pinned vars).
      for (bool changed = true; changed;) {
        changed = false;
        for (NodeId i : ts_.init) {
          const auto& n = ts_.nodes[i];
          if (n.op != Op::Eq) continue;
          for (int side = 0; side < 2; ++side) {
            const auto& v = ts_.nodes[n.kids[side]];
            if (v.op != Op::Var || pinned[static_cast<std::size_t>(v.ref)]) continue;
            if (!reads_only_pinned(n.kids[1 - side], pinned)) continue;
            in_.bind(&params, &s);
            s[static_cast<std::size_t>(v.ref)] = in_.eval(n.kids[1 - side]);
            pinned[static_cast<std::size_t>(v.ref)] = true;
            changed = true;
          }
        }
      }
      for (std::size_t c = 0; c < s.size(); ++c) {
        if (pinned[c]) continue;
        std::vector<Value> b;
        const auto& cell = ts_.cells[c];
        bool nat = ts_.vars[static_cast<std::size_t>(cell.var)].nat;
        if (numeric(cell.type))
          boundaries(relevant(init_atoms_, Op::Var, c), s[c], is_real(cell.type), b, [&] { in_.bind(&params, &s); });
        s[c] = draw(cell.type, nat, b, nullptr);
      }
      if (in_.init_holds(params, s)) return true;
    }
    return false;
  }

  bool reads_only_pinned(NodeId n, const std::vector<bool>& pinned) {
    const auto& node = ts_.nodes[n];
    if (node.op == Op::Var) return pinned[static_cast<std::size_t>(node.ref)];
    if (node.op == Op::Next || node.op == Op::Arg) return false;
    for (NodeId k : node.kids)
      if (!reads_only_pinned(k, pinned)) return false;
    return true;
  }

  // ---- steps -----------------------------------------------------------------
  // A step of one of `only` (every action when null), tried in random order,
  // or in the given order with `in_order`. With `fixed_arg` >= 0 that argument
  // is `*fixed` instead of a draw (a driven env action of `bulwark stress`).
  std::optional<Step> choose_step(const std::vector<Value>& params, const State& pre,
                                  const std::vector<int>* only = nullptr, bool in_order = false,
                                  int fixed_arg = -1, const Value* fixed = nullptr) {
    std::vector<int>& order = order_;  // buffers reused across steps
    if (only) {
      order = *only;
    } else {
      order.resize(ts_.actions.size());
      for (std::size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
    }
    std::vector<Value> args;
    if (!in_order)
      for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[below(i)]);
    for (int a : order) {
      const auto& act = ts_.actions[static_cast<std::size_t>(a)];
      args.assign(act.args.size(), Value());
      auto pin = [&] {
        if (fixed_arg >= 0) args[static_cast<std::size_t>(fixed_arg)] = *fixed;
      };
      for (std::size_t i = 0; i < args.size(); ++i) args[i] = draw(act.args[i].type, act.args[i].nat, {}, &pre);
      pin();
      // Boundary values of each numeric argument (the others at a random draw),
      // computed once per step: evaluating guards dominates the cost of a step.
      auto& bounds = bounds_;
      if (bounds.size() < args.size()) bounds.resize(args.size());
      for (std::size_t i = 0; i < args.size(); ++i) bounds[i].clear();
      for (std::size_t i = 0; i < args.size(); ++i)
        if (numeric(act.args[i].type))
          boundaries(arg_atoms_[static_cast<std::size_t>(a)][i], args[i], is_real(act.args[i].type), bounds[i],
                     [&] { in_.bind(&params, &pre, nullptr, &args); });
      for (int attempt = 0; attempt < 8; ++attempt) {
        for (std::size_t i = 0; i < args.size(); ++i) args[i] = draw(act.args[i].type, act.args[i].nat, bounds[i], &pre);
        pin();
        if (!in_.enabled(a, params, pre, args)) {
          // A reverted attempt still runs up to its failing `require`: an assert or
          // division by zero before that point is a violation.
          if (has_checks_[static_cast<std::size_t>(a)] && !in_.broken_checks_after_enabled(a).empty())
            return Step{a, std::move(args), pre, true};
          continue;
        }
        State post = in_.apply(a, params, pre, args);
        return Step{a, std::move(args), std::move(post)};
      }
    }
    return std::nullopt;
  }

  void reseed(std::uint64_t seed) { rng_.seed(seed); }
  bool start_run(std::vector<Value>& params, State& init, std::string& why) {
    if (start(params, init)) return true;
    why = failure_;
    return false;
  }

 private:
  const ir::TransitionSystem& ts_;
  const SimOptions& o_;
  Interpreter in_;
  std::mt19937_64 rng_;
  std::vector<Value> constants_;  // reals
  std::vector<Value> diffs_[2];                // boundaries(): an atom's lhs - rhs at slot = 0 and 1
  std::vector<int> order_;                     // choose_step(): actions in the order tried
  std::vector<std::vector<Value>> bounds_;     // choose_step(): boundary values per argument
  std::vector<NodeId> assume_atoms_, init_atoms_;
  std::vector<std::vector<std::vector<NodeId>>> arg_atoms_;
  std::vector<bool> has_checks_;  // per action: has in-body asserts or divisions  // [action][arg] -> guard atoms mentioning it
  std::string failure_;
};

}  // namespace

SimResult simulate(const ir::TransitionSystem& ts, const SimOptions& options) {
  return Simulator(ts, options).run();
}

struct StepSampler::Impl {
  SimOptions options;
  Simulator sim;
  Impl(const ir::TransitionSystem& ts, SimOptions o) : options(std::move(o)), sim(ts, options) {}
};

StepSampler::StepSampler(const ir::TransitionSystem& ts, std::map<int, Value> fixed_params) {
  SimOptions o;
  o.fixed_params = std::move(fixed_params);
  impl_ = std::make_unique<Impl>(ts, std::move(o));
}
StepSampler::~StepSampler() = default;
void StepSampler::reseed(std::uint64_t seed) { impl_->sim.reseed(seed); }
bool StepSampler::start(std::vector<Value>& params, State& init, std::string& why) {
  return impl_->sim.start_run(params, init, why);
}
std::optional<Step> StepSampler::step(const std::vector<Value>& params, const State& pre,
                                      const std::vector<int>& actions, bool in_order) {
  return impl_->sim.choose_step(params, pre, &actions, in_order);
}
std::optional<Step> StepSampler::driven(int action, int arg, const Value& v, const std::vector<Value>& params,
                                        const State& pre) {
  std::vector<int> only{action};
  return impl_->sim.choose_step(params, pre, &only, true, arg, &v);
}

}  // namespace bulwark::interp

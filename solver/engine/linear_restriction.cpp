#include "solver/engine/linear_restriction.hpp"

#include "dsl/lower/builder.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <unordered_set>

namespace bulwark::solver {
namespace {

using ir::NodeId;
using ir::Op;

// A leaf that can be fixed: cell c as c, param p as -(p + 1).
using Leaf = long;
using Factor = std::set<Leaf>;  // the leaves a factor reads; constant once all are fixed

class Scan {
 public:
  explicit Scan(const ir::TransitionSystem& ts) : ts_(ts) {}

  // Every product and division under `id`, as the factors any one of which,
  // once constant, makes it linear.
  void products(NodeId id) {
    if (!seen_.insert(id).second) return;
    const ir::Node& n = ts_.nodes[id];
    auto lit = [&](std::size_t i) { return ts_.nodes[n.kids[i]].op == Op::Lit; };
    switch (n.op) {
      case Op::Mul:
        if (!lit(0) && !lit(1)) need({n.kids[0], n.kids[1]});
        break;
      case Op::Div:
      case Op::Mod:
        if (!lit(1)) need({n.kids[1]});
        break;
      case Op::MulDivDown:
      case Op::MulDivUp:
        if (!lit(0) && !lit(1)) need({n.kids[0], n.kids[1]});
        if (!lit(2)) need({n.kids[2]});
        break;
      default: break;
    }
    for (NodeId k : n.kids) products(k);
  }

  std::vector<std::vector<Factor>> found;  // per product: its fixable factors

 private:
  void need(std::vector<NodeId> factors) {
    std::vector<Factor> options;
    for (NodeId f : factors) {
      Factor leaves;
      std::unordered_set<NodeId> seen;
      if (collect(f, leaves, seen)) options.push_back(std::move(leaves));
    }
    found.push_back(std::move(options));
  }

  // False when the factor reads an action argument (not one value per run).
  bool collect(NodeId id, Factor& out, std::unordered_set<NodeId>& seen) {
    if (!seen.insert(id).second) return true;
    const ir::Node& n = ts_.nodes[id];
    switch (n.op) {
      case Op::Var:
      case Op::Next: out.insert(n.ref); return true;
      case Op::Param: out.insert(-(static_cast<Leaf>(n.ref) + 1)); return true;
      case Op::Arg: return false;
      default: break;
    }
    for (NodeId k : n.kids)
      if (!collect(k, out, seen)) return false;
    return true;
  }

  const ir::TransitionSystem& ts_;
  std::unordered_set<NodeId> seen_;
};

bool covered(const std::vector<Factor>& options, const std::set<Leaf>& fixed) {
  for (const auto& f : options)
    if (std::includes(fixed.begin(), fixed.end(), f.begin(), f.end())) return true;
  return false;
}

// The largest magnitude a leaf takes in the run.
double magnitude(Leaf l, const interp::Trace& run) {
  auto size = [](const Value& v) { return v.kind == Value::Kind::Int || v.kind == Value::Kind::Real ? std::abs(static_cast<double>(v.as_rational())) : 0.0; };
  if (l < 0) return size(run.params[static_cast<std::size_t>(-l - 1)]);
  double m = size(run.init[static_cast<std::size_t>(l)]);
  for (const auto& s : run.steps) m = std::max(m, size(s.post[static_cast<std::size_t>(l)]));
  return m;
}

}  // namespace

std::optional<Restriction> linearizing_restriction(const ir::TransitionSystem& ts, const std::vector<ir::NodeId>& roots,
                                                   const interp::Trace& run) {
  auto unfixable = [](const std::vector<Factor>& options) { return options.empty(); };
  Restriction out;
  Scan scan(ts);
  for (NodeId r : ts.assumes) scan.products(r);
  for (NodeId r : ts.init) scan.products(r);
  for (NodeId r : roots) scan.products(r);
  if (std::any_of(scan.found.begin(), scan.found.end(), unfixable)) return std::nullopt;
  for (std::size_t a = 0; a < ts.actions.size(); ++a) {
    Scan one(ts);
    for (const auto& g : ts.actions[a].guards) one.products(g.cond);
    for (NodeId n : ts.actions[a].next) one.products(n);
    if (std::any_of(one.found.begin(), one.found.end(), unfixable)) out.dropped_actions.push_back(static_cast<int>(a));
    else scan.found.insert(scan.found.end(), one.found.begin(), one.found.end());
  }
  std::set<Leaf> fixed;
  for (;;) {
    std::map<Leaf, int> votes;  // leaf -> uncovered products it would help
    bool open = false;
    for (const auto& options : scan.found) {
      if (covered(options, fixed)) continue;
      open = true;
      std::set<Leaf> helps;
      for (const auto& f : options)
        for (Leaf l : f)
          if (!fixed.count(l)) helps.insert(l);
      for (Leaf l : helps) ++votes[l];
    }
    if (!open) break;
    if (votes.empty()) return std::nullopt;  // a product with no fixable factor
    auto best = std::max_element(votes.begin(), votes.end(), [&](const auto& a, const auto& b) {
      return a.second != b.second ? a.second < b.second : magnitude(a.first, run) > magnitude(b.first, run);
    });
    fixed.insert(best->first);
  }
  for (Leaf l : fixed)
    if (l >= 0) out.cells.push_back(static_cast<int>(l));
    else out.params.push_back(static_cast<int>(-l - 1));
  return out;
}


RestrictedRuns::RestrictedRuns(const ir::TransitionSystem& ts, const Restriction& r, const interp::Trace& t, int depth)
    : ts_(ts), actions_(ts.actions.size()), cells_(ts.cells.size()) {
  lower::Builder b(ts_.nodes);
  per_state_.resize(static_cast<std::size_t>(depth) + 1);
  for (int k = 0; k <= depth; ++k) {
    auto& m = per_state_[static_cast<std::size_t>(k)];
    const interp::State& s = k == 0 ? t.init : t.steps[static_cast<std::size_t>(k - 1)].post;
    for (int p : r.params) {
      const auto& par = ts.params[static_cast<std::size_t>(p)];
      m[b.leaf(Op::Param, par.type, p)] = b.lit(t.params[static_cast<std::size_t>(p)], par.type);
    }
    for (int c : r.cells) {
      const auto& cell = ts.cells[static_cast<std::size_t>(c)];
      NodeId var = b.leaf(Op::Var, cell.type, c), value = b.lit(s[static_cast<std::size_t>(c)], cell.type);
      m[var] = value;
      fixed_.push_back({b.eq(var, value), {k, k + 1, k, -1}});
    }
  }
  for (const auto& [param, value] : per_state_[0])
    if (ts_.nodes[param].op == Op::Param) fixed_.push_back({b.eq(param, value), {}});
  // The step counter: a hidden int cell, 0 initially, one up per step.
  const ir::Type int_t{ir::Type::Int, -1};
  ir::StateVar counter;
  counter.name = "restricted_step__";
  counter.type = int_t;
  counter.ghost = true;
  counter.first_cell = static_cast<std::uint32_t>(cells_);
  ts_.vars.push_back(counter);
  ts_.cells.push_back({counter.name, static_cast<int>(ts_.vars.size()) - 1, int_t});
  NodeId step = b.leaf(Op::Var, int_t, static_cast<int>(cells_));
  for (auto& a : ts_.assumes) a = in_state(a, 0);
  for (auto& i : ts_.init) i = in_state(i, 0);
  ts_.init.push_back(b.eq(step, b.integer(0)));
  std::vector<ir::Action> copies;
  for (int k = 0; k < depth; ++k)
    for (const auto& a : ts.actions) {
      ir::Action c = a;
      c.guards.insert(c.guards.begin(), {b.eq(step, b.integer(k)), a.span, true});
      if (std::count(r.dropped_actions.begin(), r.dropped_actions.end(), &a - ts.actions.data())) {
        // Never taken; its nonlinear updates must not reach the solver either.
        c.guards = {{b.boolean(false), a.span, true}};
        for (std::size_t i = 0; i < c.next.size(); ++i) c.next[i] = b.leaf(Op::Var, ts.cells[i].type, static_cast<int>(i));
      }
      for (auto& g : c.guards) g.cond = in_state(g.cond, k);
      for (auto& n : c.next) n = in_state(n, k);
      c.next.push_back(b.arith(Op::Add, step, b.integer(1)));
      copies.push_back(std::move(c));
    }
  ts_.actions = std::move(copies);
}

NodeId RestrictedRuns::in_state(NodeId node, int k) {
  lower::Builder b(ts_.nodes);
  auto m = per_state_[static_cast<std::size_t>(k)];  // substitute memoises into its map
  return b.substitute(node, m);
}

interp::Trace RestrictedRuns::original_run(interp::Trace t) const {
  t.init.resize(cells_);
  for (auto& s : t.steps) {
    s.action = static_cast<int>(static_cast<std::size_t>(s.action) % actions_);
    s.post.resize(cells_);
  }
  return t;
}

}  // namespace bulwark::solver

#include "dsl/lower/lower.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

#include "dsl/lower/builder.hpp"

namespace bulwark {
namespace {

using namespace typed;
using ir::NodeId;
using ir::Op;
using lower::Builder;

ir::Type ir_type(Scalar s) {
  switch (s.kind) {
    case Scalar::Bool: return {ir::Type::Bool, -1};
    case Scalar::Real: return {ir::Type::Real, -1};
    case Scalar::Sort: return {ir::Type::Enum, s.sort};
    default: return {ir::Type::Int, -1};
  }
}

// Where an expression is evaluated: the cell values it reads, the values
// of locals, and the condition under which evaluation reaches it.
struct Env {
  std::vector<NodeId> cur;                 // current value of every cell
  const std::vector<NodeId>* pre = nullptr;  // pre-state cells for old() (rules)
  std::unordered_map<int, NodeId> locals;
};

class Lowerer {
 public:
  Lowerer(const TypedSpec& spec, Diagnostics& diags, const LowerOptions& options)
      : spec_(spec), diags_(diags), options_(options), b_(ts_.nodes) {
    ts_.file = spec.file;
    ts_.name = spec.name;
    base_name_ = std::filesystem::path(spec.file->name()).filename().string();
  }

  std::optional<ir::TransitionSystem> run() {
    try {
      declare();
      if (diags_.has_errors()) return std::nullopt;
      lower_assumes_and_init();
      for (std::size_t i = 0; i < spec_.actions.size(); ++i) lower_action(static_cast<int>(i));
      for (const auto& p : spec_.invariants) lower_invariant(p);
      for (const auto& r : spec_.rules) lower_rule(r);
      for (const auto& m : spec_.measures) lower_measure(m);
      for (const auto& sc : spec_.scenarios) lower_scenario(sc);
      flush_checks();
    } catch (const lower::TooLarge& e) {
      diags_.error("E0402", fmt::format("{}: {}; reduce the sort sizes (--size) or the nesting of quantifiers",
                                        spec_.file->name(), e.what()));
      return std::nullopt;
    }
    return std::move(ts_);
  }

 private:
  // ---- declarations ------------------------------------------------------
  void declare() {
    for (const auto& s : spec_.sorts) ts_.sorts.push_back({s.name, s.elems});
    for (const auto& p : spec_.params) ts_.params.push_back({p.name, ir_type(p.type), p.nat, p.span});
    std::size_t total = 0;
    for (const auto& v : spec_.vars) {
      std::size_t n = 1;
      for (int k : v.keys) n *= spec_.sorts[static_cast<std::size_t>(k)].elems.size();
      total += n;
      if (total > kMaxCells) {
        diags_.error("E0401", fmt::format("the state has more than {} cells (map `{}` alone has {}); reduce the "
                                          "sort sizes with --size", kMaxCells, v.name, n),
                     spec_.file, v.span);
        return;
      }
    }
    for (std::size_t vi = 0; vi < spec_.vars.size(); ++vi) {
      const auto& v = spec_.vars[vi];
      ir::StateVar sv{v.name, v.keys, ir_type(v.type), v.nat, static_cast<std::uint32_t>(ts_.cells.size()), 0, v.span};
      std::size_t n = 1;
      for (int k : v.keys) n *= spec_.sorts[static_cast<std::size_t>(k)].elems.size();
      for (std::size_t c = 0; c < n; ++c) {
        // Row-major: the last key varies fastest.
        std::string suffix;
        std::size_t rest = c;
        for (std::size_t j = v.keys.size(); j-- > 0;) {
          const auto& elems = spec_.sorts[static_cast<std::size_t>(v.keys[j])].elems;
          suffix = "[" + elems[rest % elems.size()] + "]" + suffix;
          rest /= elems.size();
        }
        ts_.cells.push_back({v.name + suffix, static_cast<int>(vi), sv.type});
      }
      sv.cell_count = static_cast<std::uint32_t>(n);
      ts_.vars.push_back(sv);
    }
    declare_ghosts();
    for (std::size_t c = 0; c < ts_.cells.size(); ++c) {
      pre_cells_.push_back(b_.leaf(Op::Var, ts_.cells[c].type, static_cast<int>(c)));
      post_cells_.push_back(b_.leaf(Op::Next, ts_.cells[c].type, static_cast<int>(c)));
    }
    // `init(e)` reads a var's ghost copy; a var without one is never read there.
    initial_cells_ = pre_cells_;
    for (std::size_t c = 0; c < ts_.cells.size(); ++c)
      if (ghost_of_[c] >= 0) initial_cells_[c] = pre_cells_[static_cast<std::size_t>(ghost_of_[c])];
  }

  // `init(e)` is lowered by a frozen copy of every var it reads: a ghost cell
  // `init(v[k])` that init sets equal to `v[k]` and no action changes. Every
  // engine (induction, k-induction, CHC, BMC) and the interpreter then treat
  // it as ordinary state, with no operator of its own.
  void declare_ghosts() {
    std::set<int> read;
    auto scan = [&](const TExpr& e, auto&& self, bool inside) -> void {
      if (e.kind == TKind::Var && inside) read.insert(e.id);
      for (const auto& a : e.args) self(*a, self, inside || e.kind == TKind::Init);
    };
    auto scan_stmts = [&](const std::vector<TStmt>& ss, auto&& self) -> void {
      for (const auto& st : ss) {
        if (st.expr) scan(*st.expr, scan, false);
        for (const auto& i : st.index) scan(*i, scan, false);
        self(st.body, self);
        self(st.else_body, self);
      }
    };
    // A def is inlined, so an `init(...)` in its body reads whatever it names.
    for (const auto& d : spec_.defs) scan(*d.body, scan, false);
    for (const auto& a : spec_.actions) scan_stmts(a.body, scan_stmts);
    for (const auto* ps : {&spec_.invariants, &spec_.rules, &spec_.measures})
      for (const auto& p : *ps) scan(*p.expr, scan, false);
    for (const auto& e : spec_.init) scan(*e, scan, false);
    ghost_of_.assign(ts_.cells.size(), -1);
    std::size_t user_vars = ts_.vars.size();
    for (std::size_t vi = 0; vi < user_vars; ++vi) {
      if (!read.count(static_cast<int>(vi))) continue;
      ir::StateVar g = ts_.vars[vi];
      g.name = "init(" + g.name + ")";
      g.nat = false;  // equal to a nat at init: never negative, nothing to check
      g.ghost = true;
      g.first_cell = static_cast<std::uint32_t>(ts_.cells.size());
      for (std::uint32_t k = 0; k < ts_.vars[vi].cell_count; ++k) {
        std::uint32_t c = ts_.vars[vi].first_cell + k;
        ghost_of_[c] = static_cast<int>(ts_.cells.size());
        ts_.cells.push_back({"init(" + ts_.cells[c].name + ")", static_cast<int>(ts_.vars.size()), ts_.cells[c].type});
      }
      ts_.vars.push_back(g);
    }
    ghost_of_.resize(ts_.cells.size(), -1);
    if (ts_.cells.size() > kMaxCells)
      diags_.error("E0401", fmt::format("the state has more than {} cells with the copies `init(...)` needs; reduce "
                                        "the sort sizes with --size", kMaxCells), spec_.file, Span{});
  }

  void lower_assumes_and_init() {
    current_action_ = kNoChecks;  // init and assume only filter states; nothing runs there
    Env env;
    env.cur = pre_cells_;
    for (std::size_t i = 0; i < ts_.params.size(); ++i)
      if (ts_.params[i].nat)
        ts_.assumes.push_back(b_.cmp(Op::Le, b_.integer(0), b_.leaf(Op::Param, ts_.params[i].type, static_cast<int>(i))));
    for (const auto& [e, span] : spec_.assumes) push_conjuncts(ts_.assumes, expr(*e, env, b_.boolean(true)));
    // A fixed param is a literal wherever it is read; its symbol is pinned
    // too, so traces show the value it was fixed to.
    for (std::size_t i = 0; i < ts_.params.size(); ++i)
      if (auto f = options_.fixed_params.find(ts_.params[i].name); f != options_.fixed_params.end())
        ts_.assumes.push_back(b_.eq(b_.leaf(Op::Param, ts_.params[i].type, static_cast<int>(i)), b_.lit(f->second, ts_.params[i].type)));
    for (std::size_t c = 0; c < ts_.cells.size(); ++c)
      if (ts_.vars[static_cast<std::size_t>(ts_.cells[c].var)].nat)
        ts_.init.push_back(b_.cmp(Op::Le, b_.integer(0), pre_cells_[c]));
    for (const auto& e : spec_.init) push_conjuncts(ts_.init, expr(*e, env, b_.boolean(true)));
    for (std::size_t c = 0; c < ghost_of_.size(); ++c)
      if (ghost_of_[c] >= 0) ts_.init.push_back(b_.eq(pre_cells_[static_cast<std::size_t>(ghost_of_[c])], pre_cells_[c]));
  }

  void push_conjuncts(std::vector<NodeId>& out, NodeId n) {
    if (b_[n].op == Op::And) {
      for (NodeId k : b_[n].kids) out.push_back(k);
    } else if (!b_.is_true(n)) {
      out.push_back(n);
    }
  }

  // ---- actions -------------------------------------------------------------
  struct Flow {
    Env env;
    NodeId path;    // condition under which this statement runs
    NodeId prefix;  // conjunction of the guards before this point
  };

  void lower_action(int index) {
    const ActionInfo& a = spec_.actions[static_cast<std::size_t>(index)];
    ir::Action act;
    act.name = a.name;
    act.env = a.env;
    act.span = a.span;
    Flow f{Env{pre_cells_, nullptr, {}}, b_.boolean(true), b_.boolean(true)};
    for (std::size_t i = 0; i < a.params.size(); ++i) {
      const LocalInfo& l = spec_.locals[static_cast<std::size_t>(a.params[i])];
      act.args.push_back({l.name, ir_type(l.type), l.nat, {}});
      NodeId arg = b_.leaf(Op::Arg, ir_type(l.type), static_cast<int>(i));
      f.env.locals[a.params[i]] = arg;
      if (l.nat) guard(act, f, b_.cmp(Op::Le, b_.integer(0), arg), a.span, true);
    }
    current_action_ = index;
    current_ = &act;
    stmts(a.body, f);
    act.next = f.env.cur;
    current_ = nullptr;
    current_action_ = -1;
    ts_.actions.push_back(std::move(act));
  }

  void guard(ir::Action& act, Flow& f, NodeId cond, Span span, bool implicit) {
    NodeId g = b_.implies(f.path, cond);
    if (b_.is_true(g)) return;
    act.guards.push_back({g, span, implicit});
    f.prefix = b_.and_(f.prefix, g);
  }

  void stmts(const std::vector<TStmt>& ss, Flow& f) {
    for (const auto& s : ss) stmt(s, f);
  }

  void stmt(const TStmt& s, Flow& f) {
    NodeId here = b_.and_(f.prefix, f.path);
    switch (s.kind) {
      case ast::StmtKind::Require: guard(*current_, f, expr(*s.expr, f.env, here), s.span, false); break;
      case ast::StmtKind::Assert: {
        NodeId cond = expr(*s.expr, f.env, here);
        std::vector<ir::Subterm> shown;
        subterms(*s.expr, f.env, "", shown);
        add_check(ir::PropKind::Assert, s.kw_span, current_action_, b_.and_(here, b_.not_(cond)), std::move(shown));
        break;
      }
      case ast::StmtKind::Let: f.env.locals[s.local] = expr(*s.expr, f.env, here); break;
      case ast::StmtKind::For:
        for (std::size_t k = 0; k < spec_.sorts[static_cast<std::size_t>(s.sort)].elems.size(); ++k) {
          f.env.locals[s.local] = b_.element(s.sort, static_cast<int>(k));
          stmts(s.body, f);
        }
        break;
      case ast::StmtKind::If: {
        NodeId c = expr(*s.expr, f.env, here);
        Flow then_f{f.env, b_.and_(f.path, c), f.prefix};
        stmts(s.body, then_f);
        Flow else_f{f.env, b_.and_(f.path, b_.not_(c)), then_f.prefix};
        stmts(s.else_body, else_f);
        for (std::size_t k = 0; k < f.env.cur.size(); ++k)
          f.env.cur[k] = b_.ite(c, then_f.env.cur[k], else_f.env.cur[k]);
        for (auto& [id, n] : else_f.env.locals) f.env.locals[id] = n;  // branch lets are out of scope anyway
        f.prefix = else_f.prefix;
        break;
      }
      case ast::StmtKind::Assign: assign(s, f, here); break;
    }
  }

  void assign(const TStmt& s, Flow& f, NodeId here) {
    const ir::StateVar& v = ts_.vars[static_cast<std::size_t>(s.var)];
    std::vector<NodeId> idx;
    for (const auto& i : s.index) idx.push_back(expr(*i, f.env, here));
    NodeId rhs = expr(*s.expr, f.env, here);
    NodeId value = rhs;
    if (s.op != ast::AssignOp::Set)
      value = b_.arith(s.op == ast::AssignOp::Add ? Op::Add : Op::Sub, read(s.var, idx, f.env.cur), rhs);
    if (v.nat) {
      NodeId nonneg = b_.cmp(Op::Le, b_.integer(0), value);
      if (options_.nat_underflow_checks)
        add_check(ir::PropKind::NatUnderflow, s.span, current_action_, b_.and_(here, b_.not_(nonneg)),
                  {{"new value of " + v.name, value}});
      guard(*current_, f, nonneg, s.span, true);
    }
    if (auto c = literal_cell(v, idx)) {
      f.env.cur[v.first_cell + *c] = value;
      return;
    }
    for (std::uint32_t c = 0; c < v.cell_count; ++c) {
      NodeId cell = v.first_cell + c;
      // Where the index selects this cell, the index *is* this cell's key:
      // substituting it collapses reads such as m[a] inside the value.
      std::unordered_map<NodeId, NodeId> known;
      auto keys = cell_keys(v, c);
      for (std::size_t j = 0; j < idx.size(); ++j)
        if (!b_.is_lit(idx[j])) known[idx[j]] = keys[j];
      NodeId here_value = known.empty() ? value : b_.substitute(value, known);
      f.env.cur[cell] = b_.ite(matches(v, c, idx), here_value, f.env.cur[cell]);
    }
  }

  // Whether the symbolic index `idx` selects cell number `c` of variable `v`.
  NodeId matches(const ir::StateVar& v, std::uint32_t c, const std::vector<NodeId>& idx) {
    auto keys = cell_keys(v, c);
    std::vector<NodeId> conds;
    for (std::size_t j = 0; j < idx.size(); ++j) conds.push_back(b_.eq(idx[j], keys[j]));
    return b_.and_(conds);
  }

  // The key literals of cell number `c` of `v` (row-major: the last key varies fastest).
  std::vector<NodeId> cell_keys(const ir::StateVar& v, std::uint32_t c) {
    std::vector<NodeId> keys(v.keys.size());
    for (std::size_t j = v.keys.size(); j-- > 0;) {
      auto n = static_cast<std::uint32_t>(spec_.sorts[static_cast<std::size_t>(v.keys[j])].elems.size());
      keys[j] = b_.element(v.keys[j], static_cast<int>(c % n));
      c /= n;
    }
    return keys;
  }

  // The cell a fully literal index selects (row-major), if it is literal.
  std::optional<std::uint32_t> literal_cell(const ir::StateVar& v, const std::vector<NodeId>& idx) {
    std::uint32_t c = 0;
    for (std::size_t j = 0; j < idx.size(); ++j) {
      if (!b_.is_lit(idx[j])) return std::nullopt;
      auto n = static_cast<std::uint32_t>(spec_.sorts[static_cast<std::size_t>(v.keys[j])].elems.size());
      c = c * n + static_cast<std::uint32_t>(b_.value(idx[j]).as_enum());
    }
    return c;
  }

  NodeId read(int var, const std::vector<NodeId>& idx, const std::vector<NodeId>& cur) {
    const ir::StateVar& v = ts_.vars[static_cast<std::size_t>(var)];
    if (auto c = literal_cell(v, idx)) return cur[v.first_cell + *c];  // the common case under unrolled quantifiers
    NodeId result = cur[v.first_cell + v.cell_count - 1];
    for (std::uint32_t c = v.cell_count - 1; c-- > 0;)
      result = b_.ite(matches(v, c, idx), cur[v.first_cell + c], result);
    return result;
  }

  // ---- properties ----------------------------------------------------------
  void lower_invariant(const Property& p) {
    Env env{pre_cells_, nullptr, {}};
    current_action_ = kStateContext;
    ir::Property prop{p.name, ir::PropKind::Invariant, p.span, -1, expr(*p.expr, env, b_.boolean(true)), {}};
    subterms(*p.expr, env, "", prop.subterms);
    ts_.invariants.push_back(std::move(prop));
  }

  void lower_measure(const Property& m) {
    Env env{pre_cells_, nullptr, {}};
    current_action_ = kNoChecks;  // a measure is only displayed and optimised; x / 0 is 0 there
    ts_.measures.push_back({m.name, expr(*m.expr, env, b_.boolean(true)), m.span});
  }

  void lower_scenario(const ScenarioInfo& sc) {
    Env env{pre_cells_, nullptr, {}};
    current_action_ = kNoChecks;  // sampled, not checked: x / 0 is 0 there
    ir::Scenario out{sc.name, {}, sc.first, sc.priority, sc.moves, sc.span};
    for (const auto& d : sc.drives) {
      ir::Drive dr{d.action, d.arg, {}, std::nullopt, d.span};
      for (const auto& p : d.procs) {
        ir::Process q{static_cast<ir::ProcessKind>(p.kind), {}, p.prices, p.file, p.span};
        for (const auto& a : p.args) q.args.push_back(expr(*a, env, b_.boolean(true)));
        dr.procs.push_back(std::move(q));
      }
      if (d.from) dr.from = expr(*d.from, env, b_.boolean(true));
      out.drives.push_back(std::move(dr));
    }
    ts_.scenarios.push_back(std::move(out));
  }

  void lower_rule(const Property& r) {
    Env env{post_cells_, &pre_cells_, {}};
    if (r.action >= 0) {
      const auto& params = spec_.actions[static_cast<std::size_t>(r.action)].params;
      for (std::size_t i = 0; i < params.size(); ++i)
        env.locals[params[i]] = b_.leaf(Op::Arg, ir_type(spec_.locals[static_cast<std::size_t>(params[i])].type),
                                        static_cast<int>(i));
    }
    current_action_ = r.action;
    ir::Property prop{r.name, ir::PropKind::Rule, r.span, r.action, expr(*r.expr, env, b_.boolean(true)), {}};
    subterms(*r.expr, env, "", prop.subterms);
    ts_.steps.push_back(std::move(prop));
  }

  // The operands of the top-level operator (under quantifiers, per element):
  // what a user wants to see when the property breaks.
  void subterms(const TExpr& e, Env& env, const std::string& suffix, std::vector<ir::Subterm>& out) {
    // Sub-terms are for display only; lowering them again must not add checks
    // (they would lose the short-circuit paths of the whole property).
    int saved = current_action_;
    current_action_ = kNoChecks;
    subterms_of(e, env, suffix, out);
    current_action_ = saved;
  }

  void subterms_of(const TExpr& e, Env& env, const std::string& suffix, std::vector<ir::Subterm>& out) {
    if (out.size() >= 16) return;
    if (e.kind == TKind::Unary && e.uop == ast::UnOp::Not) return subterms_of(*e.args[0], env, suffix, out);
    if (e.kind == TKind::Quant) {
      const auto& elems = spec_.sorts[static_cast<std::size_t>(e.sort)].elems;
      for (std::size_t k = 0; k < elems.size() && out.size() < 16; ++k) {
        env.locals[e.local] = b_.element(e.sort, static_cast<int>(k));
        std::string sfx = fmt::format("{} [{} = {}]", suffix, spec_.locals[static_cast<std::size_t>(e.local)].name, elems[k]);
        const TExpr& body = *e.args[0];
        if (body.kind == TKind::Binary) subterms_of(body, env, sfx, out);
        else out.push_back({text(body.span) + sfx, expr(body, env, b_.boolean(true))});
      }
      return;
    }
    if (e.kind != TKind::Binary) return;
    for (const auto& a : e.args) {
      const TExpr* x = a.get();
      while (x->kind == TKind::ToReal) x = x->args[0].get();
      if (x->kind == TKind::Lit) continue;
      out.push_back({text(x->span) + suffix, expr(*a, env, b_.boolean(true))});
    }
  }

  std::string text(Span s) const {
    std::string out;
    bool space = false;
    for (std::uint32_t i = s.begin; i < s.end && i < spec_.file->text().size(); ++i) {
      char c = spec_.file->text()[i];
      if (std::isspace(static_cast<unsigned char>(c))) {
        space = !out.empty();
        continue;
      }
      if (space) out += ' ';
      space = false;
      out += c;
    }
    return out;
  }

  std::vector<int> ghost_of_;           // per cell: its `init(...)` copy, or -1
  std::vector<NodeId> initial_cells_;   // per cell: what `init(e)` reads for it
  static constexpr int kStateContext = -2;
  static constexpr int kNoChecks = -3;

  // Implicit properties found while lowering, merged per (name, action):
  // unrolling and inlining can reach one source location many times.
  void add_check(ir::PropKind kind, Span at, int action, NodeId violated, std::vector<ir::Subterm> shown = {}) {
    if (b_.is_false(violated) || action == kNoChecks) return;
    auto lc = spec_.file->line_col(at.begin);
    std::string name = fmt::format("{}@{}:{}:{}", ir::to_string(kind), base_name_, lc.line, lc.col);
    auto key = std::make_pair(name, action);
    auto it = checks_.find(key);
    if (it == checks_.end()) {
      check_order_.push_back(key);
      checks_[key] = {kind, at, violated, std::move(shown), current_ != nullptr};
    } else {
      it->second.violated = b_.or_(it->second.violated, violated);
      for (auto& st : shown)
        if (it->second.shown.size() < 16) it->second.shown.push_back(std::move(st));
    }
  }

  // One property per (location, context). A location reached from several
  // contexts (a `def` with a division used by two actions, or by an action and
  // an invariant) gets one property per context, named apart by a suffix:
  // `division_by_zero@amm.bwk:23:30/swap`, `…/state` for the invariants.
  void flush_checks() {
    std::map<std::string, int> contexts, taken;
    for (const auto& key : check_order_) ++contexts[key.first];
    for (const auto& key : check_order_) {
      const auto& c = checks_[key];
      bool state = key.second == kStateContext;
      std::string name = key.first;
      if (contexts[key.first] > 1)
        name += "/" + (state ? std::string("state")
                       : key.second < 0 ? std::string("any")
                                        : ts_.actions[static_cast<std::size_t>(key.second)].name);
      // A rule on an action and the action's body can still share a suffix.
      if (int n = taken[name]++; n > 0) name += fmt::format("#{}", n + 1);
      ir::Property p{name, c.kind, c.span, state ? -1 : key.second, b_.not_(c.violated), c.shown, c.in_body};
      (state ? ts_.invariants : ts_.steps).push_back(std::move(p));
    }
  }

  void division_check(Span op_span, const TExpr& divisor_expr, NodeId divisor, NodeId path) {
    add_check(ir::PropKind::DivisionByZero, op_span, current_action_,
              b_.and_(path, b_.eq(divisor, b_.zero(b_[divisor].type))),
              {{"divisor " + text(divisor_expr.span), divisor}});
  }

  // ---- expressions -----------------------------------------------------------
  NodeId expr(const TExpr& e, Env& env, NodeId path) {
    switch (e.kind) {
      case TKind::Lit: return b_.lit(e.value, ir_type(e.type));
      case TKind::Param: {
        auto fixed = options_.fixed_params.find(spec_.params[static_cast<std::size_t>(e.id)].name);
        if (fixed != options_.fixed_params.end()) return b_.lit(fixed->second, ir_type(e.type));
        return b_.leaf(Op::Param, ir_type(e.type), e.id);
      }
      case TKind::Local: return env.locals.at(e.id);
      case TKind::Var: {
        std::vector<NodeId> idx;
        for (const auto& a : e.args) idx.push_back(expr(*a, env, path));
        return read(e.id, idx, env.cur);
      }
      case TKind::ToReal: return b_.unary(Op::ToReal, expr(*e.args[0], env, path));
      case TKind::Old: {
        Env old_env{*env.pre, nullptr, env.locals};
        return expr(*e.args[0], old_env, path);
      }
      case TKind::Init: {
        Env init_env{initial_cells_, nullptr, env.locals};
        return expr(*e.args[0], init_env, path);
      }
      case TKind::DefCall: {
        const DefInfo& d = spec_.defs[static_cast<std::size_t>(e.id)];
        std::vector<NodeId> args;
        for (const auto& a : e.args) args.push_back(expr(*a, env, path));
        Env inner{env.cur, env.pre, {}};
        for (std::size_t i = 0; i < args.size(); ++i) inner.locals[d.params[i]] = args[i];
        return expr(*d.body, inner, path);
      }
      case TKind::Builtin: {
        std::vector<NodeId> a;
        for (const auto& x : e.args) a.push_back(expr(*x, env, path));
        if (e.text == "min") return b_.arith(Op::Min, a[0], a[1]);
        if (e.text == "max") return b_.arith(Op::Max, a[0], a[1]);
        if (e.text == "abs") return b_.unary(Op::Abs, a[0]);
        if (e.text == "floor") return b_.unary(Op::Floor, a[0]);
        if (e.text == "ceil") return b_.unary(Op::Ceil, a[0]);
        division_check(e.op_span, *e.args[2], a[2], path);
        return b_.muldiv(e.text == "mulDivDown" ? Op::MulDivDown : Op::MulDivUp, a[0], a[1], a[2]);
      }
      case TKind::Unary: {
        NodeId x = expr(*e.args[0], env, path);
        return e.uop == ast::UnOp::Not ? b_.not_(x) : b_.unary(Op::Neg, x);
      }
      case TKind::Ite: {
        NodeId c = expr(*e.args[0], env, path);
        NodeId x = expr(*e.args[1], env, b_.and_(path, c));
        NodeId y = expr(*e.args[2], env, b_.and_(path, b_.not_(c)));
        return b_.ite(c, x, y);
      }
      case TKind::Binary: return binary(e, env, path);
      case TKind::Quant:
      case TKind::Agg: return binder(e, env, path);
    }
    return b_.boolean(false);
  }

  NodeId binary(const TExpr& e, Env& env, NodeId path) {
    using ast::BinOp;
    NodeId l = expr(*e.args[0], env, path);
    // Short-circuit: the right side is only evaluated where the left allows it.
    NodeId rpath = path;
    if (e.bop == BinOp::And || e.bop == BinOp::Implies) rpath = b_.and_(path, l);
    if (e.bop == BinOp::Or) rpath = b_.and_(path, b_.not_(l));
    NodeId r = expr(*e.args[1], env, rpath);
    switch (e.bop) {
      case BinOp::Implies: return b_.implies(l, r);
      case BinOp::Or: return b_.or_(l, r);
      case BinOp::And: return b_.and_(l, r);
      case BinOp::Eq: return b_.eq(l, r);
      case BinOp::Ne: return b_.not_(b_.eq(l, r));
      case BinOp::Lt: return b_.cmp(Op::Lt, l, r);
      case BinOp::Le: return b_.cmp(Op::Le, l, r);
      case BinOp::Gt: return b_.cmp(Op::Lt, r, l);
      case BinOp::Ge: return b_.cmp(Op::Le, r, l);
      case BinOp::Add: return b_.arith(Op::Add, l, r);
      case BinOp::Sub: return b_.arith(Op::Sub, l, r);
      case BinOp::Mul: return b_.arith(Op::Mul, l, r);
      case BinOp::Div:
      case BinOp::Mod:
        division_check(e.op_span, *e.args[1], r, path);
        return b_.arith(e.bop == BinOp::Div ? Op::Div : Op::Mod, l, r);
    }
    return l;
  }

  NodeId binder(const TExpr& e, Env& env, NodeId path) {
    const auto& elems = spec_.sorts[static_cast<std::size_t>(e.sort)].elems;
    std::vector<NodeId> parts;
    for (std::size_t k = 0; k < elems.size(); ++k) {
      env.locals[e.local] = b_.element(e.sort, static_cast<int>(k));
      NodeId body = expr(*e.args[0], env, path);
      if (e.kind == TKind::Agg && e.agg == ast::AggKind::Count) body = b_.ite(body, b_.integer(1), b_.integer(0));
      parts.push_back(body);
    }
    if (e.kind == TKind::Quant) return e.quant == ast::QuantKind::Forall ? b_.and_(parts) : b_.or_(parts);
    Op op = e.agg == ast::AggKind::Min ? Op::Min : e.agg == ast::AggKind::Max ? Op::Max : Op::Add;
    NodeId acc = parts[0];
    for (std::size_t k = 1; k < parts.size(); ++k) acc = b_.arith(op, acc, parts[k]);
    return acc;
  }

  struct Check {
    ir::PropKind kind;
    Span span;
    NodeId violated;
    std::vector<ir::Subterm> shown;
    bool in_body = false;
  };

  const TypedSpec& spec_;
  Diagnostics& diags_;
  LowerOptions options_;
  ir::TransitionSystem ts_;
  Builder b_;
  std::string base_name_;
  std::vector<NodeId> pre_cells_, post_cells_;
  ir::Action* current_ = nullptr;
  int current_action_ = -1;
  std::map<std::pair<std::string, int>, Check> checks_;
  std::vector<std::pair<std::string, int>> check_order_;
};

}  // namespace

std::optional<ir::TransitionSystem> lower_spec(const typed::TypedSpec& spec, Diagnostics& diags,
                                               const LowerOptions& options) {
  return Lowerer(spec, diags, options).run();
}

}  // namespace bulwark

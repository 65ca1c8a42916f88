// Semantic check. One pass over the declarations in order: globals are
// collected first (names are global and unique), then every expression is
// resolved and typed. Errors produce a Scalar::Error type that silences
// follow-on errors, so independent mistakes are all reported in one run.
#include "dsl/check/check.hpp"

#include "dsl/source/price_csv.hpp"

#include <fmt/format.h>

#include <functional>
#include <set>

namespace bulwark {
namespace {

using namespace typed;
using ast::BinOp;
using ast::ExprKind;

enum class GKind { Sort, Elem, Const, Param, Var, Def, Action, Invariant, Rule, Measure, Scenario, Spec };
struct Global {
  GKind kind;
  int id;        // index in its table (Elem: sort)
  int elem = 0;  // Elem: element index
  Span span;
  int decl = 0;  // declaration order (constants may only use earlier ones)
};

const char* describe(GKind k) {
  switch (k) {
    case GKind::Sort: return "a sort";
    case GKind::Elem: return "a sort element";
    case GKind::Const: return "a constant";
    case GKind::Param: return "a param";
    case GKind::Var: return "a state variable";
    case GKind::Def: return "a def";
    case GKind::Action: return "an action";
    case GKind::Invariant: return "an invariant";
    case GKind::Rule: return "a rule";
    case GKind::Measure: return "a measure";
    case GKind::Scenario: return "a scenario";
    case GKind::Spec: return "the spec name";
  }
  return "a name";
}

const std::set<std::string> kBuiltins = {"min", "max", "abs", "floor", "ceil", "mulDivDown", "mulDivUp", "old", "init"};

// Where an expression appears decides what it may mention.
struct Ctx {
  bool state = true;       // state variables and defs allowed
  bool params = true;      // params allowed
  bool old_ok = false;     // inside a rule
  bool in_old = false;
  bool init_ok = true;     // `init(e)`: not in the init block, assumes or constants
  bool in_init = false;
  int const_limit = 1 << 30;  // constants declared before this declaration index only
  const char* where = "";  // "a constant", "an assume" for messages
  std::vector<std::pair<std::string, int>> scope;  // locals, innermost last
};

Scalar err() { return {}; }
Scalar boolean() { return {Scalar::Bool, -1}; }
Scalar integer() { return {Scalar::Int, -1}; }
Scalar real() { return {Scalar::Real, -1}; }
bool numeric(Scalar t) { return t.kind == Scalar::Int || t.kind == Scalar::Real; }

class Checker {
 public:
  Checker(const ast::ParsedSpec& spec, const CheckOptions& opts, Diagnostics& diags)
      : spec_(spec), opts_(opts), diags_(diags), file_(spec.file) {
    out_.file = file_;
  }

  std::optional<TypedSpec> run() {
    collect();
    apply_size_options();
    std::vector<const ast::Decl*> defs;
    int order = 0;
    for (const auto& d : spec_.decls) {
      switch (d.kind) {
        case ast::DeclKind::Const: check_const(d, order); break;
        case ast::DeclKind::Param: check_param(d); break;
        case ast::DeclKind::Var: check_var(d); break;
        case ast::DeclKind::Def: declare_def(d); defs.push_back(&d); break;
        case ast::DeclKind::Action: declare_action(d); break;
        default: break;
      }
      ++order;
    }
    for (const auto* d : defs) check_def_body(*d);
    check_def_recursion(defs);
    int action_index = 0;
    for (const auto& d : spec_.decls) {
      switch (d.kind) {
        case ast::DeclKind::Assume: check_assume(d); break;
        case ast::DeclKind::Init: check_init(d); break;
        case ast::DeclKind::Action: check_action_body(d, action_index++); break;
        case ast::DeclKind::Invariant: check_invariant(d); break;
        case ast::DeclKind::Rule: check_rule(d); break;
        case ast::DeclKind::Measure: check_measure(d); break;
        case ast::DeclKind::Scenario: check_scenario(d); break;
        default: break;
      }
    }
    if (diags_.has_errors()) return std::nullopt;
    if (out_.invariants.empty() && out_.rules.empty())
      diags_.warning("W0301", fmt::format("{}: the spec has no invariants or rules: there is nothing to check",
                                          file_->name()));
    return std::move(out_);
  }

 private:
  // ---- diagnostics -------------------------------------------------------
  Diagnostic& error(const char* code, Span at, std::string msg) { return diags_.error(code, std::move(msg), file_, at); }

  Scalar mismatch(Span at, const std::string& what, Scalar expected, Scalar found) {
    if (found.kind != Scalar::Error && expected.kind != Scalar::Error)
      error("E0301", at, fmt::format("{} must be {}, found {}", what, type_name(expected), type_name(found)));
    return err();
  }

  std::string type_name(Scalar t) const {
    switch (t.kind) {
      case Scalar::Bool: return "bool";
      case Scalar::Int: return "int";
      case Scalar::Real: return "real";
      case Scalar::Sort: return t.sort >= 0 ? out_.sorts[t.sort].name : "a sort";
      case Scalar::Error: return "<error>";
    }
    return "?";
  }

  // ---- globals -----------------------------------------------------------
  void declare(const std::string& name, Span span, Global g) {
    auto [it, fresh] = globals_.try_emplace(name, g);
    if (!fresh) {
      error("E0202", span, fmt::format("`{}` is already declared as {}", name, describe(it->second.kind)))
          .notes.push_back({it->second.span, "first declared here"});
    }
  }

  void collect() {
    int order = 0;
    for (const auto& d : spec_.decls) {
      Global g{GKind::Spec, -1, 0, d.name_span, order++};
      switch (d.kind) {
        case ast::DeclKind::Spec:
          if (!out_.name.empty()) error("E0202", d.span, "a spec may be named only once");
          out_.name = d.name;
          continue;
        case ast::DeclKind::Sort: {
          if (kBuiltins.count(d.name))
            error("E0202", d.name_span, fmt::format("`{}` is a built-in function and cannot name a sort", d.name));
          g.kind = GKind::Sort;
          g.id = static_cast<int>(out_.sorts.size());
          declare(d.name, d.name_span, g);
          SortInfo s{d.name, {}, d.name_span};
          if (d.sized) {
            int n = parse_size(d.size_text, d.size_span);
            for (int i = 0; i < n; ++i) s.elems.push_back(fmt::format("{}{}", d.name, i));
          } else {
            for (std::size_t i = 0; i < d.elems.size(); ++i) {
              if (kBuiltins.count(d.elems[i]))
                error("E0202", d.elem_spans[i], fmt::format("`{}` is a built-in function and cannot name a sort element", d.elems[i]));
              declare(d.elems[i], d.elem_spans[i], Global{GKind::Elem, g.id, static_cast<int>(i), d.elem_spans[i], 0});
              s.elems.push_back(d.elems[i]);
            }
          }
          sized_.push_back(d.sized);
          out_.sorts.push_back(std::move(s));
          continue;
        }
        case ast::DeclKind::Const: g.kind = GKind::Const; g.id = static_cast<int>(consts_.size()); consts_.push_back({}); break;
        case ast::DeclKind::Param: g.kind = GKind::Param; g.id = -1; break;
        case ast::DeclKind::Var: g.kind = GKind::Var; g.id = -1; break;
        case ast::DeclKind::Def: g.kind = GKind::Def; g.id = -1; break;
        case ast::DeclKind::Action: g.kind = GKind::Action; g.id = -1; break;
        case ast::DeclKind::Invariant: g.kind = GKind::Invariant; break;
        case ast::DeclKind::Rule: g.kind = GKind::Rule; break;
        case ast::DeclKind::Measure: g.kind = GKind::Measure; break;
        case ast::DeclKind::Scenario: g.kind = GKind::Scenario; break;
        default: continue;
      }
      if (kBuiltins.count(d.name))
        error("E0202", d.name_span, fmt::format("`{}` is a built-in function and cannot be redeclared", d.name));
      declare(d.name, d.name_span, g);  // even so: later passes look every declaration up
    }
  }

  int parse_size(const std::string& text, Span at) {
    if (text.find('.') != std::string::npos || text.size() > 9 || std::stol(text) < 1 || std::stol(text) > kMaxSortSize) {
      error("E0504", at, fmt::format("sort size must be an integer from 1 to {}, found {}", kMaxSortSize, text));
      return 1;
    }
    return static_cast<int>(std::stol(text));
  }

  void apply_size_options() {
    for (const auto& [name, n] : opts_.sizes) {
      auto it = globals_.find(name);
      if (it == globals_.end() || it->second.kind != GKind::Sort) {
        std::vector<std::string> sorts;
        for (const auto& s : out_.sorts) sorts.push_back(s.name);
        auto& d = diags_.error("E0501", fmt::format("--size {}={}: there is no sort named `{}`", name, n, name));
        if (auto m = did_you_mean(name, sorts)) d.notes.push_back({std::nullopt, fmt::format("did you mean `{}`?", *m)});
        continue;
      }
      int s = it->second.id;
      if (!sized_[s]) {
        diags_.error("E0502", fmt::format("--size {}={}: `{}` lists its elements by name; only `sort {}[N];` can be "
                                          "resized", name, n, name, name));
        continue;
      }
      if (n < 1 || n > kMaxSortSize) {
        diags_.error("E0504", fmt::format("--size {}={}: sort size must be from 1 to {}", name, n, kMaxSortSize));
        continue;
      }
      out_.sorts[s].elems.clear();
      for (int i = 0; i < n; ++i) out_.sorts[s].elems.push_back(fmt::format("{}{}", name, i));
    }
  }

  std::optional<int> sort_named(const std::string& name, Span at) {
    auto it = globals_.find(name);
    if (it != globals_.end() && it->second.kind == GKind::Sort) return it->second.id;
    if (it != globals_.end()) {
      error("E0203", at, fmt::format("`{}` is {}, not a sort", name, describe(it->second.kind)));
    } else if (name == "int" || name == "nat" || name == "real" || name == "bool") {
      error("E0203", at, fmt::format("`{}` is not a finite sort: quantifiers, aggregates, loops and map keys range "
                                     "over sorts declared with `sort`", name));
    } else {
      std::vector<std::string> sorts;
      for (const auto& s : out_.sorts) sorts.push_back(s.name);
      auto& d = error("E0203", at, fmt::format("unknown sort `{}`", name));
      if (auto m = did_you_mean(name, sorts)) d.notes.push_back({std::nullopt, fmt::format("did you mean `{}`?", *m)});
    }
    return std::nullopt;
  }

  // Resolves a type; `maps_ok` for state variables only.
  struct Resolved {
    std::vector<int> keys;
    Scalar type;
    bool nat = false;
    bool ok = true;
  };
  Resolved resolve_type(const ast::TypeExpr& t, bool maps_ok) {
    Resolved r;
    for (std::size_t i = 0; i + 1 < t.parts.size(); ++i) {
      if (auto s = sort_named(t.parts[i], t.part_spans[i])) r.keys.push_back(*s);
      else r.ok = false;
    }
    const std::string& v = t.parts.back();
    if (v == "bool") r.type = boolean();
    else if (v == "int") r.type = integer();
    else if (v == "real") r.type = real();
    else if (v == "nat") r.type = integer(), r.nat = true;
    else if (auto s = sort_named(v, t.part_spans.back())) r.type = {Scalar::Sort, *s};
    else r.ok = false;
    if (!r.keys.empty() && !maps_ok) {
      error("E0305", t.span, "map types are allowed only for state variables (`var m: S -> T;`)");
      r.ok = false;
    }
    if (!r.ok) r.type = err();
    return r;
  }

  // ---- declarations ------------------------------------------------------
  void check_const(const ast::Decl& d, int order) {
    auto r = resolve_type(d.type, false);
    Ctx cx;
    cx.state = false;
    cx.params = false;
    cx.const_limit = order;
    cx.where = "a constant";
    auto e = expr(*d.expr, cx);
    auto& slot = consts_[globals_.at(d.name).id];
    slot.ok = false;
    if (!r.ok || e->type.kind == Scalar::Error) return;
    e = coerce(std::move(e), r.type, "the constant's value");
    if (!e) return;
    auto v = fold(*e);
    if (!v) return;  // fold reported
    if (auto o = opts_.const_values.find(d.name); o != opts_.const_values.end()) {
      // `--sweep` of a constant: the given value replaces the declared one.
      if (r.type.kind == Scalar::Real) v = Value::real(o->second);
      else if (r.type.kind == Scalar::Int && o->second == Rational(arith::floor(o->second))) v = Value::integer(arith::floor(o->second));
      else {
        error("E0552", d.name_span, fmt::format("constant `{}` is {}: it cannot take the value {}", d.name,
                                                type_name(r.type), to_string(o->second)));
        return;
      }
    }
    if (r.nat && v->as_int() < 0) {
      error("E0307", d.expr->span, fmt::format("constant `{}` is a nat but its value is {}", d.name, to_string(*v)));
      return;
    }
    slot = {true, r.type, *v};
  }

  void check_param(const ast::Decl& d) {
    auto r = resolve_type(d.type, false);
    globals_.at(d.name).id = static_cast<int>(out_.params.size());
    out_.params.push_back({d.name, r.type, r.nat, d.name_span});
  }

  void check_var(const ast::Decl& d) {
    auto r = resolve_type(d.type, true);
    globals_.at(d.name).id = static_cast<int>(out_.vars.size());
    out_.vars.push_back({d.name, r.keys, r.type, r.nat, d.name_span});
  }

  int new_local(const std::string& name, Scalar t, bool nat, Span at, Ctx& cx) {
    if (auto it = globals_.find(name); it != globals_.end()) {
      error("E0202", at, fmt::format("`{}` is already declared as {}", name, describe(it->second.kind)))
          .notes.push_back({it->second.span, "first declared here"});
    } else if (kBuiltins.count(name)) {
      error("E0202", at, fmt::format("`{}` is a built-in function", name));
    }
    int id = static_cast<int>(out_.locals.size());
    out_.locals.push_back({name, t, nat});
    cx.scope.push_back({name, id});
    return id;
  }

  std::vector<int> bind_params(const std::vector<ast::Binding>& ps, Ctx& cx) {
    std::vector<int> ids;
    std::set<std::string> seen;
    for (const auto& b : ps) {
      if (!seen.insert(b.name).second) error("E0202", b.span, fmt::format("parameter `{}` appears twice", b.name));
      auto r = resolve_type(b.type, false);
      ids.push_back(new_local(b.name, r.type, r.nat, b.span, cx));
    }
    return ids;
  }

  void declare_def(const ast::Decl& d) {
    Ctx cx;
    auto r = resolve_type(d.type, false);
    globals_.at(d.name).id = static_cast<int>(out_.defs.size());
    DefInfo info{d.name, bind_params(d.params, cx), r.type, nullptr, d.name_span};
    def_scopes_.push_back(cx.scope);
    out_.defs.push_back(std::move(info));
  }

  void check_def_body(const ast::Decl& d) {
    int id = globals_.at(d.name).id;
    Ctx cx;
    cx.scope = def_scopes_[id];
    cx.where = "a def";
    current_def_ = id;
    auto e = expr(*d.expr, cx);
    current_def_ = -1;
    if (out_.defs[id].type.kind != Scalar::Error) e = coerce(std::move(e), out_.defs[id].type, "the def's body");
    out_.defs[id].body = std::move(e);
  }

  void check_def_recursion(const std::vector<const ast::Decl*>& defs) {
    // Depth-first search for a cycle in the call graph; report each def on a cycle once.
    std::vector<int> state(out_.defs.size(), 0);
    std::function<bool(int, std::vector<int>&)> visit = [&](int v, std::vector<int>& path) -> bool {
      state[v] = 1;
      path.push_back(v);
      for (int w : def_calls_[v]) {
        if (state[w] == 1) {
          auto& diag = error("E0206", defs[w]->name_span,
                             fmt::format("def `{}` is recursive; defs are inlined and may not call themselves",
                                         out_.defs[w].name));
          for (std::size_t i = 0; i < path.size(); ++i)
            if (path[i] != w || i > 0)
              diag.notes.push_back({defs[path[i]]->name_span, fmt::format("`{}` is on the cycle", out_.defs[path[i]].name)});
          return true;
        }
        if (state[w] == 0 && visit(w, path)) return true;
      }
      path.pop_back();
      state[v] = 2;
      return false;
    };
    for (std::size_t i = 0; i < out_.defs.size(); ++i) {
      std::vector<int> path;
      if (state[i] == 0 && visit(static_cast<int>(i), path)) break;
    }
  }

  void declare_action(const ast::Decl& d) {
    Ctx cx;
    globals_.at(d.name).id = static_cast<int>(out_.actions.size());
    ActionInfo a{d.name, d.env, bind_params(d.params, cx), {}, d.name_span};
    action_scopes_.push_back(cx.scope);
    out_.actions.push_back(std::move(a));
  }

  void check_action_body(const ast::Decl& d, int index) {
    Ctx cx;
    cx.scope = action_scopes_[index];
    cx.where = "an action";
    out_.actions[index].body = stmts(d.body, cx);
  }

  TExprPtr condition(const ast::Expr& e, Ctx& cx, const char* what) {
    auto t = expr(e, cx);
    if (t->type.kind != Scalar::Bool) mismatch(e.span, what, boolean(), t->type);
    return t;
  }

  void check_assume(const ast::Decl& d) {
    Ctx cx;
    cx.state = false;
    cx.where = "an assume";
    out_.assumes.push_back({condition(*d.expr, cx, "an assume"), d.span});
  }

  void check_init(const ast::Decl& d) {
    for (const auto& e : d.exprs) {
      Ctx cx;
      cx.init_ok = false;
      cx.where = "init";
      out_.init.push_back(condition(*e, cx, "an init condition"));
    }
  }

  void check_invariant(const ast::Decl& d) {
    Ctx cx;
    cx.where = "an invariant";
    out_.invariants.push_back({d.name, -1, condition(*d.expr, cx, "an invariant"), d.name_span});
  }

  // A measure is a number over the state (and params), shown per step in
  // traces and optimised by `bulwark attack`.
  void check_measure(const ast::Decl& d) {
    Ctx cx;
    cx.where = "a measure";
    auto t = expr(*d.expr, cx);
    if (!numeric(t->type)) mismatch(d.expr->span, "a measure", real(), t->type);
    out_.measures.push_back({d.name, -1, std::move(t), d.name_span});
  }

  // ---- scenarios (docs/stress.md) --------------------------------------------
  int action_named(const std::string& name, Span at, const char* role) {
    for (std::size_t a = 0; a < out_.actions.size(); ++a)
      if (out_.actions[a].name == name) return static_cast<int>(a);
    std::vector<std::string> names;
    for (const auto& a : out_.actions) names.push_back(a.name);
    auto& diag = error("E0220", at, fmt::format("{} `{}` is not an action of the spec", role, name));
    if (auto m = did_you_mean(name, names)) diag.notes.push_back({std::nullopt, fmt::format("did you mean `{}`?", *m)});
    return -1;
  }

  void check_scenario(const ast::Decl& d) {
    ScenarioInfo sc;
    sc.name = d.name;
    sc.span = d.name_span;
    bool policy_seen = false, moves_seen = false;
    for (const auto& it : d.items) {
      switch (it.kind) {
        case ast::ItemKind::Moves: {
          if (moves_seen) error("E0225", it.span, "a scenario has at most one `moves`");
          moves_seen = true;
          if (it.number.find('.') != std::string::npos || it.number.size() > 4 || std::stol(it.number) > 1000)
            error("E0310", it.number_span, fmt::format("`moves` must be an integer from 0 to 1000, found {}", it.number));
          else
            sc.moves = static_cast<int>(std::stol(it.number));
          break;
        }
        case ast::ItemKind::Policy: {
          if (policy_seen) error("E0225", it.span, "a scenario has at most one `policy`");
          policy_seen = true;
          if (it.name == "random" && !it.has_list) break;
          if (it.name == "first" && it.has_list) {
            sc.first = true;
            for (std::size_t k = 0; k < it.actions.size(); ++k) {
              int a = action_named(it.actions[k], it.action_spans[k], "policy action");
              if (a >= 0) sc.priority.push_back(a);
            }
            break;
          }
          error("E0221", it.name_span,
                it.name == "random" ? "`policy random` takes no list of actions"
                : it.name == "first" ? "`policy first` needs a list of actions: `policy first(a, b);`"
                                     : fmt::format("unknown policy `{}`: expected `random` or `first(a, b, ...)`", it.name));
          break;
        }
        case ast::ItemKind::Drive: check_drive(it, sc); break;
      }
    }
    for (std::size_t i = 0; i < sc.drives.size(); ++i)
      for (std::size_t j = 0; j < i; ++j)
        if (sc.drives[i].action == sc.drives[j].action)
          error("E0226", sc.drives[i].span, fmt::format("action `{}` is driven twice in scenario `{}`",
                                                        out_.actions[static_cast<std::size_t>(sc.drives[i].action)].name, d.name));
    bool drives = std::any_of(d.items.begin(), d.items.end(), [](const auto& i) { return i.kind == ast::ItemKind::Drive; });
    if (!drives)
      error("E0227", d.name_span, fmt::format("scenario `{}` drives no action: add `drive ACTION(ARG) = gbm(...);`", d.name));
    out_.scenarios.push_back(std::move(sc));
  }

  void check_drive(const ast::ScenarioItem& it, ScenarioInfo& sc) {
    DriveInfo dr;
    dr.span = it.span;
    dr.action = action_named(it.name, it.name_span, "driven action");
    if (dr.action < 0) return;
    const auto& act = out_.actions[static_cast<std::size_t>(dr.action)];
    if (!act.env) {
      error("E0222", it.name_span, fmt::format("only an env action can be driven by a process; `{}` is not one", it.name));
      return;
    }
    for (std::size_t k = 0; k < act.params.size(); ++k)
      if (out_.locals[static_cast<std::size_t>(act.params[k])].name == it.arg) dr.arg = static_cast<int>(k);
    if (dr.arg < 0) {
      std::vector<std::string> names;
      for (int p : act.params) names.push_back(out_.locals[static_cast<std::size_t>(p)].name);
      auto& diag = error("E0223", it.arg_span, fmt::format("action `{}` has no parameter `{}`", it.name, it.arg));
      if (auto m = did_you_mean(it.arg, names)) diag.notes.push_back({std::nullopt, fmt::format("did you mean `{}`?", *m)});
      return;
    }
    Scalar at = out_.locals[static_cast<std::size_t>(act.params[static_cast<std::size_t>(dr.arg)])].type;
    if (at.kind != Scalar::Real)
      error("E0311", it.arg_span, fmt::format("a driven parameter must be real, `{}` is {}", it.arg, type_name(at)));
    bool has_path = false;
    for (const auto& p : it.procs) {
      ProcessInfo pi;
      pi.span = p.span;
      std::size_t want = 0;
      if (p.fn == "gbm") pi.kind = ProcessKind::Gbm, want = 3;
      else if (p.fn == "jump") pi.kind = ProcessKind::Jump, want = 2;
      else if (p.fn == "path") pi.kind = ProcessKind::Path;
      else {
        auto& diag = error("E0224", p.fn_span, fmt::format("unknown process `{}`: expected gbm(mu, sigma, dt), jump(rate, size) or path(\"file.csv\")", p.fn));
        if (auto m = did_you_mean(p.fn, {"gbm", "jump", "path"})) diag.notes.push_back({std::nullopt, fmt::format("did you mean `{}`?", *m)});
        continue;
      }
      if (pi.kind == ProcessKind::Path) {
        if (!p.has_file || !p.args.empty()) {
          error("E0312", p.span, "`path` takes one file name in quotes: path(\"prices.csv\")");
          continue;
        }
        if (has_path) error("E0312", p.span, "a drive has at most one `path`");
        has_path = true;
        pi.file = p.file;
        load_path(pi, p.file_span);
      } else {
        if (p.has_file || p.args.size() != want) {
          error("E0312", p.span, fmt::format("`{}` takes {} numbers: {}", p.fn, want,
                                             pi.kind == ProcessKind::Gbm ? "gbm(mu, sigma, dt)" : "jump(rate, size)"));
          continue;
        }
        for (const auto& a : p.args) {
          Ctx cx;
          cx.state = false;
          cx.init_ok = false;
          cx.where = "a process argument";
          pi.args.push_back(coerce(expr(*a, cx), real(), "a process argument"));
        }
      }
      dr.procs.push_back(std::move(pi));
    }
    if (it.from) {
      Ctx cx;
      cx.init_ok = false;
      cx.where = "a starting level";
      dr.from = coerce(expr(*it.from, cx), real(), "a starting level");
    } else if (!has_path) {
      error("E0313", it.span, "a drive without `path` needs a starting level: `... from price;`");
    }
    sc.drives.push_back(std::move(dr));
  }

  // The CSV is read here so a missing or malformed file is an input error
  // located at its name in the spec; relative names are relative to the spec.
  void load_path(ProcessInfo& pi, Span at) {
    std::string path = pi.file;
    if (!path.empty() && path[0] != '/') {
      auto slash = file_->name().rfind('/');
      if (slash != std::string::npos) path = file_->name().substr(0, slash + 1) + path;
    }
    auto r = read_price_csv(path);
    if (auto* e = std::get_if<CsvError>(&r)) {
      if (e->line == 0) error("E0550", at, fmt::format("cannot read price path `{}`: {}", path, e->message));
      else error("E0551", at, fmt::format("{}:{}: {}", path, e->line, e->message));
      return;
    }
    pi.prices = std::move(std::get<std::vector<Rational>>(r));
  }

  void check_rule(const ast::Decl& d) {
    Ctx cx;
    cx.old_ok = true;
    cx.where = "a rule";
    int action = -1;
    if (d.on != "any") {
      auto it = globals_.find(d.on);
      if (it == globals_.end() || it->second.kind != GKind::Action) {
        std::vector<std::string> names;
        for (const auto& a : out_.actions) names.push_back(a.name);
        auto& diag = error("E0204", d.on_span,
                           it == globals_.end() ? fmt::format("rule `{}` is on unknown action `{}`", d.name, d.on)
                                                : fmt::format("`{}` is {}, not an action", d.on, describe(it->second.kind)));
        if (auto m = did_you_mean(d.on, names)) diag.notes.push_back({std::nullopt, fmt::format("did you mean `{}`?", *m)});
        return;
      }
      action = it->second.id;
      cx.scope = action_scopes_[action];
    }
    out_.rules.push_back({d.name, action, condition(*d.expr, cx, "a rule"), d.name_span});
  }

  // ---- statements --------------------------------------------------------
  std::vector<TStmt> stmts(const std::vector<ast::Stmt>& ss, Ctx& cx) {
    std::vector<TStmt> out;
    auto mark = cx.scope.size();
    for (const auto& s : ss) out.push_back(stmt(s, cx));
    cx.scope.resize(mark);
    return out;
  }

  TStmt stmt(const ast::Stmt& s, Ctx& cx) {
    TStmt t;
    t.kind = s.kind;
    t.span = s.span;
    t.kw_span = s.name_span;
    switch (s.kind) {
      case ast::StmtKind::Require: t.expr = condition(*s.expr, cx, "a require condition"); break;
      case ast::StmtKind::Assert: t.expr = condition(*s.expr, cx, "an assert condition"); break;
      case ast::StmtKind::Let: {
        t.expr = expr(*s.expr, cx);
        t.local = new_local(s.name, t.expr->type, false, s.name_span, cx);
        break;
      }
      case ast::StmtKind::If: {
        t.expr = condition(*s.expr, cx, "an if condition");
        t.body = stmts(s.body, cx);
        t.else_body = stmts(s.else_body, cx);
        break;
      }
      case ast::StmtKind::For: {
        auto mark = cx.scope.size();
        auto sort = sort_named(s.sort, s.sort_span);
        t.sort = sort.value_or(-1);
        t.local = new_local(s.name, sort ? Scalar{Scalar::Sort, *sort} : err(), false, s.name_span, cx);
        t.body = stmts(s.body, cx);
        cx.scope.resize(mark);
        break;
      }
      case ast::StmtKind::Assign: assign(s, t, cx); break;
    }
    return t;
  }

  void assign(const ast::Stmt& s, TStmt& t, Ctx& cx) {
    t.op = s.op;
    auto rhs = expr(*s.expr, cx);
    for (const auto& ix : s.index) t.index.push_back(expr(*ix, cx));
    auto target_error = [&](const std::string& what) {
      error("E0211", s.name_span, fmt::format("cannot assign to `{}`: it is {}; only state variables can be assigned",
                                              s.name, what));
    };
    for (auto it = cx.scope.rbegin(); it != cx.scope.rend(); ++it) {
      if (it->first == s.name) return target_error("a local name (an action parameter, `let` or loop variable)");
    }
    auto g = globals_.find(s.name);
    if (g == globals_.end()) {
      unknown(s.name, s.name_span, cx);
      return;
    }
    if (g->second.kind != GKind::Var) return target_error(describe(g->second.kind));
    const VarInfo& v = out_.vars[g->second.id];
    t.var = g->second.id;
    if (!check_indexes(v, t.index, s.name_span, s.index.empty() ? s.name_span : s.index.back()->span)) return;
    if (v.type.kind == Scalar::Error || rhs->type.kind == Scalar::Error) return;
    if (s.op != ast::AssignOp::Set && !numeric(v.type)) {
      error("E0308", s.name_span, fmt::format("`+=` and `-=` need a number; `{}` is {}", s.name, type_name(v.type)));
      return;
    }
    t.expr = coerce(std::move(rhs), v.type, fmt::format("the value assigned to `{}`", s.name));
  }

  bool check_indexes(const VarInfo& v, std::vector<TExprPtr>& index, Span name_span, Span last) {
    if (index.size() != v.keys.size()) {
      if (v.keys.empty())
        error("E0303", last, fmt::format("`{}` is not a map and cannot be indexed", v.name));
      else
        error("E0303", index.empty() ? name_span : last,
              fmt::format("`{}` is a map with {} key{} and needs exactly {} index{}, found {}", v.name, v.keys.size(),
                          v.keys.size() == 1 ? "" : "s", v.keys.size(), v.keys.size() == 1 ? "" : "es", index.size()));
      return false;
    }
    bool ok = true;
    for (std::size_t i = 0; i < index.size(); ++i) {
      Scalar want{Scalar::Sort, v.keys[i]};
      if (index[i]->type.kind == Scalar::Error) ok = false;
      else if (!(index[i]->type == want)) {
        error("E0304", index[i]->span, fmt::format("index {} of `{}` must be {}, found {}", i + 1, v.name,
                                                   type_name(want), type_name(index[i]->type)));
        ok = false;
      }
    }
    return ok;
  }

  // ---- expressions -------------------------------------------------------
  TExprPtr make(TKind k, Scalar t, Span span) {
    auto e = std::make_unique<TExpr>();
    e->kind = k;
    e->type = t;
    e->span = span;
    e->op_span = span;
    return e;
  }

  TExprPtr widen(TExprPtr e, bool rounding_meant = false) {
    if (e->type.kind != Scalar::Int) return e;
    // `x == 1/3` with x real compares x with 0: the ints divide (rounding toward
    // zero, LANGUAGE.md) before the result becomes real. Legal, and almost never meant.
    if (!rounding_meant && e->kind == TKind::Binary && e->bop == ast::BinOp::Div)
      diags_.warning("W0302",
                     "`/` on two ints rounds toward zero before the result is used as a real (1/3 is 0); "
                     "write a decimal such as 1.0/3 for exact division, or floor(...) to keep the rounding and "
                     "silence this warning",
                     file_, e->op_span);
    if (e->kind == TKind::Lit) {
      e->value = Value::real(Rational(e->value.as_int()));
      e->type = real();
      return e;
    }
    auto w = make(TKind::ToReal, real(), e->span);
    w->args.push_back(std::move(e));
    return w;
  }

  // Converts to `want` when allowed (int -> real); reports otherwise.
  TExprPtr coerce(TExprPtr e, Scalar want, const std::string& what) {
    if (e->type.kind == Scalar::Error || want.kind == Scalar::Error) return e;
    if (e->type == want) return e;
    if (want.kind == Scalar::Real && e->type.kind == Scalar::Int) return widen(std::move(e));
    if (want.kind == Scalar::Int && e->type.kind == Scalar::Real) {
      error("E0302", e->span, fmt::format("{} must be int, found real; use floor(...) or ceil(...) to convert", what));
    } else {
      mismatch(e->span, what, want, e->type);
    }
    e->type = err();
    return e;
  }

  void unknown(const std::string& name, Span at, const Ctx& cx, bool call = false) {
    std::vector<std::string> names;
    for (const auto& [n, g] : globals_) {
      bool value = g.kind == GKind::Elem || g.kind == GKind::Const || g.kind == GKind::Param || g.kind == GKind::Var;
      if (call ? g.kind == GKind::Def : value) names.push_back(n);
    }
    if (call)
      for (const auto& b : kBuiltins) names.push_back(b);
    for (const auto& [n, id] : cx.scope) names.push_back(n);
    auto& d = error("E0201", at, fmt::format("unknown name `{}`", name));
    if (auto m = did_you_mean(name, names)) d.notes.push_back({std::nullopt, fmt::format("did you mean `{}`?", *m)});
  }

  TExprPtr bad(Span span) { return make(TKind::Lit, err(), span); }

  TExprPtr expr(const ast::Expr& e, Ctx& cx) {
    switch (e.kind) {
      case ExprKind::Int:
      case ExprKind::Dec: {
        auto t = make(TKind::Lit, e.kind == ExprKind::Int ? integer() : real(), e.span);
        t->value = parse_literal(e.text);
        return t;
      }
      case ExprKind::Bool: {
        auto t = make(TKind::Lit, boolean(), e.span);
        t->value = Value::boolean(e.bool_value);
        return t;
      }
      case ExprKind::Name: return name(e, cx);
      case ExprKind::Index: return index(e, cx);
      case ExprKind::Call: return call(e, cx);
      case ExprKind::Unary: return unary(e, cx);
      case ExprKind::Binary: return binary(e, cx);
      case ExprKind::Ite: return ite(e, cx);
      case ExprKind::Quant:
      case ExprKind::Agg: return binder(e, cx);
    }
    return bad(e.span);
  }

  TExprPtr name(const ast::Expr& e, Ctx& cx) {
    for (auto it = cx.scope.rbegin(); it != cx.scope.rend(); ++it) {
      if (it->first != e.text) continue;
      auto t = make(TKind::Local, out_.locals[it->second].type, e.span);
      t->id = it->second;
      return t;
    }
    auto g = globals_.find(e.text);
    if (g == globals_.end()) {
      unknown(e.text, e.span, cx);
      return bad(e.span);
    }
    const Global& gl = g->second;
    switch (gl.kind) {
      case GKind::Elem: {
        auto t = make(TKind::Lit, {Scalar::Sort, gl.id}, e.span);
        t->value = Value::element(gl.elem);
        return t;
      }
      case GKind::Const: {
        if (gl.decl >= cx.const_limit) {
          error("E0205", e.span, gl.decl == cx.const_limit
                                     ? fmt::format("constant `{}` refers to itself", e.text)
                                     : fmt::format("constant `{}` is used before its declaration", e.text))
              .notes.push_back({gl.span, "declared here"});
          return bad(e.span);
        }
        const auto& c = consts_[gl.id];
        if (!c.ok) return bad(e.span);
        auto t = make(TKind::Lit, c.type, e.span);
        t->value = c.value;
        return t;
      }
      case GKind::Param: {
        if (!cx.params) {
          error("E0212", e.span, fmt::format("{} cannot depend on param `{}`", cx.where, e.text));
          return bad(e.span);
        }
        if (gl.id < 0) return bad(e.span);
        auto t = make(TKind::Param, out_.params[gl.id].type, e.span);
        t->id = gl.id;
        return t;
      }
      case GKind::Var: {
        if (!cx.state) {
          error("E0212", e.span, fmt::format("{} cannot depend on state variable `{}`", cx.where, e.text));
          return bad(e.span);
        }
        const VarInfo& v = out_.vars[gl.id];
        if (!v.keys.empty()) {
          error("E0303", e.span, fmt::format("`{}` is a map; index it, e.g. `{}[x]`", e.text, e.text));
          return bad(e.span);
        }
        auto t = make(TKind::Var, v.type, e.span);
        t->id = gl.id;
        return t;
      }
      default:
        error("E0210", e.span, fmt::format("`{}` is {}, not a value", e.text, describe(gl.kind)));
        return bad(e.span);
    }
  }

  TExprPtr index(const ast::Expr& e, Ctx& cx) {
    // Flatten m[i][j] into the base name and its indexes.
    std::vector<const ast::Expr*> idx;
    const ast::Expr* base = &e;
    while (base->kind == ExprKind::Index && !base->parens) {
      idx.push_back(base->args[1].get());
      base = base->args[0].get();
    }
    std::reverse(idx.begin(), idx.end());
    std::vector<TExprPtr> ts;
    for (const auto* i : idx) ts.push_back(expr(*i, cx));
    if (base->kind != ExprKind::Name) {
      error("E0303", base->span, "only a state variable that is a map can be indexed");
      return bad(e.span);
    }
    bool local = false;
    for (const auto& [n, id] : cx.scope) local |= n == base->text;
    auto g = globals_.find(base->text);
    if (local || g == globals_.end() || g->second.kind != GKind::Var) {
      if (!local && g == globals_.end()) {
        unknown(base->text, base->span, cx);
      } else {
        error("E0303", base->span, fmt::format("`{}` is {}, not a map; it cannot be indexed", base->text,
                                               local ? "a local name" : describe(g->second.kind)));
      }
      return bad(e.span);
    }
    if (!cx.state) {
      error("E0212", base->span, fmt::format("{} cannot depend on state variable `{}`", cx.where, base->text));
      return bad(e.span);
    }
    const VarInfo& v = out_.vars[g->second.id];
    if (!check_indexes(v, ts, base->span, idx.back()->span)) return bad(e.span);
    auto t = make(TKind::Var, v.type, e.span);
    t->id = g->second.id;
    t->args = std::move(ts);
    return t;
  }

  // `old(e)` and `init(e)`: e checked with `inside` set (so nesting is
  // caught), wrapped as a node of `kind`.
  TExprPtr in_state(TKind kind, bool Ctx::*inside, const ast::Expr& e, Ctx& cx) {
    cx.*inside = true;
    auto inner = expr(*e.args[0], cx);
    cx.*inside = false;
    auto t = make(kind, inner->type, e.span);
    t->args.push_back(std::move(inner));
    return t;
  }

  TExprPtr call(const ast::Expr& e, Ctx& cx) {
    const std::string& f = e.text;
    auto arity = [&](std::size_t n) {
      if (e.args.size() == n) return true;
      error("E0209", e.op_span, fmt::format("`{}` takes {} argument{}, found {}", f, n, n == 1 ? "" : "s", e.args.size()));
      return false;
    };
    if (f == "old") {
      if (!arity(1)) return bad(e.span);
      if (!cx.old_ok) {
        error("E0207", e.op_span, fmt::format("`old(...)` is only allowed in rules, not in {}", cx.where));
        return bad(e.span);
      }
      if (cx.in_old) {
        error("E0208", e.op_span, "`old(...)` cannot be nested inside another `old(...)`");
        return bad(e.span);
      }
      if (cx.in_init) {
        error("E0213", e.op_span, "`old(...)` cannot appear inside `init(...)`: `init(e)` is already the same in every state");
        return bad(e.span);
      }
      return in_state(TKind::Old, &Ctx::in_old, e, cx);
    }
    if (f == "init") {
      if (!arity(1)) return bad(e.span);
      if (!cx.init_ok || cx.in_init || cx.in_old) {
        error("E0213", e.op_span,
              cx.in_init  ? std::string("`init(...)` cannot be nested inside another `init(...)`")
              : cx.in_old ? std::string("`init(...)` cannot appear inside `old(...)`: write `init(e)` alone, it is the same in every state")
                          : fmt::format("`init(...)` is not allowed in {}", cx.where));
        return bad(e.span);
      }
      if (!cx.state) {
        error("E0212", e.op_span, fmt::format("{} cannot depend on the initial state", cx.where));
        return bad(e.span);
      }
      return in_state(TKind::Init, &Ctx::in_init, e, cx);
    }
    if (kBuiltins.count(f)) return builtin(e, cx);
    auto g = globals_.find(f);
    bool local = false;
    for (const auto& [n, id] : cx.scope) local |= n == f;
    if (local || g == globals_.end() || g->second.kind != GKind::Def) {
      if (!local && g == globals_.end()) unknown(f, e.op_span, cx, true);
      else error("E0210", e.op_span, fmt::format("`{}` is {}, not a function", f, local ? "a local name" : describe(g->second.kind)));
      for (const auto& a : e.args) expr(*a, cx);
      return bad(e.span);
    }
    if (!cx.state) {
      error("E0212", e.op_span, fmt::format("{} cannot call def `{}` (defs may read state)", cx.where, f));
      return bad(e.span);
    }
    int id = g->second.id;
    if (id < 0) return bad(e.span);
    if (current_def_ >= 0) def_calls_[current_def_].insert(id);
    const DefInfo& d = out_.defs[id];
    if (!arity(d.params.size())) return bad(e.span);
    auto t = make(TKind::DefCall, d.type, e.span);
    t->op_span = e.op_span;
    t->id = id;
    bool ok = d.type.kind != Scalar::Error;
    for (std::size_t i = 0; i < e.args.size(); ++i) {
      auto a = expr(*e.args[i], cx);
      a = coerce(std::move(a), out_.locals[d.params[i]].type,
                 fmt::format("argument {} of `{}`", i + 1, f));
      ok &= a->type.kind != Scalar::Error;
      t->args.push_back(std::move(a));
    }
    if (!ok) t->type = err();
    return t;
  }

  TExprPtr builtin(const ast::Expr& e, Ctx& cx) {
    const std::string& f = e.text;
    std::size_t n = f == "abs" || f == "floor" || f == "ceil" ? 1 : f == "min" || f == "max" ? 2 : 3;
    std::vector<TExprPtr> args;
    for (const auto& a : e.args) args.push_back(expr(*a, cx));
    if (args.size() != n) {
      error("E0209", e.op_span, fmt::format("`{}` takes {} argument{}, found {}", f, n, n == 1 ? "" : "s", args.size()));
      return bad(e.span);
    }
    for (auto& a : args) {
      if (a->type.kind == Scalar::Error) return bad(e.span);
      if (!numeric(a->type)) {
        error("E0306", a->span, fmt::format("`{}` needs numbers, found {}", f, type_name(a->type)));
        return bad(e.span);
      }
    }
    Scalar t = integer();
    if (f == "mulDivDown" || f == "mulDivUp") {
      for (auto& a : args)
        if (a->type.kind != Scalar::Int) {
          error("E0306", a->span, fmt::format("`{}` works on ints, found real", f));
          return bad(e.span);
        }
    } else if (f == "floor" || f == "ceil") {
      t = integer();
      args[0] = widen(std::move(args[0]), /*rounding_meant=*/true);
    } else {
      bool any_real = false;
      for (auto& a : args) any_real |= a->type.kind == Scalar::Real;
      if (any_real) {
        for (auto& a : args) a = widen(std::move(a));
        t = real();
      }
    }
    auto r = make(TKind::Builtin, t, e.span);
    r->op_span = e.op_span;
    r->text = f;
    r->args = std::move(args);
    return r;
  }

  TExprPtr unary(const ast::Expr& e, Ctx& cx) {
    auto a = expr(*e.args[0], cx);
    auto t = make(TKind::Unary, a->type, e.span);
    t->op_span = e.op_span;
    t->uop = e.uop;
    if (a->type.kind != Scalar::Error) {
      if (e.uop == ast::UnOp::Not && a->type.kind != Scalar::Bool) t->type = mismatch(a->span, "the operand of `!`", boolean(), a->type);
      if (e.uop == ast::UnOp::Neg && !numeric(a->type)) {
        error("E0306", a->span, fmt::format("unary `-` needs a number, found {}", type_name(a->type)));
        t->type = err();
      }
    }
    t->args.push_back(std::move(a));
    return t;
  }

  TExprPtr binary(const ast::Expr& e, Ctx& cx) {
    // Short-circuit operators: the right side is checked the same way.
    auto l = expr(*e.args[0], cx);
    auto r = expr(*e.args[1], cx);
    auto t = make(TKind::Binary, err(), e.span);
    t->op_span = e.op_span;
    t->bop = e.bop;
    const char* op = ast::to_string(e.bop);
    bool broken = l->type.kind == Scalar::Error || r->type.kind == Scalar::Error;
    auto finish = [&](Scalar type) {
      t->type = broken ? err() : type;
      t->args.push_back(std::move(l));
      t->args.push_back(std::move(r));
      return std::move(t);
    };
    switch (e.bop) {
      case BinOp::Implies:
      case BinOp::Or:
      case BinOp::And:
        if (!broken && l->type.kind != Scalar::Bool) broken = true, mismatch(l->span, fmt::format("the left side of `{}`", op), boolean(), l->type);
        if (!broken && r->type.kind != Scalar::Bool) broken = true, mismatch(r->span, fmt::format("the right side of `{}`", op), boolean(), r->type);
        return finish(boolean());
      case BinOp::Eq:
      case BinOp::Ne:
        if (broken) return finish(boolean());
        if (numeric(l->type) && numeric(r->type)) {
          unify(l, r);
          return finish(boolean());
        }
        if (!(l->type == r->type)) {
          error("E0306", e.op_span, fmt::format("`{}` compares values of the same type, found {} and {}", op,
                                                type_name(l->type), type_name(r->type)));
          broken = true;
        }
        return finish(boolean());
      case BinOp::Lt:
      case BinOp::Le:
      case BinOp::Gt:
      case BinOp::Ge:
        if (!broken && !(numeric(l->type) && numeric(r->type))) {
          error("E0306", e.op_span, fmt::format("`{}` compares numbers, found {} and {}", op, type_name(l->type),
                                                type_name(r->type)));
          broken = true;
        }
        if (!broken) unify(l, r);
        return finish(boolean());
      case BinOp::Mod:
        if (!broken && (l->type.kind != Scalar::Int || r->type.kind != Scalar::Int)) {
          error("E0309", e.op_span, fmt::format("`%` works on ints, found {} and {}", type_name(l->type), type_name(r->type)));
          broken = true;
        }
        return finish(integer());
      default: {
        if (!broken && !(numeric(l->type) && numeric(r->type))) {
          error("E0306", e.op_span, fmt::format("`{}` needs numbers, found {} and {}", op, type_name(l->type),
                                                type_name(r->type)));
          broken = true;
        }
        if (broken) return finish(err());
        Scalar type = unify(l, r);
        return finish(type);
      }
    }
  }

  // Widens the int side when the other is real; returns the common type.
  Scalar unify(TExprPtr& l, TExprPtr& r) {
    if (l->type.kind == Scalar::Real || r->type.kind == Scalar::Real) {
      l = widen(std::move(l));
      r = widen(std::move(r));
      return real();
    }
    return integer();
  }

  TExprPtr ite(const ast::Expr& e, Ctx& cx) {
    auto c = condition(*e.args[0], cx, "an if-expression's condition");
    auto a = expr(*e.args[1], cx);
    auto b = expr(*e.args[2], cx);
    auto t = make(TKind::Ite, err(), e.span);
    t->op_span = e.op_span;
    bool broken = c->type.kind == Scalar::Error || a->type.kind == Scalar::Error || b->type.kind == Scalar::Error;
    if (!broken) {
      if (numeric(a->type) && numeric(b->type)) t->type = unify(a, b);
      else if (a->type == b->type) t->type = a->type;
      else error("E0301", e.span, fmt::format("the branches of `if` must have the same type, found {} and {}",
                                              type_name(a->type), type_name(b->type)));
    }
    t->args.push_back(std::move(c));
    t->args.push_back(std::move(a));
    t->args.push_back(std::move(b));
    return t;
  }

  TExprPtr binder(const ast::Expr& e, Ctx& cx) {
    auto sort = sort_named(e.sort, e.sort_span);
    auto mark = cx.scope.size();
    int local = new_local(e.text, sort ? Scalar{Scalar::Sort, *sort} : err(), false, e.op_span, cx);
    auto body = expr(*e.args[0], cx);
    cx.scope.resize(mark);
    bool is_quant = e.kind == ExprKind::Quant;
    auto t = make(is_quant ? TKind::Quant : TKind::Agg, err(), e.span);
    t->op_span = e.op_span;
    t->quant = e.quant;
    t->agg = e.agg;
    t->local = local;
    t->sort = sort.value_or(-1);
    bool broken = !sort || body->type.kind == Scalar::Error;
    if (!broken) {
      if (is_quant || e.agg == ast::AggKind::Count) {
        if (body->type.kind != Scalar::Bool) mismatch(body->span, is_quant ? "a quantifier's body" : "the body of `count`", boolean(), body->type);
        else t->type = is_quant ? boolean() : integer();
      } else if (!numeric(body->type)) {
        error("E0306", body->span, fmt::format("the body of an aggregate must be a number, found {}", type_name(body->type)));
      } else {
        t->type = body->type;
      }
    }
    t->args.push_back(std::move(body));
    return t;
  }

  // Constant folding for `const` values: only literals and arithmetic remain.
  std::optional<Value> fold(const TExpr& e) {
    switch (e.kind) {
      case TKind::Lit: return e.value;
      case TKind::ToReal: {
        auto v = fold(*e.args[0]);
        if (!v) return v;
        return Value::real(Rational(v->as_int()));
      }
      case TKind::Unary: {
        auto v = fold(*e.args[0]);
        if (!v) return v;
        if (e.uop == ast::UnOp::Not) return Value::boolean(!v->as_bool());
        return v->kind == Value::Kind::Real ? Value::real(-v->as_rational()) : Value::integer(-v->as_int());
      }
      case TKind::Ite: {
        auto c = fold(*e.args[0]);
        if (!c) return c;
        return fold(*e.args[c->as_bool() ? 1 : 2]);
      }
      case TKind::Binary: {
        auto a = fold(*e.args[0]);
        auto b = fold(*e.args[1]);
        if (!a || !b) return std::nullopt;
        bool r = a->kind == Value::Kind::Real;
        auto cmp = [&]() { return r ? (a->as_rational() < b->as_rational() ? -1 : a->as_rational() > b->as_rational() ? 1 : 0) : (a->as_int() < b->as_int() ? -1 : a->as_int() > b->as_int() ? 1 : 0); };
        switch (e.bop) {
          case BinOp::Implies: return Value::boolean(!a->as_bool() || b->as_bool());
          case BinOp::Or: return Value::boolean(a->as_bool() || b->as_bool());
          case BinOp::And: return Value::boolean(a->as_bool() && b->as_bool());
          case BinOp::Eq: return Value::boolean(*a == *b);
          case BinOp::Ne: return Value::boolean(!(*a == *b));
          case BinOp::Lt: return Value::boolean(cmp() < 0);
          case BinOp::Le: return Value::boolean(cmp() <= 0);
          case BinOp::Gt: return Value::boolean(cmp() > 0);
          case BinOp::Ge: return Value::boolean(cmp() >= 0);
          case BinOp::Add: return r ? Value::real(a->as_rational() + b->as_rational()) : Value::integer(a->as_int() + b->as_int());
          case BinOp::Sub: return r ? Value::real(a->as_rational() - b->as_rational()) : Value::integer(a->as_int() - b->as_int());
          case BinOp::Mul: return r ? Value::real(a->as_rational() * b->as_rational()) : Value::integer(a->as_int() * b->as_int());
          case BinOp::Div:
          case BinOp::Mod:
            if ((r && b->as_rational() == 0) || (!r && b->as_int() == 0)) {
              error("E0307", e.op_span, "division by zero in a constant");
              return std::nullopt;
            }
            if (e.bop == BinOp::Mod) return Value::integer(arith::mod_trunc(a->as_int(), b->as_int()));
            return r ? Value::real(a->as_rational() / b->as_rational()) : Value::integer(arith::div_trunc(a->as_int(), b->as_int()));
        }
        return std::nullopt;
      }
      case TKind::Builtin: {
        std::vector<Value> vs;
        for (const auto& a : e.args) {
          auto v = fold(*a);
          if (!v) return v;
          vs.push_back(*v);
        }
        bool r = vs[0].kind == Value::Kind::Real;
        if (e.text == "abs") return r ? Value::real(abs(vs[0].as_rational())) : Value::integer(abs(vs[0].as_int()));
        if (e.text == "floor") return Value::integer(arith::floor(vs[0].as_rational()));
        if (e.text == "ceil") return Value::integer(arith::ceil(vs[0].as_rational()));
        if (e.text == "min" || e.text == "max") {
          bool less = r ? vs[0].as_rational() < vs[1].as_rational() : vs[0].as_int() < vs[1].as_int();
          return (e.text == "min") == less ? vs[0] : vs[1];
        }
        if (vs[2].as_int() == 0) {
          error("E0307", e.op_span, "division by zero in a constant");
          return std::nullopt;
        }
        return Value::integer(e.text == "mulDivDown" ? arith::mul_div_down(vs[0].as_int(), vs[1].as_int(), vs[2].as_int())
                                                     : arith::mul_div_up(vs[0].as_int(), vs[1].as_int(), vs[2].as_int()));
      }
      case TKind::Quant:
      case TKind::Agg:
        error("E0212", e.span, "a constant cannot use quantifiers or aggregates");
        return std::nullopt;
      default:
        return std::nullopt;  // names were already rejected in this context
    }
  }

  struct ConstSlot {
    bool ok = false;
    Scalar type;
    Value value;
  };

  const ast::ParsedSpec& spec_;
  const CheckOptions& opts_;
  Diagnostics& diags_;
  const SourceFile* file_;
  TypedSpec out_;
  std::map<std::string, Global> globals_;
  std::vector<ConstSlot> consts_;
  std::vector<bool> sized_;
  std::vector<std::vector<std::pair<std::string, int>>> def_scopes_, action_scopes_;
  std::map<int, std::set<int>> def_calls_;
  int current_def_ = -1;
};

}  // namespace

std::optional<typed::TypedSpec> check(const ast::ParsedSpec& spec, const CheckOptions& options, Diagnostics& diags) {
  return Checker(spec, options, diags).run();
}

std::string typed::to_string(const Scalar& t, const TypedSpec& spec) {
  switch (t.kind) {
    case Scalar::Bool: return "bool";
    case Scalar::Int: return "int";
    case Scalar::Real: return "real";
    case Scalar::Sort: return spec.sorts.at(t.sort).name;
    case Scalar::Error: return "<error>";
  }
  return "?";
}

}  // namespace bulwark

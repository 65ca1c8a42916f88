// IR -> cvc5 terms, with the Z3 backend's exact semantics: int/nat as Int, real
// as Real, sorts as enumeration datatypes; `/` on ints truncates toward zero and
// `%` follows it; x / 0 is 0 (the division_by_zero properties report it).
// cvc5 1.0.3 cannot interrupt a check, so every check runs in a child process
// that is killed at the deadline: the parent's solver only collects the
// assertions. A crash or out-of-memory in cvc5 is then an `unknown`, too.
#include <cvc5/cvc5.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fmt/format.h>
#include <map>

#include "solver/smt/answer_text.hpp"
#include "solver/smt/backend.hpp"
#include "solver/smt/child_process.hpp"
#include "solver/smt/encoder.hpp"
#include "solver/smt/nonlinear.hpp"

namespace bulwark::solver {
namespace {

using cvc5::Kind;
using cvc5::Term;
using ir::NodeId;

class Cvc5Backend final : public Backend {
 public:
  Cvc5Backend(const ir::TransitionSystem& ts, BackendStats* stats) : ts_(ts), scan_(ts), stats_(stats ? stats : &own_stats_) {
    slv_.setOption("incremental", "true");
    slv_.setOption("produce-models", "true");
    slv_.setOption("produce-unsat-assumptions", "true");
    slv_.setLogic("ALL");
    for (const auto& s : ts.sorts) {
      cvc5::DatatypeDecl decl = slv_.mkDatatypeDecl("S!" + s.name);
      for (const auto& e : s.elems) decl.addConstructor(slv_.mkDatatypeConstructorDecl(s.name + "!" + e));
      cvc5::Sort sort = slv_.mkDatatypeSort(decl);
      std::vector<Term> es;
      for (std::size_t i = 0; i < s.elems.size(); ++i)
        es.push_back(slv_.mkTerm(Kind::APPLY_CONSTRUCTOR, {sort.getDatatype()[i].getTerm()}));
      sorts_.push_back(sort);
      elems_.push_back(es);
    }
  }

  void push() override {
    slv_.push();
    nonlinear_.push();
  }
  void pop() override {
    slv_.pop();
    nonlinear_.pop();
  }
  void add(const Formula& f) override {
    AddElapsed t(stats_->encode_s);
    slv_.assertFormula(formula(f));
  }
  bool nonlinear() const override { return nonlinear_.now(); }

  void add_state_types(int k) override {
    AddElapsed t(stats_->encode_s);
    for (std::size_t c = 0; c < ts_.cells.size(); ++c)
      if (ts_.vars[static_cast<std::size_t>(ts_.cells[c].var)].nat)
        slv_.assertFormula(slv_.mkTerm(Kind::GEQ, {cell_sym(k, static_cast<int>(c)), slv_.mkInteger(0)}));
  }

  void add_transition(int k, int action) override {
    AddElapsed t(stats_->encode_s);
    Term sel = selector(k);
    std::vector<Term> options;
    for (std::size_t a = 0; a < ts_.actions.size(); ++a) {
      if (action >= 0 && static_cast<int>(a) != action) continue;
      Frame f = on_step(k, static_cast<int>(a));
      std::vector<Term> parts{eq(sel, slv_.mkInteger(static_cast<int64_t>(a)))};
      for (const auto& g : ts_.actions[a].guards) parts.push_back(encode_top(g.cond, f));
      for (std::size_t c = 0; c < ts_.cells.size(); ++c)
        parts.push_back(eq(cell_sym(k + 1, static_cast<int>(c)), encode_top(ts_.actions[a].next[c], f)));
      options.push_back(all(Kind::AND, parts));
    }
    slv_.assertFormula(options.empty() ? slv_.mkBoolean(false) : all(Kind::OR, options));
  }

  void add_distinct_states(int i, int j) override {
    AddElapsed t(stats_->encode_s);
    std::vector<Term> differ;
    for (std::size_t c = 0; c < ts_.cells.size(); ++c)
      differ.push_back(slv_.mkTerm(Kind::DISTINCT, {cell_sym(i, static_cast<int>(c)), cell_sym(j, static_cast<int>(c))}));
    slv_.assertFormula(all(Kind::OR, differ));
  }

  Answer check(double timeout_s, const std::vector<Formula>& tracked, std::vector<int>* core,
               const StopSignal* stop) override {
    AddElapsed t(stats_->solve_s);
    ++stats_->queries;
    std::vector<Term> assumptions;  // one indicator per tracked formula, in order
    for (std::size_t i = 0; i < tracked.size(); ++i) {
      Term p = symbol(fmt::format("track!{}!{}", tracked_count_, i), slv_.getBooleanSort());
      slv_.assertFormula(slv_.mkTerm(Kind::IMPLIES, {p, formula(tracked[i])}));
      assumptions.push_back(p);
    }
    ++tracked_count_;
    reason_.clear();
    model_.clear();
    AnswerText a = check_in_child([&] { return child_answer(assumptions); }, timeout_s, stop,
                                  timeout_reason(timeout_s, nonlinear_.now()));
    reason_ = a.reason;
    if (a.answer == Answer::Unsat && core) *core = a.core;
    if (a.answer == Answer::Sat) model_ = std::move(a.model);
    return a.answer;
  }
  std::string reason() const override { return reason_; }

  Value param(int i) override { return model_value(model_, ts_.params[static_cast<std::size_t>(i)].name, ts_.params[static_cast<std::size_t>(i)].type); }
  Value cell(int state, int c) override { return model_value(model_, cell_name(ts_, state, c), ts_.cells[static_cast<std::size_t>(c)].type); }
  int action_at(int step) override { return static_cast<int>(model_value(model_, selector_name(step), {ir::Type::Int, -1}).as_int()); }
  Value arg(int step, int action, int i) override {
    return model_value(model_, arg_name(ts_, step, action, i), ts_.actions[static_cast<std::size_t>(action)].args[static_cast<std::size_t>(i)].type);
  }
  std::map<std::string, std::string> model_constants() override { return model_; }
  void load_model(std::map<std::string, std::string> constants) override { model_ = std::move(constants); }

  // Standalone SMT-LIB 2: the enumeration datatypes, every constant the
  // encoding made, every assertion in force (all scopes), then `extra`.
  // cvc5's own printer writes the terms (SMT-LIB is its default language).
  std::string smt2(const std::vector<Formula>& extra) override {
    std::vector<Term> asserted = slv_.getAssertions();
    for (const auto& f : extra) asserted.push_back(formula(f));  // encoded first: their constants are declared below
    std::string out = "(set-logic ALL)\n";
    for (const auto& sort : sorts_) {
      out += fmt::format("(declare-datatype {} (", sort.toString());
      cvc5::Datatype d = sort.getDatatype();
      for (std::size_t i = 0; i < d.getNumConstructors(); ++i) out += fmt::format("{}({})", i ? " " : "", d[i].getName());
      out += "))\n";
    }
    for (const auto& [name, sym] : symbols_) out += fmt::format("(declare-fun {} () {})\n", sym.toString(), sym.getSort().toString());
    for (const Term& a : asserted) out += fmt::format("(assert {})\n", a.toString());
    return out + "(check-sat)\n";
  }

 private:

  // In the child: the answer, with every constant's value as text.
  AnswerText child_answer(const std::vector<Term>& assumptions) {
    if (const char* crash = std::getenv("BULWARK_TEST_SOLVER_CRASH"); crash && std::string(crash) == "cvc5")
      signal(SIGABRT, SIG_DFL), abort();  // test hook: cvc5 dies (the portfolio's Z3 answers)
    AnswerText a;
    try {
      cvc5::Result r = assumptions.empty() ? slv_.checkSat() : slv_.checkSatAssuming(assumptions);
      if (r.isUnsat()) {
        a.answer = Answer::Unsat;
        for (const Term& u : slv_.getUnsatAssumptions())
          for (std::size_t i = 0; i < assumptions.size(); ++i)
            if (u == assumptions[i]) a.core.push_back(static_cast<int>(i));
      } else if (r.isSat()) {
        a.answer = Answer::Sat;
        for (const auto& [name, sym] : symbols_) {
          Term v = slv_.getValue(sym);
          if (std::string text = value_text(v); !text.empty()) {
            a.model[name] = text;
          } else if (sym.getSort().isReal()) {
            // An irrational algebraic number (nonlinear arithmetic): no run of
            // the spec, whose reals are rationals; read as text it would be
            // lost. Z3 searches a rational model instead (z3_backend.cpp).
            a = AnswerText{};
            a.reason = fmt::format("cvc5: the model has an irrational value ({} = {})", name, v.toString());
            break;
          }
        }
      } else {
        a.reason = "cvc5: " + r.toString();
      }
    } catch (const std::exception& e) {
      a.answer = Answer::Unknown;
      a.reason = fmt::format("solver error: {}", e.what());
    }
    return a;
  }

  std::string value_text(const Term& v) {
    if (v.isBooleanValue()) return v.getBooleanValue() ? "true" : "false";
    if (v.isIntegerValue()) return v.getIntegerValue();
    if (v.isRealValue()) return v.getRealValue();
    for (const auto& es : elems_)
      for (std::size_t e = 0; e < es.size(); ++e)
        if (v == es[e]) return fmt::format("#{}", e);
    return "";
  }

  Term eq(const Term& a, const Term& b) { return slv_.mkTerm(Kind::EQUAL, {a, b}); }
  Term all(Kind k, const std::vector<Term>& xs) {
    if (xs.empty()) return slv_.mkBoolean(k == Kind::AND);
    return xs.size() == 1 ? xs[0] : slv_.mkTerm(k, xs);
  }
  Term ite(const Term& c, const Term& a, const Term& b) { return slv_.mkTerm(Kind::ITE, {c, a, b}); }
  Term op(Kind k, const Term& a, const Term& b) { return slv_.mkTerm(k, {a, b}); }

  Term encode_top(NodeId id, const Frame& f) {
    nonlinear_.note(scan_(id));
    return encode(id, f);
  }
  Term formula(const Formula& f) {
    Term e = encode_top(f.node, f.frame);
    return f.negate ? slv_.mkTerm(Kind::NOT, {e}) : e;
  }

  cvc5::Sort sort_of(ir::Type t) {
    switch (t.kind) {
      case ir::Type::Bool: return slv_.getBooleanSort();
      case ir::Type::Int: return slv_.getIntegerSort();
      case ir::Type::Real: return slv_.getRealSort();
      case ir::Type::Enum: return sorts_[static_cast<std::size_t>(t.sort)];
    }
    return slv_.getIntegerSort();
  }

  // One constant per name (cvc5's mkConst makes a new one on every call).
  Term symbol(const std::string& name, const cvc5::Sort& sort) {
    auto it = symbols_.find(name);
    if (it != symbols_.end()) return it->second;
    return symbols_.emplace(name, slv_.mkConst(sort, name)).first->second;
  }
  Term cell_sym(int k, int c) { return symbol(cell_name(ts_, k, c), sort_of(ts_.cells[static_cast<std::size_t>(c)].type)); }
  Term param_sym(int i) {
    const auto& p = ts_.params[static_cast<std::size_t>(i)];
    return symbol(p.name, sort_of(p.type));
  }
  Term arg_sym(int step, int action, int i) {
    return symbol(arg_name(ts_, step, action, i),
                  sort_of(ts_.actions[static_cast<std::size_t>(action)].args[static_cast<std::size_t>(i)].type));
  }
  Term selector(int step) { return symbol(selector_name(step), slv_.getIntegerSort()); }

  Term literal(const Value& v, ir::Type t) {
    switch (v.kind) {
      case Value::Kind::Bool: return slv_.mkBoolean(v.as_bool());
      case Value::Kind::Int: return slv_.mkInteger(v.as_int().str());
      case Value::Kind::Real: return slv_.mkReal(numerator(v.as_rational()).str() + "/" + denominator(v.as_rational()).str());
      case Value::Kind::Enum: return elems_[static_cast<std::size_t>(t.sort)][static_cast<std::size_t>(v.as_enum())];
    }
    return slv_.mkBoolean(false);
  }

  Term to_int(const Term& e) { return slv_.mkTerm(Kind::TO_INTEGER, {e}); }
  Term to_real(const Term& e) { return slv_.mkTerm(Kind::TO_REAL, {e}); }
  Term neg(const Term& e) { return slv_.mkTerm(Kind::NEG, {e}); }

  // The builder the shared encoder (encoder.hpp) drives: cvc5 terms.
  struct Build {
    using Term = cvc5::Term;
    Cvc5Backend& s;
    Term bool_val(bool v) { return s.slv_.mkBoolean(v); }
    Term int_val(int v) { return s.slv_.mkInteger(v); }
    Term real_val(int v) { return s.slv_.mkReal(v); }
    Term literal(const Value& v, ir::Type t) { return s.literal(v, t); }
    Term cell(int k, int c) { return s.cell_sym(k, c); }
    Term param(int i) { return s.param_sym(i); }
    Term arg(int step, int action, int i) { return s.arg_sym(step, action, i); }
    Term not_(const Term& a) { return s.slv_.mkTerm(Kind::NOT, {a}); }
    Term and_(const std::vector<Term>& xs) { return s.all(Kind::AND, xs); }
    Term or_(const std::vector<Term>& xs) { return s.all(Kind::OR, xs); }
    Term or2(const Term& a, const Term& b) { return s.op(Kind::OR, a, b); }
    Term implies(const Term& a, const Term& b) { return s.op(Kind::IMPLIES, a, b); }
    Term ite(const Term& c, const Term& a, const Term& b) { return s.ite(c, a, b); }
    Term eq(const Term& a, const Term& b) { return s.eq(a, b); }
    Term lt(const Term& a, const Term& b) { return s.op(Kind::LT, a, b); }
    Term le(const Term& a, const Term& b) { return s.op(Kind::LEQ, a, b); }
    Term gt(const Term& a, const Term& b) { return s.op(Kind::GT, a, b); }
    Term ge(const Term& a, const Term& b) { return s.op(Kind::GEQ, a, b); }
    Term add(const Term& a, const Term& b) { return s.op(Kind::ADD, a, b); }
    Term sub(const Term& a, const Term& b) { return s.op(Kind::SUB, a, b); }
    Term mul(const Term& a, const Term& b) { return s.op(Kind::MULT, a, b); }
    Term neg(const Term& a) { return s.neg(a); }
    Term real_div(const Term& a, const Term& b) { return s.op(Kind::DIVISION, a, b); }
    Term int_div(const Term& a, const Term& b) { return s.op(Kind::INTS_DIVISION, a, b); }
    Term int_mod(const Term& a, const Term& b) { return s.op(Kind::INTS_MODULUS, a, b); }
    Term to_int(const Term& a) { return s.to_int(a); }
    Term to_real(const Term& a) { return s.to_real(a); }
  };

  Term encode(NodeId id, const Frame& f) {
    Build b{*this};
    return encode_node(ts_, b, memo_, id, f);
  }

  const ir::TransitionSystem& ts_;
  cvc5::Solver slv_;
  std::vector<cvc5::Sort> sorts_;
  std::vector<std::vector<Term>> elems_;
  std::map<std::string, Term> symbols_;
  std::map<std::tuple<NodeId, int, int, int, int>, Term> memo_;
  NonlinearScan scan_;
  NonlinearScopes nonlinear_;
  BackendStats own_stats_;
  BackendStats* stats_;
  std::map<std::string, std::string> model_;
  std::string reason_;
  int tracked_count_ = 0;
};

class Cvc5Factory final : public BackendFactory {
 public:
  Cvc5Factory(const ir::TransitionSystem& ts, BackendStats* stats) : ts_(ts), stats_(stats) {}
  // Every cvc5 check is isolated already.
  std::unique_ptr<Backend> make(Use) override { return std::make_unique<Cvc5Backend>(ts_, stats_); }

 private:
  const ir::TransitionSystem& ts_;
  BackendStats* stats_;
};

}  // namespace

std::string cvc5_version() {
  static const std::string version = cvc5::Solver().getVersion();
  return version;
}

std::unique_ptr<BackendFactory> make_cvc5_factory(const ir::TransitionSystem& ts, BackendStats* stats) {
  return std::make_unique<Cvc5Factory>(ts, stats);
}

}  // namespace bulwark::solver

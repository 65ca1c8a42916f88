#include "dsl/mutate/mutate.hpp"

#include <algorithm>
#include <functional>

#include "dsl/syntax/format.hpp"
#include "dsl/value/value.hpp"

namespace bulwark::mutate {

const char* to_string(Kind k) {
  switch (k) {
    case Kind::FlipComparison: return "flip-comparison";
    case Kind::DropRequire: return "drop-require";
    case Kind::PerturbConstant: return "perturb-constant";
    case Kind::SwapUpdate: return "swap-update";
    case Kind::RemoveUpdate: return "remove-update";
  }
  return "";
}

namespace {

using ast::BinOp;
using ast::Expr;
using ast::ExprKind;
using ast::Stmt;
using ast::StmtKind;

// The negation of a comparison (flipping keeps its precedence).
bool negated(BinOp op, BinOp& out) {
  switch (op) {
    case BinOp::Lt: out = BinOp::Ge; return true;
    case BinOp::Ge: out = BinOp::Lt; return true;
    case BinOp::Le: out = BinOp::Gt; return true;
    case BinOp::Gt: out = BinOp::Le; return true;
    case BinOp::Eq: out = BinOp::Ne; return true;
    case BinOp::Ne: out = BinOp::Eq; return true;
    default: return false;
  }
}

// n + 1, or one more in the last decimal place: 0.8 -> 0.9, 0.05 -> 0.06, 9 -> 10.
std::string bumped(const std::string& digits) {
  auto dot = digits.find('.');
  std::string whole = dot == std::string::npos ? digits : digits.substr(0, dot) + digits.substr(dot + 1);
  std::size_t frac = dot == std::string::npos ? 0 : digits.size() - dot - 1;
  std::string n = (parse_integer(whole) + 1).str();
  if (frac == 0) return n;
  if (n.size() <= frac) n = std::string(frac + 1 - n.size(), '0') + n;
  return n.substr(0, n.size() - frac) + "." + n.substr(n.size() - frac);
}

// Every sub-expression, in source order.
void each_expr(Expr& e, const std::function<void(Expr&)>& f) {
  f(e);
  for (auto& a : e.args) each_expr(*a, f);
}

class Maker {
 public:
  Maker(ast::ParsedSpec& spec, std::vector<Mutant>& out) : src_(spec.file->text()), out_(out) {}

  void body(const std::string& action, std::vector<Stmt>& stmts) {
    action_ = action;
    for (auto& s : stmts) stmt(s);
  }

 private:
  const std::string& src_;
  std::vector<Mutant>& out_;
  std::string action_;

  // The text with [b, e) replaced by `with`, padded with the newlines it
  // replaces so that later lines keep their numbers.
  std::string splice(Span where, const std::string& with) const {
    auto lines = std::count(src_.begin() + where.begin, src_.begin() + where.end, '\n');
    return src_.substr(0, where.begin) + with + std::string(static_cast<std::size_t>(lines), '\n') + src_.substr(where.end);
  }

  void add(Kind k, Span at, std::string original, std::string mutated, Span replaced, const std::string& with) {
    out_.push_back({k, action_, at, std::move(original), std::move(mutated), splice(replaced, with)});
  }

  // The text that a change inside statement `s` rewrites: a simple statement
  // whole, or an `if`'s condition.
  Span rewritten(const Stmt& s) const { return s.kind == StmtKind::If ? s.expr->span : s.span; }
  std::string rewritten_text(const Stmt& s) const {
    return s.kind == StmtKind::If ? format_expr(*s.expr) : format_statement(s);
  }

  // Changes inside the statement's expressions: comparisons and literals.
  void in_exprs(Stmt& s) {
    std::vector<Expr*> roots;
    if (s.kind == StmtKind::For) return;
    for (auto& i : s.index) roots.push_back(i.get());
    roots.push_back(s.expr.get());
    std::string before = format_statement(s);
    for (Expr* root : roots) {
      each_expr(*root, [&](Expr& e) {
        BinOp flipped;
        if (e.kind == ExprKind::Binary && negated(e.bop, flipped)) {
          BinOp was = e.bop;
          e.bop = flipped;
          add(Kind::FlipComparison, e.op_span, before, format_statement(s), rewritten(s), rewritten_text(s));
          e.bop = was;
        } else if (e.kind == ExprKind::Int || e.kind == ExprKind::Dec) {
          std::string was = e.text;
          e.text = bumped(was);
          add(Kind::PerturbConstant, e.span, before, format_statement(s), rewritten(s), rewritten_text(s));
          e.text = was;
        }
      });
    }
  }

  void stmt(Stmt& s) {
    in_exprs(s);
    if (s.kind == StmtKind::Require) add(Kind::DropRequire, s.span, format_statement(s), "", s.span, "");
    if (s.kind == StmtKind::Assign) {
      if (s.op != ast::AssignOp::Set) {
        auto was = s.op;
        std::string before = format_statement(s);
        s.op = was == ast::AssignOp::Add ? ast::AssignOp::Sub : ast::AssignOp::Add;
        add(Kind::SwapUpdate, s.span, before, format_statement(s), s.span, format_statement(s));
        s.op = was;
      }
      add(Kind::RemoveUpdate, s.span, format_statement(s), "", s.span, "");
    }
    for (auto& b : s.body) stmt(b);
    for (auto& b : s.else_body) stmt(b);
  }
};

}  // namespace

std::vector<Mutant> mutants(ast::ParsedSpec& spec) {
  std::vector<Mutant> out;
  Maker m(spec, out);
  for (auto& d : spec.decls)
    if (d.kind == ast::DeclKind::Action) m.body(d.name, d.body);
  return out;
}

}  // namespace bulwark::mutate

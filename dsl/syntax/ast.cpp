#include "dsl/syntax/ast.hpp"

namespace bulwark::ast {

bool same(const Expr& a, const Expr& b) {
  if (a.kind != b.kind || a.text != b.text || a.sort != b.sort || a.args.size() != b.args.size()) return false;
  switch (a.kind) {
    case ExprKind::Bool: if (a.bool_value != b.bool_value) return false; break;
    case ExprKind::Binary: if (a.bop != b.bop) return false; break;
    case ExprKind::Unary: if (a.uop != b.uop) return false; break;
    case ExprKind::Quant: if (a.quant != b.quant) return false; break;
    case ExprKind::Agg: if (a.agg != b.agg) return false; break;
    default: break;
  }
  for (std::size_t i = 0; i < a.args.size(); ++i)
    if (!same(*a.args[i], *b.args[i])) return false;
  return true;
}

namespace {
bool same_ptr(const ExprPtr& a, const ExprPtr& b) { return (!a && !b) || (a && b && same(*a, *b)); }
bool same_list(const std::vector<ExprPtr>& a, const std::vector<ExprPtr>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (!same_ptr(a[i], b[i])) return false;
  return true;
}
bool same_stmts(const std::vector<Stmt>& a, const std::vector<Stmt>& b);
bool same_stmt(const Stmt& a, const Stmt& b) {
  return a.kind == b.kind && a.name == b.name && a.op == b.op && a.sort == b.sort && a.has_else == b.has_else &&
         same_list(a.index, b.index) && same_ptr(a.expr, b.expr) && same_stmts(a.body, b.body) &&
         same_stmts(a.else_body, b.else_body);
}
bool same_stmts(const std::vector<Stmt>& a, const std::vector<Stmt>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (!same_stmt(a[i], b[i])) return false;
  return true;
}
bool same_bindings(const std::vector<Binding>& a, const std::vector<Binding>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i].name != b[i].name || a[i].type.parts != b[i].type.parts) return false;
  return true;
}
bool same_items(const std::vector<ScenarioItem>& a, const std::vector<ScenarioItem>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto& x = a[i];
    const auto& y = b[i];
    if (x.kind != y.kind || x.name != y.name || x.arg != y.arg || !same_ptr(x.from, y.from) ||
        x.has_list != y.has_list || x.actions != y.actions || x.number != y.number || x.procs.size() != y.procs.size())
      return false;
    for (std::size_t k = 0; k < x.procs.size(); ++k)
      if (x.procs[k].fn != y.procs[k].fn || x.procs[k].has_file != y.procs[k].has_file ||
          x.procs[k].file != y.procs[k].file || !same_list(x.procs[k].args, y.procs[k].args))
        return false;
  }
  return true;
}
}  // namespace

bool same(const ParsedSpec& a, const ParsedSpec& b) {
  if (a.decls.size() != b.decls.size()) return false;
  for (std::size_t i = 0; i < a.decls.size(); ++i) {
    const Decl& x = a.decls[i];
    const Decl& y = b.decls[i];
    if (x.kind != y.kind || x.name != y.name || x.elems != y.elems || x.sized != y.sized ||
        x.size_text != y.size_text || x.type.parts != y.type.parts || !same_ptr(x.expr, y.expr) ||
        !same_list(x.exprs, y.exprs) || !same_bindings(x.params, y.params) || !same_stmts(x.body, y.body) ||
        x.env != y.env || x.on != y.on || !same_items(x.items, y.items))
      return false;
  }
  return true;
}

const char* to_string(BinOp op) {
  switch (op) {
    case BinOp::Implies: return "==>";
    case BinOp::Or: return "||";
    case BinOp::And: return "&&";
    case BinOp::Eq: return "==";
    case BinOp::Ne: return "!=";
    case BinOp::Lt: return "<";
    case BinOp::Le: return "<=";
    case BinOp::Gt: return ">";
    case BinOp::Ge: return ">=";
    case BinOp::Add: return "+";
    case BinOp::Sub: return "-";
    case BinOp::Mul: return "*";
    case BinOp::Div: return "/";
    case BinOp::Mod: return "%";
  }
  return "?";
}

int precedence(BinOp op) {
  switch (op) {
    case BinOp::Implies: return 1;
    case BinOp::Or: return 2;
    case BinOp::And: return 3;
    // 4 is prefix `!`
    case BinOp::Eq: case BinOp::Ne: case BinOp::Lt: case BinOp::Le: case BinOp::Gt: case BinOp::Ge: return 5;
    case BinOp::Add: case BinOp::Sub: return 6;
    case BinOp::Mul: case BinOp::Div: case BinOp::Mod: return 7;
  }
  return 0;
}

}  // namespace bulwark::ast

// The parsed spec: plain structs with byte spans, no Spirit types. One uniform
// expression node keeps every later pass (checker, formatter, comparisons)
// a single switch over `ExprKind`.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "dsl/source/source_file.hpp"

namespace bulwark::ast {

enum class ExprKind { Int, Dec, Bool, Name, Index, Call, Unary, Binary, Ite, Quant, Agg };
enum class BinOp { Implies, Or, And, Eq, Ne, Lt, Le, Gt, Ge, Add, Sub, Mul, Div, Mod };
enum class UnOp { Not, Neg };
enum class QuantKind { Forall, Exists };
enum class AggKind { Sum, Count, Min, Max };

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

struct Expr {
  ExprKind kind = ExprKind::Int;
  Span span;               // the whole expression
  Span op_span;            // operator / callee / bound variable token
  bool parens = false;     // written in parentheses (kept by `fmt`, ignored by comparisons)
  std::string text;        // Int/Dec digits without '_', Name, Call callee, Quant/Agg bound variable
  std::string sort;        // Quant/Agg: the sort ranged over
  Span sort_span;
  bool bool_value = false;
  BinOp bop = BinOp::Add;
  UnOp uop = UnOp::Not;
  QuantKind quant = QuantKind::Forall;
  AggKind agg = AggKind::Sum;
  std::vector<ExprPtr> args;  // Index [base, index]; Call args; Unary [e]; Binary [l, r]; Ite [c, a, b]; Quant/Agg [body]
};

// `S1 -> S2 -> T`: parts = {S1, S2, T}; a scalar type has one part.
struct TypeExpr {
  Span span;
  std::vector<std::string> parts;
  std::vector<Span> part_spans;
};

struct Binding {
  std::string name;
  Span span;
  TypeExpr type;
};

enum class StmtKind { Require, Assert, Assign, Let, If, For };
enum class AssignOp { Set, Add, Sub };

struct Stmt {
  StmtKind kind = StmtKind::Require;
  Span span;                  // first token to ';' or '}'
  std::string name;           // Assign target, Let name, For variable
  Span name_span;
  std::vector<ExprPtr> index; // Assign: m[i][j]
  AssignOp op = AssignOp::Set;
  ExprPtr expr;               // Require/Assert condition, Assign rhs, Let value, If condition
  std::string sort;           // For
  Span sort_span;
  std::vector<Stmt> body;     // If then-branch, For body
  std::vector<Stmt> else_body;
  bool has_else = false;
  bool else_if = false;       // else_body is a single `if` written as `else if`
  std::uint32_t body_close = 0;  // offset of the '}' closing `body`
  std::uint32_t else_close = 0;  // offset of the '}' closing `else_body` (not for else-if)
};

enum class DeclKind { Spec, Sort, Const, Param, Assume, Var, Init, Def, Action, Invariant, Rule, Measure, Scenario };

// `scenario NAME { ... }` (docs/stress.md): one item per line of its body.
// A process `gbm(mu, sigma, dt)`, `jump(rate, size)` or `path("file.csv")`.
struct Process {
  std::string fn;
  Span span, fn_span;
  std::vector<ExprPtr> args;
  bool has_file = false;      // path("...")
  std::string file;           // the text between the quotes
  Span file_span;             // including the quotes
};
enum class ItemKind { Drive, Policy, Moves };
struct ScenarioItem {
  ItemKind kind = ItemKind::Drive;
  Span span;                  // keyword to ';'
  std::string name;           // Drive: the action; Policy: random | first
  Span name_span;
  std::string arg;            // Drive: the driven argument
  Span arg_span;
  std::vector<Process> procs; // Drive: factors, multiplied
  ExprPtr from;               // Drive: the starting level (optional)
  bool has_list = false;      // Policy: `first(a, b)`
  std::vector<std::string> actions;
  std::vector<Span> action_spans;
  std::string number;         // Moves
  Span number_span;
};

struct Decl {
  DeclKind kind = DeclKind::Spec;
  Span span;                       // keyword to ';' or '}'
  std::string name;                // empty for Assume and Init
  Span name_span;
  std::vector<std::string> elems;  // Sort = {a, b}
  std::vector<Span> elem_spans;
  bool sized = false;              // Sort S[N]
  std::string size_text;
  Span size_span;
  TypeExpr type;                   // Const, Param, Var, Def (result)
  ExprPtr expr;                    // Const, Assume, Def, Invariant, Rule, Measure
  std::vector<ExprPtr> exprs;      // Init
  std::vector<Binding> params;     // Def, Action
  std::vector<Stmt> body;          // Action
  std::uint32_t body_close = 0;    // Action / Init: offset of the closing '}'
  bool env = false;                // env action
  std::string on;                  // Rule: action name, or "any"
  Span on_span;
  std::vector<ScenarioItem> items;  // Scenario
  std::uint32_t items_close = 0;    // Scenario: offset of the closing '}'
};

struct ParsedSpec {
  const SourceFile* file = nullptr;
  std::vector<Decl> decls;
  std::vector<Span> comments;  // every comment, in order (for `fmt`)
};

// Structural equality ignoring spans and parentheses (used to check that `fmt` keeps meaning).
bool same(const Expr& a, const Expr& b);
bool same(const ParsedSpec& a, const ParsedSpec& b);

const char* to_string(BinOp op);
int precedence(BinOp op);  // larger binds tighter

}  // namespace bulwark::ast

// The checked spec: every name resolved to what it denotes, every expression
// typed, int->real widening explicit, constants folded to exact values.
#pragma once
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "dsl/source/source_file.hpp"
#include "dsl/syntax/ast.hpp"
#include "dsl/value/value.hpp"

namespace bulwark::typed {

// A scalar type. `nat` is a storage type: reading a nat gives an Int.
struct Scalar {
  enum Kind { Bool, Int, Real, Sort, Error } kind = Error;
  int sort = -1;  // Sort: index into TypedSpec::sorts
  bool operator==(const Scalar& o) const { return kind == o.kind && (kind != Sort || sort == o.sort); }
};

enum class TKind {
  Lit,      // value (constants and sort elements are folded to literals)
  Param,    // id = param
  Var,      // id = var; args = indexes (full depth)
  Local,    // id = local slot (action/def parameter, let, bound variable)
  Builtin,  // text = min|max|abs|floor|ceil|mulDivDown|mulDivUp
  DefCall,  // id = def
  Old,      // args[0] in the pre-state
  Init,     // args[0] in the initial state
  Unary,
  Binary,
  Ite,
  Quant,    // local = bound variable, sort
  Agg,
  ToReal,   // int -> real widening
};

struct TExpr;
using TExprPtr = std::unique_ptr<TExpr>;

struct TExpr {
  TKind kind = TKind::Lit;
  Scalar type;
  Span span;
  Span op_span;
  Value value;        // Lit
  int id = -1;        // Param, Var, Local, DefCall
  int local = -1;     // Quant/Agg bound variable
  int sort = -1;      // Quant/Agg
  std::string text;   // Builtin name
  ast::BinOp bop = ast::BinOp::Add;
  ast::UnOp uop = ast::UnOp::Not;
  ast::QuantKind quant = ast::QuantKind::Forall;
  ast::AggKind agg = ast::AggKind::Sum;
  std::vector<TExprPtr> args;
};

struct TStmt {
  ast::StmtKind kind = ast::StmtKind::Require;
  Span span;
  Span kw_span;                  // the keyword (assert locations)
  int var = -1;                  // Assign target
  std::vector<TExprPtr> index;   // Assign
  ast::AssignOp op = ast::AssignOp::Set;
  TExprPtr expr;
  int local = -1;                // Let / For variable
  int sort = -1;                 // For
  std::vector<TStmt> body, else_body;
};

struct SortInfo {
  std::string name;
  std::vector<std::string> elems;
  Span span;
};
struct ParamInfo {
  std::string name;
  Scalar type;
  bool nat = false;
  Span span;
};
struct VarInfo {
  std::string name;
  std::vector<int> keys;  // map key sorts, outermost first; empty for a scalar
  Scalar type;
  bool nat = false;
  Span span;
};
struct LocalInfo {
  std::string name;
  Scalar type;
  bool nat = false;
};
struct DefInfo {
  std::string name;
  std::vector<int> params;  // local slots
  Scalar type;
  TExprPtr body;
  Span span;
};
struct ActionInfo {
  std::string name;
  bool env = false;
  std::vector<int> params;  // local slots
  std::vector<TStmt> body;
  Span span;
};
struct Property {
  std::string name;
  int action = -1;  // rules: the action, -1 for `on any`
  TExprPtr expr;
  Span span;
};

// `scenario NAME { ... }` (docs/stress.md): processes that drive env actions
// and the policy of the other actions; checked here, sampled by sim/.
enum class ProcessKind { Gbm, Jump, Path };
struct ProcessInfo {
  ProcessKind kind = ProcessKind::Gbm;
  std::vector<TExprPtr> args;   // Gbm: mu, sigma, dt; Jump: rate, size (real, over params)
  std::vector<Rational> prices; // Path: the CSV's prices, in order
  std::string file;             // Path: as written
  Span span;
};
struct DriveInfo {
  int action = -1;
  int arg = -1;                 // index of the driven argument
  std::vector<ProcessInfo> procs;
  TExprPtr from;                // starting level over the initial state (may be null with a path)
  Span span;
};
struct ScenarioInfo {
  std::string name;
  std::vector<DriveInfo> drives;
  bool first = false;           // policy first(...): the first enabled action of `priority`
  std::vector<int> priority;
  int moves = 1;                // policy steps per round
  Span span;
};

struct TypedSpec {
  const SourceFile* file = nullptr;
  std::string name;
  std::vector<SortInfo> sorts;
  std::vector<ParamInfo> params;
  std::vector<std::pair<TExprPtr, Span>> assumes;
  std::vector<VarInfo> vars;
  std::vector<LocalInfo> locals;
  std::vector<DefInfo> defs;
  std::vector<TExprPtr> init;
  std::vector<ActionInfo> actions;
  std::vector<Property> invariants;
  std::vector<Property> rules;
  std::vector<Property> measures;  // action = -1
  std::vector<ScenarioInfo> scenarios;
};

std::string to_string(const Scalar& t, const TypedSpec& spec);

}  // namespace bulwark::typed

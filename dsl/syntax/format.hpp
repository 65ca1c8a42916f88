// `bulwark fmt`: the canonical text of a parsed spec. The output re-parses to
// the same AST (ast::same), keeps every comment in order, and formatting it
// again changes nothing.
#pragma once
#include <string>

#include "dsl/syntax/ast.hpp"

namespace bulwark {

// `spec.file` must be the SourceFile it was parsed from (comments and blank
// lines are read from its text).
std::string format_spec(const ast::ParsedSpec& spec);

// One statement as `fmt` prints it: a simple statement's line, or the head of
// an `if` / `for` up to its `{` (`bulwark mutate` shows its diffs so).
std::string format_statement(const ast::Stmt& s);
std::string format_expr(const ast::Expr& e);

}  // namespace bulwark

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

}  // namespace bulwark

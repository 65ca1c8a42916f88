// Source text -> AST. The grammar (Spirit X3) lives in parse.cpp only.
#pragma once
#include <optional>

#include "dsl/diag/diagnostics.hpp"
#include "dsl/syntax/ast.hpp"

namespace bulwark {

// Deepest nesting of expressions and blocks the parser accepts (E0112 beyond it).
inline constexpr int kMaxNesting = 100;

std::optional<ast::ParsedSpec> parse(const SourceFile& file, Diagnostics& diags);

}  // namespace bulwark

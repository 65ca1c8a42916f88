// Every diagnostic code, in one table: code, severity, short title. Codes are
// stable and grouped by phase (E01xx input and syntax, E02xx names, E03xx
// types, E04xx lowering, E05xx options, sizes and commands; W for warnings).
// Diagnostics::error and ::warning refuse a code that is not in the table;
// docs/diagnostics.md has one section per code, headed `## CODE — title`,
// and tests/dsl/diag/codes_test.cpp checks the table against the docs, the
// tests and the sources.
#pragma once
#include <span>
#include <string_view>

namespace bulwark {

enum class Severity { Error, Warning, Note };

struct CodeInfo {
  std::string_view code;  // "E0201"
  Severity severity;
  std::string_view title;  // "unknown name"
};

std::span<const CodeInfo> diagnostic_codes();
// Null when `code` is not in the table.
const CodeInfo* find_code(std::string_view code);

}  // namespace bulwark

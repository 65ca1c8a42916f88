// Diagnostics: every phase pushes them into a sink instead of printing.
// Codes are stable and grouped by phase; every code is in the table of
// dsl/diag/codes.hpp, and docs/diagnostics.md has one section per code.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "dsl/diag/codes.hpp"
#include "dsl/source/source_file.hpp"

namespace bulwark {

struct Note {
  std::optional<Span> span;  // in the same file as the diagnostic
  std::string message;
};

struct Diagnostic {
  Severity severity = Severity::Error;
  std::string code;  // "E0201"
  std::string message;
  const SourceFile* file = nullptr;  // null for command-line problems
  std::optional<Span> span;
  std::vector<Note> notes;
};

class Diagnostics {
 public:
  // `code` must be in the table (codes.hpp) with this severity: anything
  // else is a bug of ours, thrown as std::logic_error (an internal error).
  Diagnostic& error(std::string code, std::string message, const SourceFile* file = nullptr,
                    std::optional<Span> span = std::nullopt);
  Diagnostic& warning(std::string code, std::string message, const SourceFile* file = nullptr,
                      std::optional<Span> span = std::nullopt);
  bool has_errors() const { return errors_ > 0; }
  std::size_t error_count() const { return errors_; }
  const std::vector<Diagnostic>& all() const { return items_; }
  void clear() { items_.clear(); errors_ = 0; }

 private:
  std::vector<Diagnostic> items_;
  std::size_t errors_ = 0;
};

// `file:line:col: error[E0201]: message`, the source line, a caret, then notes.
std::string render(const Diagnostic& d, bool color);
std::string render_all(const Diagnostics& diags, bool color);

// Closest candidate by edit distance, if close enough to be a plausible typo.
std::optional<std::string> did_you_mean(const std::string& name,
                                        const std::vector<std::string>& candidates);

}  // namespace bulwark

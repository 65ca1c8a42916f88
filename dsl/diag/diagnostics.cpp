#include "dsl/diag/diagnostics.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

namespace bulwark {

namespace {

void check_code(const std::string& code, Severity severity) {
  const CodeInfo* info = find_code(code);
  if (!info) throw std::logic_error("diagnostic code " + code + " is not in the table (dsl/diag/codes.cpp)");
  if (info->severity != severity)
    throw std::logic_error("diagnostic code " + code + " is reported with another severity than its table entry");
}

}  // namespace

Diagnostic& Diagnostics::error(std::string code, std::string message, const SourceFile* file,
                               std::optional<Span> span) {
  check_code(code, Severity::Error);
  ++errors_;
  items_.push_back({Severity::Error, std::move(code), std::move(message), file, span, {}});
  return items_.back();
}

Diagnostic& Diagnostics::warning(std::string code, std::string message, const SourceFile* file,
                                 std::optional<Span> span) {
  check_code(code, Severity::Warning);
  items_.push_back({Severity::Warning, std::move(code), std::move(message), file, span, {}});
  return items_.back();
}

namespace {

const char* kRed = "\x1b[1;31m";
const char* kYellow = "\x1b[1;33m";
const char* kCyan = "\x1b[1;36m";
const char* kBold = "\x1b[1m";
const char* kReset = "\x1b[0m";

// The source line and a caret (with tildes over the rest of the span on that line).
std::string snippet(const SourceFile& file, Span span, bool color, const char* paint) {
  auto lc = file.line_col(span.begin);
  auto line = file.line_text(lc.line);
  std::string out = fmt::format("{:>5} | {}\n      | ", lc.line, line);
  std::string marker(lc.col - 1, ' ');
  for (std::size_t i = 0; i + 1 < lc.col && i < line.size(); ++i)
    if (line[i] == '\t') marker[i] = '\t';
  std::size_t width = 1;
  if (span.end > span.begin) {
    auto end_lc = file.line_col(span.end);
    width = end_lc.line == lc.line ? std::max<std::size_t>(1, end_lc.col - lc.col)
                                   : std::max<std::size_t>(1, line.size() + 1 - lc.col);
  }
  std::string caret = "^" + std::string(std::min<std::size_t>(width, 200) - 1, '~');
  out += marker + (color ? std::string(paint) : "") + caret + (color ? kReset : "") + "\n";
  return out;
}

std::string header(Severity sev, const std::string& code, bool color) {
  const char* word = sev == Severity::Error ? "error" : sev == Severity::Warning ? "warning" : "note";
  const char* paint = sev == Severity::Error ? kRed : sev == Severity::Warning ? kYellow : kCyan;
  std::string label = code.empty() ? word : fmt::format("{}[{}]", word, code);
  return color ? fmt::format("{}{}{}", paint, label, kReset) : label;
}

}  // namespace

std::string render(const Diagnostic& d, bool color) {
  std::string out;
  const char* paint = d.severity == Severity::Error ? kRed : kYellow;
  std::string where;
  if (d.file && d.span) where = d.file->location(d.span->begin) + ": ";
  out += fmt::format("{}{}: {}{}{}\n", color ? std::string(kBold) + where + kReset : where,
                     header(d.severity, d.code, color), color ? kBold : "", d.message, color ? kReset : "");
  if (d.file && d.span) out += snippet(*d.file, *d.span, color, paint);
  for (const auto& n : d.notes) {
    if (d.file && n.span) {
      out += fmt::format("{}: {}: {}\n", d.file->location(n.span->begin), header(Severity::Note, "", color), n.message);
      out += snippet(*d.file, *n.span, color, kCyan);
    } else {
      out += fmt::format("      = {}: {}\n", header(Severity::Note, "", color), n.message);
    }
  }
  return out;
}

std::string render_all(const Diagnostics& diags, bool color) {
  std::string out;
  for (const auto& d : diags.all()) out += render(d, color);
  return out;
}

namespace {
std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t sub = prev[j - 1] + (std::tolower(a[i - 1]) == std::tolower(b[j - 1]) ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}
}  // namespace

std::optional<std::string> did_you_mean(const std::string& name, const std::vector<std::string>& candidates) {
  std::optional<std::string> best;
  // Allowed edits grow with the name; a one- or two-letter name only matches up to case.
  std::size_t best_d = name.size() < 3 ? 1 : name.size() / 3 + 1;
  for (const auto& c : candidates) {
    if (c == name) continue;
    auto d = edit_distance(name, c);
    if (d < best_d) best_d = d, best = c;
  }
  return best;
}

}  // namespace bulwark

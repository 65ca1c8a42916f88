// A spec's text, its name, and the byte-offset -> line:col mapping every
// diagnostic needs. Loading validates the bytes once so that no later phase
// sees binary data, invalid UTF-8 or an absurd size.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bulwark {

// Half-open byte range [begin, end) into a SourceFile's text.
struct Span {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
};

struct LineCol {
  std::uint32_t line = 1;  // 1-based
  std::uint32_t col = 1;   // 1-based, in bytes
};

class SourceFile {
 public:
  SourceFile(std::string name, std::string text);
  const std::string& name() const { return name_; }
  const std::string& text() const { return text_; }
  LineCol line_col(std::uint32_t offset) const;
  std::string_view line_text(std::uint32_t line) const;  // without newline
  std::string location(std::uint32_t offset) const;       // "file:line:col"

 private:
  std::string name_;
  std::string text_;
  std::vector<std::uint32_t> line_starts_;
};

class Diagnostics;

// Largest spec we accept; anything bigger is certainly not hand-written.
inline constexpr std::size_t kMaxSourceBytes = 8u * 1024u * 1024u;

// Reads and validates a file (exists, regular, readable, not too large, no NUL
// bytes, valid UTF-8, not empty). Problems become E01xx diagnostics.
std::optional<SourceFile> load_source(const std::string& path, Diagnostics& diags);
// Validates in-memory text the same way (used by tests and the fuzzer).
std::optional<SourceFile> make_source(std::string name, std::string text, Diagnostics& diags);

}  // namespace bulwark

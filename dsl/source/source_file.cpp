#include "dsl/source/source_file.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "dsl/diag/diagnostics.hpp"

namespace bulwark {

SourceFile::SourceFile(std::string name, std::string text) : name_(std::move(name)), text_(std::move(text)) {
  line_starts_.push_back(0);
  for (std::uint32_t i = 0; i < text_.size(); ++i)
    if (text_[i] == '\n') line_starts_.push_back(i + 1);
}

LineCol SourceFile::line_col(std::uint32_t offset) const {
  offset = std::min<std::uint32_t>(offset, static_cast<std::uint32_t>(text_.size()));
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  auto line = static_cast<std::uint32_t>(it - line_starts_.begin());
  return {line, offset - line_starts_[line - 1] + 1};
}

std::string_view SourceFile::line_text(std::uint32_t line) const {
  if (line == 0 || line > line_starts_.size()) return {};
  std::uint32_t b = line_starts_[line - 1];
  std::uint32_t e = line < line_starts_.size() ? line_starts_[line] : static_cast<std::uint32_t>(text_.size());
  std::string_view s(text_.data() + b, e - b);
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::string SourceFile::location(std::uint32_t offset) const {
  auto lc = line_col(offset);
  return fmt::format("{}:{}:{}", name_, lc.line, lc.col);
}

namespace {

// Returns the offset of the first invalid UTF-8 sequence, or npos.
std::size_t invalid_utf8_at(const std::string& s) {
  std::size_t i = 0, n = s.size();
  while (i < n) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (len == 0 || i + len > n) return i;
    for (std::size_t k = 1; k < len; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return i;
    if (len == 2 && c < 0xC2) return i;  // overlong
    i += len;
  }
  return std::string::npos;
}

}  // namespace

std::optional<SourceFile> make_source(std::string name, std::string text, Diagnostics& diags) {
  if (text.size() > kMaxSourceBytes) {
    diags.error("E0102", fmt::format("{}: file is {} bytes; specs are limited to {} bytes", name, text.size(),
                                     kMaxSourceBytes));
    return std::nullopt;
  }
  if (auto nul = text.find('\0'); nul != std::string::npos) {
    diags.error("E0103", fmt::format("{}: this looks like a binary file (NUL byte at offset {})", name, nul));
    return std::nullopt;
  }
  if (auto bad = invalid_utf8_at(text); bad != std::string::npos) {
    SourceFile partial(name, text.substr(0, bad));
    auto lc = partial.line_col(static_cast<std::uint32_t>(bad));
    diags.error("E0104", fmt::format("{}:{}:{}: invalid UTF-8 (byte 0x{:02x} at offset {})", name, lc.line, lc.col,
                                     static_cast<unsigned char>(text[bad]), bad));
    return std::nullopt;
  }
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
    diags.error("E0105", fmt::format("{}: the file is empty", name));
    return std::nullopt;
  }
  return SourceFile(std::move(name), std::move(text));
}

std::optional<SourceFile> load_source(const std::string& path, Diagnostics& diags) {
  namespace fs = std::filesystem;
  std::error_code ec;
  auto st = fs::status(path, ec);
  if (ec || !fs::exists(st)) {
    diags.error("E0101", fmt::format("{}: no such file", path));
    return std::nullopt;
  }
  if (fs::is_directory(st)) {
    diags.error("E0101", fmt::format("{}: is a directory, not a spec file", path));
    return std::nullopt;
  }
  auto size = fs::file_size(path, ec);
  if (!ec && size > kMaxSourceBytes) {
    diags.error("E0102", fmt::format("{}: file is {} bytes; specs are limited to {} bytes", path, size,
                                     kMaxSourceBytes));
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    diags.error("E0101", fmt::format("{}: cannot open for reading", path));
    return std::nullopt;
  }
  // Read in chunks, at most one past the limit: a device or pipe may not report its size.
  std::string text;
  char buf[65536];
  while (in && text.size() <= kMaxSourceBytes) {
    in.read(buf, sizeof buf);
    text.append(buf, static_cast<std::size_t>(in.gcount()));
  }
  if (in.bad()) {
    diags.error("E0101", fmt::format("{}: read error", path));
    return std::nullopt;
  }
  return make_source(path, std::move(text), diags);
}

}  // namespace bulwark

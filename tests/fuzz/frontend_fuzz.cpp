// libFuzzer target: arbitrary bytes through load checks, parser, checker and
// lowering. Any crash, sanitizer report or hang is a bug: bad input must only
// ever produce diagnostics.
#include <cstddef>
#include <cstdint>
#include <string>

#include "dsl/check/check.hpp"
#include "dsl/lower/lower.hpp"
#include "dsl/syntax/parse.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  bulwark::Diagnostics diags;
  auto src = bulwark::make_source("fuzz.bwk", std::string(reinterpret_cast<const char*>(data), size), diags);
  if (!src) return 0;
  auto parsed = bulwark::parse(*src, diags);
  if (!parsed) return 0;
  auto typed = bulwark::check(*parsed, {}, diags);
  if (!typed) return 0;
  auto ts = bulwark::lower_spec(*typed, diags);
  (void)bulwark::render_all(diags, false);
  return 0;
}

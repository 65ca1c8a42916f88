#include "cli/pipeline.hpp"

#include <chrono>
#include <cstdio>

#include "cli/exit_codes.hpp"

#include "dsl/lower/lower.hpp"
#include "dsl/syntax/parse.hpp"

namespace bulwark::cli {

namespace {
template <typename F>
auto timed(double& seconds, F&& f) {
  auto t0 = std::chrono::steady_clock::now();
  auto r = f();
  seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return r;
}
}  // namespace

namespace {
// Parse (from `load`, which makes the SourceFile), check and lower.
template <typename Load>
Compiled run_phases(Load load, const CheckOptions& options, Until until, Diagnostics& diags, Timings& timings,
                    const LowerOptions& lower) {
  Compiled c;
  c.parsed = timed(timings.parse_s, [&]() -> std::optional<ast::ParsedSpec> {
    auto src = load();
    if (!src) return std::nullopt;
    c.file = std::make_unique<SourceFile>(std::move(*src));
    return parse(*c.file, diags);
  });
  if (!c.parsed || until == Until::Parse) return c;
  c.typed = timed(timings.check_s, [&] { return check(*c.parsed, options, diags); });
  if (!c.typed || until == Until::Check) return c;
  c.system = timed(timings.lower_s, [&] { return lower_spec(*c.typed, diags, lower); });
  return c;
}
}  // namespace

Compiled compile(const std::string& path, const CheckOptions& options, Until until, Diagnostics& diags,
                 Timings& timings, const LowerOptions& lower, const std::string& extra) {
  auto load = [&]() -> std::optional<SourceFile> {
    auto src = load_source(path, diags);
    if (!src || extra.empty()) return src;
    return SourceFile(src->name(), src->text() + extra);
  };
  return run_phases(load, options, until, diags, timings, lower);
}

Compiled compile_text(const std::string& name, const std::string& text, const CheckOptions& options, Until until,
                      Diagnostics& diags, Timings& timings, const LowerOptions& lower) {
  return run_phases([&] { return make_source(name, text, diags); }, options, until, diags, timings, lower);
}

int input_error(Diagnostics& diags, bool color, const char* code, std::string message) {
  diags.error(code, std::move(message));
  std::fputs(render_all(diags, color).c_str(), stderr);
  return kInputError;
}

}  // namespace bulwark::cli

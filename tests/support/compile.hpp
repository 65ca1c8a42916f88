// Test helper: spec text -> every phase's output, with the diagnostics.
#pragma once
#include <memory>
#include <optional>
#include <string>

#include "dsl/check/check.hpp"
#include "dsl/lower/lower.hpp"
#include "dsl/syntax/parse.hpp"

namespace bulwark::test {

struct Compiled {
  Diagnostics diags;
  std::unique_ptr<SourceFile> file;
  std::optional<ast::ParsedSpec> parsed;
  std::optional<typed::TypedSpec> typed;
  std::optional<ir::TransitionSystem> ts;
  std::string errors() const { return render_all(diags, false); }
};

inline std::unique_ptr<Compiled> compile(const std::string& text, CheckOptions options = {},
                                         const std::string& name = "t.bwk", const LowerOptions& lower = {}) {
  auto c = std::make_unique<Compiled>();
  auto src = make_source(name, text, c->diags);
  if (!src) return c;
  c->file = std::make_unique<SourceFile>(std::move(*src));
  c->parsed = parse(*c->file, c->diags);
  if (!c->parsed) return c;
  c->typed = check(*c->parsed, options, c->diags);
  if (!c->typed) return c;
  c->ts = lower_spec(*c->typed, c->diags, lower);
  return c;
}

}  // namespace bulwark::test

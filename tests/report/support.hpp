// A spec compiled for the report/ tests (the front end only: no solver), and
// a real trace of it found by the interpreter's random runs.
#pragma once
#include <catch2/catch.hpp>

#include <memory>
#include <string>

#include "dsl/check/check.hpp"
#include "dsl/interp/simulate.hpp"
#include "dsl/lower/lower.hpp"
#include "dsl/source/source_file.hpp"
#include "dsl/syntax/parse.hpp"
#include "solver/engine/verdict.hpp"

namespace bulwark::test {

struct Spec {
  std::unique_ptr<SourceFile> file;
  ir::TransitionSystem ts;
};

inline std::unique_ptr<Spec> compile_spec(const std::string& text) {
  Diagnostics diags;
  auto src = make_source("t.bwk", text, diags);
  REQUIRE(src);
  auto out = std::make_unique<Spec>();
  out->file = std::make_unique<SourceFile>(std::move(*src));
  auto parsed = parse(*out->file, diags);
  REQUIRE(parsed);
  auto typed = check(*parsed, {}, diags);
  REQUIRE(typed);
  auto ts = lower_spec(*typed, diags);
  INFO(render_all(diags, false));
  REQUIRE(ts);
  out->ts = std::move(*ts);
  return out;
}

// The first violation random runs find (replayed by the interpreter).
inline interp::Trace violation(const ir::TransitionSystem& ts) {
  interp::SimOptions o;
  o.runs = 50;
  o.steps = 5;
  auto res = interp::simulate(ts, o);
  REQUIRE(!res.violations.empty());
  return res.violations.front().trace;
}

// `small` violated by the trace above, found by bmc at depth 2 in `time_s`.
inline solver::Verdict violated_small(const ir::TransitionSystem& ts, double time_s) {
  solver::Verdict v;
  v.name = "small";
  v.span = ts.invariants[0].span;
  v.status = solver::Status::Violated;
  v.method = "bmc";
  v.depth = 2;
  v.time_s = time_s;
  v.trace = violation(ts);
  return v;
}

// A counter that breaks `small` after two steps; `r` and `who` give the
// trace values of every kind (int, real, bool, a sort element).
inline const char* kCounter =
    "sort Who = {alice, bob};\n"
    "var x: int;\n"
    "var r: real;\n"
    "var flag: bool;\n"
    "var who: Who;\n"
    "init { x == 0; r == 0; flag == false; who == alice; }\n"
    "action inc(w: Who) { x += 1; r += 0.5; flag = true; who = w; }\n"
    "invariant small: x < 2;\n"
    "invariant half: r >= 0;\n"
    "rule up on inc: x > old(x);\n";

}  // namespace bulwark::test

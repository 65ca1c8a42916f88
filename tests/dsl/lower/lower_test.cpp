#include <catch2/catch.hpp>

#include "tests/support/compile.hpp"

using namespace bulwark;

namespace {
const Diagnostic* first_error(const test::Compiled& c) {
  for (const auto& d : c.diags.all())
    if (d.severity == Severity::Error) return &d;
  return nullptr;
}
}  // namespace

TEST_CASE("E0401: a state with more than 100,000 cells is refused before lowering") {
  auto c = test::compile("sort S[1000];\nvar m: S -> S -> int;\ninvariant p: true;\n");
  REQUIRE_FALSE(c->ts);
  REQUIRE(first_error(*c));
  CHECK(first_error(*c)->code == "E0401");
  CHECK(first_error(*c)->message.find("100000") != std::string::npos);
}

TEST_CASE("E0402: unrolling past the node budget stops with an error, not a hang") {
  auto c = test::compile(
      "sort S[110];\nvar m: S -> int;\n"
      "invariant p: forall a in S: forall b in S: forall c in S: m[a] + m[b] <= m[c] + 1000;\n");
  REQUIRE_FALSE(c->ts);
  REQUIRE(first_error(*c));
  CHECK(first_error(*c)->code == "E0402");
}

TEST_CASE("division checks exist only where a divisor can be zero, under the path that reaches it") {
  auto c = test::compile(R"(
const K: int = 4;
var x: int;
var y: int;
action a(n: int) {
  y = n / K;            // constant divisor: no property
  if x > 0 { y = n / x; }
  y = n % x;
}
invariant i: x == 0 || 4 / x >= 0;
)");
  INFO(c->errors());
  REQUIRE(c->ts);
  std::vector<std::string> names;
  for (const auto& p : c->ts->steps) names.push_back(p.name);
  for (const auto& p : c->ts->invariants) names.push_back(p.name);
  CHECK(names == std::vector<std::string>{"division_by_zero@t.bwk:7:20", "division_by_zero@t.bwk:8:9", "i",
                                          "division_by_zero@t.bwk:10:26"});
}

TEST_CASE("assignment through a symbolic index updates each cell under its own key") {
  auto c = test::compile(R"(
sort A = {p, q};
var m: A -> int;
action bump(k: A) { m[k] += m[k]; }
invariant ok: true;
)");
  REQUIRE(c->ts);
  auto text = ir::print(*c->ts);
  // Inside the branch where k == p, m[k] is m[p]: no nested selection remains.
  CHECK(text.find("m[p]' = if k == p then m[p] + m[p] else m[p]") != std::string::npos);
}

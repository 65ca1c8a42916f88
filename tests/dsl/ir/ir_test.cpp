// dsl/ir: the node arena hash-conses (one node per distinct term), the
// builder folds literals, and canonical_text (the proof cache's key) tells
// apart terms that differ in one leaf however large they are.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <stdexcept>

#include "tests/support/compile.hpp"

using namespace bulwark;

namespace {

ir::NodeId holds(const ir::TransitionSystem& ts, const std::string& name) {
  for (const auto& p : ts.invariants)
    if (p.name == name) return p.holds;
  FAIL("no invariant " << name);
  throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("equal terms are one node; different ones are not") {
  auto c = test::compile(R"(
var x: int;
var y: int;
init { x == 0; y == 0; }
action a(v: int) { x = v; }
invariant p: x + 1 > y * 2;
invariant q: x + 1 > y * 2;
invariant r: x + 1 > y * 3;
)");
  REQUIRE(c->ts);
  const auto& ts = *c->ts;
  CHECK(holds(ts, "p") == holds(ts, "q"));
  CHECK(holds(ts, "p") != holds(ts, "r"));
  CHECK(ir::canonical_text(ts, holds(ts, "p")) == ir::canonical_text(ts, holds(ts, "q")));
  CHECK(ir::canonical_text(ts, holds(ts, "p")) != ir::canonical_text(ts, holds(ts, "r")));
}

TEST_CASE("literal arithmetic is folded when lowered") {
  auto c = test::compile(R"(
var x: int;
init { x == 0; }
action a() { x = x; }
invariant folded: x != 2 * 3 + 1;
invariant plain: x != 7;
)");
  REQUIRE(c->ts);
  CHECK(holds(*c->ts, "folded") == holds(*c->ts, "plain"));
}

TEST_CASE("canonical text tells apart huge terms that differ in one leaf") {
  // A def inlined into a term of 2^16 leaves: the readable printer abbreviates
  // such terms, and a key built on it once served one query's proof for another.
  std::string defs = "def d0(v: int): int = v + 1;\n";
  for (int i = 1; i <= 16; ++i) defs += fmt::format("def d{}(v: int): int = d{}(v) + d{}(v);\n", i, i - 1, i - 1);
  auto c = test::compile("var y: int;\ninit { y == 0; }\naction a(v: int) { y = v; }\n" + defs +
                         "invariant even: d16(y) != y * 2;\ninvariant odd: d16(y) != y * 2 + 1;\n");
  INFO(c->errors());
  REQUIRE(c->ts);
  const auto& ts = *c->ts;
  std::string even = ir::canonical_text(ts, holds(ts, "even")), odd = ir::canonical_text(ts, holds(ts, "odd"));
  CHECK(even != odd);
  CHECK(even.size() < 10000);  // a DAG: each distinct sub-term once, not 2^16 leaves
}

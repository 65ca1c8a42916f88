// dsl/mutate: which mutants a spec gets, that each one is a valid spec that
// differs from the original only where it says, and that every other line
// keeps its number.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>

#include "dsl/mutate/mutate.hpp"
#include "dsl/syntax/format.hpp"
#include "tests/support/compile.hpp"

using namespace bulwark;

namespace {
const char* kSpec = R"(spec M;
var x: int;
var y: real;
init { x == 0; y == 0; }
action a(n: int) {
  require n > 0 &&
          n <= 9;
  x += n;
  if x == 3 { y = 0.05; }
}
action b() { x -= 1; y = y; }
invariant i: x >= 0;
)";

std::size_t lines(const std::string& s) { return static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n')); }
}  // namespace

TEST_CASE("mutate: the operators and where they apply", "[mutate]") {
  auto c = test::compile(kSpec);
  REQUIRE(c->ts);
  auto ms = mutate::mutants(*c->parsed);
  std::map<std::string, int> by_kind;
  for (const auto& m : ms) ++by_kind[mutate::to_string(m.kind)];
  // a: `>`, `<=` in the require, `==` in the if; b: none.
  CHECK(by_kind["flip-comparison"] == 3);
  CHECK(by_kind["drop-require"] == 1);
  // 0, 9, 3, 0.05 in a; 1 in b.
  CHECK(by_kind["perturb-constant"] == 5);
  CHECK(by_kind["swap-update"] == 2);  // x += n, x -= 1
  CHECK(by_kind["remove-update"] == 4);  // x += n, y = 0.05, x -= 1, y = y
  CHECK(ms.size() == 15);
}

TEST_CASE("mutate: each mutant compiles, keeps the line count, and changes what it says", "[mutate]") {
  auto c = test::compile(kSpec);
  REQUIRE(c->ts);
  std::string original = c->file->text();
  for (const auto& m : mutate::mutants(*c->parsed)) {
    INFO(mutate::to_string(m.kind) << ": " << m.original << " -> " << m.mutated << "\n" << m.text);
    CHECK(m.text != original);
    CHECK(lines(m.text) == lines(original));
    auto mc = test::compile(m.text);
    CHECK(mc->ts);
    if (!m.mutated.empty()) CHECK(m.text.find(m.mutated) != std::string::npos);
    // The lines after the change are the original's.
    CHECK(m.text.substr(m.text.find("invariant i")) == original.substr(original.find("invariant i")));
  }
  // The AST is restored: printing it gives the original's canonical text.
  auto again = test::compile(kSpec);
  CHECK(format_spec(*c->parsed) == format_spec(*again->parsed));
}

TEST_CASE("mutate: constants are bumped in their last digit, comparisons negated", "[mutate]") {
  auto c = test::compile(kSpec);
  REQUIRE(c->ts);
  std::map<std::string, std::string> seen;
  for (const auto& m : mutate::mutants(*c->parsed)) seen[m.original + " => " + m.mutated] = mutate::to_string(m.kind);
  CHECK(seen.count("if x == 3 { => if x == 4 {"));
  CHECK(seen.count("if x == 3 { => if x != 3 {"));
  CHECK(seen.count("y = 0.05; => y = 0.06;"));
  CHECK(seen.count("require n > 0 && n <= 9; => require n > 0 && n <= 10;"));
  CHECK(seen.count("require n > 0 && n <= 9; => require n <= 0 && n <= 9;"));
  CHECK(seen.count("require n > 0 && n <= 9; => require n > 0 && n > 9;"));
  CHECK(seen.count("x -= 1; => x += 1;"));
  CHECK(seen.count("x -= 1; => "));  // removed
}

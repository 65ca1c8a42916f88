#include <catch2/catch.hpp>

#include "solver/smt/z3_to_spec.hpp"

using bulwark::solver::to_spec_syntax;

namespace {

// Bound variable i, as in the invariants Spacer returns.
z3::expr var(z3::context& c, unsigned i, const z3::sort& s) { return z3::expr(c, Z3_mk_bound(c, i, s)); }

std::string print(const z3::expr& e) {
  std::string why;
  auto s = to_spec_syntax(e, {"x", "debt[alice]", "r"}, why);
  INFO(why);
  REQUIRE(s);
  return *s;
}

}  // namespace

TEST_CASE("Spacer's terms print in spec syntax with the spec's semantics") {
  z3::context c;
  z3::expr x = var(c, 0, c.int_sort()), d = var(c, 1, c.int_sort()), r = var(c, 2, c.real_sort());
  CHECK(print(x >= 0 && !(d <= 0)) == "((x >= 0) && !(debt[alice] <= 0))");
  CHECK(print(x == -3 || d != x) == "((x == (-3)) || (debt[alice] != x))");
  CHECK(print(z3::implies(x > 1, d < 2)) == "((x > 1) ==> (debt[alice] < 2))");
  CHECK(print(x + d * 2 - x) == "((x + (debt[alice] * 2)) - x)");
  CHECK(print(z3::ite(x > 0, x, -x) == d) == "((if (x > 0) then x else (-x)) == debt[alice])");
  // Reals are written with a decimal point so that `/` stays exact.
  CHECK(print(r <= c.real_val(1, 3)) == "(r <= (1.0 / 3.0))");
  CHECK(print(r >= c.real_val(-5)) == "(r >= (-5.0))");
  CHECK(print(z3::to_real(x) <= r) == "(x <= r)");  // int widens to real implicitly
  // SMT-LIB's div and mod are Euclidean; the spec's `/` and `%` truncate.
  CHECK(print(z3::mod(x, 3) == 1) == "((((x % 3) + 3) % 3) == 1)");
  CHECK(print(x / 2 == d) == "(((x - (((x % 2) + 2) % 2)) / 2) == debt[alice])");
}

TEST_CASE("a Spacer term with no spec syntax is refused, saying why") {
  z3::context c;
  z3::expr x = var(c, 0, c.int_sort()), d = var(c, 1, c.int_sort());
  std::string why;
  CHECK_FALSE(to_spec_syntax(z3::mod(x, d) == 0, {"x", "d"}, why));
  CHECK(why == "Euclidean division by a term that is not a positive constant");
  why.clear();
  z3::expr y = c.int_const("y");
  CHECK_FALSE(to_spec_syntax(z3::forall(y, y + x >= y), {"x"}, why));
  CHECK(why == "a quantifier");
  why.clear();
  CHECK_FALSE(to_spec_syntax(var(c, 5, c.int_sort()) > 0, {"x"}, why));
  CHECK(why == "a variable out of range");
}

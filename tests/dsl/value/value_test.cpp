// dsl/value: exact values and the arithmetic rules the interpreter, constant
// folding and (by construction) the SMT encodings share: truncating integer
// division like Solidity's, `x / 0 == 0`, floor/ceil/mulDiv rounding, and
// exact literals and printing.
#include <catch2/catch.hpp>

#include "dsl/value/value.hpp"

using namespace bulwark;

TEST_CASE("integer division truncates toward zero and % takes the dividend's sign") {
  using arith::div_trunc, arith::mod_trunc;
  CHECK(div_trunc(7, 2) == 3);
  CHECK(div_trunc(-7, 2) == -3);  // SMT-LIB's Euclidean div gives -4
  CHECK(div_trunc(7, -2) == -3);
  CHECK(div_trunc(-7, -2) == 3);
  CHECK(mod_trunc(7, 2) == 1);
  CHECK(mod_trunc(-7, 2) == -1);  // Euclidean mod gives 1
  CHECK(mod_trunc(7, -2) == 1);
  CHECK(mod_trunc(-7, -2) == -1);
  for (int a = -9; a <= 9; ++a)
    for (int b = -4; b <= 4; ++b)
      if (b != 0) CHECK(div_trunc(a, b) * b + mod_trunc(a, b) == a);
}

TEST_CASE("division by zero is 0 (the division_by_zero property reports it)") {
  CHECK(arith::div_trunc(5, 0) == 0);
  CHECK(arith::mod_trunc(5, 0) == 0);
  CHECK(arith::mul_div_down(5, 3, 0) == 0);
  CHECK(arith::mul_div_up(5, 3, 0) == 0);
}

TEST_CASE("floor, ceil and mulDiv round exactly, also below zero and past 64 bits") {
  CHECK(arith::floor(Rational(7, 2)) == 3);
  CHECK(arith::floor(Rational(-7, 2)) == -4);
  CHECK(arith::ceil(Rational(7, 2)) == 4);
  CHECK(arith::ceil(Rational(-7, 2)) == -3);
  CHECK(arith::floor(Rational(4)) == 4);
  CHECK(arith::ceil(Rational(-4)) == -4);
  CHECK(arith::mul_div_down(10, 10, 3) == 33);
  CHECK(arith::mul_div_up(10, 10, 3) == 34);
  CHECK(arith::mul_div_down(-10, 10, 3) == -34);  // floor, not truncation
  CHECK(arith::mul_div_up(9, 10, 3) == 30);       // exact: no rounding up
  BigInt e18 = parse_integer("1000000000000000000");
  // (10^18 * 10^18 + 1) / 10^18: the product overflows 64 bits, the result is exact
  CHECK(arith::mul_div_down(e18 * e18 + 1, 1, e18) == e18);
  CHECK(arith::mul_div_up(e18 * e18 + 1, 1, e18) == e18 + 1);
}

TEST_CASE("literals are exact: decimals become rationals, leading zeros are not octal") {
  Value q = parse_literal("0.75");
  CHECK(q.kind == Value::Kind::Real);
  CHECK(q.as_rational() == Rational(3, 4));
  Value z = parse_literal("010");
  CHECK(z.kind == Value::Kind::Int);
  CHECK(z.as_int() == 10);
  CHECK(parse_integer("-42") == -42);
  CHECK(parse_integer("123456789012345678901234567890") / parse_integer("1234567890") == parse_integer("100000000010000000001"));
}

TEST_CASE("values compare by kind and exact content; text is exact") {
  CHECK(Value::integer(1) == Value::integer(1));
  CHECK_FALSE(Value::integer(1) == Value::real(1));  // an int is not the real 1
  CHECK_FALSE(Value::boolean(true) == Value::integer(1));
  CHECK(Value::real(Rational(2, 4)) == Value::real(Rational(1, 2)));
  CHECK(Value::integer(3).as_rational() == Rational(3));
  CHECK(to_string(Value::integer(parse_integer("-123456789012345678901234567890"))) == "-123456789012345678901234567890");
  CHECK(to_string(Rational(3, 4)) == "0.75");
  CHECK(to_string(Rational(1, 3)) == "1/3");  // no finite decimal
  CHECK(to_string(Value::element(2)) == "#2");
}

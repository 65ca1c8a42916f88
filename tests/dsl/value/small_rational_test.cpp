// dsl/value/small_rational: the 64-bit fast path of the interpreter's
// arithmetic against cpp_int / cpp_rational, on random operands, many of them
// at or near the 64-bit limits where the fast path must give up (or, when it
// does not, still be exact).
#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
#include <random>

#include "dsl/value/small_rational.hpp"
#include "dsl/value/value_arith.hpp"

using namespace bulwark;

namespace {

constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();

// A mix: small numbers, powers of two around 2^31 / 2^62 / 2^63, values next
// to INT64_MAX and INT64_MIN, and uniform 64-bit ones; every sign.
std::int64_t draw(std::mt19937_64& rng) {
  auto pick = rng() % 8;
  std::int64_t v = 0;
  switch (pick) {
    case 0: v = static_cast<std::int64_t>(rng() % 21) - 10; break;
    case 1: v = static_cast<std::int64_t>(rng() % 2001) - 1000; break;
    case 2: v = (std::int64_t{1} << (rng() % 63)) + static_cast<std::int64_t>(rng() % 5) - 2; break;
    case 3: v = kMax - static_cast<std::int64_t>(rng() % 4); break;
    case 4: v = std::numeric_limits<std::int64_t>::min() + static_cast<std::int64_t>(rng() % 4); break;
    case 5: v = static_cast<std::int64_t>(rng() >> (rng() % 64)); break;
    case 6: v = static_cast<std::int64_t>(3037000499LL + static_cast<std::int64_t>(rng() % 5) - 2); break;  // ~sqrt(2^63)
    default: v = static_cast<std::int64_t>(rng()); break;
  }
  return (rng() & 1) ? v : (v == std::numeric_limits<std::int64_t>::min() ? v : -v);
}

BigInt big(std::mt19937_64& rng) {
  // Sometimes beyond 64 bits, so the fallback and `from` rejecting it are covered.
  BigInt v = draw(rng);
  if (rng() % 6 == 0) v = v * BigInt(draw(rng)) + draw(rng);
  return v;
}

Rational fraction(std::mt19937_64& rng) {
  // boost::rational<cpp_int> throws on a negative denominator: the sign goes up.
  BigInt d = abs(big(rng));
  if (d == 0) d = 1;
  return Rational(big(rng), d);
}

bool normalised(const Rational& q) {
  const auto& r = q.backend().data();
  return r.denominator() > 0 && gcd(r.numerator(), r.denominator()) == 1;
}

}  // namespace

// The Q and int64 operations directly (varith's inline path): when they answer,
// the answer is cpp_rational's / cpp_int's, reduced with a positive denominator.
TEST_CASE("value.small: the 64-bit fast path agrees with cpp_rational exactly") {
  std::mt19937_64 rng(20261207);
  long fast = 0, gave_up = 0;  // operations the fast path answered / declined, operands fitting
  for (int i = 0; i < 50000; ++i) {
    Rational a = fraction(rng), b = fraction(rng);
    REQUIRE(small::compare(a, b) == (a < b ? -1 : a > b ? 1 : 0));
    small::Q x, y, r;
    if (!small::from(a, x) || !small::from(b, y)) continue;
    REQUIRE(small::to_rational(x) == a);
    REQUIRE(small::compare(x, y) == (a < b ? -1 : a > b ? 1 : 0));
    auto check = [&](bool answered, const Rational& expected) {
      if (!answered) {
        ++gave_up;
        // It gives up only when the reduced result does not fit.
        small::Q unused;
        REQUIRE_FALSE(small::from(expected, unused));
        return;
      }
      ++fast;
      Rational got = small::to_rational(r);
      // Written directly (not normalised again): the invariant boost relies on.
      REQUIRE(normalised(got));
      REQUIRE(got == expected);
    };
    check(small::add(x, y, r), a + b);
    check(small::sub(x, y, r), a - b);
    check(small::mul(x, y, r), a * b);
    check(small::div(x, y, r), b == 0 ? Rational(0) : Rational(a / b));
  }
  // The operands are chosen so both outcomes are exercised a lot.
  INFO("fast " << fast << ", gave up " << gave_up);
  CHECK(fast > 3000);
  CHECK(gave_up > 1000);
}

TEST_CASE("value.small: the 64-bit integer fast path agrees with cpp_int exactly") {
  std::mt19937_64 rng(7);
  long overflowed = 0;
  for (int i = 0; i < 50000; ++i) {
    BigInt a = big(rng), b = big(rng);
    REQUIRE(small::compare(a, b) == (a < b ? -1 : a > b ? 1 : 0));
    std::int64_t x, y, r;
    if (!small::from(a, x) || !small::from(b, y)) continue;
    auto check = [&](bool answered, const BigInt& expected) {
      std::int64_t unused;
      // It answers exactly when the result fits (INT64_MIN never does).
      REQUIRE(answered == small::from(expected, unused));
      if (answered) REQUIRE(BigInt(r) == expected);
      else ++overflowed;
    };
    check(small::add(x, y, r), a + b);
    check(small::sub(x, y, r), a - b);
    check(small::mul(x, y, r), a * b);
  }
  INFO("overflowed " << overflowed);
  CHECK(overflowed > 250);
}

TEST_CASE("value.small: the fast path gives up exactly at the 64-bit edges") {
  std::int64_t out = 0;
  CHECK_FALSE(small::add(kMax, 1, out));
  CHECK(small::add(kMax - 1, 1, out));
  CHECK(out == kMax);
  CHECK_FALSE(small::sub(-kMax, 1, out));  // INT64_MIN is never a small value
  CHECK_FALSE(small::mul(std::int64_t{1} << 32, std::int64_t{1} << 31, out));
  CHECK(small::mul(std::int64_t{1} << 31, std::int64_t{1} << 31, out));
  // INT64_MIN and 2^63 are read as big values, never as small ones.
  CHECK_FALSE(small::from(BigInt(std::numeric_limits<std::int64_t>::min()), out));
  CHECK_FALSE(small::from(BigInt(1) << 63, out));
  CHECK(small::from(BigInt(-kMax), out));
  CHECK(out == -kMax);
  // A sum whose unreduced form overflows 64 bits but whose reduced form fits.
  small::Q half{1, 2}, odd{(std::int64_t{1} << 62) + 1, std::int64_t{1} << 61}, r;
  REQUIRE(small::add(odd, odd, r));
  CHECK(small::to_rational(r) == Rational(BigInt((std::int64_t{1} << 62) + 1), BigInt(1) << 60));
  CHECK(small::add(half, half, r));
  CHECK((r.n == 1 && r.d == 1));
  // Denominators whose product passes 2^63 are not representable: fall back.
  small::Q p{1, kMax}, q{1, kMax - 1};
  CHECK_FALSE(small::mul(p, q, r));
  // Division by zero is 0, like the interpreter's.
  REQUIRE(small::div(small::Q{3, 4}, small::Q{0, 1}, r));
  CHECK((r.n == 0 && r.d == 1));
}

namespace {
// A Value is in canonical form: inline exactly when it fits in 64 bits.
bool canonical(const Value& v) {
  if (v.kind == Value::Kind::Real) {
    small::Q q;
    return v.is_small() == small::from(v.as_rational(), q) && (!v.is_small() || normalised(v.as_rational()));
  }
  std::int64_t i;
  return v.is_small() == small::from(v.as_int(), i);
}
int cmp(const Rational& a, const Rational& b) { return a < b ? -1 : a > b ? 1 : 0; }
}  // namespace

TEST_CASE("value.small: inline Values (value_arith) agree with cpp_rational exactly") {
  std::mt19937_64 rng(20261208);
  long inline_results = 0;
  for (int i = 0; i < 50000; ++i) {
    Rational a = fraction(rng), b = fraction(rng);
    Value x = Value::real(a), y = Value::real(b);
    REQUIRE(canonical(x));
    REQUIRE(x.as_rational() == a);
    Value sum = varith::add(x, y), diff = varith::sub(x, y), prod = varith::mul(x, y), quot = varith::div(x, y);
    for (const Value* v : {&sum, &diff, &prod, &quot}) {
      REQUIRE(v->kind == Value::Kind::Real);
      REQUIRE(canonical(*v));
    }
    REQUIRE(sum.as_rational() == a + b);
    REQUIRE(diff.as_rational() == a - b);
    REQUIRE(prod.as_rational() == a * b);
    REQUIRE(quot.as_rational() == (b == 0 ? Rational(0) : Rational(a / b)));
    REQUIRE(varith::neg(x).as_rational() == -a);
    REQUIRE(varith::abs(x).as_rational() == abs(a));
    REQUIRE(varith::sign(x) == cmp(a, 0));
    REQUIRE(varith::compare(x, y) == cmp(a, b));
    REQUIRE((x == y) == (a == b));
    REQUIRE(varith::add(x, varith::neg(x)) == Value::real(0));
    REQUIRE(varith::floor(x).as_int() == arith::floor(a));
    REQUIRE(varith::ceil(x).as_int() == arith::ceil(a));
    REQUIRE(canonical(varith::floor(x)));
    // An Int against a Real compares as rationals.
    BigInt n = big(rng);
    REQUIRE(varith::compare(Value::integer(n), x) == cmp(Rational(n), a));
    REQUIRE(varith::to_real(Value::integer(n)) == Value::real(Rational(n)));
    if (prod.is_small()) ++inline_results;
  }
  // Both forms are exercised a lot.
  INFO("inline " << inline_results);
  CHECK(inline_results > 3000);
  CHECK(inline_results < 45000);
}

TEST_CASE("value.small: inline integer Values (value_arith) agree with cpp_int exactly") {
  std::mt19937_64 rng(8);
  long big_results = 0;
  for (int i = 0; i < 50000; ++i) {
    BigInt a = big(rng), b = big(rng);
    Value x = Value::integer(a), y = Value::integer(b);
    REQUIRE(canonical(x));
    REQUIRE(x.as_int() == a);
    Value sum = varith::add(x, y), diff = varith::sub(x, y), prod = varith::mul(x, y);
    Value quot = varith::div(x, y), rem = varith::mod(x, y);
    for (const Value* v : {&sum, &diff, &prod, &quot, &rem}) {
      REQUIRE(v->kind == Value::Kind::Int);
      REQUIRE(canonical(*v));
    }
    REQUIRE(sum.as_int() == a + b);
    REQUIRE(diff.as_int() == a - b);
    REQUIRE(prod.as_int() == a * b);
    REQUIRE(quot.as_int() == arith::div_trunc(a, b));
    REQUIRE(rem.as_int() == arith::mod_trunc(a, b));
    REQUIRE(varith::neg(x).as_int() == -a);
    REQUIRE(varith::abs(x).as_int() == abs(a));
    REQUIRE(varith::compare(x, y) == (a < b ? -1 : a > b ? 1 : 0));
    REQUIRE((x == y) == (a == b));
    REQUIRE(varith::to_real(x).as_rational() == Rational(a));
    REQUIRE(to_string(x) == a.str());
    if (!prod.is_small()) ++big_results;
  }
  INFO("big " << big_results);
  CHECK(big_results > 250);
}

TEST_CASE("value.small: Values switch form exactly at the 64-bit edges") {
  // INT64_MIN and 2^63 are never inline; INT64_MAX and -INT64_MAX are.
  CHECK_FALSE(Value::integer(std::numeric_limits<std::int64_t>::min()).is_small());
  CHECK(Value::integer(std::numeric_limits<std::int64_t>::min()).as_int() == BigInt(std::numeric_limits<std::int64_t>::min()));
  CHECK_FALSE(Value::integer(BigInt(1) << 63).is_small());
  CHECK(Value::integer(kMax).is_small());
  Value max = Value::integer(kMax), one = Value::integer(1);
  Value over = varith::add(max, one);
  CHECK_FALSE(over.is_small());
  CHECK(over.as_int() == BigInt(kMax) + 1);
  // Back inline when the result fits again.
  Value back = varith::sub(over, one);
  CHECK(back.is_small());
  CHECK(back == max);
  CHECK(varith::sub(Value::integer(-kMax), one).as_int() == BigInt(-kMax) - 1);
  CHECK_FALSE(varith::sub(Value::integer(-kMax), one).is_small());
  // A product that is exactly INT64_MIN: exact, and big (never inline).
  Value min = varith::mul(Value::integer(-(std::int64_t{1} << 62)), Value::integer(2));
  CHECK_FALSE(min.is_small());
  CHECK(min.as_int() == BigInt(std::numeric_limits<std::int64_t>::min()));
  CHECK(varith::div(min, Value::integer(-2)) == Value::integer(std::int64_t{1} << 62));
  CHECK(varith::add(min, one).is_small());
  // A sum whose unreduced form passes 64 bits but whose reduced form fits:
  // reduced by the gcd, and inline.
  Value odd = Value::small_real((std::int64_t{1} << 62) + 1, std::int64_t{1} << 61);
  Value twice = varith::add(odd, odd);
  CHECK(twice.is_small());
  CHECK(twice.as_rational() == Rational(BigInt((std::int64_t{1} << 62) + 1), BigInt(1) << 60));
  CHECK(twice.d == (std::int64_t{1} << 60));
  // A real whose denominator passes 2^63, then reduced back.
  Value p = Value::real(Rational(1, kMax)), q = Value::real(Rational(1, kMax - 1));
  Value prod = varith::mul(p, q);
  CHECK_FALSE(prod.is_small());
  CHECK(prod.as_rational() == Rational(1, BigInt(kMax) * (kMax - 1)));
  CHECK(varith::div(prod, q) == p);
  CHECK(varith::div(prod, q).is_small());
  // Division by zero is 0, like the interpreter's.
  CHECK(varith::div(Value::real(Rational(3, 4)), Value::real(0)) == Value::real(0));
  CHECK(varith::div(Value::integer(3), Value::integer(0)) == Value::integer(0));
  CHECK(varith::mod(Value::integer(-7), Value::integer(2)) == Value::integer(-1));
  CHECK(varith::floor(Value::real(Rational(-7, 2))) == Value::integer(-4));
  CHECK(varith::ceil(Value::real(Rational(-7, 2))) == Value::integer(-3));
  CHECK(to_string(Value::real(Rational(-7, 2))) == "-3.5");
  CHECK(to_string(prod) == "1/" + (BigInt(kMax) * (kMax - 1)).str());
}

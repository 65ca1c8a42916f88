// dsl/value/wide_rational: the 128-bit middle tier of the interpreter's
// arithmetic against cpp_int / cpp_rational, on random operands, many of them
// at or near the 64- and 128-bit limits where a tier must give up (or, when it
// does not, still be exact); and the three tiers mixed through varith.
#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
#include <random>

#include "dsl/value/small_rational.hpp"
#include "dsl/value/value_arith.hpp"
#include "dsl/value/wide_rational.hpp"

using namespace bulwark;

namespace {

const BigInt kMax127 = (BigInt(1) << 127) - 1;  // the largest magnitude of a wide part
constexpr std::int64_t kMax64 = std::numeric_limits<std::int64_t>::max();

// A mix: small numbers, powers of two (plus or minus a little) up to 2^130,
// values next to 2^63, 2^64 and 2^127, and uniform ones of every width up to
// 128 bits; every sign.
BigInt draw(std::mt19937_64& rng) {
  BigInt v;
  switch (rng() % 8) {
    case 0: v = static_cast<long>(rng() % 2001) - 1000; break;
    case 1: v = (BigInt(1) << (rng() % 131)) + static_cast<long>(rng() % 5) - 2; break;
    case 2: v = kMax127 - static_cast<long>(rng() % 4); break;
    case 3: v = (BigInt(1) << 63) + static_cast<long>(rng() % 5) - 2; break;
    case 4: v = (BigInt(1) << 64) + static_cast<long>(rng() % 5) - 2; break;
    case 5: v = ((BigInt(rng()) << 64) | rng()) >> static_cast<unsigned>(rng() % 128); break;
    case 6: v = BigInt(rng()) * (rng() % 100000 + 1); break;  // 64 to 81 bits
    default: v = (BigInt(rng()) << 64) | rng(); break;
  }
  return (rng() & 1) ? v : BigInt(-v);
}

Rational fraction(std::mt19937_64& rng) {
  BigInt d = abs(draw(rng));
  if (d == 0) d = 1;
  // Sometimes a common factor that the reduction must find.
  BigInt n = draw(rng);
  if (rng() % 4 == 0) {
    BigInt f = BigInt(rng() % 1000 + 2);
    n *= f;
    d *= f;
  }
  return Rational(n, d);
}

bool normalised(const Rational& q) {
  const auto& r = q.backend().data();
  return r.denominator() > 0 && gcd(r.numerator(), r.denominator()) == 1;
}
bool fits127(const BigInt& v) { return abs(v) <= kMax127; }
bool fits127(const Rational& q) { return fits127(numerator(q)) && fits127(denominator(q)); }
bool fits64(const BigInt& v) { return abs(v) <= kMax64; }
bool fits64(const Rational& q) { return fits64(numerator(q)) && fits64(denominator(q)); }

// The value of a W as a cpp_rational (through a Value, which writes it
// unnormalised, so check normalisation separately).
Rational exact(const wide::W& w) { return wide::real(w).as_rational(); }
int cmp(const Rational& a, const Rational& b) { return a < b ? -1 : a > b ? 1 : 0; }

// Canonical: inline exactly when the number fits in 64 bits, normalised.
bool canonical(const Value& v) {
  if (v.kind == Value::Kind::Real) return v.is_small() == fits64(v.as_rational()) && normalised(v.as_rational());
  return v.is_small() == fits64(v.as_int());
}

}  // namespace

TEST_CASE("value.wide: the 128-bit tier agrees with cpp_rational exactly") {
  std::mt19937_64 rng(20261209);
  long answered = 0, declined = 0;
  for (int i = 0; i < 50000; ++i) {
    Rational a = fraction(rng), b = fraction(rng);
    wide::W x, y, r;
    bool both = wide::from(Value::real(a), x) && wide::from(Value::real(b), y);
    REQUIRE(both == (fits127(a) && fits127(b)));
    if (!both) continue;
    REQUIRE(exact(x) == a);
    // The comparison always answers, exactly.
    REQUIRE(wide::compare(x, y) == cmp(a, b));
    REQUIRE(wide::compare(y, x) == cmp(b, a));
    REQUIRE(wide::compare(x, x) == 0);
    auto check = [&](bool ok, const Rational& expected, bool must_answer) {
      if (!ok) {
        ++declined;
        if (must_answer) REQUIRE_FALSE(fits127(expected));
        return;
      }
      ++answered;
      REQUIRE(r.d > 0);
      REQUIRE(normalised(exact(r)));
      REQUIRE(exact(r) == expected);
    };
    // + and - may decline a result that fits when an intermediate does not;
    // * and / reduce first, so they decline exactly when the result does not fit.
    check(wide::add(x, y, r), a + b, false);
    check(wide::sub(x, y, r), a - b, false);
    check(wide::mul(x, y, r), a * b, true);
    check(wide::div(x, y, r), b == 0 ? Rational(0) : Rational(a / b), true);
  }
  INFO("answered " << answered << ", declined " << declined);
  CHECK(answered > 20000);
  CHECK(declined > 5000);
}

TEST_CASE("value.wide: the 128-bit integer tier agrees with cpp_int exactly") {
  std::mt19937_64 rng(9);
  long overflowed = 0;
  for (int i = 0; i < 50000; ++i) {
    BigInt a = draw(rng), b = draw(rng);
    wide::i128 x, y, r;
    bool both = wide::from(a, x) && wide::from(b, y);
    REQUIRE(both == (fits127(a) && fits127(b)));
    if (!both) continue;
    REQUIRE(wide::integer(x).as_int() == a);
    auto check = [&](bool ok, const BigInt& expected) {
      // It answers exactly when the result fits (INT128_MIN never does).
      REQUIRE(ok == fits127(expected));
      if (ok) REQUIRE(wide::integer(r).as_int() == expected);
      else ++overflowed;
    };
    check(wide::add(x, y, r), a + b);
    check(wide::sub(x, y, r), a - b);
    check(wide::mul(x, y, r), a * b);
  }
  INFO("overflowed " << overflowed);
  CHECK(overflowed > 2000);
}

TEST_CASE("value.wide: Values through all three tiers agree with cpp_rational and cpp_int exactly") {
  std::mt19937_64 rng(20261210);
  long tiers[3] = {};  // results inline, within 127 bits, beyond
  // A third of the operands are small, so products of two of them stay inline.
  auto operand = [&] {
    if (rng() % 3 != 0) return fraction(rng);
    return Rational(static_cast<long>(rng() % 2001) - 1000, static_cast<long>(rng() % 1000) + 1);
  };
  for (int i = 0; i < 30000; ++i) {
    Rational a = operand(), b = operand();
    Value x = Value::real(a), y = Value::real(b);
    Value sum = varith::add(x, y), diff = varith::sub(x, y), prod = varith::mul(x, y), quot = varith::div(x, y);
    for (const Value* v : {&sum, &diff, &prod, &quot}) {
      REQUIRE(v->kind == Value::Kind::Real);
      REQUIRE(canonical(*v));
    }
    REQUIRE(sum.as_rational() == a + b);
    REQUIRE(diff.as_rational() == a - b);
    REQUIRE(prod.as_rational() == a * b);
    REQUIRE(quot.as_rational() == (b == 0 ? Rational(0) : Rational(a / b)));
    REQUIRE(varith::compare(x, y) == cmp(a, b));
    REQUIRE((x == y) == (a == b));
    ++tiers[prod.is_small() ? 0 : fits127(a * b) ? 1 : 2];
    // Integers, and an Int against a Real.
    BigInt m = draw(rng), n = draw(rng);
    Value p = Value::integer(m), q = Value::integer(n);
    Value isum = varith::add(p, q), idiff = varith::sub(p, q), iprod = varith::mul(p, q);
    Value iquot = varith::div(p, q), irem = varith::mod(p, q);
    for (const Value* v : {&isum, &idiff, &iprod, &iquot, &irem}) {
      REQUIRE(v->kind == Value::Kind::Int);
      REQUIRE(canonical(*v));
    }
    REQUIRE(isum.as_int() == m + n);
    REQUIRE(idiff.as_int() == m - n);
    REQUIRE(iprod.as_int() == m * n);
    REQUIRE(iquot.as_int() == arith::div_trunc(m, n));
    REQUIRE(irem.as_int() == arith::mod_trunc(m, n));
    REQUIRE(varith::compare(p, q) == cmp(Rational(m), Rational(n)));
    REQUIRE(varith::compare(p, x) == cmp(Rational(m), a));
    REQUIRE(varith::compare(x, p) == cmp(a, Rational(m)));
  }
  INFO("inline " << tiers[0] << ", wide " << tiers[1] << ", big " << tiers[2]);
  CHECK(tiers[0] > 1000);
  CHECK(tiers[1] > 1000);
  CHECK(tiers[2] > 1000);
}

TEST_CASE("value.wide: the tier's edges: INT128_MIN, overflow to BigInt, signs, reduction back inline") {
  wide::i128 out = 0;
  // 2^127 - 1 and its negation are wide; 2^127 and -2^127 (INT128_MIN) are not.
  CHECK(wide::from(kMax127, out));
  CHECK(wide::from(BigInt(-kMax127), out));
  CHECK(wide::integer(out).as_int() == -kMax127);
  CHECK_FALSE(wide::from(BigInt(kMax127 + 1), out));
  CHECK_FALSE(wide::from(BigInt(-kMax127 - 1), out));
  // A product that is exactly INT128_MIN is declined, and varith gives it exactly as a BigInt.
  wide::i128 two126 = static_cast<wide::i128>(1) << 126;
  CHECK_FALSE(wide::mul(-two126, 2, out));
  CHECK_FALSE(wide::add(-two126, -two126, out));
  CHECK(wide::add(-two126, -(two126 - 1), out));
  Value min = varith::mul(wide::integer(-two126), Value::integer(2));
  CHECK(min.as_int() == BigInt(-kMax127 - 1));
  wide::W unused;
  CHECK_FALSE(wide::from(min, unused));
  // ... and back into the tier, then inline, when results shrink.
  CHECK(varith::div(min, Value::integer(-4)).as_int() == BigInt(1) << 125);
  CHECK(varith::div(min, Value::integer(BigInt(1) << 100)) == Value::integer(-(std::int64_t{1} << 27)));
  CHECK(varith::mod(min, Value::integer(7)).as_int() == arith::mod_trunc(-kMax127 - 1, 7));
  // Division and remainder by zero are 0 in every tier.
  Value wide_int = varith::mul(Value::integer(kMax64), Value::integer(kMax64));
  CHECK_FALSE(wide_int.is_small());
  CHECK(varith::div(wide_int, Value::integer(0)) == Value::integer(0));
  CHECK(varith::mod(wide_int, Value::integer(0)) == Value::integer(0));
  Value wide_real = varith::div(Value::real(1), varith::to_real(wide_int));
  CHECK(wide::from(wide_real, unused));
  CHECK_FALSE(wide_real.is_small());
  CHECK(varith::div(wide_real, Value::real(0)) == Value::real(0));
  // Fractions: a denominator of 2^127 - 1 times 2 does not fit; the result is exact anyway.
  wide::W tiny{1, static_cast<wide::i128>(kMax127)}, half{1, 2}, r;
  CHECK_FALSE(wide::mul(tiny, half, r));
  Value t = wide::real(tiny);
  CHECK(varith::mul(t, Value::real(Rational(1, 2))).as_rational() == Rational(BigInt(1), kMax127 * 2));
  // A sum whose parts pass 64 bits and whose reduced form fits inline: the
  // tier reduces it and the Value goes back inline.
  wide::i128 big_d = static_cast<wide::i128>(1) << 70;
  wide::W p{(static_cast<wide::i128>(1) << 100) + 1, big_d}, q{(static_cast<wide::i128>(1) << 100) - 1, big_d};
  REQUIRE(wide::add(p, q, r));
  CHECK((r.n == (static_cast<wide::i128>(1) << 31) && r.d == 1));
  Value s = varith::add(wide::real(p), wide::real(q));
  CHECK(s.is_small());
  CHECK(s == Value::real(Rational(BigInt(1) << 31)));
  // Negative values and comparisons across the three tiers.
  Value small_neg = Value::real(Rational(-1, 3));                                // inline
  Value wide_neg = Value::real(Rational(-(BigInt(1) << 100), BigInt(3) << 98));  // -4/3 reduced: inline
  Value wide_neg2 = Value::real(Rational(-((BigInt(1) << 100) + 1), BigInt(3) << 98));  // wide
  Value big_neg = Value::real(Rational(-((BigInt(1) << 200) + 1), BigInt(3) << 198));   // beyond 127 bits
  CHECK(wide_neg.is_small());
  CHECK_FALSE(wide_neg2.is_small());
  CHECK(wide::from(wide_neg2, r));
  CHECK_FALSE(wide::from(big_neg, r));
  CHECK(varith::compare(small_neg, wide_neg2) == 1);
  CHECK(varith::compare(wide_neg2, small_neg) == -1);
  CHECK(varith::compare(wide_neg2, wide_neg) == -1);  // -(4 + 2^-98)/3 < -4/3
  CHECK(varith::compare(big_neg, wide_neg2) == 1);    // -(4 + 2^-198)/3 > -(4 + 2^-98)/3
  CHECK(varith::compare(big_neg, wide_neg2) == cmp(big_neg.as_rational(), wide_neg2.as_rational()));
  CHECK(varith::compare(wide_neg2, big_neg) == cmp(wide_neg2.as_rational(), big_neg.as_rational()));
  CHECK(varith::compare(Value::integer(-2), wide_neg2) == -1);
  CHECK(varith::compare(Value::integer(-1), wide_neg2) == 1);
  CHECK(varith::compare(wide::integer(-two126), wide_neg2) == -1);
  CHECK(varith::compare(varith::neg(wide_neg2), Value::integer(1)) == 1);
  // Equal numbers reached through different tiers have equal forms.
  Value via_wide = varith::sub(varith::add(small_neg, wide_neg2), wide_neg2);
  CHECK(via_wide == small_neg);
  CHECK(via_wide.is_small());
  Value via_big = varith::sub(varith::add(small_neg, big_neg), big_neg);
  CHECK(via_big == small_neg);
}

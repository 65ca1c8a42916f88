#include "dsl/value/value_arith.hpp"

#include "dsl/value/small_rational.hpp"
#include "dsl/value/wide_rational.hpp"

namespace bulwark::varith {

namespace {
using K = Value::Kind;
bool both_small(const Value& a, const Value& b) { return a.is_small() && b.is_small(); }
small::Q q_of(const Value& v) { return {v.n, v.d}; }

// One binary operation, by the first tier that can give the result: the
// inline 64-bit words, then 128-bit words (wide_rational), then cpp_int /
// cpp_rational. Whichever answers, the result is exact and canonical.
template <class IntFast, class QFast, class IntWide, class QWide, class IntSlow, class QSlow>
Value binary(const Value& a, const Value& b, IntFast int_fast, QFast q_fast, IntWide int_wide, QWide q_wide,
             IntSlow int_slow, QSlow q_slow) {
  if (a.kind == K::Real) {
    if (both_small(a, b)) {
      small::Q r;
      if (q_fast(q_of(a), q_of(b), r)) return Value::small_real(r.n, r.d);
    }
    wide::W x, y, r;
    if (wide::from(a, x) && wide::from(b, y) && q_wide(x, y, r)) return wide::real(r);
    return Value::real(q_slow(a.as_rational(), b.as_rational()));
  }
  if (both_small(a, b)) {
    std::int64_t r;
    if (int_fast(a.n, b.n, r)) return Value::integer(r);
  }
  wide::W x, y;
  wide::i128 r;
  if (wide::from(a, x) && wide::from(b, y) && int_wide(x.n, y.n, r)) return wide::integer(r);
  return Value::integer(int_slow(a.as_int(), b.as_int()));
}
}  // namespace

Value add(const Value& a, const Value& b) {
  return binary(
      a, b, [](std::int64_t x, std::int64_t y, std::int64_t& r) { return small::add(x, y, r); },
      [](const small::Q& x, const small::Q& y, small::Q& r) { return small::add(x, y, r); },
      [](wide::i128 x, wide::i128 y, wide::i128& r) { return wide::add(x, y, r); },
      [](const wide::W& x, const wide::W& y, wide::W& r) { return wide::add(x, y, r); },
      [](const BigInt& x, const BigInt& y) { return BigInt(x + y); },
      [](const Rational& x, const Rational& y) { return Rational(x + y); });
}

Value sub(const Value& a, const Value& b) {
  return binary(
      a, b, [](std::int64_t x, std::int64_t y, std::int64_t& r) { return small::sub(x, y, r); },
      [](const small::Q& x, const small::Q& y, small::Q& r) { return small::sub(x, y, r); },
      [](wide::i128 x, wide::i128 y, wide::i128& r) { return wide::sub(x, y, r); },
      [](const wide::W& x, const wide::W& y, wide::W& r) { return wide::sub(x, y, r); },
      [](const BigInt& x, const BigInt& y) { return BigInt(x - y); },
      [](const Rational& x, const Rational& y) { return Rational(x - y); });
}

Value mul(const Value& a, const Value& b) {
  return binary(
      a, b, [](std::int64_t x, std::int64_t y, std::int64_t& r) { return small::mul(x, y, r); },
      [](const small::Q& x, const small::Q& y, small::Q& r) { return small::mul(x, y, r); },
      [](wide::i128 x, wide::i128 y, wide::i128& r) { return wide::mul(x, y, r); },
      [](const wide::W& x, const wide::W& y, wide::W& r) { return wide::mul(x, y, r); },
      [](const BigInt& x, const BigInt& y) { return BigInt(x * y); },
      [](const Rational& x, const Rational& y) { return Rational(x * y); });
}

Value div(const Value& a, const Value& b) {
  return binary(
      a, b,
      [](std::int64_t x, std::int64_t y, std::int64_t& r) {
        r = y == 0 ? 0 : x / y;  // truncates toward zero; no overflow: INT64_MIN is never inline
        return true;
      },
      [](const small::Q& x, const small::Q& y, small::Q& r) { return small::div(x, y, r); },
      [](wide::i128 x, wide::i128 y, wide::i128& r) {
        r = y == 0 ? 0 : x / y;  // no overflow: INT128_MIN is never a wide value
        return true;
      },
      [](const wide::W& x, const wide::W& y, wide::W& r) { return wide::div(x, y, r); },
      [](const BigInt& x, const BigInt& y) { return arith::div_trunc(x, y); },
      [](const Rational& x, const Rational& y) { return y == 0 ? Rational(0) : Rational(x / y); });
}

Value mod(const Value& a, const Value& b) {
  if (both_small(a, b)) return Value::integer(b.n == 0 ? 0 : a.n % b.n);  // sign of the dividend
  wide::W x, y;
  if (wide::from(a, x) && wide::from(b, y)) return wide::integer(y.n == 0 ? 0 : x.n % y.n);
  return Value::integer(arith::mod_trunc(a.as_int(), b.as_int()));
}

Value neg(const Value& a) {
  if (a.is_small()) return a.kind == K::Real ? Value::small_real(-a.n, a.d) : Value::integer(-a.n);
  return a.kind == K::Real ? Value::real(small::negated(a.big->q)) : Value::integer(BigInt(-a.big->i));
}

int sign(const Value& a) {
  if (a.is_small()) return a.n < 0 ? -1 : a.n > 0 ? 1 : 0;
  return a.kind == K::Real ? small::sign(a.big->q) : a.big->i.sign();
}

Value abs(const Value& a) { return sign(a) < 0 ? neg(a) : a; }

int compare(const Value& a, const Value& b) {
  bool ra = a.kind == K::Real, rb = b.kind == K::Real;
  if (both_small(a, b)) {
    if (ra && rb) return small::compare(q_of(a), q_of(b));
    if (!ra && !rb) return a.n < b.n ? -1 : b.n < a.n ? 1 : 0;
  }
  // An Int reads as n/1, so this also compares an Int with a Real.
  wide::W x, y;
  if (wide::from(a, x) && wide::from(b, y)) return wide::compare(x, y);
  if (!ra && !rb) return small::compare(a.as_int(), b.as_int());
  return small::compare(a.as_rational(), b.as_rational());
}

Value floor(const Value& a) {
  if (a.kind != K::Real) return Value::integer(a.as_int());
  if (a.is_small()) {
    std::int64_t t = a.n / a.d;  // d > 0: truncation, then down for a negative fraction
    return Value::integer(a.n % a.d != 0 && a.n < 0 ? t - 1 : t);
  }
  return Value::integer(arith::floor(a.big->q));
}

Value ceil(const Value& a) {
  if (a.kind != K::Real) return Value::integer(a.as_int());
  if (a.is_small()) {
    std::int64_t t = a.n / a.d;
    return Value::integer(a.n % a.d != 0 && a.n > 0 ? t + 1 : t);
  }
  return Value::integer(arith::ceil(a.big->q));
}

Value to_real(const Value& a) {
  if (a.kind == K::Real) return a;
  if (a.is_small()) return Value::small_real(a.n, 1);
  return Value::real(Rational(a.big->i));
}

}  // namespace bulwark::varith

#include "dsl/value/wide_rational.hpp"

#include <limits>
#include <memory>
#include <utility>

#include "dsl/value/binary_gcd.hpp"
#include "dsl/value/small_rational.hpp"

namespace bulwark::wide {

namespace {

using u128 = unsigned __int128;
constexpr i128 kMin = static_cast<i128>(static_cast<u128>(1) << 127);  // INT128_MIN: never a W part
constexpr std::int64_t kMax64 = std::numeric_limits<std::int64_t>::max();

static_assert(sizeof(boost::multiprecision::limb_type) == 8, "cpp_int limbs are read as 64-bit words");

u128 magnitude(i128 x) { return x < 0 ? -static_cast<u128>(x) : static_cast<u128>(x); }

// Checked operations; INT128_MIN counts as overflow (see W).
bool checked_add(i128 a, i128 b, i128& r) { return !__builtin_add_overflow(a, b, &r) && r != kMin; }
bool checked_mul(i128 a, i128 b, i128& r) { return !__builtin_mul_overflow(a, b, &r) && r != kMin; }

// Euclid with 128-bit remainders while both are wide (each step a libgcc
// division, far fewer steps than a 128-bit binary gcd), then the 64-bit
// binary gcd; often one operand is small and the loop never runs.
u128 gcd(u128 a, u128 b) {
  if (a == 1 || b == 1) return 1;
  if (a < b) std::swap(a, b);
  while ((b >> 64) != 0) {
    u128 r = a % b;
    a = b;
    b = r;
  }
  if (b == 0) return a;
  auto small_b = static_cast<std::uint64_t>(b);
  return fastgcd::binary_gcd(small_b, static_cast<std::uint64_t>(a % small_b));
}

// a * b as 256 bits (hi, lo).
struct U256 {
  u128 hi, lo;
};
U256 wide_mul(u128 a, u128 b) {
  constexpr u128 mask = (static_cast<u128>(1) << 64) - 1;
  u128 a0 = a & mask, a1 = a >> 64, b0 = b & mask, b1 = b >> 64;
  u128 p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
  u128 mid = (p00 >> 64) + (p01 & mask) + (p10 & mask);  // < 3 * 2^64: no overflow
  return {p11 + (p01 >> 64) + (p10 >> 64) + (mid >> 64), (p00 & mask) | (mid << 64)};
}

BigInt to_big(i128 v) {
  u128 m = magnitude(v);
  BigInt r;
  auto& b = r.backend();
  // Up to two limbs live inside the cpp_int: no allocation.
  unsigned size = (m >> 64) != 0 ? 2 : 1;
  b.resize(size, size);
  b.limbs()[0] = static_cast<boost::multiprecision::limb_type>(m);
  if (size == 2) b.limbs()[1] = static_cast<boost::multiprecision::limb_type>(m >> 64);
  b.normalize();
  b.sign(v < 0);
  return r;
}

bool fits64(i128 v) { return v <= kMax64 && v >= -kMax64; }

}  // namespace

bool from(const BigInt& i, i128& out) {
  const auto& b = i.backend();
  if (b.size() > 2) return false;
  u128 m = b.limbs()[0];
  if (b.size() == 2) m |= static_cast<u128>(b.limbs()[1]) << 64;
  if ((m >> 127) != 0) return false;
  out = b.sign() ? -static_cast<i128>(m) : static_cast<i128>(m);
  return true;
}

bool from(const Value& v, W& out) {
  if (v.kind == Value::Kind::Real) {
    if (v.is_small()) {
      out = {v.n, v.d};
      return true;
    }
    const auto& r = v.big->q.backend().data();
    return from(r.numerator(), out.n) && from(r.denominator(), out.d);
  }
  out.d = 1;
  if (v.is_small()) {
    out.n = v.n;
    return true;
  }
  return from(v.big->i, out.n);
}

Value real(const W& w) {
  if (fits64(w.n) && w.d <= kMax64)
    return Value::small_real(static_cast<std::int64_t>(w.n), static_cast<std::int64_t>(w.d));
  Value out;
  out.kind = Value::Kind::Real;
  out.big = std::make_shared<const Value::Big>(Value::Big{{}, small::reduced(to_big(w.n), to_big(w.d))});
  return out;
}

Value integer(i128 v) {
  if (fits64(v)) return Value::integer(static_cast<std::int64_t>(v));
  Value out;
  out.kind = Value::Kind::Int;
  out.big = std::make_shared<const Value::Big>(Value::Big{to_big(v), {}});
  return out;
}

bool add(i128 a, i128 b, i128& out) { return checked_add(a, b, out); }
bool sub(i128 a, i128 b, i128& out) { return checked_add(a, -b, out); }  // -b: never INT128_MIN
bool mul(i128 a, i128 b, i128& out) { return checked_mul(a, b, out); }

// Knuth, TAOCP 4.5.1: with g = gcd(a.d, b.d), t = a.n (b.d/g) + b.n (a.d/g)
// and g2 = gcd(t, g), the sum is (t/g2) / ((a.d/g) (b.d/g2)), already reduced;
// its intermediates are smaller than the plain cross products.
bool add(const W& a, const W& b, W& out) {
  u128 g = gcd(static_cast<u128>(a.d), static_cast<u128>(b.d));
  auto g_ = static_cast<i128>(g);
  i128 ad = a.d / g_, bd = b.d / g_, l, r, t;
  if (!checked_mul(a.n, bd, l) || !checked_mul(b.n, ad, r) || !checked_add(l, r, t)) return false;
  if (t == 0) {
    out = {0, 1};
    return true;
  }
  auto g2 = static_cast<i128>(g == 1 ? 1 : gcd(magnitude(t), g));
  i128 d;
  if (!checked_mul(ad, b.d / g2, d)) return false;
  out = {t / g2, d};
  return true;
}

bool sub(const W& a, const W& b, W& out) { return add(a, W{-b.n, b.d}, out); }  // -b.n: never INT128_MIN

bool mul(const W& a, const W& b, W& out) {
  if (a.n == 0 || b.n == 0) {
    out = {0, 1};
    return true;
  }
  // Cross-reduction: a.n is coprime to a.d and b.n to b.d, so after dividing
  // out gcd(a.n, b.d) and gcd(b.n, a.d) the product is reduced.
  auto g1 = static_cast<i128>(gcd(magnitude(a.n), static_cast<u128>(b.d)));
  auto g2 = static_cast<i128>(gcd(magnitude(b.n), static_cast<u128>(a.d)));
  i128 n, d;
  if (!checked_mul(a.n / g1, b.n / g2, n) || !checked_mul(a.d / g2, b.d / g1, d)) return false;
  out = {n, d};
  return true;
}

bool div(const W& a, const W& b, W& out) {
  if (b.n == 0) {
    out = {0, 1};
    return true;
  }
  // a times the reciprocal of b, which is reduced too (the sign moved up).
  return mul(a, b.n < 0 ? W{-b.d, -b.n} : W{b.d, b.n}, out);
}

int compare(const W& a, const W& b) {
  int sa = a.n < 0 ? -1 : a.n > 0 ? 1 : 0, sb = b.n < 0 ? -1 : b.n > 0 ? 1 : 0;
  if (sa != sb) return sa < sb ? -1 : 1;
  if (sa == 0) return 0;
  if (a.d == b.d) return a.n < b.n ? -1 : b.n < a.n ? 1 : 0;
  // Same sign: compare |a.n| b.d with |b.n| a.d, then flip for negatives.
  U256 l = wide_mul(magnitude(a.n), static_cast<u128>(b.d)), r = wide_mul(magnitude(b.n), static_cast<u128>(a.d));
  int c = l.hi != r.hi ? (l.hi < r.hi ? -1 : 1) : l.lo != r.lo ? (l.lo < r.lo ? -1 : 1) : 0;
  return sa > 0 ? c : -c;
}

}  // namespace bulwark::wide

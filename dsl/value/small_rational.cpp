#include "dsl/value/small_rational.hpp"

#include "dsl/value/binary_gcd.hpp"

#include <limits>
#include <type_traits>
#include <utility>

namespace bulwark::small {

namespace {

using i128 = __int128;
using u128 = unsigned __int128;
constexpr std::uint64_t kMax = std::numeric_limits<std::int64_t>::max();

using fastgcd::binary_gcd;

u128 magnitude(i128 x) { return x < 0 ? -static_cast<u128>(x) : static_cast<u128>(x); }

// n/d (d != 0, |n| and |d| < 2^127) reduced into `out`, if it fits.
bool reduce(i128 n, i128 d, Q& out) {
  if (n == 0) {
    out = {0, 1};
    return true;
  }
  bool negative = (n < 0) != (d < 0);
  u128 un = magnitude(n), ud = magnitude(d);
  // Whole numbers (denominator 1) are common and need no gcd.
  if (ud != 1) {
    if ((un >> 64) == 0 && (ud >> 64) == 0) {
      // 64-bit gcd and divisions: a 128-bit division is a libgcc call.
      auto a = static_cast<std::uint64_t>(un), b = static_cast<std::uint64_t>(ud);
      std::uint64_t g = binary_gcd(a, b);
      if (g != 1) un = a / g, ud = b / g;
    } else {
      u128 g = binary_gcd(un, ud);
      if (g != 1) un /= g, ud /= g;
    }
  }
  if (un > kMax || ud > kMax) return false;
  auto sn = static_cast<std::int64_t>(un);
  out = {negative ? -sn : sn, static_cast<std::int64_t>(ud)};
  return true;
}

// n/d already in lowest terms with d > 0, if it fits.
bool fit(i128 n, i128 d, Q& out) {
  if (n > static_cast<i128>(kMax) || n < -static_cast<i128>(kMax) || d > static_cast<i128>(kMax)) return false;
  out = {static_cast<std::int64_t>(n), static_cast<std::int64_t>(d)};
  return true;
}

std::uint64_t magnitude64(std::int64_t x) { return x < 0 ? -static_cast<std::uint64_t>(x) : static_cast<std::uint64_t>(x); }

// gcd of two 64-bit magnitudes, with the common cases (a 1, equal) first.
std::uint64_t gcd64(std::uint64_t a, std::uint64_t b) {
  if (a == 1 || b == 1) return 1;
  if (a == b) return a;
  return binary_gcd(a, b);
}

bool fits(std::int64_t v) { return v != std::numeric_limits<std::int64_t>::min(); }

// boost::rational normalises (a gcd and two big divisions) on every
// construction from a numerator and a denominator, and keeps both private. A
// Q is already reduced with a positive denominator, so to_rational writes
// them directly; normalising again was a sixth of a simulation's time. An
// explicit instantiation may name private members ([temp.spec.general]/6),
// which is how the member pointers are obtained.
using BoostRational = std::remove_cvref_t<decltype(std::declval<Rational&>().backend().data())>;
using BoostInt = BoostRational::int_type;
using Member = BoostInt BoostRational::*;
struct NumTag {};
struct DenTag {};
template <class Tag, Member M>
struct Expose {
  friend Member member(Tag) { return M; }
};
Member member(NumTag);
Member member(DenTag);
template struct Expose<NumTag, &BoostRational::num>;
template struct Expose<DenTag, &BoostRational::den>;

}  // namespace

bool from(const BigInt& i, std::int64_t& out) {
  const auto& b = i.backend();
  if (b.size() != 1) return false;
  std::uint64_t limb = *b.limbs();
  if (limb > kMax) return false;
  out = b.sign() ? -static_cast<std::int64_t>(limb) : static_cast<std::int64_t>(limb);
  return true;
}

bool from(const Rational& q, Q& out) {
  const auto& r = q.backend().data();
  return from(r.numerator(), out.n) && from(r.denominator(), out.d);
}

Rational reduced(BigInt n, BigInt d) {
  Rational r;
  BoostRational& b = r.backend().data();
  b.*member(NumTag{}) = std::move(n);
  b.*member(DenTag{}) = std::move(d);
  return r;
}

Rational to_rational(const Q& q) {
  Rational r;
  BoostRational& b = r.backend().data();
  b.*member(NumTag{}) = q.n;
  b.*member(DenTag{}) = q.d;
  return r;
}

bool add(std::int64_t a, std::int64_t b, std::int64_t& out) { return !__builtin_add_overflow(a, b, &out) && fits(out); }
bool sub(std::int64_t a, std::int64_t b, std::int64_t& out) { return !__builtin_sub_overflow(a, b, &out) && fits(out); }
bool mul(std::int64_t a, std::int64_t b, std::int64_t& out) { return !__builtin_mul_overflow(a, b, &out) && fits(out); }

// a and b are reduced, so the sums and products below need a gcd only in
// part (Knuth, TAOCP 4.5.1): the result is the same reduced fraction that
// reducing the plain cross products gives, with less work.
bool add(const Q& a, const Q& b, Q& out) {
  if (a.d == b.d) return reduce(static_cast<i128>(a.n) + b.n, a.d, out);
  i128 n = static_cast<i128>(a.n) * b.d + static_cast<i128>(b.n) * a.d, d = static_cast<i128>(a.d) * b.d;
  // Coprime denominators (one of them 1 included): no prime of a.d divides
  // a.n * b.d, so none divides the numerator; the same for b.d.
  if (gcd64(static_cast<std::uint64_t>(a.d), static_cast<std::uint64_t>(b.d)) == 1) return fit(n, d, out);
  return reduce(n, d, out);
}

bool sub(const Q& a, const Q& b, Q& out) { return add(a, Q{-b.n, b.d}, out); }  // -b.n: never INT64_MIN

bool mul(const Q& a, const Q& b, Q& out) {
  if (a.n == 0 || b.n == 0) {
    out = {0, 1};
    return true;
  }
  // Cross-reduction: a.n shares no factor with a.d, nor b.n with b.d, so after
  // dividing out gcd(a.n, b.d) and gcd(b.n, a.d) the product is reduced.
  auto g1 = static_cast<std::int64_t>(gcd64(magnitude64(a.n), static_cast<std::uint64_t>(b.d)));
  auto g2 = static_cast<std::int64_t>(gcd64(magnitude64(b.n), static_cast<std::uint64_t>(a.d)));
  return fit(static_cast<i128>(a.n / g1) * (b.n / g2), static_cast<i128>(a.d / g2) * (b.d / g1), out);
}

bool div(const Q& a, const Q& b, Q& out) {
  if (b.n == 0) {
    out = {0, 1};
    return true;
  }
  // a times the reciprocal of b, which is reduced too (sign moved up).
  return mul(a, b.n < 0 ? Q{-b.d, -b.n} : Q{b.d, b.n}, out);
}

int compare(const Q& a, const Q& b) {
  if (a.d == b.d) return a.n < b.n ? -1 : b.n < a.n ? 1 : 0;
  i128 l = static_cast<i128>(a.n) * b.d, r = static_cast<i128>(b.n) * a.d;
  return l < r ? -1 : r < l ? 1 : 0;
}

int compare(const Rational& a, const Rational& b) {
  Q x, y;
  if (from(a, x) && from(b, y)) return compare(x, y);
  // Cross-multiplication (denominators are positive) is much cheaper than
  // boost::rational's division-based ordering.
  const auto &p = a.backend().data(), &q = b.backend().data();
  BigInt l = p.numerator() * q.denominator(), r = q.numerator() * p.denominator();
  return l < r ? -1 : r < l ? 1 : 0;
}
Rational negated(const Rational& a) {
  Rational r = a;
  BoostRational& b = r.backend().data();
  (b.*member(NumTag{})).backend().negate();
  return r;
}
int sign(const Rational& a) { return a.backend().data().numerator().sign(); }

int compare(const BigInt& a, const BigInt& b) {
  std::int64_t x, y;
  if (from(a, x) && from(b, y)) return x < y ? -1 : y < x ? 1 : 0;
  return a < b ? -1 : b < a ? 1 : 0;
}

}  // namespace bulwark::small

// A fast path for the interpreter's arithmetic: integers and fractions whose
// numerator and denominator fit in 64 bits, computed with 128-bit products and
// a binary gcd instead of cpp_int's heap limbs and repeated normalisation.
// Every operation either gives the exact result (reduced, denominator > 0) or
// says it does not fit, and then the caller tries the 128-bit tier
// (wide_rational) and then the big numbers (BigInt / Rational); so the fast
// path never changes a result, it only skips work. tests/dsl/value/
// small_rational_test.cpp checks it against the big path on random operands,
// many of them near the 64-bit limits.
#pragma once
#include <cstdint>

#include "dsl/value/value.hpp"

namespace bulwark::small {

// n/d with d > 0 and gcd(|n|, d) == 1; both magnitudes < 2^63 (INT64_MIN is
// never used, so negation and 128-bit sums of two products cannot overflow).
struct Q {
  std::int64_t n = 0;
  std::int64_t d = 1;
};

// Reads a big value into the small form when it fits.
bool from(const BigInt& i, std::int64_t& out);
bool from(const Rational& q, Q& out);
Rational to_rational(const Q& q);
// n/d already in lowest terms with d > 0, written without normalising again
// (boost::rational would take a gcd and two divisions).
Rational reduced(BigInt n, BigInt d);

// Integers: false on overflow (`out` is then unspecified).
bool add(std::int64_t a, std::int64_t b, std::int64_t& out);
bool sub(std::int64_t a, std::int64_t b, std::int64_t& out);
bool mul(std::int64_t a, std::int64_t b, std::int64_t& out);

// Fractions: false when the reduced result does not fit. `div` by zero gives 0,
// as the interpreter's division does.
bool add(const Q& a, const Q& b, Q& out);
bool sub(const Q& a, const Q& b, Q& out);
bool mul(const Q& a, const Q& b, Q& out);
bool div(const Q& a, const Q& b, Q& out);
// Always exact: -1, 0 or 1.
int compare(const Q& a, const Q& b);

// Exact comparisons of big values, through the fast path when both fit.
int compare(const Rational& a, const Rational& b);
// -a and the sign of a, without boost::rational's renormalisation.
Rational negated(const Rational& a);
int sign(const Rational& a);
int compare(const BigInt& a, const BigInt& b);

}  // namespace bulwark::small

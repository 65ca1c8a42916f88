// The 128-bit middle tier of the interpreter's arithmetic, between the
// 64-bit inline form (small_rational) and cpp_int / cpp_rational. Fees that
// compound (cdp's `tab += tab * FEE`, 21/20 a drip) and prices with 10^-6
// steps outgrow 64 bits within a few steps but mostly stay within 127: there
// these operations use __int128 words and a gcd on machine words instead of
// cpp_int's limb loops and boost::rational's normalisation. Like the 64-bit
// path, an operation either gives the exact result (reduced, denominator > 0)
// or says it does not fit, and then the caller takes the cpp_rational path:
// the tier never changes a result, it only skips work. Tested against
// cpp_rational in tests/dsl/value/wide_rational_test.cpp.
#pragma once
#include "dsl/value/value.hpp"

namespace bulwark::wide {

using i128 = __int128;

// n/d with d > 0 and gcd(|n|, d) == 1; both magnitudes < 2^127 (INT128_MIN
// is never used, so negation and magnitudes cannot overflow).
struct W {
  i128 n = 0;
  i128 d = 1;
};

// A number Value (an Int reads as n/1), inline or big, when it fits.
bool from(const Value& v, W& out);
bool from(const BigInt& i, i128& out);
// Canonical Values: inline when the result fits in 64 bits, else big.
Value real(const W& w);
Value integer(i128 v);

// Integers: false when the result does not fit.
bool add(i128 a, i128 b, i128& out);
bool sub(i128 a, i128 b, i128& out);
bool mul(i128 a, i128 b, i128& out);
// Fractions: false when the reduced result (or, for + and -, an
// intermediate of Knuth's algorithm) does not fit. `div` by zero gives 0.
bool add(const W& a, const W& b, W& out);
bool sub(const W& a, const W& b, W& out);
bool mul(const W& a, const W& b, W& out);
bool div(const W& a, const W& b, W& out);
// Always exact (the cross products are compared in 256 bits): -1, 0 or 1.
int compare(const W& a, const W& b);

}  // namespace bulwark::wide

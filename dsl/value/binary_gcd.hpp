// The binary (Stein) gcd on 64- and 128-bit magnitudes, shared by the 64-bit
// (small_rational) and 128-bit (wide_rational) fast paths of the interpreter's
// arithmetic. Internal to dsl/value.
#pragma once
#include <cstdint>
#include <utility>

namespace bulwark::fastgcd {

using u128 = unsigned __int128;

inline int ctz(std::uint64_t x) { return __builtin_ctzll(x); }
inline int ctz(u128 x) {
  auto lo = static_cast<std::uint64_t>(x);
  return lo != 0 ? __builtin_ctzll(lo) : 64 + __builtin_ctzll(static_cast<std::uint64_t>(x >> 64));
}

// Shifts and subtractions, no division.
template <class U>
U binary_gcd(U a, U b) {
  if (a == 0) return b;
  if (b == 0) return a;
  int shift = ctz(a | b);
  a >>= ctz(a);
  do {
    b >>= ctz(b);
    if (a > b) std::swap(a, b);
    b -= a;
  } while (b != 0);
  return a << shift;
}

}  // namespace bulwark::fastgcd

// The simplest rational strictly between two others: where searches over
// exact values probe first (attack's and tune's bisections), and the value a
// solver's irrational model value is rounded to (solver/smt/z3_backend.cpp).
// Header-only: the value layer's library needs no new source for it.
#pragma once
#include "dsl/value/value.hpp"

namespace bulwark::arith {

// The rational with the smallest denominator strictly between a and b (a < b),
// by the Stern-Brocot descent. Optima and edges of specs are often simple
// numbers (0, a whole amount, a half): trying the simplest value in an
// interval lands on them exactly where halving only approaches them.
inline Rational simplest_between(Rational a, Rational b) {
  if (a >= b) return a;
  if (b <= 0) return -simplest_between(-b, -a);
  if (a < 0) return 0;
  BigInt fl = floor(a);
  if (Rational(fl + 1) < b) return Rational(fl + 1);
  // a and b share the whole part: recurse on the reciprocals of the fractional parts.
  Rational fa = a - Rational(fl), fb = b - Rational(fl);
  if (fa == 0) return Rational(fl) + Rational(1) / Rational(floor(Rational(1) / fb) + 1);
  return Rational(fl) + Rational(1) / simplest_between(Rational(1) / fb, Rational(1) / fa);
}

}  // namespace bulwark::arith

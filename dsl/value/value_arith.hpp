// The interpreter's arithmetic on Values, in three tiers: the inline 64-bit
// form with 128-bit products (dsl/value/small_rational), then 128-bit words
// with 256-bit comparisons (dsl/value/wide_rational) when an operand or the
// result outgrows 64 bits, and cpp_int / cpp_rational only beyond 127 bits.
// The result is always exact and in canonical form (inline exactly when it
// fits), so a result never depends on which tier computed it; tests/dsl/value/
// small_rational_test.cpp and wide_rational_test.cpp check these against
// cpp_rational on random operands.
#pragma once
#include "dsl/value/value.hpp"

namespace bulwark::varith {

// Operands of + - * / % have the same kind, Int or Real (lowering widens
// explicitly). Division by zero gives 0 (the caller reports it as a property);
// on Int, / truncates toward zero and % takes the dividend's sign.
Value add(const Value& a, const Value& b);
Value sub(const Value& a, const Value& b);
Value mul(const Value& a, const Value& b);
Value div(const Value& a, const Value& b);
Value mod(const Value& a, const Value& b);
Value neg(const Value& a);
Value abs(const Value& a);
// -1, 0 or 1; an Int and a Real compare as rationals.
int compare(const Value& a, const Value& b);
int sign(const Value& a);
Value floor(const Value& a);  // an Int
Value ceil(const Value& a);   // an Int
Value to_real(const Value& a);

}  // namespace bulwark::varith

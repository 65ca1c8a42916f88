// Exact values: unbounded integers and rationals (Boost.Multiprecision), booleans
// and elements of finite sorts. Used by constant folding and by the
// interpreter; the SMT encoding never uses this file.
#pragma once
#include <boost/multiprecision/cpp_int.hpp>
#include <string>

namespace bulwark {

using BigInt = boost::multiprecision::cpp_int;
using Rational = boost::multiprecision::cpp_rational;

// Exact equality of two rationals. Both are normalised (reduced, positive
// denominator), so equal means equal numerators and denominators;
// cpp_rational's own `==` orders them with two division-based comparisons.
inline bool equal(const Rational& a, const Rational& b) {
  const auto &x = a.backend().data(), &y = b.backend().data();
  return x.numerator() == y.numerator() && x.denominator() == y.denominator();
}

struct Value {
  enum class Kind : std::uint8_t { Bool, Int, Real, Enum };
  Kind kind = Kind::Int;
  BigInt i;    // Bool (0/1), Int, Enum (element index)
  Rational q;  // Real

  static Value boolean(bool b) { return {Kind::Bool, b ? 1 : 0, {}}; }
  static Value integer(BigInt v) { return {Kind::Int, std::move(v), {}}; }
  static Value real(Rational v) { return {Kind::Real, 0, std::move(v)}; }
  static Value element(int index) { return {Kind::Enum, index, {}}; }

  bool as_bool() const { return i != 0; }
  int as_enum() const { return static_cast<int>(i); }
  Rational as_rational() const { return kind == Kind::Real ? q : Rational(i); }
  bool operator==(const Value& o) const { return kind == o.kind && (kind == Kind::Real ? equal(q, o.q) : i == o.i); }
};

// Decimal digits with an optional leading '-', exactly (never octal).
BigInt parse_integer(const std::string& text);
// Parses the digits of an integer or decimal literal ("0.75" -> 3/4) exactly.
Value parse_literal(const std::string& digits);

namespace arith {
// Integer division truncates toward zero and `%` follows it (sign of the dividend),
// as Solidity does. Division by zero yields 0: the caller reports it as a property.
BigInt div_trunc(const BigInt& a, const BigInt& b);
BigInt mod_trunc(const BigInt& a, const BigInt& b);
BigInt floor(const Rational& q);
BigInt ceil(const Rational& q);
BigInt mul_div_down(const BigInt& a, const BigInt& b, const BigInt& c);
BigInt mul_div_up(const BigInt& a, const BigInt& b, const BigInt& c);
}  // namespace arith

// Exact text: integers in full, rationals as decimals when the expansion is
// finite and short, otherwise as `p/q`.
std::string to_string(const Rational& q);
std::string to_string(const Value& v);  // Enum values print as `#k`; callers with sort names print them

}  // namespace bulwark

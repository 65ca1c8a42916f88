// Exact values: unbounded integers and rationals (Boost.Multiprecision), booleans
// and elements of finite sorts. Used by constant folding and by the
// interpreter; the SMT encoding never uses this file.
#pragma once
#include <boost/multiprecision/cpp_int.hpp>
#include <cstdint>
#include <memory>
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

// A number that fits in 64 bits is held inline (`n`, or `n/d` for a real),
// and only a larger one in a shared, immutable big form: copying a Value is a
// few words, and the interpreter's arithmetic (dsl/value/value_arith) works on
// the inline words without touching cpp_int. The form is canonical: a number
// is inline exactly when it fits (|n| and d at most INT64_MAX, never
// INT64_MIN), so equal numbers have equal forms. Read numbers with as_int() /
// as_rational(), which give the exact value in either form.
struct Value {
  enum class Kind : std::uint8_t { Bool, Int, Real, Enum };
  struct Big {
    BigInt i;    // Int
    Rational q;  // Real
  };
  Kind kind = Kind::Int;
  std::int64_t n = 0;  // inline form: Bool (0/1), Int, Enum (element index), or a real's numerator
  std::int64_t d = 1;  // inline form: a real's denominator (> 0, coprime to n); 1 otherwise
  std::shared_ptr<const Big> big;  // the number when it does not fit inline

  static Value boolean(bool b) { return inline_int(Kind::Bool, b ? 1 : 0); }
  static Value integer(std::int64_t v);
  static Value integer(const BigInt& v);
  static Value real(const Rational& v);
  static Value element(int index) { return inline_int(Kind::Enum, index); }
  // An inline real: the caller guarantees d > 0, gcd(|n|, d) == 1, n != INT64_MIN.
  static Value small_real(std::int64_t num, std::int64_t den) {
    Value v;
    v.kind = Kind::Real;
    v.n = num;
    v.d = den;
    return v;
  }

  bool is_small() const { return !big; }
  bool as_bool() const { return n != 0; }
  int as_enum() const { return static_cast<int>(n); }
  BigInt as_int() const { return big ? big->i : BigInt(n); }
  Rational as_rational() const;
  bool operator==(const Value& o) const {
    if (kind != o.kind) return false;
    if (!big && !o.big) return n == o.n && d == o.d;
    if (!big || !o.big) return false;  // canonical forms: one fits, the other does not
    return kind == Kind::Real ? equal(big->q, o.big->q) : big->i == o.big->i;
  }

 private:
  static Value inline_int(Kind k, std::int64_t v) {
    Value out;
    out.kind = k;
    out.n = v;
    return out;
  }
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

#include "dsl/value/value.hpp"

#include "dsl/value/small_rational.hpp"

#include <limits>

namespace bulwark {

Value Value::integer(std::int64_t v) {
  if (v == std::numeric_limits<std::int64_t>::min()) return integer(BigInt(v));  // INT64_MIN is never inline
  return inline_int(Kind::Int, v);
}

Value Value::integer(const BigInt& v) {
  std::int64_t s;
  if (small::from(v, s)) return inline_int(Kind::Int, s);
  Value out;
  out.kind = Kind::Int;
  out.big = std::make_shared<const Big>(Big{v, {}});
  return out;
}

Value Value::real(const Rational& v) {
  small::Q s;
  if (small::from(v, s)) return small_real(s.n, s.d);
  Value out;
  out.kind = Kind::Real;
  out.big = std::make_shared<const Big>(Big{{}, v});
  return out;
}

Rational Value::as_rational() const {
  if (kind == Kind::Real) return big ? big->q : small::to_rational({n, d});
  return big ? Rational(big->i) : Rational(n);
}

// cpp_int reads a leading 0 as octal ("010" == 8): literals are always decimal.
BigInt parse_integer(const std::string& text) {
  bool neg = !text.empty() && text[0] == '-';
  std::string digits = neg ? text.substr(1) : text;
  auto nz = digits.find_first_not_of('0');
  BigInt v = nz == std::string::npos ? BigInt(0) : BigInt(digits.substr(nz));
  return neg ? BigInt(-v) : v;
}

Value parse_literal(const std::string& digits) {
  auto dot = digits.find('.');
  if (dot == std::string::npos) return Value::integer(parse_integer(digits));
  std::string whole = digits.substr(0, dot), frac = digits.substr(dot + 1);
  BigInt num = parse_integer(whole + frac);
  BigInt den = boost::multiprecision::pow(BigInt(10), static_cast<unsigned>(frac.size()));
  return Value::real(Rational(num, den));
}

namespace arith {

BigInt div_trunc(const BigInt& a, const BigInt& b) {
  if (b == 0) return 0;
  return a / b;  // cpp_int division truncates toward zero
}

BigInt mod_trunc(const BigInt& a, const BigInt& b) {
  if (b == 0) return 0;
  return a % b;  // sign follows the dividend, consistent with div_trunc
}

BigInt floor(const Rational& q) {
  BigInt n = numerator(q), d = denominator(q);  // d > 0
  BigInt t = n / d;
  if (n < 0 && t * d != n) t -= 1;
  return t;
}

BigInt ceil(const Rational& q) {
  BigInt n = numerator(q), d = denominator(q);
  BigInt t = n / d;
  if (n > 0 && t * d != n) t += 1;
  return t;
}

BigInt mul_div_down(const BigInt& a, const BigInt& b, const BigInt& c) {
  if (c == 0) return 0;
  return floor(Rational(a * b, c));
}

BigInt mul_div_up(const BigInt& a, const BigInt& b, const BigInt& c) {
  if (c == 0) return 0;
  return ceil(Rational(a * b, c));
}

}  // namespace arith

std::string to_string(const Rational& q) {
  BigInt n = numerator(q), d = denominator(q);
  if (d == 1) return n.str();
  // A finite decimal exists iff d has no prime factors other than 2 and 5.
  BigInt rest = d;
  unsigned twos = 0, fives = 0;
  while (rest % 2 == 0) rest /= 2, ++twos;
  while (rest % 5 == 0) rest /= 5, ++fives;
  unsigned places = std::max(twos, fives);
  if (rest != 1 || places > 12) return n.str() + "/" + d.str();
  BigInt scaled = abs(n) * boost::multiprecision::pow(BigInt(10), places) / d;
  std::string digits = scaled.str();
  if (digits.size() <= places) digits = std::string(places - digits.size() + 1, '0') + digits;
  std::string out = digits.substr(0, digits.size() - places) + "." + digits.substr(digits.size() - places);
  return (n < 0 ? "-" : "") + out;
}

std::string to_string(const Value& v) {
  switch (v.kind) {
    case Value::Kind::Bool: return v.as_bool() ? "true" : "false";
    case Value::Kind::Int: return v.big ? v.big->i.str() : std::to_string(v.n);
    case Value::Kind::Real: return to_string(v.as_rational());
    case Value::Kind::Enum: return "#" + std::to_string(v.n);
  }
  return "?";
}

}  // namespace bulwark

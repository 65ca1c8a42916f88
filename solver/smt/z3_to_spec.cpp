#include "solver/smt/z3_to_spec.hpp"

#include <fmt/format.h>

#include <boost/multiprecision/cpp_int.hpp>

namespace bulwark::solver {
namespace {

using BigInt = boost::multiprecision::cpp_int;

// Fully parenthesised output: the invariant is read by a machine first.
struct Printer {
  const std::vector<std::string>& names;
  std::string& why;

  std::optional<std::string> fail(std::string what) {
    if (why.empty()) why = std::move(what);
    return std::nullopt;
  }

  // An int or real numeral. Reals are written with a decimal point (`2.0`,
  // `(1.0 / 3.0)`) so that `/` between them is exact division.
  std::string numeral(const z3::expr& e) {
    std::string s = Z3_get_numeral_string(e.ctx(), e);
    bool real = e.is_real();
    std::string num = s, den = "1";
    if (auto slash = s.find('/'); slash != std::string::npos) num = s.substr(0, slash), den = s.substr(slash + 1);
    bool negative = !num.empty() && num[0] == '-';
    if (negative) num = num.substr(1);
    std::string out = !real ? num : den == "1" ? num + ".0" : fmt::format("({}.0 / {}.0)", num, den);
    return negative ? "(-" + out + ")" : out;
  }

  std::optional<std::string> operator()(const z3::expr& e) {
    if (e.is_var()) {
      unsigned i = Z3_get_index_value(e.ctx(), e);
      if (i >= names.size()) return fail("a variable out of range");
      return names[i];
    }
    if (e.is_numeral()) return numeral(e);
    if (e.is_quantifier()) return fail("a quantifier");
    if (!e.is_app()) return fail("a term that is not an application");
    z3::func_decl d = e.decl();
    std::vector<std::string> k;
    for (unsigned i = 0; i < e.num_args(); ++i) {
      auto s = (*this)(e.arg(i));
      if (!s) return std::nullopt;
      k.push_back(*s);
    }
    auto join = [&](const char* op) {
      std::string s = "(" + k[0];
      for (std::size_t i = 1; i < k.size(); ++i) s += fmt::format(" {} ", op) + k[i];
      return s + ")";
    };
    switch (d.decl_kind()) {
      case Z3_OP_TRUE: return std::string("true");
      case Z3_OP_FALSE: return std::string("false");
      case Z3_OP_AND: return k.empty() ? "true" : join("&&");
      case Z3_OP_OR: return k.empty() ? "false" : join("||");
      case Z3_OP_NOT: return "!" + k[0];
      case Z3_OP_IMPLIES: return join("==>");
      case Z3_OP_EQ:
      case Z3_OP_IFF: return join("==");
      case Z3_OP_DISTINCT: {
        std::string s;
        for (std::size_t i = 0; i < k.size(); ++i)
          for (std::size_t j = i + 1; j < k.size(); ++j) s += (s.empty() ? "" : " && ") + fmt::format("{} != {}", k[i], k[j]);
        return "(" + s + ")";
      }
      case Z3_OP_ITE: return fmt::format("(if {} then {} else {})", k[0], k[1], k[2]);
      case Z3_OP_LE: return join("<=");
      case Z3_OP_GE: return join(">=");
      case Z3_OP_LT: return join("<");
      case Z3_OP_GT: return join(">");
      case Z3_OP_ADD: return join("+");
      case Z3_OP_SUB: return join("-");
      case Z3_OP_UMINUS: return "(-" + k[0] + ")";
      case Z3_OP_MUL: return join("*");
      case Z3_OP_DIV: return join("/");  // real division: exact in the spec too
      case Z3_OP_TO_REAL: return k[0];   // int widens to real implicitly
      case Z3_OP_TO_INT: return "floor(" + k[0] + ")";
      case Z3_OP_IDIV:
      case Z3_OP_MOD: {
        // SMT-LIB's div and mod are Euclidean, the spec's truncate: with a
        // positive constant divisor c, mod(a, c) = ((a % c) + c) % c and
        // div(a, c) = (a - mod(a, c)) / c, an exact division.
        z3::expr c = e.arg(1);
        if (!c.is_numeral() || BigInt(std::string(Z3_get_numeral_string(c.ctx(), c))) <= 0)
          return fail("Euclidean division by a term that is not a positive constant");
        std::string mod = fmt::format("((({} % {}) + {}) % {})", k[0], k[1], k[1], k[1]);
        return d.decl_kind() == Z3_OP_MOD ? mod : fmt::format("(({} - {}) / {})", k[0], mod, k[1]);
      }
      case Z3_OP_DT_CONSTRUCTOR: {
        // An element of a finite sort: the constructor is named `Sort!elem`.
        std::string n = d.name().str();
        auto bang = n.find('!');
        return bang == std::string::npos ? n : n.substr(bang + 1);
      }
      default: return fail(fmt::format("the operator `{}`", d.name().str()));
    }
  }
};

}  // namespace

std::optional<std::string> to_spec_syntax(const z3::expr& e, const std::vector<std::string>& names, std::string& why) {
  return Printer{names, why}(e);
}

}  // namespace bulwark::solver

#include "dsl/source/price_csv.hpp"

#include <fmt/format.h>

#include <cctype>
#include <fstream>
#include <sstream>

namespace bulwark {
namespace {

std::string trim(const std::string& s) {
  std::size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return s.substr(b, e - b);
}

// `123`, `0.5`, `1944.56`: plain decimals, exactly.
bool decimal(const std::string& s, Rational& out) {
  if (s.empty() || s.size() > 40) return false;
  std::size_t dot = std::string::npos;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '.' && dot == std::string::npos && i > 0 && i + 1 < s.size()) dot = i;
    else if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  out = parse_literal(s).as_rational();
  return true;
}

}  // namespace

std::variant<std::vector<Rational>, CsvError> read_price_csv(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return CsvError{0, "cannot open the file"};
  std::stringstream buf;
  buf << in.rdbuf();
  std::string text = buf.str();
  if (text.size() > kMaxCsvBytes) return CsvError{0, fmt::format("the file is larger than {} bytes", kMaxCsvBytes)};
  std::vector<Rational> prices;
  std::istringstream lines(text);
  std::string line;
  int n = 0;
  bool first = true;
  while (std::getline(lines, line)) {
    ++n;
    std::string t = trim(line);
    if (t.empty() || t[0] == '#') continue;
    bool header = first;
    first = false;
    std::string cell = t;
    auto comma = t.find(',');
    if (comma != std::string::npos) {
      if (t.find(',', comma + 1) != std::string::npos)
        return CsvError{n, "expected one price or `time,price`, found more than two columns"};
      cell = trim(t.substr(comma + 1));
    }
    Rational q;
    if (!decimal(cell, q)) {
      bool letters = false;
      for (char c : t) letters |= std::isalpha(static_cast<unsigned char>(c)) != 0;
      if (header && letters) continue;  // `time,price`
      return CsvError{n, fmt::format("`{}` is not a price (a plain decimal such as 194.5)", cell.substr(0, 40))};
    }
    if (q <= 0) return CsvError{n, "a price must be > 0"};
    prices.push_back(q);
  }
  if (prices.empty()) return CsvError{0, "the file holds no prices"};
  return prices;
}

}  // namespace bulwark

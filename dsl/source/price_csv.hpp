// A price path for `path("file.csv")` in a scenario: one price per line, or
// `time,price` (the time column is ignored; rows are taken in order). Blank
// lines and lines starting with `#` are skipped, and so is a first line that
// is a header (it holds a letter). Prices are exact decimals, > 0.
#pragma once
#include <string>
#include <variant>
#include <vector>

#include "dsl/value/value.hpp"

namespace bulwark {

struct CsvError {
  int line = 0;  // 1-based; 0 when the file cannot be read
  std::string message;
};

// Largest path file read (a price per line: far more than any run's steps).
inline constexpr std::size_t kMaxCsvBytes = 16u << 20;

std::variant<std::vector<Rational>, CsvError> read_price_csv(const std::string& path);

}  // namespace bulwark

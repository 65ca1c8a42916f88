// The table of diagnostic codes (dsl/diag/codes.hpp) against the rest of the
// repository: every code in the table has a section in docs/diagnostics.md
// with the same title, and every section is in the table; every code the
// sources report is in the table; every code in the table is triggered by a
// test (a test case tagged or asserting it, a shell test expecting it, a bad
// spec in tests/inputs/bad/ expecting it), and Diagnostics refuses a code
// that is not in the table.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "dsl/diag/codes.hpp"
#include "dsl/diag/diagnostics.hpp"

using namespace bulwark;
namespace fs = std::filesystem;

namespace {

const fs::path kRoot = BULWARK_SOURCE_DIR;

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::set<std::string> table_codes() {
  std::set<std::string> out;
  for (const auto& c : diagnostic_codes()) out.insert(std::string(c.code));
  return out;
}

// Codes no test triggers, each with the reason. Keep it short: a code listed
// here that a test does trigger fails the test (remove it from the list).
// (E0402, the node budget, is triggered by tests/dsl/lower/lower_test.cpp.)
const std::map<std::string, std::string> kNotTriggered = {};

// Where each code appears in the files below `dir` with one of `extensions`,
// outside comments (`//` in C++ and specs, `#` in shell and CMake).
std::map<std::string, std::set<std::string>> codes_in(const fs::path& dir, const std::set<std::string>& extensions,
                                                      const std::set<std::string>& skip_files = {}) {
  static const std::regex code_re(R"([EW]0\d{3})");
  std::map<std::string, std::set<std::string>> out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file() || !extensions.count(e.path().extension().string())) continue;
    if (skip_files.count(e.path().filename().string())) continue;
    std::istringstream in(read_file(e.path()));
    bool shell = e.path().extension() == ".sh" || e.path().extension() == ".cmake" || e.path().extension() == ".txt";
    bool bad_spec = e.path().extension() == ".bwk";
    for (std::string line; std::getline(in, line);) {
      std::string code_part = line;
      if (bad_spec) {  // a bad spec names what it expects on its first line: `// expect: E0xxx at L:C`
        if (line.rfind("// expect: ", 0) != 0) continue;
      } else if (shell) {
        auto first = line.find_first_not_of(" \t");
        if (first != std::string::npos && line[first] == '#') continue;
      } else {
        auto first = line.find_first_not_of(" \t");
        if (first != std::string::npos && line.compare(first, 2, "//") == 0) continue;
        if (auto c = line.find(" // "); c != std::string::npos) code_part = line.substr(0, c);
      }
      for (std::sregex_iterator it(code_part.begin(), code_part.end(), code_re), end; it != end; ++it)
        out[it->str()].insert(fs::relative(e.path(), kRoot).string());
    }
  }
  return out;
}

}  // namespace

TEST_CASE("the code table is sorted, each code once, its severity from its letter", "[diag][codes]") {
  auto codes = diagnostic_codes();
  REQUIRE(codes.size() >= 60);
  static const std::regex shape(R"([EW]0\d{3})");
  for (std::size_t i = 0; i < codes.size(); ++i) {
    std::string code(codes[i].code);
    INFO(code);
    CHECK(std::regex_match(code, shape));
    if (i > 0) CHECK(codes[i - 1].code < codes[i].code);
    CHECK(codes[i].severity == (code[0] == 'W' ? Severity::Warning : Severity::Error));
    CHECK_FALSE(codes[i].title.empty());
    CHECK(find_code(codes[i].code) == &codes[i]);
  }
  CHECK(find_code("E9999") == nullptr);
  CHECK(find_code("") == nullptr);
}

TEST_CASE("every code in the table is documented under its title, and every documented code is in the table",
          "[diag][codes]") {
  static const std::regex heading(R"(^## ([EW]0\d{3}) — (.*)$)");
  std::map<std::string, std::string> documented;
  std::istringstream in(read_file(kRoot / "docs" / "diagnostics.md"));
  for (std::string line; std::getline(in, line);) {
    std::smatch m;
    if (!std::regex_match(line, m, heading)) continue;
    CHECK(documented.count(m[1]) == 0);  // one section per code
    documented[m[1]] = m[2];
  }
  for (const auto& c : diagnostic_codes()) {
    std::string code(c.code);
    INFO(code);
    REQUIRE(documented.count(code));
    std::string title = documented[code];
    if (c.severity == Severity::Warning) {  // warnings' headings end in `(warning)`
      CHECK(title.size() > 10);
      CHECK(title.substr(title.size() - 10) == " (warning)");
      title = title.substr(0, title.size() - 10);
    }
    CHECK(title == c.title);
  }
  for (const auto& [code, title] : documented) {
    INFO(code << " — " << title);
    CHECK(find_code(code) != nullptr);
  }
}

TEST_CASE("every code the sources report is in the table", "[diag][codes]") {
  auto table = table_codes();
  std::size_t seen = 0;
  for (const char* layer : {"dsl", "solver", "sim", "cli", "report"}) {
    if (!fs::exists(kRoot / layer)) continue;
    for (const auto& [code, files] : codes_in(kRoot / layer, {".cpp", ".hpp"}, {"codes.cpp"})) {
      INFO(code << " in " << *files.begin());
      CHECK(table.count(code));
      ++seen;
    }
  }
  CHECK(seen >= 60);
}

TEST_CASE("every code in the table is triggered by a test, and every code the tests expect is in the table",
          "[diag][codes]") {
  auto table = table_codes();
  auto tested = codes_in(kRoot / "tests", {".cpp", ".sh", ".bwk", ".cmake"}, {"codes_test.cpp"});
  for (const auto& code : table) {
    INFO(code);
    if (kNotTriggered.count(code)) {
      INFO("listed as not triggered: " << kNotTriggered.at(code));
      CHECK(tested.count(code) == 0);
    } else {
      CHECK(tested.count(code) == 1);
    }
  }
  for (const auto& [code, files] : tested) {
    INFO(code << " in " << *files.begin());
    CHECK(table.count(code));
  }
}

TEST_CASE("Diagnostics refuses a code that is not in the table, or with another severity", "[diag][codes]") {
  Diagnostics d;
  CHECK_NOTHROW(d.error("E0201", "unknown name `x`"));
  CHECK_NOTHROW(d.warning("W0301", "nothing to check"));
  CHECK_THROWS_AS(d.error("E0999", "made up"), std::logic_error);
  CHECK_THROWS_AS(d.error("W0301", "a warning as an error"), std::logic_error);
  CHECK_THROWS_AS(d.warning("E0201", "an error as a warning"), std::logic_error);
  CHECK(d.all().size() == 2);
  CHECK(d.error_count() == 1);
}

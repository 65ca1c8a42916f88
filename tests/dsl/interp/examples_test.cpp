// Every example declares its expected verdicts in a trailing `// expected:`
// block. Simulation must find exactly the properties marked `violated` (each
// trace replayed), and every listed property must exist in the lowered system.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "dsl/interp/simulate.hpp"
#include "tests/support/compile.hpp"

using namespace bulwark;

namespace {

std::map<std::string, std::string> expected_verdicts(const std::string& text) {
  std::map<std::string, std::string> out;
  auto at = text.find("// expected:");
  if (at == std::string::npos) return out;
  std::istringstream in(text.substr(at));
  std::string line;
  static const std::regex row(R"(//\s+(\S+):\s+(holds|violated)\s*)");
  while (std::getline(in, line)) {
    std::smatch m;
    if (std::regex_match(line, m, row)) out[m[1]] = m[2];
  }
  return out;
}

}  // namespace

TEST_CASE("every example's simulation matches its expected verdicts") {
  namespace fs = std::filesystem;
  std::vector<fs::path> specs;
  for (const auto& e : fs::directory_iterator(fs::path(BULWARK_SOURCE_DIR) / "examples"))
    if (e.path().extension() == ".bwk") specs.push_back(e.path());
  REQUIRE(specs.size() >= 4);
  for (const auto& path : specs) {
    INFO(path.filename().string());
    std::ifstream f(path);
    std::stringstream buf;
    buf << f.rdbuf();
    auto expected = expected_verdicts(buf.str());
    REQUIRE_FALSE(expected.empty());
    auto c = test::compile(buf.str(), {}, path.filename().string());
    INFO(c->errors());
    REQUIRE(c->ts);
    const auto& ts = *c->ts;
    std::set<std::string> names;
    for (const auto& p : ts.invariants) names.insert(p.name);
    for (const auto& p : ts.steps) names.insert(p.name);
    for (const auto& [name, verdict] : expected) {
      INFO("listed property " << name);
      CHECK(names.count(name) == 1);
    }
    interp::SimOptions o;
    o.runs = 2000;
    o.steps = 20;
    o.seed = 1;
    auto res = interp::simulate(ts, o);
    std::set<std::string> violated;
    for (const auto& v : res.violations) {
      const auto& p = v.trace.step_property ? ts.steps[static_cast<std::size_t>(v.trace.property)]
                                            : ts.invariants[static_cast<std::size_t>(v.trace.property)];
      violated.insert(p.name);
      INFO("trace for " << p.name);
      CHECK_FALSE(interp::replay(ts, v.trace).has_value());
    }
    std::set<std::string> want;
    for (const auto& [name, verdict] : expected)
      if (verdict == "violated") want.insert(name);
    CHECK(violated == want);
  }
}

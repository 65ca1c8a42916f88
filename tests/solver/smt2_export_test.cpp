// `bulwark smt2` from either backend: the exported script is real SMT-LIB that
// the z3 and cvc5 command lines both read, and both give the answer our own
// run gave (issue 15 part 2: cvc5's export was a stub).
#include <catch2/catch.hpp>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "solver/smt/smt2_export.hpp"
#include "tests/support/compile.hpp"

using namespace bulwark;

namespace {

std::string read(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The first line a command prints (stderr too: a parse error must not pass as an answer).
std::string first_line(const std::string& command) {
  std::string out;
  if (FILE* f = popen((command + " 2>&1").c_str(), "r")) {
    std::array<char, 512> buf{};
    if (fgets(buf.data(), buf.size(), f)) out = buf.data();
    pclose(f);
  }
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

// Every decided file is answered as we did by both command lines; `spec` has
// some bounded query that is sat (a broken property) and some that is unsat.
void agree_on_every_file(solver::SolverOptions::Which which, const std::string& spec = "counter.bwk", int depth = 2) {
  auto c = test::compile(read(std::filesystem::path(BULWARK_SOURCE_DIR) / "examples" / spec), {}, spec);
  INFO(c->errors());
  REQUIRE(c->ts);
  auto files = solver::export_obligations(*c->ts, depth, 20, which);
  auto dir = std::filesystem::temp_directory_path() / ("bulwark-smt2-test-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  int decided = 0, sat = 0;
  for (const auto& f : files) {
    INFO(f.name);
    if (which == solver::SolverOptions::Cvc5) REQUIRE(f.text.find("the SMT-LIB export is written by") == std::string::npos);
    if (f.answer == solver::Answer::Unknown) continue;
    auto path = dir / (f.name + ".smt2");
    std::ofstream(path) << f.text;
    std::string want = solver::to_string(f.answer);
    CHECK(first_line("z3 -T:60 '" + path.string() + "'") == want);
    CHECK(first_line("timeout 60 cvc5 --lang smt2 '" + path.string() + "'") == want);
    ++decided;
    if (f.answer == solver::Answer::Sat) ++sat;
  }
  std::filesystem::remove_all(dir);
  CHECK(decided >= 10);
  CHECK(sat >= 1);
  CHECK(sat < decided);
}

}  // namespace

TEST_CASE("cvc5's smt2 export is SMT-LIB that the z3 and cvc5 command lines answer as we did", "[smt2]") {
  agree_on_every_file(solver::SolverOptions::Cvc5);
}

TEST_CASE("Z3's smt2 export is SMT-LIB that the z3 and cvc5 command lines answer as we did", "[smt2]") {
  agree_on_every_file(solver::SolverOptions::Z3);
}

// oracle has no nat cells: Z3 printed the empty conjunction of their bounds as
// a bare `and`, which cvc5 rejects; it must be written as `true`.
TEST_CASE("Z3's smt2 export writes an empty conjunction as SMT-LIB (oracle, no nat cells)", "[smt2]") {
  agree_on_every_file(solver::SolverOptions::Z3, "oracle.bwk", 1);
}

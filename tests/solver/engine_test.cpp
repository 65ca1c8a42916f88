#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include "solver/engine/engine.hpp"
#include "tests/support/compile.hpp"

using namespace bulwark;
using solver::Status;

// GCC 12 warns that the std::map inside a braced temporary `Run{...}` "may be
// used uninitialized" (in stl_tree.h, at -O2): a false positive, the map is
// value-initialised. Silenced here rather than in every build's output.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

namespace {

// How a test runs the engines on a spec text.
struct Run {
  double timeout = 20;
  int depth = 10;
  double total_timeout = 0;
  LowerOptions lower = {};
  std::string name = "t.bwk";  // the file name implicit properties are named after
};

// The solver under test: BULWARK_TEST_SOLVER=z3|cvc5|portfolio (ctest runs
// these tests once per solver), else the default.
solver::SolverOptions solver_under_test() {
  solver::SolverOptions s;
  std::string which = std::getenv("BULWARK_TEST_SOLVER") ? std::getenv("BULWARK_TEST_SOLVER") : "";
  if (which == "z3") s.which = solver::SolverOptions::Z3;
  if (which == "cvc5") s.which = solver::SolverOptions::Cvc5;
  if (which == "cross-check") s.cross_check = true;
  return s;
}

// What the CLI gives the engines to read CHC invariants back: the spec
// compiled again with text appended.
solver::Recompile recompile_for(const std::string& spec, const Run& run) {
  return [spec, run](const std::string& extra) {
    std::shared_ptr<test::Compiled> c = test::compile(spec + extra, {}, run.name, run.lower);
    if (!c->ts) return solver::Recompiled{nullptr, c->errors()};
    return solver::Recompiled{std::shared_ptr<const ir::TransitionSystem>(c, &*c->ts), ""};
  };
}

solver::EngineResult check_spec(const std::string& spec, const Run& run) {
  auto c = test::compile(spec, {}, run.name, run.lower);
  INFO(c->errors());
  REQUIRE(c->ts);
  solver::EngineOptions o;
  o.recompile = recompile_for(spec, run);
  o.timeout_s = run.timeout;
  o.depth = run.depth;
  o.total_timeout_s = run.total_timeout;
  o.solver = solver_under_test();
  // The result refers to the system only through names and traces (values), so it may outlive it.
  return solver::run_engines(*c->ts, o);
}

solver::EngineResult check_text(const std::string& spec, double timeout = 20, int depth = 10) {
  return check_spec(spec, {timeout, depth});
}

// Fermat's cubes: true, and out of reach of Z3's nonlinear integer arithmetic.
constexpr const char* kCubes = R"(
var x: int;
var y: int;
var z: int;
init { x == 1; y == 1; z == 3; }
action set(p: int, q: int, s: int) { require p > 0 && q > 0 && s > 0; x = p; y = q; z = s; }
invariant no_cubes: x * x * x + y * y * y != z * z * z;
)";

const solver::Verdict& verdict(const solver::EngineResult& r, const std::string& name) {
  for (const auto& v : r.verdicts)
    if (v.name == name) return v;
  FAIL("no verdict for " << name);
  return r.verdicts.front();
}

}  // namespace

TEST_CASE("a bug that needs six steps is found with a shortest trace") {
  auto r = check_text(R"(
var x: int;
init { x == 0; }
action inc() { x += 1; }
action reset() { x = 0; }
invariant small: x < 6;
)");
  const auto& v = verdict(r, "small");
  REQUIRE(v.status == Status::Violated);
  REQUIRE(v.trace);
  CHECK(v.trace->steps.size() == 6);
}

TEST_CASE("invariants that are inductive only together are proved with their lemmas") {
  auto r = check_text(R"(
sort U = {a, b};
var funds: U -> int;
var total: int;
init { forall u in U: funds[u] == 0; total == 0; }
action deposit(u: U, x: int) { require x > 0; funds[u] += x; total += x; }
action withdraw(u: U, x: int) { require x > 0 && x <= funds[u]; funds[u] -= x; total -= x; }
invariant conserved: total == (sum u in U: funds[u]);
invariant nonneg: forall u in U: funds[u] >= 0;
invariant total_nonneg: total >= 0;
)");
  const auto& v = verdict(r, "total_nonneg");
  CHECK(v.status == Status::Proved);
  CHECK(v.method.find("inductive with") == 0);
  CHECK(std::find(v.lemmas.begin(), v.lemmas.end(), "conserved") != v.lemmas.end());
  CHECK(verdict(r, "conserved").status == Status::Proved);
  CHECK(verdict(r, "nonneg").status == Status::Proved);
}

// From x = -k the run reaches y = -1 in k steps through distinct states that
// all satisfy the invariant: no k-induction proves it; CHC does.
constexpr const char* kNotKInductive = R"(
var x: int;
var y: int;
init { x == 0; y == 0; }
action step() { y = x; x = x + 1; }
invariant y_not_minus_one: y != -1;
)";

TEST_CASE("a true invariant that is not k-inductive for any k is never reported proved by k-induction") {
  auto c = test::compile(kNotKInductive);
  REQUIRE(c->ts);
  solver::EngineOptions o;
  o.depth = 6;
  o.engine = solver::ProofEngine::KInduction;
  o.solver = solver_under_test();
  auto r = solver::run_engines(*c->ts, o);
  const auto& v = verdict(r, "y_not_minus_one");
  CHECK(v.status == Status::NotInductive);
  CHECK(v.depth == 6);
  CHECK_FALSE(v.trace);
  // The counterexample to induction: one step from a state with y >= 0 (and
  // x < 0, unreachable) to one with y < 0. The interpreter confirmed it
  // (else internal_error), and it is not presented as a run from init.
  REQUIRE(v.cti);
  CHECK_FALSE(r.internal_error);
  CHECK_FALSE(v.cti->from_init);
  REQUIRE(v.cti->steps.size() == 1);
  CHECK((v.cti->init[0].as_int() < 0));            // x in the pre-state
  CHECK((v.cti->steps[0].post[1].as_int() < 0));   // y afterwards
}

TEST_CASE("CHC proves what k-induction cannot, and its invariant is the re-checked certificate") {
  auto r = check_spec(kNotKInductive, {20, 6});  // --engine auto: induction, k-induction, then CHC
  const auto& v = verdict(r, "y_not_minus_one");
  CHECK(v.status == Status::Proved);
  CHECK(v.method == "chc");
  CHECK_FALSE(v.cti);
  REQUIRE_FALSE(v.invariant.empty());
  // The printed invariant, pasted into the spec, is proved by induction alone.
  auto c = test::compile(std::string(kNotKInductive) + "invariant pasted: " + v.invariant + ";\n");
  INFO(v.invariant << "\n" << c->errors());
  REQUIRE(c->ts);
  solver::EngineOptions o;
  o.engine = solver::ProofEngine::Induction;
  o.bmc = false;
  o.solver = solver_under_test();
  auto p = solver::run_engines(*c->ts, o);
  CHECK(verdict(p, "pasted").status == Status::Proved);
  CHECK(verdict(p, "y_not_minus_one").status == Status::Proved);
}

TEST_CASE("a CHC invariant that fails the re-check proves nothing") {
  // A stand-in for a wrong Spacer answer (the test hook replaces its invariant).
  setenv("BULWARK_TEST_CHC_INVARIANT", "y >= 0", 1);
  auto r = check_spec(kNotKInductive, {20, 6});
  unsetenv("BULWARK_TEST_CHC_INVARIANT");
  const auto& v = verdict(r, "y_not_minus_one");
  CHECK(v.status == Status::NotInductive);
  CHECK(v.invariant.empty());
  CHECK_THAT(v.reason, Catch::Contains("failed our re-check"));
  // Without a front end to read it back, CHC proves nothing either.
  auto c = test::compile(kNotKInductive);
  REQUIRE(c->ts);
  solver::EngineOptions o;
  o.depth = 6;
  o.solver = solver_under_test();
  auto q = solver::run_engines(*c->ts, o);
  CHECK(verdict(q, "y_not_minus_one").status == Status::NotInductive);
  CHECK_THAT(verdict(q, "y_not_minus_one").reason, Catch::Contains("no front end"));
}

TEST_CASE("an invariant CHC finds breakable beyond the depth gets its attack trace from a deeper search") {
  // `b = a + b` sees the new `a` (statements run in order), so a doubles:
  // 128 at step 8, beyond --depth 4. Spacer sees it, and the bounded search
  // is rerun deeper for the trace (replayed as always).
  auto r = check_spec(R"(
var a: int;
var b: int;
init { a == 0; b == 1; }
action go() { a = b; b = a + b; }
invariant small: a <= 100;
)", {20, 4});
  const auto& v = verdict(r, "small");
  CHECK(v.status == Status::Violated);
  REQUIRE(v.trace);
  CHECK(v.trace->steps.size() == 8);
  CHECK_FALSE(r.internal_error);
}

TEST_CASE("an invariant that is 2-inductive but not inductive is proved by k-induction") {
  // y >= 0 alone does not survive a step from x < 0; two steps of it do (y = x
  // then forces x >= 0 before the next step).
  constexpr const char* spec = R"(
var x: int;
var y: int;
init { x == 0; y == 0; }
action step() { y = x; x = x + 1; }
invariant y_nonneg: y >= 0;
)";
  auto r = check_text(spec, 20, 4);
  const auto& v = verdict(r, "y_nonneg");
  CHECK(v.status == Status::Proved);
  CHECK(v.method == "2-inductive");
  CHECK_FALSE(v.cti);  // the counterexample to 1-induction is moot once proved
  // Induction alone: not inductive, never proved.
  auto c = test::compile(spec, {}, "t.bwk", {});
  REQUIRE(c->ts);
  solver::EngineOptions o;
  o.depth = 4;
  o.engine = solver::ProofEngine::Induction;
  o.solver = solver_under_test();
  CHECK(verdict(solver::run_engines(*c->ts, o), "y_nonneg").status == Status::NotInductive);
  // Under `prove` (no bounded search asked for) the base case is still established.
  o.engine = solver::ProofEngine::Auto;
  o.bmc = false;
  auto p = solver::run_engines(*c->ts, o);
  CHECK(verdict(p, "y_nonneg").status == Status::Proved);
  CHECK(verdict(p, "y_nonneg").method == "2-inductive");
}

TEST_CASE("k-induction needs the base case: an invariant broken at depth 3 is not proved by it") {
  // n < 3 holds for two steps from init and a two-step path from n = 0 or 1
  // stays below 3; k-induction must not run ahead of the base case: the
  // search finds the three-step attack.
  auto r = check_text(R"(
var n: int;
init { n == 0; }
action tick() { n += 1; }
invariant small: n < 3;
)", 20, 5);
  const auto& v = verdict(r, "small");
  CHECK(v.status == Status::Violated);
  CHECK(v.trace->steps.size() == 3);
}

TEST_CASE("a step property that fails one-step induction carries its counterexample") {
  auto r = check_text(R"(
var x: int;
init { x == 0; }
action inc() { x += 1; }
action halve() { x = x / 2; }
rule stays_nonneg on halve: x >= 0;
)", 20, 4);
  const auto& v = verdict(r, "stays_nonneg");
  CHECK(v.status == Status::NotInductive);
  REQUIRE(v.cti);
  CHECK(v.cti->steps.size() == 1);
  CHECK((v.cti->init[0].as_int() < 0));
}

TEST_CASE("sanity: tautologies and dead actions are warned about, by code and place") {
  // The same spec as the CLI test's (tests/solver/cli_solver_test.sh).
  std::ifstream f(std::string(BULWARK_SOURCE_DIR) + "/tests/inputs/good/sanity_warnings.bwk");
  std::stringstream text;
  text << f.rdbuf();
  auto r = check_text(text.str(), 20, 5);
  std::map<std::string, std::vector<std::string>> by_code;
  for (const auto& w : r.warnings) by_code[w.code].push_back(w.message);
  REQUIRE(by_code["W0402"].size() == 2);
  CHECK(by_code["W0402"][0].find("`anything`") != std::string::npos);
  CHECK(by_code["W0402"][1].find("`grows`") != std::string::npos);
  REQUIRE(by_code["W0403"].size() == 1);
  CHECK(by_code["W0403"][0].find("`never`") != std::string::npos);
  CHECK(by_code["W0403"][0].find("within 5 steps") != std::string::npos);
  // The verdicts themselves are unaffected.
  CHECK(verdict(r, "small").status == Status::Proved);
}

TEST_CASE("an init the solver cannot decide is a warning, and nothing is proved vacuously") {
  auto r = check_text(R"(
var x: int;
var y: int;
var z: int;
init { x > 0; y > 0; z > 0; x * x * x + y * y * y == z * z * z; }
action a() { x = x; }
invariant p: x > 0;
)", 1, 1);
  REQUIRE(!r.warnings.empty());
  CHECK(r.warnings[0].code == "W0401");
  CHECK(r.warnings[0].message.find("timeout after 1 s (nonlinear arithmetic)") != std::string::npos);
}

TEST_CASE("an action enabled only deep in a run is not called dead") {
  auto r = check_text(R"(
var x: int;
init { x == 0; }
action inc() { x += 1; }
action late() { require x == 4; x = 0; }
invariant nonneg: x >= 0;
)", 20, 5);
  for (const auto& w : r.warnings) CHECK(w.code != "W0403");
}

TEST_CASE("the overall time limit turns what is left into unknown, never proved") {
  auto t0 = std::chrono::steady_clock::now();
  auto r = check_spec(std::string(kCubes) + "invariant x_pos: x > 0;\n", {.timeout = 60, .total_timeout = 1.5});
  double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  CHECK(took < 20);  // far below the 60 s per-query limit: the overall limit held
  const auto& v = verdict(r, "no_cubes");
  CHECK(v.status == Status::Unknown);
  CHECK((v.reason.find("overall time limit") != std::string::npos || v.reason.find("timeout after") != std::string::npos));
  CHECK((v.reason.find("nonlinear") != std::string::npos || v.reason.find("overall") != std::string::npos));
}

TEST_CASE("a nonlinear query the solver cannot answer is unknown, never proved") {
  auto r = check_text(kCubes, 1, 2);
  const auto& v = verdict(r, "no_cubes");
  CHECK(v.status == Status::Unknown);
  CHECK(v.reason.find("timeout after 1 s (nonlinear arithmetic)") != std::string::npos);  // the watchdog stopped the solver
}

TEST_CASE("a solver process that dies gives unknown with the reason, never a crash or a proof") {
  setenv("BULWARK_TEST_SOLVER_CRASH", "1", 1);
  auto r = check_text(kCubes, 5, 1);
  unsetenv("BULWARK_TEST_SOLVER_CRASH");
  const auto& v = verdict(r, "no_cubes");
  CHECK(v.status == Status::Unknown);
  CHECK(v.reason.find("the solver process died (Aborted)") != std::string::npos);
}

TEST_CASE("queries in a solver process give the same verdicts and confirmed traces") {
  setenv("BULWARK_ISOLATE_ALL_QUERIES", "1", 1);
  auto r = check_text(R"(
sort U = {a, b};
var funds: U -> int;
var total: int;
var open: bool;
init { forall u in U: funds[u] == 0; total == 0; open; }
action deposit(u: U, x: int) { require open && x > 0; funds[u] += x; total += x; }
action steal(u: U) { require funds[u] > 2; funds[u] -= 1; }
invariant conserved: total == (sum u in U: funds[u]);
invariant nonneg: forall u in U: funds[u] >= 0;
)");
  unsetenv("BULWARK_ISOLATE_ALL_QUERIES");
  CHECK_FALSE(r.internal_error);  // the trace read back from the child replays
  CHECK(verdict(r, "nonneg").status == Status::Proved);
  const auto& v = verdict(r, "conserved");
  REQUIRE(v.status == Status::Violated);
  CHECK(v.trace->steps.size() == 2);
}

TEST_CASE("an unsatisfiable init is an error, not a proof of everything") {
  auto r = check_text("var x: int;\ninit { x > 0; x < 0; }\naction a() { x = 1; }\ninvariant p: x == 5;\n");
  REQUIRE(r.input_error);
  CHECK(r.input_error->find("unsatisfiable") != std::string::npos);
}

TEST_CASE("nat underflow reverts instead of breaking a nat invariant") {
  auto r = check_text(R"(
var bal: nat;
init { bal == 3; }
action burn(n: int) { bal -= n; }
invariant nonneg: bal >= 0;
)");
  CHECK(verdict(r, "nonneg").status == Status::Proved);
}

TEST_CASE("nat underflow checks: a reachable underflow is reported, the step still reverts") {
  const char* spec = R"(
sort U = {a, b};
var bal: U -> nat;
init { forall u in U: bal[u] == 0; }
action deposit(u: U, x: nat) { bal[u] += x; }
action withdraw(u: U, x: nat) { bal[u] -= x; }
action safe(u: U, x: nat) { require x <= bal[u]; bal[u] -= x; }
rule never_negative on any: forall u in U: bal[u] >= 0;
)";
  // By default (LANGUAGE.md) an underflow only reverts: nothing to report.
  auto plain = check_text(spec);
  for (const auto& v : plain.verdicts) CHECK(v.kind != ir::PropKind::NatUnderflow);
  LowerOptions checked;
  checked.nat_underflow_checks = true;
  auto r = check_spec(spec, {.lower = checked, .name = "nat.bwk"});
  REQUIRE_FALSE(r.internal_error);
  CHECK(verdict(r, "nat_underflow@nat.bwk:5:32").status == Status::Proved);  // deposit adds a nat
  const auto& w = verdict(r, "nat_underflow@nat.bwk:6:33");                 // withdraw: no require
  CHECK(w.kind == ir::PropKind::NatUnderflow);
  REQUIRE(w.status == Status::Violated);
  REQUIRE(w.trace->steps.size() == 1);
  CHECK(w.trace->steps[0].reverted);  // the interpreter confirmed: attempted, then reverted
  CHECK(verdict(r, "nat_underflow@nat.bwk:7:50").status == Status::Proved);
  CHECK(verdict(r, "never_negative").status == Status::Proved);
}

TEST_CASE("a division reached from several contexts is one property per context, named apart") {
  auto r = check_text(R"(
var x: int;
var y: int;
init { x == 1; y == 0; }
def q(): int = 10 / x;
action a() { y = q(); }
action b() { require x > 5; y = q() + 1; }
action zero() { x = 0; }
invariant fine: q() >= 0 || x == 0;
)");
  CHECK(verdict(r, "division_by_zero@t.bwk:5:19/a").status == Status::Violated);
  CHECK(verdict(r, "division_by_zero@t.bwk:5:19/b").status == Status::Proved);
  CHECK(verdict(r, "division_by_zero@t.bwk:5:19/state").status == Status::Violated);
}

TEST_CASE("every example's verdicts match its expected block", "[examples]") {
  namespace fs = std::filesystem;
  static const std::regex row(R"(//\s+(\S+):\s+(holds|violated)\s*)");
  for (const auto& e : fs::directory_iterator(fs::path(BULWARK_SOURCE_DIR) / "examples")) {
    if (e.path().extension() != ".bwk") continue;
    INFO(e.path().filename().string());
    std::ifstream f(e.path());
    std::stringstream buf;
    buf << f.rdbuf();
    std::string text = buf.str();
    std::map<std::string, std::string> expected;
    std::istringstream lines(text.substr(text.find("// expected:")));
    for (std::string line; std::getline(lines, line);) {
      std::smatch m;
      if (std::regex_match(line, m, row)) expected[m[1]] = m[2];
    }
    auto r = check_spec(text, {.name = e.path().filename().string()});
    REQUIRE_FALSE(r.internal_error);
    for (const auto& v : r.verdicts) {
      INFO(v.name << ": " << solver::to_string(v.status) << " " << v.reason);
      REQUIRE(expected.count(v.name));
      if (expected[v.name] == "violated") CHECK(v.status == Status::Violated);
      // `holds` must never come back violated; where the solver manages, it is proved.
      else CHECK(v.status == Status::Proved);
    }
  }
}

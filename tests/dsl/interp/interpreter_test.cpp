#include <catch2/catch.hpp>

#include "dsl/interp/interpreter.hpp"
#include "dsl/interp/simulate.hpp"
#include "tests/support/compile.hpp"

using namespace bulwark;

namespace {

// Evaluates `const C: T = e;` through the whole pipeline: lowering folds it,
// so this goes through the same exact arithmetic the interpreter uses.
Value eval_expr(const std::string& type, const std::string& e) {
  auto c = test::compile("param P: " + type + ";\nassume P == " + e + ";\n");
  REQUIRE(c->ts);
  REQUIRE(c->ts->assumes.size() == 1);
  interp::Interpreter in(*c->ts);
  // The assume is `P == <folded value>`: read the literal side.
  const auto& n = c->ts->nodes[c->ts->assumes[0]];
  std::vector<Value> params{Value::integer(0)};
  in.bind(&params, nullptr);
  for (auto k : n.kids)
    if (c->ts->nodes[k].op == ir::Op::Lit) return in.eval(k);
  FAIL("assume was not folded to a literal: " << ir::print_node(*c->ts, c->ts->assumes[0]));
  return {};
}

std::string text(const Value& v) { return to_string(v); }

}  // namespace

TEST_CASE("integer division truncates toward zero and % follows it") {
  CHECK(text(eval_expr("int", "7 / 2")) == "3");
  CHECK(text(eval_expr("int", "-7 / 2")) == "-3");
  CHECK(text(eval_expr("int", "7 / -2")) == "-3");
  CHECK(text(eval_expr("int", "-7 % 2")) == "-1");
  CHECK(text(eval_expr("int", "7 % -2")) == "1");
  CHECK(text(eval_expr("int", "-7 % -2")) == "-1");
}

TEST_CASE("real arithmetic is exact") {
  CHECK(text(eval_expr("real", "1 / 3.0")) == "1/3");
  CHECK(text(eval_expr("real", "0.1 + 0.2")) == "0.3");
  CHECK(text(eval_expr("real", "7 / 2.0")) == "3.5");
  CHECK(text(eval_expr("real", "1_000.5 * 2")) == "2001");
}

TEST_CASE("floor, ceil, mulDivDown, mulDivUp, min, max, abs") {
  CHECK(text(eval_expr("int", "floor(-2.5)")) == "-3");
  CHECK(text(eval_expr("int", "ceil(-2.5)")) == "-2");
  CHECK(text(eval_expr("int", "floor(2.5)")) == "2");
  CHECK(text(eval_expr("int", "ceil(2.5)")) == "3");
  CHECK(text(eval_expr("int", "floor(7)")) == "7");
  CHECK(text(eval_expr("int", "mulDivDown(10, 3, 4)")) == "7");
  CHECK(text(eval_expr("int", "mulDivUp(10, 3, 4)")) == "8");
  CHECK(text(eval_expr("int", "mulDivDown(-10, 3, 4)")) == "-8");
  CHECK(text(eval_expr("int", "mulDivUp(10, 3, 5)")) == "6");
  CHECK(text(eval_expr("int", "min(3, -4)")) == "-4");
  CHECK(text(eval_expr("real", "max(3, 4.5)")) == "4.5");
  CHECK(text(eval_expr("int", "abs(-9)")) == "9");
}

TEST_CASE("literals of any size stay exact") {
  std::string two256 = "115792089237316195423570985008687907853269984665640564039457584007913129639936";
  CHECK(text(eval_expr("int", two256 + " + 1")) ==
        "115792089237316195423570985008687907853269984665640564039457584007913129639937");
  CHECK(text(eval_expr("int", two256 + " * " + two256)).size() == 155);
  CHECK(text(eval_expr("real", "0.000000000000000000000000000001 * 1000000000000000000000000000000")) == "1");
  CHECK(text(eval_expr("int", "010")) == "10");  // never octal
}

namespace {
struct Machine {
  std::unique_ptr<test::Compiled> c;
  int action(const std::string& name) const {
    for (std::size_t i = 0; i < c->ts->actions.size(); ++i)
      if (c->ts->actions[i].name == name) return static_cast<int>(i);
    FAIL("no action " << name);
    return -1;
  }
  int cell(const std::string& name) const {
    for (std::size_t i = 0; i < c->ts->cells.size(); ++i)
      if (c->ts->cells[i].name == name) return static_cast<int>(i);
    FAIL("no cell " << name);
    return -1;
  }
};
Machine machine(const std::string& spec) {
  Machine m{test::compile(spec)};
  INFO(m.c->errors());
  REQUIRE(m.c->ts);
  return m;
}
}  // namespace

TEST_CASE("statements run in order; a require sees the updates before it") {
  auto m = machine(R"(
var x: int;
var y: int;
action a(n: int) {
  x = x + n;
  y = x * 2;
  require y < 10;
}
invariant ok: true;
)");
  interp::Interpreter in(*m.c->ts);
  std::vector<Value> params;
  interp::State s{Value::integer(1), Value::integer(0)};
  std::vector<Value> args{Value::integer(3)};
  REQUIRE(in.enabled(m.action("a"), params, s, args));
  auto post = in.apply(m.action("a"), params, s, args);
  CHECK(post[static_cast<std::size_t>(m.cell("x"))].as_int() == 4);
  CHECK(post[static_cast<std::size_t>(m.cell("y"))].as_int() == 8);
  args[0] = Value::integer(4);  // x = 5, y = 10: the require sees y after the update
  CHECK_FALSE(in.enabled(m.action("a"), params, s, args));
}

TEST_CASE("if/else merges and maps update one cell") {
  auto m = machine(R"(
sort A = {p, q};
var m: A -> int;
action set(k: A, v: int) {
  if v > 0 { m[k] = v; } else if v == 0 { m[k] = 100; } else { m[k] -= 1; }
}
invariant ok: true;
)");
  interp::Interpreter in(*m.c->ts);
  std::vector<Value> params;
  interp::State s{Value::integer(5), Value::integer(6)};
  auto run = [&](int k, long v) {
    std::vector<Value> args{Value::element(k), Value::integer(v)};
    return in.apply(m.action("set"), params, s, args);
  };
  CHECK(run(1, 7)[1].as_int() == 7);
  CHECK(run(1, 7)[0].as_int() == 5);
  CHECK(run(0, 0)[0].as_int() == 100);
  CHECK(run(0, -3)[0].as_int() == 4);
}

TEST_CASE("a nat that would go negative makes the step revert") {
  auto m = machine(R"(
var bal: nat;
action burn(n: nat) { bal -= n; }
invariant ok: bal >= 0;
)");
  interp::Interpreter in(*m.c->ts);
  std::vector<Value> params;
  interp::State s{Value::integer(3)};
  std::vector<Value> args{Value::integer(3)};
  CHECK(in.enabled(m.action("burn"), params, s, args));
  args[0] = Value::integer(4);
  CHECK_FALSE(in.enabled(m.action("burn"), params, s, args));
  args[0] = Value::integer(-1);  // a nat argument cannot be negative
  CHECK_FALSE(in.enabled(m.action("burn"), params, s, args));
}

TEST_CASE("division by zero is path-sensitive") {
  auto m = machine(R"(
var x: int;
var y: int;
action guarded(a: int) { if x > 0 { y = a / x; } }
action unguarded(a: int) { y = a / x; }
action short_circuit(a: int) { require x != 0 && a / x > 1; }
invariant ok: true;
)");
  const auto& ts = *m.c->ts;
  interp::Interpreter in(ts);
  std::vector<Value> params;
  std::map<std::string, int> broken;
  for (long x : {-2, -1, 0, 1, 2})
    for (long a : {-3, 0, 3}) {
      interp::State s{Value::integer(x), Value::integer(0)};
      std::vector<Value> args{Value::integer(a)};
      for (const char* act : {"guarded", "unguarded", "short_circuit"}) {
        auto post = in.apply(m.action(act), params, s, args);
        for (int p : in.broken_steps(m.action(act), params, s, post, args)) broken[std::string(act)] += 1, (void)p;
      }
    }
  CHECK(broken["guarded"] == 0);
  CHECK(broken["short_circuit"] == 0);
  CHECK(broken["unguarded"] == 3);  // x == 0, for each a
}

TEST_CASE("replay confirms a simulated trace and rejects a tampered one") {
  auto m = machine(R"(
var x: int;
init { x == 0; }
action inc(n: int) { require n > 0 && n <= 5; x += n; }
invariant small: x < 12;
)");
  const auto& ts = *m.c->ts;
  interp::SimOptions o;
  o.runs = 200;
  o.steps = 10;
  auto res = interp::simulate(ts, o);
  REQUIRE(res.violations.size() == 1);
  auto trace = res.violations[0].trace;
  CHECK(trace.steps.size() == 3);  // 5 + 5 + 2: the boundary values make the shortest run likely
  CHECK_FALSE(interp::replay(ts, trace).has_value());
  auto bad = trace;
  bad.steps[0].post[0] = Value::integer(99);
  auto why = interp::replay(ts, bad);
  REQUIRE(why.has_value());
  CHECK(why->find("after step 1") != std::string::npos);
  auto disabled = trace;
  disabled.steps[0].args[0] = Value::integer(6);
  REQUIRE(interp::replay(ts, disabled).has_value());
  CHECK(interp::replay(ts, disabled)->find("not enabled") != std::string::npos);
}

TEST_CASE("simulation is deterministic for a seed and finds boundary attacks") {
  auto m = machine(R"(
var coll: real;
var debt: real;
var price: real;
init { coll == 10; debt == 0; price == 1; }
action borrow(amt: real) { require amt > 0; require debt + amt <= coll * price * 0.8; debt += amt; }
env action drop(p: real) { require p > 0 && p < price && p >= price * 0.9; price = p; }
invariant solvent: debt <= coll * price;
)");
  const auto& ts = *m.c->ts;
  interp::SimOptions o;
  o.runs = 300;
  o.steps = 6;
  o.seed = 7;
  auto a = interp::simulate(ts, o);
  auto b = interp::simulate(ts, o);
  REQUIRE(a.violations.size() == 1);
  REQUIRE(b.violations.size() == 1);
  CHECK(a.violations[0].run == b.violations[0].run);
  CHECK(a.violations[0].trace.steps.size() == b.violations[0].trace.steps.size());
  // Borrowing the maximum (8) then three 10% drops (0.729 * 10 < 8) breaks solvency in 4 steps.
  CHECK(a.violations[0].trace.steps.size() <= 5);
  CHECK_FALSE(interp::replay(ts, a.violations[0].trace).has_value());
}

TEST_CASE("simulation says when no initial state exists") {
  auto m = machine(R"(
var x: int;
init { x > 0; x < 0; }
action a() { x = 1; }
invariant p: x > 0;
)");
  interp::SimOptions o;
  o.runs = 5;
  auto r = interp::simulate(*m.c->ts, o);
  REQUIRE(r.no_start.has_value());
  CHECK(r.no_start->find("init") != std::string::npos);
}

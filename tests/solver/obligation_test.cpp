// Obligations as data: the named frames, the builders the engines and the
// smt2 export share, and the Recorder (the portfolio's and the proof cache's)
// that keeps what is asserted as an Obligation with scopes along it.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "solver/smt/obligation.hpp"
#include "solver/smt/recorder.hpp"
#include "tests/support/compile.hpp"

using namespace bulwark;
using namespace bulwark::solver;

namespace {

// A backend that only writes down what it is told.
struct Log final : Backend {
  std::vector<std::string> calls;
  void push() override { calls.push_back("push"); }
  void pop() override { calls.push_back("pop"); }
  void add(const Formula& f) override {
    calls.push_back("add " + std::to_string(f.node) + "@" + std::to_string(f.frame.pre) + (f.negate ? " not" : ""));
  }
  void add_state_types(int k) override { calls.push_back("types " + std::to_string(k)); }
  void add_transition(int k, int a) override { calls.push_back("step " + std::to_string(k) + " " + std::to_string(a)); }
  void add_distinct_states(int i, int j) override { calls.push_back("distinct " + std::to_string(i) + " " + std::to_string(j)); }
  Answer check(double, const std::vector<Formula>&, std::vector<int>*, const StopSignal*) override { return Answer::Unknown; }
  std::string reason() const override { return ""; }
  bool nonlinear() const override { return false; }
  Value param(int) override { return {}; }
  Value cell(int, int) override { return {}; }
  int action_at(int) override { return 0; }
  Value arg(int, int, int) override { return {}; }
  std::map<std::string, std::string> model_constants() override { return {}; }
  void load_model(std::map<std::string, std::string>) override {}
  std::string smt2(const std::vector<Formula>&) override { return ""; }
};

using Calls = std::vector<std::string>;

}  // namespace

TEST_CASE("named frames read a state property in state k and a step property on step k", "[obligation]") {
  Frame s = in_state(3), t = on_step(2, 1);
  CHECK((s.pre == 3 && s.post == 4 && s.step == 3 && s.action == -1));
  CHECK((t.pre == 2 && t.post == 3 && t.step == 2 && t.action == 1));
  Frame zero{};
  CHECK((in_state(0).pre == zero.pre && in_state(0).post == zero.post && in_state(0).action == zero.action));
}

TEST_CASE("a bounded obligation is the runs from init, then the property broken in its frame", "[obligation]") {
  auto c = test::compile("spec S;\nvar x: int;\ninit { x == 0; }\naction inc() { x += 1; }\n"
                         "invariant small: x < 3;\nrule up on inc: x > old(x);\n");
  INFO(c->errors());
  REQUIRE(c->ts);
  const auto& ts = *c->ts;
  Obligation o = runs_from_init(ts, 2);
  bounded_violation(ts, o, false, 0, 2, -1);
  Log b;
  add(b, o);
  REQUIRE(b.calls.size() >= 6);
  CHECK(b.calls[b.calls.size() - 1] == "add " + std::to_string(ts.invariants[0].holds) + "@2 not");
  CHECK(std::count(b.calls.begin(), b.calls.end(), "step 0 -1") == 1);
  CHECK(std::count(b.calls.begin(), b.calls.end(), "step 1 -1") == 1);
  CHECK(std::count(b.calls.begin(), b.calls.end(), "types 2") == 1);
  // A step property at depth 2: one transition before it, then its own step by the action.
  Obligation r = runs_from_init(ts, 1);
  bounded_violation(ts, r, true, 0, 2, 0);
  REQUIRE(r.goal);
  CHECK((r.goal->negate && r.goal->frame.pre == 1 && r.goal->frame.action == 0));
  CHECK(r.kind == Obligation::Kind::Bounded);
}

TEST_CASE("the Recorder tells a backend its obligation with each scope where it was opened", "[obligation]") {
  Recorder rec;
  Log b;
  rec.add_state_types(0);
  rec.push();
  rec.push();  // two scopes at the same place
  rec.add_transition(0, 1);
  rec.sync(b);
  CHECK(b.calls == Calls{"types 0", "push", "push", "step 0 1"});
  CHECK(rec.obligation().parts.size() == 2);
  rec.pop(b);  // told: the backend pops too
  rec.add_distinct_states(0, 1);
  rec.push();  // not told yet
  rec.pop(b);  // so the backend does not pop
  rec.sync(b);
  CHECK(b.calls == Calls{"types 0", "push", "push", "step 0 1", "pop", "distinct 0 1"});
  CHECK(rec.obligation().parts.size() == 2);  // types 0, distinct (the transition's scope is gone)
  rec.pop(b);
  CHECK(b.calls.back() == "pop");
  CHECK(rec.obligation().parts.size() == 1);
  rec.sync(b);  // nothing new
  CHECK(b.calls.size() == 7);
}

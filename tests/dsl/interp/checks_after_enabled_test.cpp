// Interpreter::broken_checks_after_enabled (the simulator's reverted attempts)
// reuses the values enabled() memoised; it must give what a fresh
// broken_checks gives, on enabled and reverted attempts alike, and must not
// leak memoised values into the next attempt.
#include <catch2/catch.hpp>

#include "dsl/interp/interpreter.hpp"
#include "tests/support/compile.hpp"

using namespace bulwark;

TEST_CASE("interp: the checks of the attempt enabled() just rejected are those a fresh evaluation finds") {
  auto c = test::compile(R"(
var x: int;
var y: int;
action f(a: int) {
  y = a / x;               // a check: x != 0
  require y > 1;           // reverts after the check when a / x <= 1 (also when x == 0)
  assert y < a;            // a second check, on the enabled path
}
invariant ok: true;
)");
  INFO(c->errors());
  REQUIRE(c->ts);
  const auto& ts = *c->ts;
  REQUIRE(ts.actions.size() == 1);
  interp::Interpreter reused(ts), fresh(ts);
  std::vector<Value> params;
  long reverted_with_check = 0, compared = 0;
  for (long x : {-2, -1, 0, 1, 2, 5})
    for (long a : {-7, -1, 0, 1, 3, 10}) {
      interp::State s{Value::integer(x), Value::integer(0)};
      std::vector<Value> args{Value::integer(a)};
      bool on = reused.enabled(0, params, s, args);
      auto got = reused.broken_checks_after_enabled(0);
      auto want = fresh.broken_checks(0, params, s, args);
      CHECK(got == want);
      ++compared;
      if (!on && !got.empty()) ++reverted_with_check;
    }
  CHECK(compared == 36);
  CHECK(reverted_with_check == 6);  // x == 0, for each a
}

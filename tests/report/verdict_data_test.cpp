// report/verdict_data: what a --jobs child sends its parent. Lossless: the
// parent renders the same text and JSON from the data as the child would.
#include <catch2/catch.hpp>

#include "report/verdict_data.hpp"
#include "report/verdict_json.hpp"
#include "report/verdict_text.hpp"
#include "support.hpp"

using namespace bulwark;
using solver::Status;

TEST_CASE("values of every kind round-trip exactly", "[report][verdict_data]") {
  for (const Value& v : {Value::boolean(true), Value::boolean(false), Value::integer(BigInt("-123456789012345678901234567890")),
                         Value::real(Rational(BigInt(-7), BigInt(3))), Value::real(Rational(5)), Value::element(1)}) {
    auto j = report::value_data(v);
    INFO(j.dump());
    CHECK(report::value_from_data(nlohmann::json::parse(j.dump())) == v);
  }
}

TEST_CASE("an engine result round-trips: the same verdicts, warnings, errors and output", "[report][verdict_data]") {
  auto spec = test::compile_spec(test::kCounter);
  const auto& ts = spec->ts;
  solver::EngineResult r;
  solver::Verdict v = test::violated_small(ts, 0.123456789);
  r.verdicts.push_back(v);
  solver::Verdict w = v;
  w.name = "half";
  w.index = 1;
  w.status = Status::NotInductive;
  w.trace.reset();
  w.cti = v.trace;
  w.cti->from_init = false;
  w.lemmas = {"small"};
  w.reason = "k-induction gave up";
  w.invariant = "r >= 0";
  r.verdicts.push_back(w);
  r.warnings.push_back({"W0403", ts.invariants[1].span, "dead"});
  r.input_error = "no initial state";
  r.stats.queries = 12;
  r.stats.decided_by = {{"z3", 7}, {"cvc5", 5}};
  r.replay_s = 0.01;

  auto back = report::engine_result_from_data(nlohmann::json::parse(report::engine_result_data(r).dump()));
  REQUIRE(back.verdicts.size() == 2);
  CHECK(back.input_error == r.input_error);
  CHECK_FALSE(back.internal_error);
  CHECK(back.stats.queries == 12);
  CHECK(back.stats.decided_by == r.stats.decided_by);
  CHECK(back.replay_s == r.replay_s);
  REQUIRE(back.warnings.size() == 1);
  CHECK(back.warnings[0].code == "W0403");
  CHECK(report::warning_text(ts, "t.bwk", back.warnings[0]) == report::warning_text(ts, "t.bwk", r.warnings[0]));
  for (std::size_t i = 0; i < 2; ++i) {
    const auto &a = r.verdicts[i], &b = back.verdicts[i];
    CHECK(b.time_s == a.time_s);  // doubles round-trip exactly
    CHECK(b.status == a.status);
    CHECK(b.lemmas == a.lemmas);
    CHECK(b.trace.has_value() == a.trace.has_value());
    CHECK(b.cti.has_value() == a.cti.has_value());
    // What the parent prints from the data is what the child would have printed.
    auto ta = report::verdict_text(ts, a, {}, {true, true}), tb = report::verdict_text(ts, b, {}, {true, true});
    CHECK(tb.line == ta.line);
    CHECK(tb.trace == ta.trace);
    CHECK(tb.cti == ta.cti);
    CHECK(tb.invariant == ta.invariant);
    CHECK(report::verdict_json(ts, b, {}, true) == report::verdict_json(ts, a, {}, true));
  }
  CHECK(back.verdicts[1].cti->from_init == false);
  CHECK(back.verdicts[0].trace->steps.size() == 2);
}

TEST_CASE("data that was not written by engine_result_data is refused", "[report][verdict_data]") {
  CHECK_THROWS(report::engine_result_from_data(nlohmann::json::parse(R"({"verdicts": [{"name": "x"}]})")));
  auto bad = report::verdict_data(solver::Verdict{});
  bad["status"] = "maybe";
  CHECK_THROWS(report::verdict_from_data(bad));
  CHECK(report::status_from_string("not_inductive") == Status::NotInductive);
  CHECK_FALSE(report::status_from_string("proven"));
}

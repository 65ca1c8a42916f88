// report/verdict_json: the JSON schema of check's output (docs/cli.md "JSON output").
#include <catch2/catch.hpp>

#include "report/verdict_json.hpp"
#include "support.hpp"

using namespace bulwark;
using nlohmann::json;
using solver::Status;

TEST_CASE("verdict_json: every field of a property", "[report][verdict_json]") {
  auto spec = test::compile_spec(test::kCounter);
  const auto& ts = spec->ts;
  solver::Verdict v = test::violated_small(ts, 0.5);
  json j = report::verdict_json(ts, v, {"d/t.small.itf.json", ""}, false);
  CHECK(j == json{{"name", "small"}, {"index", 0}, {"kind", "invariant"}, {"status", "violated"}, {"method", "bmc"},
                  {"steps", 2}, {"depth", 2}, {"reason", ""}, {"lemmas", json::array()}, {"time_s", 0.5},
                  {"invariant", nullptr}, {"location", {{"file", "t.bwk"}, {"line", 8}, {"col", 11}}},
                  {"trace", "d/t.small.itf.json"}, {"cti", nullptr}});
  CHECK_FALSE(j.contains("ci"));
  CHECK(report::verdict_json(ts, v, {}, true).contains("ci"));
}

TEST_CASE("verdict_json: a step property's index follows the invariants", "[report][verdict_json]") {
  auto spec = test::compile_spec(test::kCounter);
  const auto& ts = spec->ts;
  REQUIRE(ts.invariants.size() == 2);
  REQUIRE(!ts.steps.empty());
  solver::Verdict v;
  v.name = ts.steps[0].name;
  v.kind = ts.steps[0].kind;
  v.span = ts.steps[0].span;
  v.step = true;
  v.index = 0;
  v.status = Status::Proved;
  v.lemmas = {"small"};
  v.invariant = "x >= 0";
  json j = report::verdict_json(ts, v, {}, false);
  CHECK(j["index"] == 2);
  CHECK(j["kind"] == "rule");
  CHECK(j["steps"].is_null());
  CHECK(j["lemmas"] == json::array({"small"}));
  CHECK(j["invariant"] == "x >= 0");
  CHECK(j["trace"].is_null());
}

TEST_CASE("spec_json: the entry, its warnings located, and CI problems only for the CI formats", "[report][verdict_json]") {
  auto spec = test::compile_spec(test::kCounter);
  const auto& ts = spec->ts;
  solver::Verdict v;
  v.name = "small";
  v.span = ts.invariants[0].span;
  v.status = Status::Proved;
  std::vector<solver::Warning> ws = {{"W0403", ts.invariants[1].span, "dead"}, {"W0401", {}, "undecided"}};
  json j = report::spec_json(ts, "specs/t.bwk", 2, {v}, {}, ws, false);
  CHECK(j["spec"] == "specs/t.bwk");
  CHECK(j["exit_code"] == 2);
  CHECK(j["properties"].size() == 1);
  CHECK(j["warnings"] == json::array({{{"code", "W0403"}, {"location", "t.bwk:9:11"}, {"message", "dead"}},
                                      {{"code", "W0401"}, {"location", "specs/t.bwk"}, {"message", "undecided"}}}));
  CHECK_FALSE(j.contains("problems"));
  json ci = report::spec_json(ts, "specs/t.bwk", 2, {v}, {}, ws, true);
  REQUIRE(ci["problems"].size() == 2);
  CHECK(ci["problems"][0]["severity"] == "warning");
  CHECK(report::warning_text(ts, "specs/t.bwk", ws[0]) == "t.bwk:9:11: warning[W0403]: dead\n");
  CHECK(report::warning_text(ts, "specs/t.bwk", ws[1]) == "specs/t.bwk: warning[W0401]: undecided\n");
}

TEST_CASE("spec_error_json: a spec with no verdicts", "[report][verdict_json]") {
  CHECK(report::spec_error_json("a.bwk", 3, std::nullopt) ==
        json{{"spec", "a.bwk"}, {"exit_code", 3}, {"properties", json::array()}});
  CHECK(report::spec_error_json("a.bwk", 3, json::array({1}))["problems"] == json::array({1}));
}

// dsl/check, the type checker, on its own (parse + check, nothing below):
// specs it accepts, with what the typed spec says, and specs it rejects, with
// the exact diagnostics (code, place, message), in order.
#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <vector>

#include "dsl/check/check.hpp"
#include "dsl/diag/diagnostics.hpp"
#include "dsl/source/source_file.hpp"
#include "dsl/syntax/parse.hpp"

using namespace bulwark;

namespace {

struct Checked {
  std::unique_ptr<SourceFile> file;  // outlives the diagnostics and the typed spec that point into it
  Diagnostics diags;
  std::optional<typed::TypedSpec> typed;
};

Checked check_text(const std::string& text, const CheckOptions& opts = {}) {
  Checked r;
  auto src = make_source("t.bwk", text, r.diags);
  REQUIRE(src);
  r.file = std::make_unique<SourceFile>(std::move(*src));
  auto parsed = parse(*r.file, r.diags);
  INFO(render_all(r.diags, false));
  REQUIRE(parsed);  // these tests are about check, not syntax
  r.typed = check(*parsed, opts, r.diags);
  return r;
}

// Each diagnostic as `L:C CODE message` (or `CODE message` without a place).
std::vector<std::string> listed(const Checked& r) {
  std::vector<std::string> out;
  for (const auto& d : r.diags.all()) {
    std::string where;
    if (d.file && d.span) {
      auto lc = d.file->line_col(d.span->begin);
      where = std::to_string(lc.line) + ":" + std::to_string(lc.col) + " ";
    }
    out.push_back(where + d.code + " " + d.message);
  }
  return out;
}

const std::string kPrelude = "var x: int;\ninit { x == 0; }\naction s() { x += 1; }\n";

}  // namespace

// ---- accepted --------------------------------------------------------------------------

TEST_CASE("check accepts a small spec and types its declarations", "[dsl.check]") {
  auto r = check_text(
      "sort Account[3];\n"
      "param fee: real;\n"
      "assume fee >= 0 && fee < 1;\n"
      "var bal: Account -> real;\n"
      "var total: real;\n"
      "init { forall a in Account: bal[a] == 0; total == 0; }\n"
      "action deposit(a: Account, amt: real) { require amt > 0; bal[a] += amt; total += amt; }\n"
      "invariant nonneg: forall a in Account: bal[a] >= 0;\n"
      "rule grows on deposit: total > old(total);\n");
  INFO(render_all(r.diags, false));
  CHECK(r.diags.all().empty());
  REQUIRE(r.typed);
  const auto& t = *r.typed;
  REQUIRE(t.sorts.size() == 1);
  CHECK(t.sorts[0].name == "Account");
  CHECK(t.sorts[0].elems.size() == 3);
  REQUIRE(t.params.size() == 1);
  CHECK(t.params[0].type.kind == typed::Scalar::Real);
  REQUIRE(t.vars.size() == 2);
  CHECK(t.vars[0].name == "bal");
  CHECK(t.vars[0].keys == std::vector<int>{0});
  CHECK(t.vars[0].type.kind == typed::Scalar::Real);
  CHECK(t.vars[1].keys.empty());
  REQUIRE(t.actions.size() == 1);
  CHECK(t.actions[0].params.size() == 2);
  REQUIRE(t.invariants.size() == 1);
  CHECK(t.invariants[0].name == "nonneg");
  REQUIRE(t.rules.size() == 1);
  CHECK(t.rules[0].action == 0);  // `on deposit`
}

TEST_CASE("check accepts --size for a sized sort and resizes it", "[dsl.check]") {
  CheckOptions o;
  o.sizes["S"] = 5;
  auto r = check_text("sort S[2];\n" + kPrelude + "invariant i: x >= 0;\n", o);
  CHECK(r.diags.all().empty());
  REQUIRE(r.typed);
  CHECK(r.typed->sorts[0].elems.size() == 5);
}

TEST_CASE("check accepts a scenario that drives a real parameter of an env action", "[dsl.check]") {
  auto r = check_text(
      "var price: real;\ninit { price == 100; }\n"
      "env action oracle(p: real) { require p > 0; price = p; }\n"
      "invariant pos: price > 0;\n"
      "scenario s { drive oracle(p) = gbm(0, 0.1, 1) from price; moves 0; }\n");
  INFO(render_all(r.diags, false));
  CHECK(r.diags.all().empty());
  REQUIRE(r.typed);
  CHECK(r.typed->scenarios.size() == 1);
}

TEST_CASE("a spec with nothing to check is accepted with warning W0301 only", "[dsl.check]") {
  auto r = check_text(kPrelude);
  CHECK(r.typed);
  CHECK_FALSE(r.diags.has_errors());
  CHECK(listed(r) == std::vector<std::string>{"W0301 t.bwk: the spec has no invariants or rules: there is nothing to check"});
}

// ---- rejected: the exact diagnostics ---------------------------------------------------

TEST_CASE("unknown names: each one reported, with a did-you-mean where one is close", "[dsl.check]") {
  auto r = check_text("var total: int;\ninit { total == 0; }\naction s() { total += 1; }\n"
                      "invariant i: totl >= 0 && zzz_unrelated > 0;\n");
  CHECK_FALSE(r.typed);
  CHECK(listed(r) == std::vector<std::string>{"4:14 E0201 unknown name `totl`", "4:27 E0201 unknown name `zzz_unrelated`"});
  REQUIRE(r.diags.all().size() == 2);
  REQUIRE(r.diags.all()[0].notes.size() == 1);
  CHECK(r.diags.all()[0].notes[0].message == "did you mean `total`?");
  CHECK(r.diags.all()[1].notes.empty());
}

TEST_CASE("a real where an int is needed, and a non-boolean invariant", "[dsl.check]") {
  auto r = check_text("var r: real;\nvar n: int;\ninit { r == 0; n == 0; }\naction s() { n = r; }\ninvariant i: n + 1;\n");
  CHECK_FALSE(r.typed);
  auto got = listed(r);
  REQUIRE(got.size() == 2);
  CHECK(got[0].rfind("4:18 E0302 ", 0) == 0);
  CHECK(got[1].rfind("5:14 E0301 ", 0) == 0);
}

TEST_CASE("a duplicate variable points at both declarations", "[dsl.check]") {
  auto r = check_text("var x: int;\n" + kPrelude + "invariant i: x >= 0;\n");
  CHECK_FALSE(r.typed);
  REQUIRE(r.diags.all().size() == 1);
  const auto& d = r.diags.all()[0];
  CHECK(d.code == "E0202");
  CHECK(d.message == "`x` is already declared as a state variable");
  CHECK(d.file->line_col(d.span->begin).line == 2);
  REQUIRE(d.notes.size() == 1);
  CHECK(d.file->line_col(d.notes[0].span->begin).line == 1);
}

TEST_CASE("E0310: `moves` out of range", "[dsl.check][E0310]") {
  auto r = check_text(
      "var price: real;\ninit { price == 100; }\n"
      "env action oracle(p: real) { price = p; }\n"
      "invariant pos: price > 0;\n"
      "scenario s { drive oracle(p) = gbm(0, 0.1, 1) from price; moves 2000; }\n");
  CHECK_FALSE(r.typed);
  CHECK(listed(r) == std::vector<std::string>{"5:65 E0310 `moves` must be an integer from 0 to 1000, found 2000"});
}

TEST_CASE("E0311: a driven parameter that is not real", "[dsl.check][E0311]") {
  auto r = check_text(
      "var price: int;\ninit { price == 100; }\n"
      "env action oracle(p: int) { price = p; }\n"
      "invariant pos: price > 0;\n"
      "scenario s { drive oracle(p) = gbm(0, 0.1, 1) from price; moves 0; }\n");
  CHECK_FALSE(r.typed);
  CHECK(listed(r) == std::vector<std::string>{"5:27 E0311 a driven parameter must be real, `p` is int"});
}

TEST_CASE("sizes: --size for an unknown sort and out of range", "[dsl.check]") {
  CheckOptions o;
  o.sizes["Acount"] = 3;
  o.sizes["S"] = 0;
  auto r = check_text("sort Account[2];\nsort S[2];\n" + kPrelude + "invariant i: x >= 0;\n", o);
  CHECK_FALSE(r.typed);
  CHECK(listed(r) == std::vector<std::string>{"E0501 --size Acount=3: there is no sort named `Acount`",
                                              "E0504 --size S=0: sort size must be from 1 to 1000"});
}

TEST_CASE("W0302: integer division used as a real, and not when floor says the rounding is meant",
          "[dsl.check][W0302]") {
  auto r = check_text(
      "var p: real;\nvar n: int;\ninit { p == 0; n == 7; }\n"
      "action s() { p = n / 2; }\n"
      "invariant third: p != 1/3;\n"
      "invariant exact: p != 1.0/3 && p != n / 2.0;\n"
      "invariant meant: p != floor(n / 2) && n / 2 >= 0;\n");
  CHECK(r.typed);  // a warning: the spec is accepted
  const std::string msg =
      "W0302 `/` on two ints rounds toward zero before the result is used as a real (1/3 is 0); write a decimal such "
      "as 1.0/3 for exact division, or floor(...) to keep the rounding and silence this warning";
  CHECK(listed(r) == std::vector<std::string>{"4:20 " + msg, "5:24 " + msg});
}

// report/verdict_text: the text output of check / prove / bmc, exactly.
#include <catch2/catch.hpp>

#include "report/trace_text.hpp"
#include "report/verdict_text.hpp"
#include "support.hpp"

using namespace bulwark;
using solver::Status;

namespace {

solver::Verdict verdict(const ir::TransitionSystem& ts, int index, Status status) {
  solver::Verdict v;
  v.name = ts.invariants[static_cast<std::size_t>(index)].name;
  v.span = ts.invariants[static_cast<std::size_t>(index)].span;
  v.index = index;
  v.status = status;
  v.time_s = 0.25;
  return v;
}

}  // namespace

TEST_CASE("verdict_text: one line per status, with how it was reached", "[report][verdict_text]") {
  auto spec = test::compile_spec(test::kCounter);
  const auto& ts = spec->ts;
  auto v = verdict(ts, 1, Status::Proved);
  v.method = "inductive";
  auto t = report::verdict_text(ts, v, {}, {});
  CHECK(t.line == "  proved          half                                     inductive  (0.25 s)\n");
  CHECK(t.trace.empty());
  CHECK(t.cti.empty());
  CHECK(t.invariant.empty());

  v.status = Status::HoldsToDepth;
  v.depth = 7;
  CHECK(report::verdict_text(ts, v, {}, {}).line ==
        "  holds_to_depth  half                                     no violation up to depth 7  (0.25 s)\n");
  v.status = Status::Unknown;
  v.reason = "timeout after 30 s";
  CHECK(report::verdict_text(ts, v, {}, {}).line ==
        "  unknown         half                                     timeout after 30 s  (0.25 s)\n");
}

TEST_CASE("verdict_text: a violation shows its replayed trace and its file", "[report][verdict_text]") {
  auto spec = test::compile_spec(test::kCounter);
  const auto& ts = spec->ts;
  auto v = verdict(ts, 0, Status::Violated);
  v.trace = test::violation(ts);
  REQUIRE(v.trace->steps.size() == 2);
  auto t = report::verdict_text(ts, v, {"out/t.small.itf.json", ""}, {});
  CHECK(t.line == "  violated        small                                    attack trace of 2 steps  (0.25 s)\n");
  CHECK(t.trace == "\nviolated: small (invariant, t.bwk:8:11)\n"
                   "  found by bounded model checking, 2 steps, replayed by the interpreter\n" +
                       report::trace_text(ts, *v.trace) + "  trace: out/t.small.itf.json\n");
  CHECK(t.cti.empty());
}

TEST_CASE("verdict_text: a counterexample to induction is never called an attack", "[report][verdict_text]") {
  auto spec = test::compile_spec(test::kCounter);
  const auto& ts = spec->ts;
  auto v = verdict(ts, 0, Status::NotInductive);
  v.cti = test::violation(ts);
  v.cti->from_init = false;
  SECTION("under prove, without a bounded search") {
    auto t = report::verdict_text(ts, v, {"", "out/t.small.cti.itf.json"}, {false, false});
    CHECK(t.line == "  not_inductive   small                                    not inductive (bounded search not run)  (0.25 s)\n");
    CHECK(t.cti.rfind("\nnot inductive: small (invariant, t.bwk:8:11)\n  counterexample to induction, NOT an attack", 0) == 0);
    CHECK(t.cti.find("(bounded search\n  not run)") != std::string::npos);
    CHECK(t.cti.size() > std::string("  counterexample: out/t.small.cti.itf.json\n").size());
    CHECK(t.cti.substr(t.cti.size() - 43) == "  counterexample: out/t.small.cti.itf.json\n");
    CHECK(t.trace.empty());
  }
  SECTION("under check, after a bounded search to depth 4") {
    v.depth = 4;
    v.reason = "k-induction gave up";
    auto t = report::verdict_text(ts, v, {}, {true, false});
    CHECK(t.line ==
          "  not_inductive   small                                    not inductive; no violation up to depth 4; "
          "k-induction gave up  (0.25 s)\n");
    CHECK(t.cti.find("(bounded search\n  found no attack within 4 steps)") != std::string::npos);
  }
}

TEST_CASE("verdict_text: the CHC invariant only with --print-invariants", "[report][verdict_text]") {
  auto spec = test::compile_spec(test::kCounter);
  const auto& ts = spec->ts;
  auto v = verdict(ts, 1, Status::Proved);
  v.method = "chc";
  v.invariant = "r >= 0";
  CHECK(report::verdict_text(ts, v, {}, {true, false}).invariant.empty());
  CHECK(report::verdict_text(ts, v, {}, {true, true}).invariant ==
        "\ninvariant behind the CHC proof of half (re-checked by induction; paste it as a lemma):\n"
        "  invariant chc_half: r >= 0;\n");
}

TEST_CASE("spec_text: the spec, then every line, then the invariants, traces and ctis in that order",
          "[report][verdict_text]") {
  std::vector<report::VerdictText> texts = {{"L1\n", "T1\n", "C1\n", "I1\n"}, {"L2\n", "", "C2\n", ""}};
  CHECK(report::spec_text("a.bwk", texts) == "a.bwk\nL1\nL2\nI1\nT1\nC1\nC2\n");
  CHECK(report::spec_text("a.bwk", {}) == "a.bwk\n");
}

// report/exit_code: the one exit-code rule (DESIGN.md, docs/cli.md "Exit codes").
#include <catch2/catch.hpp>

#include "report/exit_code.hpp"

using namespace bulwark;
using report::exit_code;
using report::RunOutcome;
using solver::Status;

namespace {

std::vector<solver::Verdict> verdicts(std::initializer_list<Status> ss) {
  std::vector<solver::Verdict> out;
  for (auto s : ss) out.push_back({}), out.back().status = s;
  return out;
}

}  // namespace

TEST_CASE("exit codes of verdicts: violated 1, else inconclusive 2, else 0", "[report][exit_code]") {
  CHECK(exit_code(RunOutcome::of(verdicts({}))) == kOk);
  CHECK(exit_code(RunOutcome::of(verdicts({Status::Proved, Status::Proved}))) == kOk);
  CHECK(exit_code(RunOutcome::of(verdicts({Status::Proved, Status::Unknown}))) == kInconclusive);
  CHECK(exit_code(RunOutcome::of(verdicts({Status::NotInductive}))) == kInconclusive);
  CHECK(exit_code(RunOutcome::of(verdicts({Status::HoldsToDepth}))) == kInconclusive);
  CHECK(exit_code(RunOutcome::of(verdicts({Status::Unknown, Status::Violated, Status::Proved}))) == kViolated);
}

TEST_CASE("bounded_ok (--bounded-ok) passes holds_to_depth only", "[report][exit_code]") {
  report::ExitRule ok{true, false};
  CHECK(exit_code(RunOutcome::of(verdicts({Status::HoldsToDepth, Status::Proved})), ok) == kOk);
  CHECK(exit_code(RunOutcome::of(verdicts({Status::HoldsToDepth, Status::NotInductive})), ok) == kInconclusive);
  CHECK(exit_code(RunOutcome::of(verdicts({Status::HoldsToDepth, Status::Unknown})), ok) == kInconclusive);
  CHECK(exit_code(RunOutcome::of(verdicts({Status::HoldsToDepth, Status::Violated})), ok) == kViolated);
}

TEST_CASE("fail_on_violated (--fail-on violated): an inconclusive result alone exits 0; violations and errors keep their codes",
          "[report][exit_code]") {
  report::ExitRule rule{false, true};
  CHECK(exit_code(RunOutcome::of(verdicts({Status::Unknown, Status::HoldsToDepth})), rule) == kOk);
  CHECK(exit_code(RunOutcome::of(verdicts({Status::Unknown, Status::Violated})), rule) == kViolated);
  RunOutcome bad;
  bad.input_error = true;
  CHECK(exit_code(bad, rule) == kInputError);
}

TEST_CASE("errors take precedence: internal 4 over input 3 over everything found", "[report][exit_code]") {
  RunOutcome o = RunOutcome::of(verdicts({Status::Violated}));
  o.input_error = true;
  CHECK(exit_code(o) == kInputError);
  o.internal_error = true;
  CHECK(exit_code(o) == kInternalError);
}

TEST_CASE("outcomes add up, and codes already decided combine by the same rule", "[report][exit_code]") {
  for (int code = 0; code <= 4; ++code) CHECK(exit_code(RunOutcome::of_exit_code(code)) == code);
  CHECK(exit_code(RunOutcome::of_exit_code(137)) == kInternalError);  // a code we never give: a crash
  // Every pair, as DESIGN.md says: errors (the higher wins), then 1, then 2, then 0.
  int want[5][5] = {{0, 1, 2, 3, 4}, {1, 1, 1, 3, 4}, {2, 1, 2, 3, 4}, {3, 3, 3, 3, 4}, {4, 4, 4, 4, 4}};
  for (int a = 0; a <= 4; ++a)
    for (int b = 0; b <= 4; ++b) {
      INFO(a << " with " << b);
      CHECK(report::combine_exit_codes(a, b) == want[a][b]);
    }
  RunOutcome sum = RunOutcome::of(verdicts({Status::Proved}));
  sum += RunOutcome::of(verdicts({Status::HoldsToDepth}));
  CHECK(exit_code(sum) == kInconclusive);
  CHECK(exit_code(sum, {true, false}) == kOk);
}

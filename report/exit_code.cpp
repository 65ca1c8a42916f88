#include "report/exit_code.hpp"

namespace bulwark::report {

RunOutcome& RunOutcome::operator+=(const RunOutcome& o) {
  internal_error = internal_error || o.internal_error;
  input_error = input_error || o.input_error;
  violated += o.violated;
  bounded += o.bounded;
  inconclusive += o.inconclusive;
  return *this;
}

RunOutcome RunOutcome::of(solver::Status s) {
  RunOutcome o;
  switch (s) {
    case solver::Status::Proved: break;
    case solver::Status::Violated: o.violated = 1; break;
    case solver::Status::HoldsToDepth: o.bounded = 1; break;
    case solver::Status::NotInductive:
    case solver::Status::Unknown: o.inconclusive = 1; break;
  }
  return o;
}

RunOutcome RunOutcome::of(const std::vector<solver::Verdict>& verdicts) {
  RunOutcome o;
  for (const auto& v : verdicts) o += of(v.status);
  return o;
}

RunOutcome RunOutcome::of_exit_code(int code) {
  RunOutcome o;
  switch (code) {
    case kOk: break;
    case kViolated: o.violated = 1; break;
    case kInconclusive: o.inconclusive = 1; break;
    case kInputError: o.input_error = true; break;
    default: o.internal_error = true; break;  // 4, a signal, anything we did not give
  }
  return o;
}

int exit_code(const RunOutcome& o, const ExitRule& rule) {
  if (o.internal_error) return kInternalError;
  if (o.input_error) return kInputError;
  if (o.violated > 0) return kViolated;
  bool inconclusive = o.inconclusive > 0 || (o.bounded > 0 && !rule.bounded_ok);
  if (inconclusive && !rule.fail_on_violated) return kInconclusive;
  return kOk;
}

int combine_exit_codes(int a, int b) {
  RunOutcome o = RunOutcome::of_exit_code(a);
  o += RunOutcome::of_exit_code(b);
  return exit_code(o);
}

}  // namespace bulwark::report

// What the engines conclude about each property (DESIGN.md "Verdicts and exit codes").
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "dsl/interp/interpreter.hpp"

namespace bulwark::solver {

enum class Status {
  Proved,        // holds in every reachable state (for the given sort sizes)
  Violated,      // a reachable counterexample, replayed and confirmed by the interpreter
  NotInductive,  // induction failed and bounded search found nothing up to the depth
  HoldsToDepth,  // bounded search found nothing up to the depth (never called proved)
  Unknown,       // the solver gave up; `reason` says why
};
const char* to_string(Status s);

struct Verdict {
  std::string name;
  ir::PropKind kind = ir::PropKind::Invariant;
  Span span;
  bool step = false;  // a step property (ts.steps) rather than an invariant
  int index = 0;
  Status status = Status::Unknown;
  std::string method;               // "inductive", "bmc", ...
  std::vector<std::string> lemmas;  // other invariants the proof needed
  int depth = 0;                    // bounded search depth reached
  std::string reason;
  double time_s = 0;
  std::optional<interp::Trace> trace;
  // For not_inductive: the step that breaks induction, from a state that
  // satisfies the invariants assumed but may be unreachable. Never an attack.
  std::optional<interp::Trace> cti;
  // For `proved (chc)`: the inductive invariant Spacer found, in spec syntax,
  // re-checked by induction: the proof's certificate.
  std::string invariant;
};

}  // namespace bulwark::solver

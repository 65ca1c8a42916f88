#include "report/verdict_text.hpp"
#include "report/plural.hpp"

#include <fmt/format.h>

#include "report/trace_text.hpp"

namespace bulwark::report {

VerdictText verdict_text(const ir::TransitionSystem& ts, const solver::Verdict& v, const TraceFiles& files,
                         const VerdictTextOptions& o) {
  using solver::Status;
  auto plural = [](std::size_t n) { return n == 1 ? "" : "s"; };
  bool bmc = o.bmc;
  VerdictText out;
  std::string how;
  switch (v.status) {
    case Status::Proved: how = v.method; break;
    case Status::Violated: how = fmt::format("attack trace of {} step{}", v.trace->steps.size(), plural(v.trace->steps.size())); break;
    case Status::HoldsToDepth: how = fmt::format("no violation up to depth {}", v.depth); break;
    case Status::NotInductive:
      // Under `prove` the search runs only as k-induction's base case, if at all.
      how = bmc || v.depth > 0 ? fmt::format("not inductive; no violation up to depth {}", v.depth)
                               : std::string("not inductive (bounded search not run)");
      if (!v.reason.empty()) how += "; " + v.reason;
      break;
    case Status::Unknown: how = v.reason; break;
  }
  out.line = fmt::format("  {:<15} {:<40} {}  ({:.2f} s)\n", solver::to_string(v.status), v.name, how, v.time_s);
  if (v.trace) {
    out.trace = fmt::format("\nviolated: {} ({}, {})\n  found by bounded model checking, {} step{}, replayed by the interpreter\n{}",
                            v.name, ir::to_string(v.kind), location(ts, v.span), v.trace->steps.size(),
                            plural(v.trace->steps.size()), trace_text(ts, *v.trace));
    if (!files.trace.empty()) out.trace += fmt::format("  trace: {}\n", files.trace);
  }
  if (v.status == Status::NotInductive && v.cti)
    out.cti = fmt::format("\nnot inductive: {} ({}, {})\n  counterexample to induction, NOT an attack: the step below breaks the "
                          "property from a state\n  that satisfies the invariants assumed, but that state may be unreachable "
                          "(bounded search\n  {}). A lemma that rules that state out would make the proof go through.\n{}",
                          v.name, ir::to_string(v.kind), location(ts, v.span),
                          bmc || v.depth > 0 ? fmt::format("found no attack within {}", counted(v.depth, "step")) : std::string("not run"),
                          trace_text(ts, *v.cti));
  if (!out.cti.empty() && !files.cti.empty()) out.cti += fmt::format("  counterexample: {}\n", files.cti);
  if (o.print_invariants && !v.invariant.empty())
    out.invariant = fmt::format("\ninvariant behind the CHC proof of {} (re-checked by induction; paste it as a lemma):\n"
                                "  invariant chc_{}: {};\n", v.name, v.name, v.invariant);
  return out;
}

std::string spec_text(const std::string& spec, const std::vector<VerdictText>& texts) {
  std::string out = spec + "\n";
  for (const auto& t : texts) out += t.line;
  for (const auto& t : texts) out += t.invariant;
  for (const auto& t : texts) out += t.trace;
  for (const auto& t : texts) out += t.cti;
  return out;
}

}  // namespace bulwark::report

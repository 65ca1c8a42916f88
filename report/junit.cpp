// JUnit XML as Jenkins, GitLab and GitHub test reporters read it: one
// <testsuite> per spec, one <testcase> per property. A violation is a
// <failure>; an inconclusive result is a <failure> when it fails the run
// (--fail-on inconclusive, the default) and an <error> when it does not
// (--fail-on violated): the tool could not decide, the gate did not close.
// A spec that does not compile is one <testcase name="compile"> with an <error>.
#include <fmt/format.h>

#include "report/ci.hpp"
#include "report/markup_escape.hpp"

namespace bulwark::report {

namespace {

std::string where(const SourceRange& r) { return fmt::format("{}:{}:{}", r.file, r.line, r.col); }

std::string classname(const std::string& spec) {
  std::string s = spec.size() > 4 && spec.substr(spec.size() - 4) == ".bwk" ? spec.substr(0, spec.size() - 4) : spec;
  while (s.rfind("./", 0) == 0) s = s.substr(2);
  for (char& ch : s)
    if (ch == '/' || ch == '\\') ch = '.';
  return s;
}

std::string problem_text(const CiProblem& p) {
  return fmt::format("{}{}[{}]: {}\n", p.location ? where(*p.location) + ": " : "", p.severity, p.code, p.message);
}

// The one-line summary of a property's result (the text output's line, in words).
std::string summary(const CiProperty& p) {
  if (p.status == "violated" && p.trace)
    return fmt::format("{} {} is violated: an attack trace of {} step{}, replayed by the interpreter", p.kind, p.name,
                       p.trace->steps.size(), p.trace->steps.size() == 1 ? "" : "s");
  if (p.status == "holds_to_depth") return fmt::format("{} {}: no violation up to depth {}; not proved", p.kind, p.name, p.depth);
  if (p.status == "not_inductive")
    return fmt::format("{} {} is not inductive; no violation up to depth {}{}", p.kind, p.name, p.depth,
                       p.reason.empty() ? "" : "; " + p.reason);
  if (p.status == "unknown") return fmt::format("{} {}: unknown ({})", p.kind, p.name, p.reason);
  return fmt::format("{} {}: {}", p.kind, p.name, p.status);
}

struct Counts {
  int tests = 0, failures = 0, errors = 0;
  double time = 0;
};

}  // namespace

std::string junit(const std::vector<CiSpec>& specs, const CiOptions& o) {
  Counts total;
  std::string body;
  for (const auto& s : specs) {
    Counts c;
    std::string cases, err;
    std::string cls = xml_escape(classname(s.spec));
    for (const auto& p : s.problems)
      if (p.severity != "error") err += problem_text(p);
    if (s.properties.empty() && s.exit_code != 0) {
      // The spec did not compile (or the run stopped before any verdict).
      std::string text, first = "the spec could not be checked";
      for (const auto& p : s.problems)
        if (p.severity == "error") {
          if (text.empty()) first = fmt::format("{}: {}", p.code, p.message.substr(0, p.message.find('\n')));
          text += problem_text(p);
        }
      ++c.tests, ++c.errors;
      cases += fmt::format("    <testcase name=\"compile\" classname=\"{}\" file=\"{}\">\n"
                           "      <error type=\"input_error\" message=\"{}\">{}</error>\n    </testcase>\n",
                           cls, xml_escape(s.spec), xml_escape(first), xml_escape(text));
    }
    for (const auto& p : s.properties) {
      ++c.tests;
      c.time += p.time_s;
      cases += fmt::format("    <testcase name=\"{}\" classname=\"{}\" file=\"{}\" line=\"{}\" time=\"{:.3f}\"",
                           xml_escape(p.name), cls, xml_escape(p.location.file), p.location.line, p.time_s);
      Outcome out = outcome(p.status, o);
      std::string detail = where(p.location) + ": " + summary(p) + "\n";
      if (p.trace) detail += p.trace->text;
      if (p.cti)
        detail += "counterexample to induction, NOT an attack: its first state satisfies the invariants assumed but "
                  "may be unreachable\n" + p.cti->text;
      if (out == Outcome::Passed) {
        std::string how = p.status == "proved" ? "proved (" + p.method + ")" : summary(p);
        if (!p.lemmas.empty()) {
          how += "; lemmas:";
          for (const auto& l : p.lemmas) how += " " + l;
        }
        cases += fmt::format(">\n      <system-out>{}</system-out>\n    </testcase>\n", xml_escape(how));
        continue;
      }
      const char* tag = out == Outcome::Failed ? "failure" : "error";
      (out == Outcome::Failed ? c.failures : c.errors) += 1;
      cases += fmt::format(">\n      <{} type=\"{}\" message=\"{}\">{}</{}>\n    </testcase>\n", tag, xml_escape(p.status),
                           xml_escape(summary(p)), xml_escape(detail), tag);
    }
    body += fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"0\" time=\"{:.3f}\">\n",
                        xml_escape(s.spec), c.tests, c.failures, c.errors, c.time);
    body += cases;
    if (!err.empty()) body += fmt::format("    <system-err>{}</system-err>\n", xml_escape(err));
    body += "  </testsuite>\n";
    total.tests += c.tests, total.failures += c.failures, total.errors += c.errors, total.time += c.time;
  }
  return fmt::format("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                     "<testsuites name=\"bulwark\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"0\" time=\"{:.3f}\">\n"
                     "{}</testsuites>\n",
                     total.tests, total.failures, total.errors, total.time, body);
}

}  // namespace bulwark::report

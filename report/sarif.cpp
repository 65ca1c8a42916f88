// SARIF 2.1.0 (OASIS), as GitHub code scanning and GitLab read it: one run;
// one result per property that is not proved (violated: level error;
// inconclusive: warning when it fails the run under --fail-on, else note),
// located at the property; a violation's attack trace, and a counterexample
// to induction, as a codeFlow whose locations are the steps' actions and
// then the broken property. Input errors and sanity warnings are results too,
// with their diagnostic code as the rule.
#include <fmt/format.h>

#include <map>

#include "report/ci.hpp"

namespace bulwark::report {

namespace {

// A relative path stays relative (to the repository root, where CI runs);
// an absolute one becomes a file:// URI. Characters outside RFC 3986's
// unreserved set and '/' are percent-encoded.
std::string uri(std::string path) {
  while (path.rfind("./", 0) == 0) path = path.substr(2);
  std::string out = !path.empty() && path[0] == '/' ? "file://" : "";
  for (unsigned char ch : path) {
    if (std::isalnum(ch) || ch == '-' || ch == '.' || ch == '_' || ch == '~' || ch == '/') out += static_cast<char>(ch);
    else out += fmt::format("%{:02X}", ch);
  }
  return out;
}

nlohmann::json physical(const SourceRange& r) {
  nlohmann::json region = {{"startLine", r.line}, {"startColumn", r.col}};
  if (r.end_line > r.line || (r.end_line == r.line && r.end_col > r.col))
    region["endLine"] = r.end_line, region["endColumn"] = r.end_col;
  return {{"physicalLocation", {{"artifactLocation", {{"uri", uri(r.file)}}}, {"region", region}}}};
}

struct Rule {
  const char* id;
  const char* name;
  const char* text;
};
// The verdicts that make a result (DESIGN.md "Verdicts and exit codes").
const Rule kRules[] = {
    {"violated", "PropertyViolated",
     "A property is violated: a reachable attack trace breaks it (replayed by Bulwark's interpreter)."},
    {"not_inductive", "PropertyNotInductive",
     "A property is not inductive and no violation was found within the depth: neither proved nor broken."},
    {"holds_to_depth", "PropertyHoldsToDepth", "No violation up to the search depth; the property is not proved."},
    {"unknown", "PropertyUnknown", "The solver gave up (time limit, nonlinear arithmetic); the property is not proved."},
};

std::string message(const CiProperty& p) {
  if (p.status == "violated" && p.trace)
    return fmt::format("{} `{}` is violated: an attack trace of {} step{}, replayed by the interpreter.", p.kind, p.name,
                       p.trace->steps.size(), p.trace->steps.size() == 1 ? "" : "s");
  if (p.status == "not_inductive")
    return fmt::format("{} `{}` is not inductive; no violation up to depth {}{}.", p.kind, p.name, p.depth,
                       p.reason.empty() ? "" : " (" + p.reason + ")");
  if (p.status == "holds_to_depth")
    return fmt::format("{} `{}` holds up to depth {} but is not proved.", p.kind, p.name, p.depth);
  return fmt::format("{} `{}` is unknown: {}.", p.kind, p.name, p.reason);
}

nlohmann::json code_flow(const CiTrace& t, const SourceRange& property, const std::string& what) {
  nlohmann::json locations = nlohmann::json::array();
  for (std::size_t k = 0; k < t.steps.size(); ++k) {
    const auto& s = t.steps[k];
    std::string text = fmt::format("step {}: {}", k + 1, s.call);
    if (s.reverted) text += " (breaks the check, then the step reverts)";
    for (std::size_t i = 0; i < s.changes.size(); ++i) text += (i ? ", " : "; ") + s.changes[i];
    nlohmann::json loc = physical(s.action);
    loc["message"] = {{"text", text}};
    locations.push_back({{"location", loc}, {"executionOrder", k + 1}});
  }
  // The last location is the property where it breaks, with its sub-terms' values.
  nlohmann::json last = physical(property);
  last["message"] = {{"text", t.broken.empty() ? std::string("the property breaks here") : t.broken}};
  locations.push_back({{"location", last}, {"executionOrder", t.steps.size() + 1}});
  return {{"message", {{"text", what}}}, {"threadFlows", {{{"locations", locations}}}}};
}

}  // namespace

nlohmann::json sarif(const std::vector<CiSpec>& specs, const CiOptions& o) {
  nlohmann::json rules = nlohmann::json::array();
  std::map<std::string, int> rule_index;
  for (const auto& r : kRules) {
    rule_index[r.id] = static_cast<int>(rules.size());
    rules.push_back({{"id", r.id},
                     {"name", r.name},
                     {"shortDescription", {{"text", r.text}}}});
  }
  auto rule_for_code = [&](const std::string& code) {
    if (!rule_index.count(code)) {
      rule_index[code] = static_cast<int>(rules.size());
      rules.push_back({{"id", code},
                       {"name", "Diagnostic" + code},
                       {"shortDescription", {{"text", "Bulwark diagnostic " + code + " (docs/diagnostics.md)"}}}});
    }
    return rule_index[code];
  };
  nlohmann::json results = nlohmann::json::array();
  std::vector<std::string> artifacts;
  for (const auto& s : specs) {
    artifacts.push_back(s.spec);
    for (const auto& p : s.problems) {
      nlohmann::json r = {{"ruleId", p.code},
                          {"ruleIndex", rule_for_code(p.code)},
                          {"level", p.severity == "error" ? "error" : "warning"},
                          {"message", {{"text", p.message}}}};
      r["locations"] = nlohmann::json::array({p.location ? physical(*p.location)
                                                         : nlohmann::json{{"physicalLocation",
                                                                           {{"artifactLocation", {{"uri", uri(s.spec)}}}}}}});
      results.push_back(r);
    }
    for (const auto& p : s.properties) {
      if (p.status == "proved") continue;
      Outcome out = outcome(p.status, o);
      nlohmann::json r = {{"ruleId", p.status},
                          {"ruleIndex", rule_index.at(p.status)},
                          {"level", p.status == "violated" ? "error" : out == Outcome::Failed ? "warning" : "note"},
                          {"message", {{"text", message(p)}}},
                          {"locations", {physical(p.location)}},
                          // Stable across runs and line moves: the spec and the property's name.
                          {"partialFingerprints", {{"bulwarkProperty/v1", s.spec + ":" + p.name}}},
                          {"properties",
                           {{"property", p.name}, {"kind", p.kind}, {"status", p.status}, {"depth", p.depth},
                            {"time_s", p.time_s}, {"fails_run", out == Outcome::Failed}}}};
      if (p.trace) r["codeFlows"] = {code_flow(*p.trace, p.location, "attack trace, replayed by the interpreter")};
      if (p.cti)
        r["codeFlows"] = {code_flow(*p.cti, p.location,
                                    "counterexample to induction, NOT an attack: its first state satisfies the "
                                    "invariants assumed but may be unreachable")};
      results.push_back(r);
    }
  }
  nlohmann::json arts = nlohmann::json::array();
  for (const auto& a : artifacts) arts.push_back({{"location", {{"uri", uri(a)}}}, {"roles", {"analysisTarget"}}});
  nlohmann::json run = {
      {"tool",
       {{"driver",
         {{"name", "bulwark"},
          {"version", o.version},
          {"rules", rules}}}}},
      {"columnKind", "unicodeCodePoints"},
      {"artifacts", arts},
      {"invocations", {{{"executionSuccessful", o.exit_code < 3}, {"exitCode", o.exit_code}}}},
      {"results", results}};
  return {{"$schema", "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"},
          {"version", "2.1.0"},
          {"runs", {run}}};
}

}  // namespace bulwark::report

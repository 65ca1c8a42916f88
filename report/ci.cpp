#include "report/ci.hpp"

#include "report/exit_code.hpp"
#include "report/verdict_data.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "report/trace_text.hpp"

namespace bulwark::report {

namespace {

// Byte column (1-based) -> code point column (1-based) on `line`.
int code_point_col(const SourceFile& f, std::uint32_t line, std::uint32_t byte_col) {
  auto text = f.line_text(line);
  int col = 1;
  for (std::size_t i = 0; i + 1 < byte_col && i < text.size(); ++i)
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++col;
  return col;
}

CiTrace ci_trace(const ir::TransitionSystem& ts, const interp::Trace& t) {
  CiTrace out;
  const interp::State* pre = &t.init;
  for (const auto& s : t.steps) {
    const auto& a = ts.actions[static_cast<std::size_t>(s.action)];
    out.steps.push_back({step_call(ts, s), source_range(*ts.file, a.span), step_changes(ts, *pre, s), s.reverted});
    if (!s.reverted) pre = &s.post;
  }
  out.text = trace_text(ts, t);
  // The last block of the text: the broken property and its sub-terms' values.
  // One line: "broken: invariant solvent; reserves = 216; ...".
  if (auto at = out.text.rfind("  broken: "); at != std::string::npos) {
    for (std::size_t b = at, n; b < out.text.size(); b = n + 1) {
      n = out.text.find('\n', b);
      if (n == std::string::npos) n = out.text.size();
      auto line = out.text.substr(b, n - b);
      line.erase(0, line.find_first_not_of(' '));
      if (!line.empty()) out.broken += (out.broken.empty() ? "" : "; ") + line;
    }
  }
  return out;
}

}  // namespace

SourceRange source_range(const SourceFile& f, Span span) {
  auto b = f.line_col(span.begin), e = f.line_col(std::max(span.end, span.begin));
  return {f.name(), static_cast<int>(b.line), code_point_col(f, b.line, b.col), static_cast<int>(e.line),
          code_point_col(f, e.line, e.col)};
}

CiProperty ci_property(const ir::TransitionSystem& ts, const solver::Verdict& v) {
  CiProperty p;
  p.name = v.name;
  p.kind = ir::to_string(v.kind);
  p.status = solver::to_string(v.status);
  p.method = v.method;
  p.reason = v.reason;
  // The property's place among all of the spec's (as the JSON's `index`).
  p.index = v.step ? static_cast<int>(ts.invariants.size()) + v.index : v.index;
  p.depth = v.depth;
  p.time_s = v.time_s;
  p.lemmas = v.lemmas;
  p.location = source_range(*ts.file, v.span);
  if (v.trace) p.trace = ci_trace(ts, *v.trace);
  if (v.cti && v.status == solver::Status::NotInductive) p.cti = ci_trace(ts, *v.cti);
  return p;
}

CiProblem ci_problem(const std::string& code, const std::string& severity, const std::string& message,
                     const SourceFile* file, std::optional<Span> span) {
  CiProblem p{code, severity, message, std::nullopt};
  if (file && span && span->end >= span->begin) p.location = source_range(*file, *span);
  return p;
}

CiProblem ci_problem(const Diagnostic& d) {
  std::string message = d.message;
  for (const auto& n : d.notes) message += "\nnote: " + n.message;
  return ci_problem(d.code, d.severity == Severity::Error ? "error" : "warning", message, d.file, d.span);
}

// The exit-code rule (exit_code.hpp) for one property: passed when it alone
// would exit 0 under the strict rule, failed when it alone makes the run exit non-zero.
Outcome outcome(const std::string& status, const CiOptions& o) {
  RunOutcome found = RunOutcome::of(status_from_string(status).value_or(solver::Status::Unknown));
  if (exit_code(found, {o.bounded_ok, false}) == kOk) return Outcome::Passed;
  if (exit_code(found, {o.bounded_ok, o.fail_on == FailOn::Violated}) != kOk) return Outcome::Failed;
  return Outcome::Undecided;
}

// ---- JSON (between the processes of one run) ---------------------------------
void to_json(nlohmann::json& j, const SourceRange& r) {
  j = {{"file", r.file}, {"line", r.line}, {"col", r.col}, {"end_line", r.end_line}, {"end_col", r.end_col}};
}
void from_json(const nlohmann::json& j, SourceRange& r) {
  j.at("file").get_to(r.file), j.at("line").get_to(r.line), j.at("col").get_to(r.col);
  j.at("end_line").get_to(r.end_line), j.at("end_col").get_to(r.end_col);
}
void to_json(nlohmann::json& j, const CiStep& s) {
  j = {{"call", s.call}, {"action", s.action}, {"changes", s.changes}, {"reverted", s.reverted}};
}
void from_json(const nlohmann::json& j, CiStep& s) {
  j.at("call").get_to(s.call), j.at("action").get_to(s.action), j.at("changes").get_to(s.changes);
  j.at("reverted").get_to(s.reverted);
}
void to_json(nlohmann::json& j, const CiTrace& t) { j = {{"steps", t.steps}, {"broken", t.broken}, {"text", t.text}}; }
void from_json(const nlohmann::json& j, CiTrace& t) {
  j.at("steps").get_to(t.steps), j.at("broken").get_to(t.broken), j.at("text").get_to(t.text);
}
void to_json(nlohmann::json& j, const CiProperty& p) {
  j = {{"name", p.name},   {"kind", p.kind},     {"status", p.status}, {"method", p.method},
       {"reason", p.reason}, {"index", p.index}, {"depth", p.depth},   {"time_s", p.time_s},
       {"lemmas", p.lemmas}, {"location", p.location}};
  if (p.trace) j["trace"] = *p.trace;
  if (p.cti) j["cti"] = *p.cti;
}
void from_json(const nlohmann::json& j, CiProperty& p) {
  j.at("name").get_to(p.name), j.at("kind").get_to(p.kind), j.at("status").get_to(p.status);
  j.at("method").get_to(p.method), j.at("reason").get_to(p.reason), j.at("index").get_to(p.index);
  j.at("depth").get_to(p.depth), j.at("time_s").get_to(p.time_s), j.at("lemmas").get_to(p.lemmas);
  j.at("location").get_to(p.location);
  if (j.contains("trace")) p.trace = j.at("trace").get<CiTrace>();
  if (j.contains("cti")) p.cti = j.at("cti").get<CiTrace>();
}
void to_json(nlohmann::json& j, const CiProblem& p) {
  j = {{"code", p.code}, {"severity", p.severity}, {"message", p.message}};
  if (p.location) j["location"] = *p.location;
}
void from_json(const nlohmann::json& j, CiProblem& p) {
  j.at("code").get_to(p.code), j.at("severity").get_to(p.severity), j.at("message").get_to(p.message);
  if (j.contains("location")) p.location = j.at("location").get<SourceRange>();
}

CiSpec ci_spec(const nlohmann::json& entry) {
  CiSpec s;
  s.spec = entry.value("spec", "");
  s.exit_code = entry.value("exit_code", 0);
  if (entry.contains("properties"))
    for (const auto& p : entry["properties"])
      if (p.contains("ci")) s.properties.push_back(p["ci"].get<CiProperty>());
  std::stable_sort(s.properties.begin(), s.properties.end(), [](const auto& a, const auto& b) { return a.index < b.index; });
  std::vector<std::pair<std::string, CiProblem>> problems;  // keyed by their JSON text, for order and uniqueness
  if (entry.contains("problems"))
    for (const auto& p : entry["problems"]) problems.emplace_back(p.dump(), p.get<CiProblem>());
  std::sort(problems.begin(), problems.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (std::size_t i = 0; i < problems.size(); ++i)
    if (i == 0 || problems[i].first != problems[i - 1].first) s.problems.push_back(problems[i].second);
  return s;
}

}  // namespace bulwark::report

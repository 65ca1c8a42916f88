#include "report/verdict_json.hpp"

#include <fmt/format.h>

#include "report/ci.hpp"
#include "report/trace_text.hpp"

namespace bulwark::report {

using nlohmann::json;

json verdict_json(const ir::TransitionSystem& ts, const solver::Verdict& v, const TraceFiles& files, bool ci) {
  auto lc = ts.file->line_col(v.span.begin);
  std::size_t index = v.step ? ts.invariants.size() + static_cast<std::size_t>(v.index) : static_cast<std::size_t>(v.index);
  json o = {{"name", v.name}, {"index", index}, {"kind", ir::to_string(v.kind)},
            {"status", solver::to_string(v.status)}, {"method", v.method},
            {"steps", v.trace ? json(v.trace->steps.size()) : json(nullptr)},
            {"depth", v.depth}, {"reason", v.reason}, {"lemmas", v.lemmas}, {"time_s", v.time_s},
            {"invariant", v.invariant.empty() ? json(nullptr) : json(v.invariant)},
            {"location", {{"file", ts.file->name()}, {"line", lc.line}, {"col", lc.col}}},
            {"trace", files.trace.empty() ? json(nullptr) : json(files.trace)},
            {"cti", files.cti.empty() ? json(nullptr) : json(files.cti)}};
  if (ci) o["ci"] = ci_property(ts, v);
  return o;
}

std::string warning_location(const ir::TransitionSystem& ts, const std::string& spec, const solver::Warning& w) {
  return w.span.end > w.span.begin ? location(ts, w.span) : spec;
}

std::string warning_text(const ir::TransitionSystem& ts, const std::string& spec, const solver::Warning& w) {
  return fmt::format("{}: warning[{}]: {}\n", warning_location(ts, spec, w), w.code, w.message);
}

json spec_json(const ir::TransitionSystem& ts, const std::string& spec, int exit_code,
               const std::vector<solver::Verdict>& verdicts, const std::vector<TraceFiles>& files,
               const std::vector<solver::Warning>& warnings, bool ci) {
  json props = json::array(), ws = json::array();
  for (std::size_t i = 0; i < verdicts.size(); ++i)
    props.push_back(verdict_json(ts, verdicts[i], i < files.size() ? files[i] : TraceFiles{}, ci));
  for (const auto& w : warnings)
    ws.push_back({{"code", w.code}, {"location", warning_location(ts, spec, w)}, {"message", w.message}});
  json out = {{"spec", spec}, {"exit_code", exit_code}, {"properties", props}, {"warnings", ws}};
  if (ci) {
    out["problems"] = json::array();
    for (const auto& w : warnings)
      out["problems"].push_back(ci_problem(w.code, "warning", w.message, ts.file,
                                           w.span.end > w.span.begin ? std::optional<Span>(w.span) : std::nullopt));
  }
  return out;
}

json spec_error_json(const std::string& spec, int exit_code, const std::optional<json>& problems) {
  json entry = {{"spec", spec}, {"exit_code", exit_code}, {"properties", json::array()}};
  if (problems) entry["problems"] = *problems;
  return entry;
}

}  // namespace bulwark::report

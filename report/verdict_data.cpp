#include "report/verdict_data.hpp"

namespace bulwark::report {

using nlohmann::json;

std::optional<solver::Status> status_from_string(const std::string& s) {
  for (auto st : {solver::Status::Proved, solver::Status::Violated, solver::Status::NotInductive,
                  solver::Status::HoldsToDepth, solver::Status::Unknown})
    if (s == solver::to_string(st)) return st;
  return std::nullopt;
}

// Numbers as decimal strings: values are unbounded.
json value_data(const Value& v) {
  switch (v.kind) {
    case Value::Kind::Bool: return {{"bool", v.as_bool()}};
    case Value::Kind::Int: return {{"int", v.as_int().str()}};
    case Value::Kind::Enum: return {{"enum", v.as_enum()}};
    case Value::Kind::Real:
      return {{"real", {boost::multiprecision::numerator(v.as_rational()).str(), boost::multiprecision::denominator(v.as_rational()).str()}}};
  }
  return nullptr;
}

Value value_from_data(const json& j) {
  if (j.contains("bool")) return Value::boolean(j.at("bool").get<bool>());
  if (j.contains("int")) return Value::integer(BigInt(j.at("int").get<std::string>()));
  if (j.contains("enum")) return Value::element(j.at("enum").get<int>());
  const auto& q = j.at("real");
  return Value::real(Rational(BigInt(q.at(0).get<std::string>()), BigInt(q.at(1).get<std::string>())));
}

namespace {

json values_data(const std::vector<Value>& vs) {
  json a = json::array();
  for (const auto& v : vs) a.push_back(value_data(v));
  return a;
}

std::vector<Value> values_from_data(const json& j) {
  std::vector<Value> out;
  for (const auto& v : j) out.push_back(value_from_data(v));
  return out;
}

json span_data(const Span& s) { return {s.begin, s.end}; }
Span span_from_data(const json& j) { return {j.at(0).get<std::uint32_t>(), j.at(1).get<std::uint32_t>()}; }

}  // namespace

json trace_data(const interp::Trace& t) {
  json steps = json::array();
  for (const auto& s : t.steps)
    steps.push_back({{"action", s.action}, {"args", values_data(s.args)}, {"post", values_data(s.post)},
                     {"reverted", s.reverted}});
  return {{"params", values_data(t.params)}, {"init", values_data(t.init)}, {"steps", steps},
          {"step_property", t.step_property}, {"property", t.property}, {"from_init", t.from_init}};
}

interp::Trace trace_from_data(const json& j) {
  interp::Trace t;
  t.params = values_from_data(j.at("params"));
  t.init = values_from_data(j.at("init"));
  for (const auto& s : j.at("steps"))
    t.steps.push_back({s.at("action").get<int>(), values_from_data(s.at("args")), values_from_data(s.at("post")),
                       s.at("reverted").get<bool>()});
  j.at("step_property").get_to(t.step_property);
  j.at("property").get_to(t.property);
  j.at("from_init").get_to(t.from_init);
  return t;
}

json verdict_data(const solver::Verdict& v) {
  json j = {{"name", v.name},         {"kind", static_cast<int>(v.kind)}, {"span", span_data(v.span)},
            {"step", v.step},         {"index", v.index},                 {"status", solver::to_string(v.status)},
            {"method", v.method},     {"lemmas", v.lemmas},               {"depth", v.depth},
            {"reason", v.reason},     {"time_s", v.time_s},               {"invariant", v.invariant}};
  if (v.trace) j["trace"] = trace_data(*v.trace);
  if (v.cti) j["cti"] = trace_data(*v.cti);
  return j;
}

solver::Verdict verdict_from_data(const json& j) {
  solver::Verdict v;
  j.at("name").get_to(v.name);
  v.kind = static_cast<ir::PropKind>(j.at("kind").get<int>());
  v.span = span_from_data(j.at("span"));
  j.at("step").get_to(v.step);
  j.at("index").get_to(v.index);
  auto status = status_from_string(j.at("status").get<std::string>());
  if (!status) throw std::runtime_error("verdict data: unknown status " + j.at("status").dump());
  v.status = *status;
  j.at("method").get_to(v.method);
  j.at("lemmas").get_to(v.lemmas);
  j.at("depth").get_to(v.depth);
  j.at("reason").get_to(v.reason);
  j.at("time_s").get_to(v.time_s);
  j.at("invariant").get_to(v.invariant);
  if (j.contains("trace")) v.trace = trace_from_data(j.at("trace"));
  if (j.contains("cti")) v.cti = trace_from_data(j.at("cti"));
  return v;
}

json engine_result_data(const solver::EngineResult& r) {
  json verdicts = json::array(), warnings = json::array();
  for (const auto& v : r.verdicts) verdicts.push_back(verdict_data(v));
  for (const auto& w : r.warnings) warnings.push_back({{"code", w.code}, {"span", span_data(w.span)}, {"message", w.message}});
  json j = {{"verdicts", verdicts},
            {"warnings", warnings},
            {"stats",
             {{"encode_s", r.stats.encode_s},
              {"solve_s", r.stats.solve_s},
              {"queries", r.stats.queries},
              {"decided_by", r.stats.decided_by},
              {"cache_hits", r.stats.cache_hits},
              {"cache_misses", r.stats.cache_misses}}},
            {"replay_s", r.replay_s},
            {"units", r.units},
            {"workers", r.workers}};
  if (r.input_error) j["input_error"] = *r.input_error;
  if (r.internal_error) j["internal_error"] = *r.internal_error;
  return j;
}

solver::EngineResult engine_result_from_data(const json& j) {
  solver::EngineResult r;
  for (const auto& v : j.at("verdicts")) r.verdicts.push_back(verdict_from_data(v));
  for (const auto& w : j.at("warnings"))
    r.warnings.push_back({w.at("code").get<std::string>(), span_from_data(w.at("span")), w.at("message").get<std::string>()});
  const auto& s = j.at("stats");
  s.at("encode_s").get_to(r.stats.encode_s);
  s.at("solve_s").get_to(r.stats.solve_s);
  s.at("queries").get_to(r.stats.queries);
  s.at("decided_by").get_to(r.stats.decided_by);
  s.at("cache_hits").get_to(r.stats.cache_hits);
  s.at("cache_misses").get_to(r.stats.cache_misses);
  j.at("replay_s").get_to(r.replay_s);
  j.at("units").get_to(r.units);
  j.at("workers").get_to(r.workers);
  if (j.contains("input_error")) r.input_error = j.at("input_error").get<std::string>();
  if (j.contains("internal_error")) r.internal_error = j.at("internal_error").get<std::string>();
  return r;
}

}  // namespace bulwark::report

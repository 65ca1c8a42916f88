// The engines' results as lossless JSON data: how a `check --jobs` child
// hands its results to the parent, which renders them (verdict_text.hpp,
// verdict_json.hpp) exactly as a run in one process does. Not a public
// format: the public JSON schema is verdict_json.hpp's.
#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "solver/engine/engine.hpp"

namespace bulwark::report {

// "proved", "violated", ... back to the status (solver::to_string's inverse).
std::optional<solver::Status> status_from_string(const std::string& s);

nlohmann::json value_data(const Value& v);
Value value_from_data(const nlohmann::json& j);
nlohmann::json trace_data(const interp::Trace& t);
interp::Trace trace_from_data(const nlohmann::json& j);
nlohmann::json verdict_data(const solver::Verdict& v);
solver::Verdict verdict_from_data(const nlohmann::json& j);

// Everything in an EngineResult: verdicts (with their traces), warnings,
// errors and statistics. The *_from_data functions throw nlohmann::json
// exceptions on data they did not write (an internal error).
nlohmann::json engine_result_data(const solver::EngineResult& r);
solver::EngineResult engine_result_from_data(const nlohmann::json& j);

}  // namespace bulwark::report

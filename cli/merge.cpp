#include "cli/merge.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace bulwark {

using report::combine_exit_codes;

namespace {

// Whether `e` looks like one spec's entry of `check --format json`.
bool is_spec_result(const nlohmann::json& e) {
  if (!e.is_object() || !e.contains("spec") || !e["spec"].is_string() || !e.contains("exit_code") ||
      !e["exit_code"].is_number_integer() || !e.contains("properties") || !e["properties"].is_array())
    return false;
  for (const auto& p : e["properties"])
    if (!p.is_object() || !p.contains("index") || !p["index"].is_number_integer() || !p.contains("name")) return false;
  return !e.contains("warnings") || e["warnings"].is_array();
}

}  // namespace

MergeResult merge_results(const std::vector<MergeInput>& inputs) {
  MergeResult out;
  std::vector<std::string> order;            // specs, in the order first seen
  std::map<std::string, nlohmann::json> by;  // spec -> merged entry
  for (const auto& in : inputs) {
    nlohmann::json doc = nlohmann::json::parse(in.text, nullptr, false);
    if (doc.is_discarded()) {
      out.errors.push_back(fmt::format("{}: not JSON", in.name));
      continue;
    }
    nlohmann::json entries = doc.is_array() ? doc : nlohmann::json::array({doc});
    if (!std::all_of(entries.begin(), entries.end(), is_spec_result)) {
      out.errors.push_back(fmt::format("{}: not the output of `bulwark check --format json` (each spec needs `spec`, "
                                       "`exit_code` and `properties` with an `index`)",
                                       in.name));
      continue;
    }
    for (const auto& e : entries) {
      std::string spec = e["spec"];
      if (!by.count(spec)) {
        order.push_back(spec);
        by[spec] = {{"spec", spec}, {"exit_code", 0}, {"properties", nlohmann::json::array()}, {"warnings", nlohmann::json::array()}};
      }
      nlohmann::json& m = by[spec];
      m["exit_code"] = combine_exit_codes(m["exit_code"], e["exit_code"]);
      for (const auto& p : e["properties"]) {
        auto& props = m["properties"];
        bool seen = std::any_of(props.begin(), props.end(), [&](const auto& q) { return q["index"] == p["index"]; });
        if (!seen) props.push_back(p);
      }
      // `problems`: the located diagnostics of --format junit|sarif (report/ci.hpp).
      for (const char* key : {"warnings", "problems"})
        if (e.contains(key) && e[key].is_array())
          for (const auto& w : e[key]) {
            auto& ws = m[key];
            if (std::find(ws.begin(), ws.end(), w) == ws.end()) ws.push_back(w);
          }
    }
  }
  nlohmann::json all = nlohmann::json::array();
  for (const auto& spec : order) {
    nlohmann::json& m = by[spec];
    auto& props = m["properties"];
    std::stable_sort(props.begin(), props.end(), [](const auto& x, const auto& y) { return x["index"] < y["index"]; });
    // Warnings in a fixed order (shards find them in different orders).
    auto& ws = m["warnings"];
    std::stable_sort(ws.begin(), ws.end(), [](const auto& x, const auto& y) { return x.dump() < y.dump(); });
    out.exit_code = combine_exit_codes(out.exit_code, m["exit_code"]);
    all.push_back(m);
  }
  out.json = all.size() == 1 ? all[0] : all;
  if (!out.errors.empty()) out.exit_code = kInputError;
  return out;
}

}  // namespace bulwark

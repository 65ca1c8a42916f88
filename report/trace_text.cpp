#include "report/trace_text.hpp"

#include <fmt/format.h>

#include <filesystem>

namespace bulwark::report {

using interp::State;
using interp::Trace;

const ir::Property& broken_property(const ir::TransitionSystem& ts, const Trace& t) {
  return t.step_property ? ts.steps[static_cast<std::size_t>(t.property)]
                         : ts.invariants[static_cast<std::size_t>(t.property)];
}

std::string location(const ir::TransitionSystem& ts, Span span) {
  auto lc = ts.file->line_col(span.begin);
  return fmt::format("{}:{}:{}", ts.file->name(), lc.line, lc.col);
}

namespace {

std::string value(const ir::TransitionSystem& ts, const Value& v, ir::Type t) { return ir::print_value(ts, v, t); }

std::string args_text(const ir::TransitionSystem& ts, const ir::Action& a, const std::vector<Value>& args) {
  std::string s;
  for (std::size_t i = 0; i < args.size(); ++i)
    s += fmt::format("{}{} = {}", i ? ", " : "", a.args[i].name, value(ts, args[i], a.args[i].type));
  return s;
}

bool ghost(const ir::TransitionSystem& ts, std::size_t c) {
  return ts.vars[static_cast<std::size_t>(ts.cells[c].var)].ghost;
}

}  // namespace

std::string step_call(const ir::TransitionSystem& ts, const interp::Step& s) {
  const auto& a = ts.actions[static_cast<std::size_t>(s.action)];
  return fmt::format("{}{}({})", a.env ? "env " : "", a.name, args_text(ts, a, s.args));
}

std::vector<std::string> step_changes(const ir::TransitionSystem& ts, const State& pre, const interp::Step& s) {
  std::vector<std::string> out;
  if (s.reverted) return out;
  for (std::size_t c = 0; c < ts.cells.size(); ++c) {
    if (s.post[c] == pre[c] || ghost(ts, c)) continue;
    out.push_back(fmt::format("{}: {} -> {}", ts.cells[c].name, value(ts, pre[c], ts.cells[c].type),
                              value(ts, s.post[c], ts.cells[c].type)));
  }
  return out;
}

std::vector<Value> measure_values(interp::Interpreter& in, const std::vector<Value>& params, const State& s) {
  in.bind(&params, &s);
  std::vector<Value> out;
  for (const auto& m : in.system().measures) out.push_back(in.eval(m.value));
  return out;
}

namespace {

std::string measures_text(interp::Interpreter& in, const std::vector<Value>& params, const State& s) {
  const ir::TransitionSystem& ts = in.system();
  if (ts.measures.empty()) return "";
  auto vs = measure_values(in, params, s);
  std::string out = "    measures:";
  for (std::size_t i = 0; i < vs.size(); ++i)
    out += fmt::format("{} {} = {}", i ? "," : "", ts.measures[i].name,
                       value(ts, vs[i], ts.nodes[ts.measures[i].value].type));
  return out + "\n";
}

}  // namespace

std::string trace_text(const ir::TransitionSystem& ts, const Trace& t) {
  std::string out;
  interp::Interpreter in(ts);  // measures per step, then the broken property's sub-terms
  if (!ts.params.empty()) {
    out += "  params:";
    for (std::size_t i = 0; i < ts.params.size(); ++i)
      out += fmt::format("{} {} = {}", i ? "," : "", ts.params[i].name, value(ts, t.params[i], ts.params[i].type));
    out += "\n";
  }
  out += t.from_init ? "  initial state:\n" : "  a state satisfying the invariants (possibly unreachable):\n";
  for (std::size_t c = 0; c < ts.cells.size(); ++c)
    if (!ghost(ts, c)) out += fmt::format("    {} = {}\n", ts.cells[c].name, value(ts, t.init[c], ts.cells[c].type));
  out += measures_text(in, t.params, t.init);
  const State* prev = &t.init;
  for (std::size_t k = 0; k < t.steps.size(); ++k) {
    const auto& s = t.steps[k];
    out += fmt::format("  step {}: {}{}\n", k + 1, step_call(ts, s),
                       s.reverted ? "  -- breaks the check below, then the step reverts" : "");
    if (s.reverted) continue;
    auto changes = step_changes(ts, *prev, s);
    for (const auto& ch : changes) out += "    " + ch + "\n";
    if (changes.empty()) out += "    (no change)\n";
    out += measures_text(in, t.params, s.post);
    prev = &s.post;
  }
  if (t.property < 0) return out;  // a run that breaks nothing (an optimum of `bulwark attack`)
  const ir::Property& p = broken_property(ts, t);
  out += p.kind == ir::PropKind::Invariant || p.kind == ir::PropKind::Rule
             ? fmt::format("  broken: {} {}", ir::to_string(p.kind), p.name)
             : fmt::format("  broken: {}", p.name);
  out += t.step_property ? fmt::format(" at step {}\n", t.steps.size()) : "\n";
  // Sub-term values where it breaks: the last state, or the last step for step properties.
  const State& last = t.steps.empty() ? t.init : t.steps.back().post;
  if (t.step_property && !t.steps.empty()) {
    const State& pre = t.steps.size() > 1 ? t.steps[t.steps.size() - 2].post : t.init;
    in.bind(&t.params, &pre, t.steps.back().reverted ? &pre : &last, &t.steps.back().args);
  } else {
    in.bind(&t.params, &last);
  }
  for (const auto& st : p.subterms) {
    ir::Type ty = ts.nodes[st.node].type;
    out += fmt::format("    {} = {}\n", st.label, value(ts, in.eval(st.node), ty));
  }
  return out;
}

namespace {

nlohmann::json itf_value(const ir::TransitionSystem& ts, const Value& v, ir::Type t) {
  switch (v.kind) {
    case Value::Kind::Bool: return v.as_bool();
    case Value::Kind::Enum: return ir::print_value(ts, v, t);
    case Value::Kind::Int:
      if (abs(v.as_int()) < (BigInt(1) << 53)) return static_cast<long long>(v.as_int());
      return {{"#bigint", v.as_int().str()}};
    case Value::Kind::Real:
      // ITF has no rationals: exact text such as "3/2" or "0.75".
      return to_string(v.as_rational());
  }
  return nullptr;
}

// Nested {"#map": [[key, value], ...]} for a map variable, built from its cells.
nlohmann::json var_value(const ir::TransitionSystem& ts, const ir::StateVar& v, const State& s, std::size_t depth,
                         std::uint32_t first, std::uint32_t count) {
  if (depth == v.keys.size()) return itf_value(ts, s[first], v.type);
  const auto& elems = ts.sorts[static_cast<std::size_t>(v.keys[depth])].elems;
  std::uint32_t stride = count / static_cast<std::uint32_t>(elems.size());
  nlohmann::json pairs = nlohmann::json::array();
  for (std::size_t k = 0; k < elems.size(); ++k)
    pairs.push_back({elems[k], var_value(ts, v, s, depth + 1, first + static_cast<std::uint32_t>(k) * stride, stride)});
  return {{"#map", pairs}};
}

}  // namespace

nlohmann::json trace_itf(const ir::TransitionSystem& ts, const Trace& t) {
  std::string description = "a run";
  std::string property;
  if (t.property >= 0) {
    const ir::Property& p = broken_property(ts, t);
    property = p.name;
    description = t.from_init ? fmt::format("{} {} is broken", ir::to_string(p.kind), p.name)
                              : fmt::format("counterexample to induction of {} {}: its first state "
                                            "satisfies the invariants assumed but may be unreachable; "
                                            "NOT an attack", ir::to_string(p.kind), p.name);
  }
  nlohmann::json j;
  j["#meta"] = {{"format", "ITF"},
                {"format-description", "https://apalache-mc.org/docs/adr/015adr-trace.html"},
                {"source", std::filesystem::path(ts.file->name()).filename().string()},
                {"description", description},
                {"property", property},
                {"generator", "bulwark"}};
  nlohmann::json params = nlohmann::json::array(), vars = nlohmann::json::array();
  for (const auto& pr : ts.params) params.push_back(pr.name);
  for (const auto& v : ts.vars)
    if (!v.ghost) vars.push_back(v.name);
  vars.push_back("action_taken");
  vars.push_back("nondet_picks");
  j["params"] = params;
  j["vars"] = vars;
  interp::Interpreter in(ts);
  auto state = [&](const State& s, std::size_t index, const std::string& action, nlohmann::json picks,
                   bool reverted = false) {
    nlohmann::json st;
    st["#meta"] = {{"index", index}};
    if (reverted) st["#meta"]["reverted"] = true;
    if (!ts.measures.empty()) {
      auto vs = measure_values(in, t.params, s);
      for (std::size_t i = 0; i < vs.size(); ++i)
        st["#meta"]["measures"][ts.measures[i].name] = itf_value(ts, vs[i], ts.nodes[ts.measures[i].value].type);
    }
    for (std::size_t i = 0; i < ts.params.size(); ++i) st[ts.params[i].name] = itf_value(ts, t.params[i], ts.params[i].type);
    for (const auto& v : ts.vars)
      if (!v.ghost) st[v.name] = var_value(ts, v, s, 0, v.first_cell, v.cell_count);
    st["action_taken"] = action;
    st["nondet_picks"] = std::move(picks);
    return st;
  };
  nlohmann::json states = nlohmann::json::array();
  states.push_back(state(t.init, 0, "init", nlohmann::json::object()));
  for (std::size_t k = 0; k < t.steps.size(); ++k) {
    const auto& s = t.steps[k];
    const auto& a = ts.actions[static_cast<std::size_t>(s.action)];
    nlohmann::json picks = nlohmann::json::object();
    for (std::size_t i = 0; i < s.args.size(); ++i) picks[a.args[i].name] = itf_value(ts, s.args[i], a.args[i].type);
    states.push_back(state(s.post, k + 1, a.name, std::move(picks), s.reverted));
  }
  j["states"] = states;
  return j;
}

}  // namespace bulwark::report

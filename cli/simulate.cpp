#include "cli/simulate.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <regex>

#include "dsl/interp/simulate.hpp"
#include "report/exit_code.hpp"
#include "report/progress.hpp"
#include "report/simulate_report.hpp"
#include "report/trace_text.hpp"

namespace bulwark::cli {
namespace {

// --param P=V, typed by the param's declaration.
std::optional<Value> param_value(const ir::TransitionSystem& ts, const ir::Param& p, const std::string& text) {
  static const std::regex integer(R"(-?[0-9]+)"), decimal(R"(-?[0-9]+(\.[0-9]+)?)"), ratio(R"((-?[0-9]+)/([0-9]+))");
  std::smatch m;
  switch (p.type.kind) {
    case ir::Type::Bool:
      if (text == "true" || text == "false") return Value::boolean(text == "true");
      return std::nullopt;
    case ir::Type::Int:
      if (std::regex_match(text, integer)) return Value::integer(parse_integer(text));
      return std::nullopt;
    case ir::Type::Real:
      if (std::regex_match(text, m, ratio) && parse_integer(m[2].str()) != 0)
        return Value::real(Rational(parse_integer(m[1].str()), parse_integer(m[2].str())));
      if (std::regex_match(text, decimal)) {
        bool neg = text[0] == '-';
        Value v = parse_literal(neg ? text.substr(1) : text);
        Rational q = v.as_rational();
        return Value::real(neg ? Rational(-q) : q);
      }
      return std::nullopt;
    case ir::Type::Enum: {
      const auto& elems = ts.sorts[static_cast<std::size_t>(p.type.sort)].elems;
      for (std::size_t i = 0; i < elems.size(); ++i)
        if (elems[i] == text) return Value::element(static_cast<int>(i));
      return std::nullopt;
    }
  }
  return std::nullopt;
}

}  // namespace

int run_simulate(const SimulateArgs& a, const Common& c) {
  Diagnostics diags;
  auto opts = check_options(c, diags);
  if (!opts) return report_diags(diags, c);
  if (a.runs < 1 || a.runs > 100'000'000 || a.steps < 0 || a.steps > 1'000'000) {
    diags.error("E0507", fmt::format("--runs must be 1..100000000 and --steps 0..1000000, found {} and {}", a.runs, a.steps));
    return report_diags(diags, c);
  }
  Timings t;
  auto compiled = compile(a.spec, *opts, Until::Lower, diags, t);
  report_diags(diags, c);
  if (!compiled.system) return kInputError;
  const auto& ts = *compiled.system;

  interp::SimOptions so;
  so.runs = a.runs;
  so.steps = a.steps;
  so.seed = a.seed;
  Diagnostics pdiags;
  for (const auto& p : a.params) {
    auto eq = p.find('=');
    std::string name = p.substr(0, eq), text = eq == std::string::npos ? "" : p.substr(eq + 1);
    auto it = std::find_if(ts.params.begin(), ts.params.end(), [&](const ir::Param& x) { return x.name == name; });
    if (eq == std::string::npos || it == ts.params.end()) {
      std::vector<std::string> names;
      for (const auto& x : ts.params) names.push_back(x.name);
      auto& d = pdiags.error("E0505", eq == std::string::npos
                                          ? fmt::format("--param {}: expected NAME=VALUE", p)
                                          : fmt::format("--param {}: the spec has no param named `{}`", p, name));
      if (auto m = did_you_mean(name, names)) d.notes.push_back({std::nullopt, fmt::format("did you mean `{}`?", *m)});
      continue;
    }
    auto v = param_value(ts, *it, text);
    if (!v) {
      pdiags.error("E0506", fmt::format("--param {}: `{}` is not a value of type {}", p, text,
                                        it->type.kind == ir::Type::Enum ? ts.sorts[static_cast<std::size_t>(it->type.sort)].name
                                        : it->type.kind == ir::Type::Bool ? "bool"
                                        : it->type.kind == ir::Type::Int  ? (it->nat ? "nat" : "int")
                                                                          : "real"));
      continue;
    }
    if (it->nat && v->as_int() < 0) {
      pdiags.error("E0506", fmt::format("--param {}: `{}` is a nat and cannot be negative", p, name));
      continue;
    }
    so.fixed_params[static_cast<int>(it - ts.params.begin())] = *v;
  }
  if (pdiags.has_errors()) return report_diags(pdiags, c);

  std::optional<report::Progress> progress;
  progress.emplace(stderr, report::Progress::wanted(stderr, c.quiet), "simulate " + a.spec);
  if (progress->enabled()) so.progress = [&](long r) { progress->set_detail(fmt::format("run {}/{}", r, a.runs)); };
  auto t0 = std::chrono::steady_clock::now();
  auto res = interp::simulate(ts, so);
  t.run_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  progress.reset();  // the line is erased before anything else is printed

  // Every trace is replayed from its initial state before it is shown.
  for (const auto& v : res.violations) {
    if (auto why = interp::replay(ts, v.trace)) {
      fmt::print(stderr, "internal error: the interpreter does not confirm the trace for `{}`: {}\n{}",
                 report::broken_property(ts, v.trace).name, *why, report::trace_text(ts, v.trace));
      return kInternalError;
    }
  }
  report::RunOutcome found;
  found.violated = static_cast<int>(res.violations.size());
  found.inconclusive = res.no_start ? 1 : 0;
  int code = report::exit_code(found);

  std::vector<std::string> trace_files;
  if (!a.trace_dir.empty()) {
    for (const auto& v : res.violations) {
      auto path = write_trace(a.trace_dir, a.spec, ts, v.trace);
      if (!path) return kInputError;
      trace_files.push_back(*path);
    }
  }

  report::SimulateRun run{a.spec, a.steps, a.seed, trace_files, code};
  if (c.format == "json") fmt::print("{}\n", report::simulate_json(ts, res, run).dump(2));
  else fmt::print("{}", report::simulate_text(ts, res, run));
  print_stats(c, a.spec, t, res.steps_done);
  return code;
}

}  // namespace bulwark::cli

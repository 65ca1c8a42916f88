#include "cli/tune.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "cli/exit_codes.hpp"
#include "cli/pipeline.hpp"
#include "cli/spec_run.hpp"
#include "report/progress.hpp"
#include "report/trace_text.hpp"
#include "solver/engine/attack.hpp"
#include "solver/engine/engine.hpp"

namespace bulwark::cli {
namespace {

// One value of the param, checked: safe (every kept property proved),
// unsafe (one violated, with its trace) or unknown.
struct Probe {
  Rational value;
  enum Kind { Safe, Unsafe, Unknown, Invalid } kind = Unknown;
  std::string detail;   // the violated property, or why unknown/invalid; how each kept property was proved (Safe)
  std::string trace;    // the attack, as text (Unsafe)
  nlohmann::json itf;
};

const char* status_name(Probe::Kind k) {
  return k == Probe::Safe ? "proved" : k == Probe::Unsafe ? "violated" : "unknown";
}

}  // namespace

int run_tune(const TuneArgs& a, const CheckOptions& options) {
  Diagnostics diags;
  if (a.maximize == a.minimize) return input_error(diags, a.color, "E0507", "give exactly one of --maximize and --minimize");
  auto colon = a.range.find(':');
  std::optional<Value> lo_v, hi_v;
  if (colon != std::string::npos) {
    try {
      lo_v = parse_literal(a.range.substr(0, colon));
      hi_v = parse_literal(a.range.substr(colon + 1));
    } catch (const std::exception&) {
    }
  }
  if (!lo_v || !hi_v || !(lo_v->as_rational() < hi_v->as_rational()))
    return input_error(diags, a.color, "E0507",
                fmt::format("--range must be LO:HI with LO < HI, non-negative decimal numbers (e.g. --range 0:1), found `{}`", a.range));
  if (a.depth < 0 || a.depth > 1000 || !(a.timeout > 0) || !(a.gap > 0) || a.max_checks < 2)
    return input_error(diags, a.color, "E0507", "--depth 0..1000, --timeout > 0, --gap > 0 and --max-checks >= 2 are required");
  Timings t;
  auto base = compile(a.spec, options, Until::Lower, diags, t);
  std::fputs(render_all(diags, a.color).c_str(), stderr);
  if (!base.system) return kInputError;
  const ir::Param* param = nullptr;
  for (const auto& p : base.system->params)
    if (p.name == a.param) param = &p;
  if (!param) {
    std::string names;
    for (const auto& p : base.system->params) names += (names.empty() ? "" : ", ") + p.name;
    return input_error(diags, a.color, "E0505", fmt::format("--param {}: the spec has no param of that name (its params: {})", a.param,
                                                     names.empty() ? "none" : names));
  }
  bool integral = param->type.kind == ir::Type::Int;
  if (param->type.kind != ir::Type::Int && param->type.kind != ir::Type::Real)
    return input_error(diags, a.color, "E0506", fmt::format("--param {}: tune needs an int or real param", a.param));
  for (const auto& k : a.keep) {
    bool found = false;
    for (const auto& p : base.system->invariants) found |= p.name == k;
    for (const auto& p : base.system->steps) found |= p.name == k;
    if (!found) return input_error(diags, a.color, "E0509", fmt::format("--keep {}: the spec has no property of that name", k));
  }

  std::optional<report::Progress> progress;
  progress.emplace(stderr, report::Progress::wanted(stderr, a.quiet), "tune " + a.spec);
  auto probe = [&](const Rational& v) {
    Probe p;
    p.value = v;
    progress->set_detail(fmt::format("{} = {}", a.param, to_string(v)));
    LowerOptions lo;
    lo.fixed_params[a.param] = integral ? Value::integer(arith::floor(v)) : Value::real(v);
    Diagnostics d;
    Timings tt;
    auto c = compile(a.spec, options, Until::Lower, d, tt, lo);
    if (!c.system) return p.kind = Probe::Invalid, p.detail = render_all(d, false), p;
    // check's engines, as report and mutate run them (cli/spec_run): the
    // proof cache, and CHC certificates read back from the spec at this value.
    RunSettings run;
    run.depth = a.depth;
    run.timeout = a.timeout;
    run.no_cache = a.no_cache;
    auto eo = engine_options(run, [&](const std::string& extra, Diagnostics& rd) {
      Timings rt;
      return compile(a.spec, options, Until::Lower, rd, rt, lo, extra);
    });
    eo.progress = &*progress;
    if (!a.keep.empty()) eo.only = std::set<std::string>(a.keep.begin(), a.keep.end());
    auto r = solver::run_engines(*c.system, eo);
    if (r.input_error) return p.kind = Probe::Invalid, p.detail = *r.input_error, p;
    if (r.internal_error) throw std::runtime_error(*r.internal_error);
    p.kind = Probe::Safe;
    std::string proofs;  // "name: method" per property, so the safe side names its proof as the other its trace
    for (const auto& v : r.verdicts) {
      if (v.status == solver::Status::Violated) {
        p.kind = Probe::Unsafe;
        p.detail = v.name;
        p.trace = report::trace_text(*c.system, *v.trace);
        p.itf = report::trace_itf(*c.system, *v.trace);
        return p;
      }
      if (v.status == solver::Status::Proved) proofs += (proofs.empty() ? "" : "; ") + v.name + ": " + v.method;
      if (v.status != solver::Status::Proved && p.kind == Probe::Safe)
        p.kind = Probe::Unknown, p.detail = fmt::format("`{}` is {}{}", v.name, solver::to_string(v.status),
                                                        v.reason.empty() ? "" : " (" + v.reason + ")");
    }
    if (p.kind == Probe::Safe) p.detail = proofs;
    return p;
  };

  // Maximising, the safe side is low: `safe_end` starts at LO, `unsafe_end` at HI.
  Rational safe_end = a.maximize ? lo_v->as_rational() : hi_v->as_rational();
  Rational unsafe_end = a.maximize ? hi_v->as_rational() : lo_v->as_rational();
  std::vector<Probe> probes;
  auto note = [&](Probe p) {
    if (progress->enabled()) {  // each value checked, above the progress line
      auto hold = progress->hold();
      fmt::print(stderr, "tune: {} = {}: {}\n", a.param, to_string(p.value), status_name(p.kind));
    }
    probes.push_back(std::move(p));
    return probes.back();
  };
  Probe first = note(probe(safe_end));
  std::optional<Probe> edge, beyond;
  std::string stopped;
  if (first.kind == Probe::Invalid) return progress.reset(), input_error(diags, a.color, "E0506", fmt::format("{} = {}: {}", a.param, to_string(safe_end), first.detail));
  if (first.kind == Probe::Safe) {
    edge = first;
    Probe far = note(probe(unsafe_end));
    if (far.kind == Probe::Safe) edge = far, unsafe_end = safe_end = far.value;
    else if (far.kind == Probe::Unsafe) beyond = far;
    else stopped = fmt::format("{} = {}: {}", a.param, to_string(far.value), far.detail);
    int round = 0;
    while (beyond && stopped.empty() && static_cast<int>(probes.size()) < a.max_checks) {
      Rational width = abs(unsafe_end - safe_end);
      if (integral ? width <= 1 : width <= Rational(a.gap) * std::max(Rational(1), Rational(abs(safe_end)))) break;
      Rational mid = (safe_end + unsafe_end) / 2;
      if (round++ % 2 == 0)
        mid = safe_end < unsafe_end ? solver::simplest_between(safe_end, unsafe_end) : solver::simplest_between(unsafe_end, safe_end);
      if (integral) mid = Rational(arith::floor(mid));
      if (mid == safe_end || mid == unsafe_end) break;
      Probe p = note(probe(mid));
      if (p.kind == Probe::Safe) edge = p, safe_end = mid;
      else if (p.kind == Probe::Unsafe) beyond = p, unsafe_end = mid;
      else stopped = fmt::format("{} = {}: {}", a.param, to_string(mid), p.detail.empty() ? "invalid" : p.detail);
    }
  } else {
    stopped = first.kind == Probe::Unsafe ? "" : first.detail;
    if (first.kind == Probe::Unsafe) beyond = first;
  }

  progress.reset();  // the line is erased before the result is printed
  std::string dir = a.maximize ? "largest" : "smallest";
  if (a.json) {
    nlohmann::json j;
    j["spec"] = a.spec;
    j["param"] = a.param;
    j["direction"] = a.maximize ? "maximize" : "minimize";
    j["edge"] = edge ? nlohmann::json(to_string(edge->value)) : nlohmann::json();
    j["beyond"] = beyond ? nlohmann::json(to_string(beyond->value)) : nlohmann::json();
    j["beyond_violates"] = beyond ? nlohmann::json(beyond->detail) : nlohmann::json();
    j["stopped"] = stopped;
    j["checks"] = nlohmann::json::array();
    for (const auto& p : probes)
      j["checks"].push_back({{"value", to_string(p.value)},
                             {"status", status_name(p.kind)},
                             {"detail", p.detail}});
    if (beyond) j["itf"] = beyond->itf;
    fmt::print("{}\n", j.dump(2));
  } else {
    fmt::print("tune {}: the {} {} for which every {} is proved, in [{}, {}]\n", a.spec, dir, a.param,
               a.keep.empty() ? std::string("property") : "kept property (" + fmt::format("{}", fmt::join(a.keep, ", ")) + ")",
               to_string(lo_v->as_rational()), to_string(hi_v->as_rational()));
    for (const auto& p : probes)
      fmt::print("  {} = {:<14} {}\n", a.param, to_string(p.value),
                 p.kind == Probe::Safe ? std::string("proved") : fmt::format("{}: {}", status_name(p.kind), p.detail));
    if (!edge) fmt::print("\nno value in the range is proved safe{}\n", stopped.empty() ? "" : " (" + stopped + ")");
    else if (!beyond && stopped.empty()) fmt::print("\nedge: the whole range is proved safe ({} = {} included)\n", a.param, to_string(edge->value));
    else {
      fmt::print("\nedge: {} = {} is proved safe ({})", a.param, to_string(edge->value), edge->detail);
      if (beyond) fmt::print("; {} = {} is broken (`{}`)", a.param, to_string(beyond->value), beyond->detail);
      fmt::print("\n");
      if (beyond) fmt::print("uncertain: between {} and {}{}\n", to_string(edge->value), to_string(beyond->value),
                             stopped.empty() ? "" : " (stopped: " + stopped + ")");
      else fmt::print("uncertain: beyond {} (stopped: {})\n", to_string(edge->value), stopped);
    }
    if (beyond) fmt::print("\nthe attack at {} = {}:\n{}", a.param, to_string(beyond->value), beyond->trace);
  }
  report::RunOutcome found;  // the exit-code rule (report/exit_code.hpp): no edge found is inconclusive
  if (!stopped.empty() || !edge) ++found.inconclusive;
  return report::exit_code(found);
}

}  // namespace bulwark::cli

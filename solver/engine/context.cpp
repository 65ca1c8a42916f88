#include "solver/engine/context.hpp"

#include "solver/engine/runs.hpp"

#include <fmt/format.h>

#include <cstdlib>

namespace bulwark::solver {

EngineRun::EngineRun(const ir::TransitionSystem& ts, const EngineOptions& o) : ts(ts), o(o), t0(Clock::now()), sink(o.progress) {
  if (!o.cache_dir.empty()) {
    cache = std::make_shared<ProofCache>(o.cache_dir, solver_id(o.solver));
    if (!cache->warning().empty()) {
      res.warnings.push_back({"W0404", {}, cache->warning() + "; running without the proof cache"});
      cache.reset();
    }
  }
  factory_ = factory_for(o.solver);
}

std::unique_ptr<BackendFactory> EngineRun::factory_for(SolverOptions solvers) {
  auto f = make_factory(ts, solvers, &res.stats);
  return cache ? with_cache(std::move(f), ts, cache) : std::move(f);
}

Answer EngineRun::ask(Backend& b, const std::vector<Formula>& tracked, std::vector<int>* core, double limit_s) {
  if (out_of_time()) return Answer::Unknown;
  double limit = budget(limit_s);
  auto asked = Clock::now();
  Answer r = b.check(limit, tracked, core);
  if (query_log()) log_query(b, r, limit, tracked.size(), asked);
  return r;
}

// BULWARK_QUERY_LOG=1: one line per solver query on stderr, for finding
// where a run's time goes (docs/engines.md, "Knobs for measuring"): seconds
// since the run began, the query's time, its budget, linear or not, how many
// tracked assumptions, the answer and why it is unknown.
bool EngineRun::query_log() {
  static const bool on = [] {
    const char* e = std::getenv("BULWARK_QUERY_LOG");
    return e && std::atoi(e) != 0;
  }();
  return on;
}

void EngineRun::log_query(const Backend& b, Answer r, double limit, std::size_t tracked, Clock::time_point asked) const {
  fmt::print(stderr, "query at {:.3f} s: {:.3f} s of {:.2f} s, {}, {} tracked: {}{}\n", since(t0), since(asked), limit,
             b.nonlinear() ? "nonlinear" : "linear", tracked, to_string(r), r == Answer::Unknown ? " (" + b.reason() + ")" : "");
}

double EngineRun::budget(double limit_s) const {
  double s = limit_s > 0 ? limit_s : o.timeout_s;
  return o.total_timeout_s > 0 ? std::min(s, o.total_timeout_s - since(t0)) : s;
}

bool EngineRun::out_of_time() const { return o.total_timeout_s > 0 && o.total_timeout_s - since(t0) <= 0.001; }

std::string EngineRun::why(const Backend& b) const {
  return out_of_time() ? fmt::format("the overall time limit of {} s ran out", o.total_timeout_s) : b.reason();
}

Verdict* EngineRun::find(bool step, int index) {
  for (auto& v : res.verdicts)
    if (v.step == step && v.index == index) return &v;
  return nullptr;
}

interp::Trace EngineRun::read_trace(Backend& b, const Verdict& v, int k, int last_action) {
  interp::Trace t = model_trace(ts, b, k, v.step ? last_action : -1);
  if (v.step && k > 0 && in_body(v)) {
    // The attempt may revert: take the interpreter's view of its effect.
    interp::Step& st = t.steps.back();
    interp::Interpreter in(ts);
    const auto& pre = t.steps.size() > 1 ? t.steps[t.steps.size() - 2].post : t.init;
    if (in.enabled(st.action, t.params, pre, st.args)) st.post = in.apply(st.action, t.params, pre, st.args);
    else st.post = pre, st.reverted = true;
  }
  t.step_property = v.step;
  t.property = v.index;
  return t;
}

void EngineRun::confirm(const Verdict& v, const interp::Trace& t, const char* what) {
  auto start = Clock::now();
  if (auto why = interp::replay(ts, t))
    res.internal_error = fmt::format("the interpreter does not confirm the solver's {} for `{}`: {}", what, v.name, *why);
  res.replay_s += since(start);
}

namespace {

// Changes one recorded value so that the interpreter must disagree (used only
// by the test that checks a solver/interpreter mismatch exits 4).
void corrupt(interp::Trace& t) {
  Value& v = t.steps.empty() ? t.init[0] : t.steps.back().post[0];
  switch (v.kind) {
    case Value::Kind::Bool: v = Value::boolean(!v.as_bool()); break;
    case Value::Kind::Int: v = Value::integer(v.as_int() + 1); break;
    case Value::Kind::Real: v = Value::real(v.as_rational() + 1); break;
    case Value::Kind::Enum: v = Value::element(v.as_enum() == 0 ? 1 : 0); break;
  }
}

}  // namespace

void EngineRun::found(Verdict& v, Backend& b, int k, int last_action) {
  interp::Trace t = read_trace(b, v, k, last_action);
  if (std::getenv("BULWARK_TEST_CORRUPT_TRACE")) corrupt(t);  // test hook: proves a mismatch is caught
  confirm(v, t, "trace");
  v.status = Status::Violated;
  v.method = "bmc";
  v.depth = k;
  v.trace = std::move(t);
}

void EngineRun::counterexample_to_induction(Verdict& v, Backend& b, int last_action) {
  interp::Trace t = read_trace(b, v, 1, last_action);
  t.from_init = false;
  confirm(v, t, "counterexample to induction");
  v.cti = std::move(t);
}

std::vector<std::string> ProofState::proved_names(const ir::TransitionSystem& ts) const {
  std::vector<std::string> out;
  for (int j : proved) out.push_back(ts.invariants[static_cast<std::size_t>(j)].name);
  return out;
}

std::vector<ir::NodeId> ProofState::proved_nodes(const ir::TransitionSystem& ts) const {
  std::vector<ir::NodeId> out;
  for (int j : proved) out.push_back(ts.invariants[static_cast<std::size_t>(j)].holds);
  return out;
}

void ProofState::failed_induction(const EngineRun& run, int invariant) {
  for (std::size_t i = 0; i < run.res.verdicts.size(); ++i)
    if (!run.res.verdicts[i].step && run.res.verdicts[i].index == invariant) induction_failed.insert(i);
}

std::string join(const std::vector<std::string>& xs) {
  std::string s;
  for (const auto& x : xs) s += (s.empty() ? "" : ", ") + x;
  return s;
}

}  // namespace bulwark::solver

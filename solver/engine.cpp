#include "solver/engine.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cstdlib>
#include <functional>
#include <map>
#include <set>

#include "solver/backend.hpp"
#include "solver/chc.hpp"
#include "solver/runs.hpp"
#include "solver/proof_cache.hpp"

namespace bulwark::solver {

const char* to_string(Status s) {
  switch (s) {
    case Status::Proved: return "proved";
    case Status::Violated: return "violated";
    case Status::NotInductive: return "not_inductive";
    case Status::HoldsToDepth: return "holds_to_depth";
    case Status::Unknown: return "unknown";
  }
  return "?";
}

int exit_code(const std::vector<Verdict>& vs, bool bounded_ok) {
  bool violated = false, inconclusive = false;
  for (const auto& v : vs) {
    if (v.status == Status::Violated) violated = true;
    if (v.status == Status::Unknown || v.status == Status::NotInductive ||
        (v.status == Status::HoldsToDepth && !bounded_ok))
      inconclusive = true;
  }
  return violated ? 1 : inconclusive ? 2 : 0;
}

namespace {

using Clock = std::chrono::steady_clock;
double since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

class Engines {
 public:
  Engines(const ir::TransitionSystem& ts, const EngineOptions& o)
      : ts_(ts), o_(o), t0_(Clock::now()) {
    if (!o.cache_dir.empty()) {
      cache_ = std::make_shared<ProofCache>(o.cache_dir, solver_id(o.solver));
      if (!cache_->warning().empty()) {
        res_.warnings.push_back({"W0404", {}, cache_->warning() + "; running without the proof cache"});
        cache_.reset();
      }
    }
    factory_ = factory_for(o.solver);
    for (std::size_t i = 0; i < ts.invariants.size(); ++i) add_verdict(ts.invariants[i], false, static_cast<int>(i));
    for (std::size_t i = 0; i < ts.steps.size(); ++i) add_verdict(ts.steps[i], true, static_cast<int>(i));
  }

  EngineResult run() {
    try {
      search();
    } catch (const SolverDisagreement& e) {
      res_.internal_error = e.what();
    } catch (const SolverCanceled& e) {
      // Settled verdicts stand; nothing else can be concluded.
      for (auto& v : res_.verdicts)
        if (v.status == Status::Unknown && v.reason.empty()) v.reason = fmt::format("stopped: {}", e.what());
    }
    if (cache_) res_.stats.cache_hits = cache_->hits, res_.stats.cache_misses = cache_->misses;
    return std::move(res_);
  }

 private:
  void search() {
    if (!sanity()) return;
    if (o_.prove) {
      houdini();
      step_obligations();
    }
    bool k_induction = o_.prove && (o_.engine == ProofEngine::Auto || o_.engine == ProofEngine::KInduction);
    bool chc = o_.prove && (o_.engine == ProofEngine::Auto || o_.engine == ProofEngine::Chc);
    // k-induction's base case is the bounded search to depth k-1: under
    // `prove` the search runs for that, only as deep as k-induction needs.
    if (o_.bmc) bmc(o_.depth);
    else if (k_induction && !induction_failed_.empty()) bmc(o_.max_k - 1);
    if (k_induction) k_induction_all();
    if (chc) chc_all();
    // What Spacer found reachable beyond the depth: a deeper search for its trace.
    if (o_.bmc && !chc_reachable_.empty()) {
      bmc(std::min(1000, std::max(2 * o_.depth, o_.depth + 10)), &chc_reachable_);  // --depth 10: 20
      for (std::size_t i : chc_reachable_)
        if (res_.verdicts[i].status == Status::Violated) chc_notes_.erase(i), induction_failed_.erase(i);
    }
    if (o_.bmc) dead_actions();
    for (auto& v : res_.verdicts) {
      if (v.status != Status::Unknown || !v.reason.empty()) continue;
      // Not proved, no violation within the depth.
      std::size_t i = static_cast<std::size_t>(&v - res_.verdicts.data());
      v.status = induction_failed_.count(i) ? Status::NotInductive : Status::HoldsToDepth;
      if (auto n = chc_notes_.find(i); n != chc_notes_.end()) v.reason = n->second;
    }
  }

  void add_verdict(const ir::Property& p, bool step, int index) {
    if (o_.only && !o_.only->count(p.name)) return;
    Verdict v;
    v.name = p.name;
    v.kind = p.kind;
    v.span = p.span;
    v.step = step;
    v.index = index;
    res_.verdicts.push_back(std::move(v));
  }

  std::unique_ptr<Backend> make(bool isolated = false) { return factory_->make(isolated); }

  // The backends of these solvers, behind the proof cache if there is one.
  std::unique_ptr<BackendFactory> factory_for(SolverOptions solvers) {
    auto f = make_factory(ts_, solvers, &res_.stats);
    return cache_ ? with_cache(std::move(f), ts_, cache_) : std::move(f);
  }

  // Every query goes through here: the per-query limit (`limit_s`, else
  // --timeout), cut to what is left of the overall limit.
  Answer ask(Backend& b, const std::vector<Formula>& tracked = {}, std::vector<int>* core = nullptr, double limit_s = 0) {
    if (out_of_time()) return Answer::Unknown;
    return b.check(budget(limit_s), tracked, core);
  }
  double budget(double limit_s = 0) const {
    double s = limit_s > 0 ? limit_s : o_.timeout_s;
    return o_.total_timeout_s > 0 ? std::min(s, o_.total_timeout_s - since(t0_)) : s;
  }
  bool out_of_time() const { return o_.total_timeout_s > 0 && o_.total_timeout_s - since(t0_) <= 0.001; }
  std::string why(const Backend& b) const {
    return out_of_time()
               ? fmt::format("the overall time limit of {} s ran out", o_.total_timeout_s)
               : b.reason();
  }

  void progress(const char* engine, const std::string& property, int depth = -1) const {
    if (o_.progress) o_.progress->update({engine, property, depth});
  }

  void base(Backend& b) { add_base(ts_, b); }
  // The base, with state 0 an initial state: where every run starts.
  void from_init(Backend& b) { add_runs_from_init(ts_, b, 0); }

  bool sanity() {
    auto b = make();
    from_init(*b);
    switch (ask(*b)) {
      case Answer::Unsat:
        res_.input_error = "`init` together with the `assume`s is unsatisfiable: there is no initial state, so "
                           "every property would hold vacuously";
        return false;
      case Answer::Unknown:
        res_.warnings.push_back({"W0401", {}, fmt::format("could not decide whether `init` is satisfiable ({})", why(*b))});
        break;
      case Answer::Sat: break;
    }
    tautologies();
    return true;
  }

  // A user invariant or rule that no state (or step) can break checks nothing:
  // usually a typo (`x >= x`) or a property weakened by mistake.
  void tautologies() {
    auto b = make();
    base(*b);
    b->add_state_types(1);
    auto check_one = [&](const ir::Property& p, Frame f) {
      if (p.kind != ir::PropKind::Invariant && p.kind != ir::PropKind::Rule) return;
      if (o_.only && !o_.only->count(p.name)) return;
      b->push();
      b->add({p.holds, f, true});
      if (ask(*b, {}, nullptr, incremental_budget()) == Answer::Unsat)
        res_.warnings.push_back({"W0402", p.span,
                                 fmt::format("{} `{}` holds in every state{}, whatever the actions do: it checks nothing",
                                             ir::to_string(p.kind), p.name, p.kind == ir::PropKind::Rule ? " change" : "")});
      b->pop();
    };
    for (const auto& p : ts_.invariants) check_one(p, {});
    for (const auto& p : ts_.steps) check_one(p, {0, 1, 0, p.action});
  }

  // Sanity: every action must be possible in some state reachable within the
  // depth, else its `require`s contradict the spec and its properties hold
  // vacuously. Unknown answers are not reported (unknown is not dead).
  void dead_actions() {
    std::vector<bool> seen(ts_.actions.size(), false), unsure(ts_.actions.size(), false);
    // Actions already taken by a trace are alive.
    for (const auto& v : res_.verdicts)
      if (v.trace)
        for (const auto& st : v.trace->steps) seen[static_cast<std::size_t>(st.action)] = true;
    auto b = make();
    from_init(*b);
    int depth = std::max(o_.depth, 1);  // depth 0 still asks about the first step
    for (int k = 0; k < depth && !out_of_time(); ++k) {
      bool all = true;
      for (std::size_t a = 0; a < ts_.actions.size(); ++a) {
        if (seen[a]) continue;
        b->push();
        b->add_transition(k, static_cast<int>(a));
        Answer r = ask(*b, {}, nullptr, incremental_budget());
        b->pop();
        if (r == Answer::Sat) seen[a] = true;
        else if (r == Answer::Unknown) unsure[a] = true;
        all = all && seen[a];
      }
      if (all) return;
      b->add_transition(k);
      b->add_state_types(k + 1);
    }
    if (out_of_time()) return;  // not searched to the depth: nothing can be concluded
    for (std::size_t a = 0; a < ts_.actions.size(); ++a)
      if (!seen[a] && !unsure[a])
        res_.warnings.push_back({"W0403", ts_.actions[a].span,
                                 fmt::format("action `{}` is never enabled within {} step{} (dead action): its `require`s "
                                             "exclude every reachable state, so it can neither break nor test a property",
                                             ts_.actions[a].name, depth, depth == 1 ? "" : "s")});
  }

  // Houdini: start with every invariant as a candidate; drop those that fail
  // initially or whose step fails under the remaining candidates; repeat to a
  // fixpoint. The survivors are inductive together, hence proved.
  void houdini() {
    progress("induction", "");
    // Every invariant is a candidate, even under --property: the one asked
    // about may need the others as lemmas.
    std::vector<int> alive;
    for (std::size_t i = 0; i < ts_.invariants.size(); ++i) alive.push_back(static_cast<int>(i));
    std::map<int, double> spent;
    std::map<int, std::string> unknown;
    auto b = make();
    base(*b);
    // Keeps the candidates whose negation, read in `frame`, is unsatisfiable
    // under what is asserted; the rest fail induction or are unknown.
    auto survivors = [&](const std::vector<int>& cand, Frame frame) {
      std::vector<int> keep;
      for (int i : cand) {
        auto t0 = Clock::now();
        b->push();
        b->add({ts_.invariants[static_cast<std::size_t>(i)].holds, frame, true});
        Answer r = ask(*b);
        if (r == Answer::Sat && frame.pre == 1)
          if (Verdict* v = find(false, i)) counterexample_to_induction(*v, *b, -1);
        b->pop();
        spent[i] += since(t0);
        if (r == Answer::Unsat) keep.push_back(i);
        else if (r == Answer::Unknown) unknown[i] = why(*b);
        else failed_induction(i);
      }
      return keep;
    };
    // Initiation, once per candidate.
    b->push();
    for (ir::NodeId i : ts_.init) b->add({i, {}});
    alive = survivors(alive, {});
    b->pop();
    // Consecution, per action, to a fixpoint. The invariant in the post-state is
    // state 1 read as a "pre" state.
    b->add_state_types(1);
    for (bool changed = true; changed;) {
      changed = false;
      for (std::size_t a = 0; a < ts_.actions.size() && !alive.empty(); ++a) {
        b->push();
        b->add_transition(0, static_cast<int>(a));
        for (int j : alive) b->add({ts_.invariants[static_cast<std::size_t>(j)].holds, {}});
        std::vector<int> keep = survivors(alive, {1, 2, 1, -1});
        b->pop();
        if (keep.size() != alive.size()) changed = true;
        alive = keep;
      }
    }
    proved_ = alive;
    for (auto& [i, t] : spent)
      if (Verdict* v = find(false, i)) v->time_s += t;
    for (auto& [i, why] : unknown)
      if (Verdict* v = find(false, i)) v->reason = why;  // an unknown candidate was dropped: never proved
    for (int i : alive) {
      Verdict* v = find(false, i);
      if (!v) continue;
      v->status = Status::Proved;
      v->lemmas = lemmas_for(i, alive);
      v->method = v->lemmas.empty() ? "inductive" : "inductive with " + join(v->lemmas);
    }
  }

  // Which other proved invariants the proof of `i` needs (unsat cores, per action).
  std::vector<std::string> lemmas_for(int i, const std::vector<int>& proved) {
    std::set<int> used;
    // Unsat cores are not unique: they depend on the solver and on its
    // history (in a race, on which solver won each earlier query). The core
    // queries get a solver of their own, one solver, fresh for the run, so
    // the lemma lists are the same on every run.
    if (!lemma_factory_) {
      SolverOptions one = o_.solver;
      if (one.which == SolverOptions::Portfolio) one.which = SolverOptions::Z3;
      one.cross_check = false;
      lemma_factory_ = factory_for(one);
    }
    auto b = lemma_factory_->make();
    base(*b);
    b->add_state_types(1);
    for (std::size_t a = 0; a < ts_.actions.size(); ++a) {
      b->push();
      b->add_transition(0, static_cast<int>(a));
      b->add({ts_.invariants[static_cast<std::size_t>(i)].holds, {}});
      b->add({ts_.invariants[static_cast<std::size_t>(i)].holds, {1, 2, 1, -1}, true});
      std::vector<Formula> tracked;
      std::vector<int> who;
      for (int j : proved)
        if (j != i) tracked.push_back({ts_.invariants[static_cast<std::size_t>(j)].holds, {}}), who.push_back(j);
      // The proof is known (Houdini's query was unsat); only the names are
      // asked for, on a short budget: an unsat core can be far harder than the
      // proof (erc4626_fixed: 15 s to the deadline against 1-2 s).
      // Without a core every other proved invariant is named: an over-statement
      // of what the proof needs, never an under-statement.
      std::vector<int> core;
      if (ask(*b, tracked, &core, lemma_core_budget()) == Answer::Unsat)
        for (int k : core) used.insert(who[static_cast<std::size_t>(k)]);
      else
        used.insert(who.begin(), who.end());
      b->pop();
    }
    std::vector<std::string> out;
    for (int j : used) out.push_back(ts_.invariants[static_cast<std::size_t>(j)].name);
    return out;
  }

  double lemma_core_budget() const { return std::min(o_.timeout_s, 2.0); }

  // Rules, asserts and divisions: one step from any state satisfying the proved invariants.
  void step_obligations() {
    auto b = make();
    base(*b);
    b->add_state_types(1);
    for (int j : proved_) b->add({ts_.invariants[static_cast<std::size_t>(j)].holds, {}});
    for (auto& v : res_.verdicts) {
      if (!v.step) continue;
      const auto& p = ts_.steps[static_cast<std::size_t>(v.index)];
      progress("induction", v.name);
      auto t0 = Clock::now();
      bool all = true;
      std::string gave_up;
      for (std::size_t a = 0; a < ts_.actions.size(); ++a) {
        if (p.action >= 0 && p.action != static_cast<int>(a)) continue;
        b->push();
        if (!p.in_body) b->add_transition(0, static_cast<int>(a));
        b->add({p.holds, {0, 1, 0, static_cast<int>(a)}, true});
        Answer r = ask(*b);
        if (r == Answer::Sat) counterexample_to_induction(v, *b, static_cast<int>(a));
        b->pop();
        if (r != Answer::Unsat) {
          all = false;
          if (r == Answer::Unknown) gave_up = why(*b);
          break;
        }
      }
      v.time_s += since(t0);
      if (all) {
        v.status = Status::Proved;
        v.method = proved_.empty() ? "one-step" : "one-step from the proved invariants";
      } else if (!gave_up.empty()) {
        v.reason = gave_up;
      } else {
        induction_failed_.insert(static_cast<std::size_t>(&v - res_.verdicts.data()));
      }
    }
  }

  // k-induction (with the simple-path constraint) for the invariants that
  // failed 1-induction and that the bounded search found no attack on: a
  // state sequence of length k satisfying the invariant, each state distinct,
  // cannot step to a state that breaks it. The base case, no violation within
  // k-1 steps of init, is what the bounded search established (`depth`).
  void k_induction_all() {
    for (std::size_t i = 0; i < res_.verdicts.size(); ++i) {
      Verdict& v = res_.verdicts[i];
      if (v.step || v.status != Status::Unknown || !v.reason.empty() || !induction_failed_.count(i)) continue;
      auto t0 = Clock::now();
      if (int k = k_induction(v); k > 0) {
        v.status = Status::Proved;
        v.method = fmt::format("{}-inductive", k);
        v.lemmas = proved_names();
        if (!v.lemmas.empty()) v.method += " with " + join(v.lemmas);
        v.cti.reset();
        induction_failed_.erase(i);
      }
      v.time_s += since(t0);
    }
  }

  // The invariants Houdini proved, by name: the lemmas of the later proofs.
  std::vector<std::string> proved_names() const {
    std::vector<std::string> out;
    for (int j : proved_) out.push_back(ts_.invariants[static_cast<std::size_t>(j)].name);
    return out;
  }

  // The least k (2 .. max_k, at most the base depth + 1) for which `v` is
  // k-inductive, or 0. The proved invariants hold in every state (lemmas).
  int k_induction(const Verdict& v) {
    const ir::Property& p = ts_.invariants[static_cast<std::size_t>(v.index)];
    // Isolated: these queries start cold, and Z3 4.8.12 ignores interrupts on
    // nonlinear ones (amm_lp's k = 2 query ran on for 13 minutes in-process).
    auto b = make(true);
    base(*b);
    for (int j : proved_) b->add({ts_.invariants[static_cast<std::size_t>(j)].holds, {}});
    b->add({p.holds, {}});
    for (int k = 1; k <= std::min(o_.max_k, v.depth + 1) && !out_of_time(); ++k) {
      // States 0..k: the invariant holds in 0..k-1, all pairwise distinct.
      b->add_transition(k - 1);
      b->add_state_types(k);
      for (int j : proved_) b->add({ts_.invariants[static_cast<std::size_t>(j)].holds, {k, k + 1, k, -1}});
      for (int s = 0; s < k; ++s) b->add_distinct_states(s, k);
      if (k >= 2) {
        progress("k-induction", p.name, k);
        b->push();
        b->add({p.holds, {k, k + 1, k, -1}, true});
        Answer r = ask(*b);
        b->pop();
        if (r == Answer::Unsat) return k;
        if (r == Answer::Unknown) return 0;
      }
      b->add({p.holds, {k, k + 1, k, -1}});
    }
    return 0;
  }

  // CHC (Spacer) for the invariants still open after induction. A proof
  // counts only once its invariant, printed in spec syntax and read back by
  // the front end, is proved inductive by our own induction engine (with the
  // property and the lemmas Spacer was given): the printed text is the
  // certificate. Spacer finding the property reachable is reported, but a
  // violation needs a trace the interpreter replays, which bounded search gives.
  void chc_all() {
    for (std::size_t i = 0; i < res_.verdicts.size(); ++i) {
      Verdict& v = res_.verdicts[i];
      if (v.step || v.status != Status::Unknown || !v.reason.empty() || !induction_failed_.count(i) || out_of_time())
        continue;
      progress("chc", v.name);
      auto t0 = Clock::now();
      std::vector<ir::NodeId> lemmas;
      for (int j : proved_) lemmas.push_back(ts_.invariants[static_cast<std::size_t>(j)].holds);
      std::vector<std::string> lemma_names = proved_names();
      ChcAnswer a = chc(lemmas, ts_.invariants[static_cast<std::size_t>(v.index)].holds, budget());
      if (const char* wrong = std::getenv("BULWARK_TEST_CHC_INVARIANT"); wrong && a.answer == Answer::Unsat)
        a.invariant = wrong;  // test hook: Spacer gives a wrong invariant
      std::string why;
      if (a.answer == Answer::Unsat && !a.invariant.empty() && certified(v, a.invariant, lemma_names, why)) {
        v.status = Status::Proved;
        v.method = "chc";
        v.lemmas = lemma_names;
        if (!v.lemmas.empty()) v.method += " with " + join(v.lemmas);
        v.invariant = a.invariant;
        v.cti.reset();
        induction_failed_.erase(i);
      } else if (a.answer == Answer::Unsat) {
        chc_notes_[i] = fmt::format("CHC proved it but {}", a.invariant.empty() ? a.reason : "its invariant failed our re-check: " + why);
      } else if (a.answer == Answer::Sat) {
        chc_reachable_.insert(i);
        chc_notes_[i] = "CHC (Spacer) finds that it breaks in a reachable state, deeper than that";
      } else {
        chc_notes_[i] = "CHC: " + a.reason;
      }
      v.time_s += since(t0);
    }
  }

  // Spacer's answer, from the proof cache when it has it (a cached invariant
  // is re-checked like a fresh one: the cache cannot make a proof either).
  ChcAnswer chc(const std::vector<ir::NodeId>& lemmas, ir::NodeId property, double budget) {
    std::string query = cache_ ? chc_query_text(ts_, lemmas, property) : "";
    if (cache_)
      if (auto text = cache_->lookup_text(query))
        if (auto a = parse_chc_answer(*text); a && a->answer != Answer::Unknown) return *a;
    ChcAnswer a = chc_check(ts_, lemmas, property, budget);
    if (cache_ && (a.answer == Answer::Sat || (a.answer == Answer::Unsat && !a.invariant.empty())))
      cache_->store_text(query, to_text(a));
    return a;
  }

  // Reads `invariant` back through the front end as a new invariant and
  // proves it, with `v`'s property and the lemmas, by induction alone.
  bool certified(const Verdict& v, const std::string& invariant, const std::vector<std::string>& lemmas, std::string& why) {
    if (!o_.recompile) return why = "no front end was given to read it back", false;
    std::string name = "chc_" + v.name;
    auto taken = [&](const std::string& n) {
      for (const auto& p : ts_.invariants) if (p.name == n) return true;
      for (const auto& p : ts_.steps) if (p.name == n) return true;
      return false;
    };
    while (taken(name)) name += "_";
    Recompiled rc = o_.recompile(fmt::format("\ninvariant {}: {};\n", name, invariant));
    if (!rc.ts) return why = "the front end rejects it: " + rc.error, false;
    EngineOptions o = o_;
    o.engine = ProofEngine::Induction;
    o.bmc = false;
    o.recompile = nullptr;
    o.only = std::set<std::string>(lemmas.begin(), lemmas.end());
    o.only->insert({v.name, name});
    if (o_.total_timeout_s > 0) o.total_timeout_s = std::max(0.001, o_.total_timeout_s - since(t0_));
    EngineResult r = run_engines(*rc.ts, o);
    for (const auto& w : r.verdicts)
      if ((w.name == v.name || w.name == name) && w.status != Status::Proved)
        return why = fmt::format("`{}` is {} ({})", w.name, to_string(w.status), w.reason.empty() ? w.method : w.reason), false;
    return true;
  }

  // Incremental BMC: one solver, depth 0, 1, ..., K, so the first trace is a shortest one.
  void bmc(int depth, const std::set<std::size_t>* only = nullptr) {
    std::vector<Verdict*> open;
    for (auto& v : res_.verdicts)
      if (v.status != Status::Proved && (!only || only->count(static_cast<std::size_t>(&v - res_.verdicts.data()))))
        open.push_back(&v);
    if (open.empty()) return;
    auto b = make();
    from_init(*b);
    auto remove = [&](Verdict* v) { open.erase(std::find(open.begin(), open.end(), v)); };
    for (int k = 0; k <= depth && !open.empty(); ++k) {
      if (k > 0) {
        // Step properties at step k-1 (whose transition is not yet asserted).
        for (Verdict* v : std::vector<Verdict*>(open)) {
          if (!v->step) continue;
          const auto& p = ts_.steps[static_cast<std::size_t>(v->index)];
          for (std::size_t a = 0; a < ts_.actions.size(); ++a) {
            if (p.action >= 0 && p.action != static_cast<int>(a)) continue;
            if (query(*b, *v, k, static_cast<int>(a)) != Answer::Unsat) {
              remove(v);
              break;
            }
          }
        }
        b->add_transition(k - 1);
        b->add_state_types(k);
      }
      for (Verdict* v : std::vector<Verdict*>(open))
        if (!v->step && query(*b, *v, k, -1) != Answer::Unsat) remove(v);
    }
    for (Verdict* v : open) v->depth = depth;
  }

  bool in_body(const Verdict& v) const { return v.step && ts_.steps[static_cast<std::size_t>(v.index)].in_body; }

  // Asserts that `v` breaks at depth k, on top of states 0..k-1 and their
  // transitions (for invariants, also transition k-1): a step property breaks
  // at step k-1 taken by `action` (an in-body check needs only the attempt).
  void add_violation(Backend& b, const Verdict& v, int k, int action) {
    if (!v.step) {
      b.add({ts_.invariants[static_cast<std::size_t>(v.index)].holds, {k, k + 1, k, -1}, true});
      return;
    }
    const auto& p = ts_.steps[static_cast<std::size_t>(v.index)];
    b.add_state_types(k);
    if (!p.in_body) b.add_transition(k - 1, action);
    b.add({p.holds, {k - 1, k, k - 1, action}, true});
  }

  // One bounded query at depth k: the incremental solver on a short budget,
  // then a fresh solver and the split search. A trace found is recorded.
  Answer query(Backend& b, Verdict& v, int k, int action) {
    progress("bmc", v.name, k);
    auto t0 = Clock::now();
    b.push();
    add_violation(b, v, k, action);
    Answer r = ask(b, {}, nullptr, incremental_budget());
    if (r == Answer::Sat) found(v, b, k, action);
    b.pop();
    if (r == Answer::Unknown) {
      if (out_of_time()) reason_ = why(b);
      else r = split(v, k, action);
    }
    v.time_s += since(t0);
    if (r == Answer::Unknown) {
      v.reason = fmt::format("bounded search gave up at depth {}: {}", k, reason_);
      v.depth = k - 1;
    } else if (r == Answer::Unsat) {
      v.depth = k;
    }
    return r;
  }

  // When the query over all action sequences of length k is too hard (often
  // nonlinear), ask one query per sequence instead, pruning every prefix that
  // is already infeasible. Sequences are tried in order, all of length k, so a
  // trace found is still a shortest one. `last` is the action of a step
  // property's final step (-1 for invariants).
  Answer split(Verdict& v, int k, int last) {
    // First the same query on a fresh solver: Z3 in incremental mode (after a
    // push) does not use its nonlinear procedures, and a one-shot query does
    // (lending's depth-4 solvency query: unknown after 30 s vs sat in 1 s).
    if (Answer r = fresh(v, k, last); r != Answer::Unknown) return r;
    auto b = make(true);
    from_init(*b);
    int steps = v.step ? k - 1 : k;  // transitions before the property is checked
    bool gave_up = false;
    std::function<Answer(int)> dfs = [&](int s) -> Answer {
      if (s == steps) {
        b->push();
        add_violation(*b, v, k, last);
        Answer r = ask(*b);
        if (r == Answer::Sat) found(v, *b, k, last);
        b->pop();
        if (r == Answer::Unknown) gave_up = true, reason_ = why(*b);
        return r;
      }
      for (std::size_t a = 0; a < ts_.actions.size(); ++a) {
        // Out of time, every query is unknown and no prefix is pruned: stop
        // here rather than walk every sequence.
        if (out_of_time()) return gave_up = true, reason_ = why(*b), Answer::Unknown;
        b->push();
        b->add_transition(s, static_cast<int>(a));
        b->add_state_types(s + 1);
        Answer prefix = ask(*b);
        Answer r = prefix == Answer::Unsat ? Answer::Unsat : dfs(s + 1);
        b->pop();
        if (r == Answer::Sat) return r;
      }
      return gave_up ? Answer::Unknown : Answer::Unsat;
    };
    return dfs(0);
  }

  // The incremental solver is fast on linear queries and poor on nonlinear
  // ones; it gets a short budget before the query is retried on a fresh solver.
  double incremental_budget() const { return std::min(o_.timeout_s, 1.0); }

  Answer fresh(Verdict& v, int k, int last) {
    auto b = make(true);
    add_runs_from_init(ts_, *b, v.step ? k - 1 : k);
    add_violation(*b, v, k, last);
    Answer r = ask(*b);
    if (r == Answer::Sat) found(v, *b, k, last);
    if (r == Answer::Unknown) reason_ = why(*b);
    return r;
  }

  // Reads the run of `k` steps out of the model of the last Sat check. The
  // last step of a step property is taken by `last_action`.
  interp::Trace read_trace(Backend& b, const Verdict& v, int k, int last_action) {
    interp::Trace t = model_trace(ts_, b, k, v.step ? last_action : -1);
    if (v.step && k > 0 && in_body(v)) {
      // The attempt may revert: take the interpreter's view of its effect.
      interp::Step& st = t.steps.back();
      interp::Interpreter in(ts_);
      const auto& pre = t.steps.size() > 1 ? t.steps[t.steps.size() - 2].post : t.init;
      if (in.enabled(st.action, t.params, pre, st.args)) st.post = in.apply(st.action, t.params, pre, st.args);
      else st.post = pre, st.reverted = true;
    }
    t.step_property = v.step;
    t.property = v.index;
    return t;
  }

  // The interpreter must see what the solver saw; a disagreement is an internal error.
  void confirm(const Verdict& v, const interp::Trace& t, const char* what) {
    auto t0 = Clock::now();
    if (auto why = interp::replay(ts_, t))
      res_.internal_error = fmt::format("the interpreter does not confirm the solver's {} for `{}`: {}", what, v.name, *why);
    res_.replay_s += since(t0);
  }

  // A shortest attack of `k` steps, confirmed by the interpreter.
  void found(Verdict& v, Backend& b, int k, int last_action) {
    interp::Trace t = read_trace(b, v, k, last_action);
    if (std::getenv("BULWARK_TEST_CORRUPT_TRACE")) corrupt(t);  // test hook: proves a mismatch is caught
    confirm(v, t, "trace");
    v.status = Status::Violated;
    v.method = "bmc";
    v.depth = k;
    v.trace = std::move(t);
  }

  // The one step that breaks induction, from the model of the failed
  // consecution query (pre-state 0, post-state 1).
  void counterexample_to_induction(Verdict& v, Backend& b, int last_action) {
    interp::Trace t = read_trace(b, v, 1, last_action);
    t.from_init = false;
    confirm(v, t, "counterexample to induction");
    v.cti = std::move(t);
  }

  // Changes one recorded value so that the interpreter must disagree (used only
  // by the test that checks a solver/interpreter mismatch exits 4).
  void corrupt(interp::Trace& t) {
    Value& v = t.steps.empty() ? t.init[0] : t.steps.back().post[0];
    switch (v.kind) {
      case Value::Kind::Bool: v = Value::boolean(!v.as_bool()); break;
      case Value::Kind::Int: v = Value::integer(v.i + 1); break;
      case Value::Kind::Real: v = Value::real(v.q + 1); break;
      case Value::Kind::Enum: v = Value::element(v.as_enum() == 0 ? 1 : 0); break;
    }
  }

  void failed_induction(int inv) {
    for (std::size_t i = 0; i < res_.verdicts.size(); ++i)
      if (!res_.verdicts[i].step && res_.verdicts[i].index == inv) induction_failed_.insert(i);
  }

  Verdict* find(bool step, int index) {
    for (auto& v : res_.verdicts)
      if (v.step == step && v.index == index) return &v;
    return nullptr;
  }

  static std::string join(const std::vector<std::string>& xs) {
    std::string s;
    for (const auto& x : xs) s += (s.empty() ? "" : ", ") + x;
    return s;
  }

  const ir::TransitionSystem& ts_;
  const EngineOptions& o_;
  Clock::time_point t0_;
  EngineResult res_;
  std::unique_ptr<BackendFactory> factory_;
  std::shared_ptr<ProofCache> cache_;
  std::unique_ptr<BackendFactory> lemma_factory_;  // see lemmas_for
  std::vector<int> proved_;
  std::set<std::size_t> induction_failed_;
  std::map<std::size_t, std::string> chc_notes_;  // per verdict: what CHC found, when it proved nothing
  std::set<std::size_t> chc_reachable_;           // verdicts Spacer found breakable
  std::string reason_;  // why the last split search gave up
};

}  // namespace

EngineResult run_engines(const ir::TransitionSystem& ts, const EngineOptions& options) {
  return Engines(ts, options).run();
}

}  // namespace bulwark::solver

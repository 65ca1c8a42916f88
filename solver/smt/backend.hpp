// The solver interface the engines use. It speaks IR (nodes evaluated in a
// frame of step-indexed states), never solver types, so a second backend
// (cvc5) fits by implementing this class. Z3 types stay in z3_backend.cpp.
#pragma once
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "dsl/ir/transition_system.hpp"

namespace bulwark::solver {

enum class Answer { Sat, Unsat, Unknown };

// "sat", "unsat" or "unknown", as SMT-LIB and our messages spell them.
inline const char* to_string(Answer a) {
  switch (a) {
    case Answer::Sat: return "sat";
    case Answer::Unsat: return "unsat";
    case Answer::Unknown: return "unknown";
  }
  return "?";
}

class StopSignal;  // child_process.hpp

// Where a backend's time goes, summed over every backend that shares it
// (bench/ reports these; time outside the solver is the rest).
struct BackendStats {
  double encode_s = 0;  // IR -> solver terms
  double solve_s = 0;   // inside check()
  long queries = 0;
  std::map<std::string, long> decided_by;  // portfolio: which solver answered first, per query
  long cache_hits = 0, cache_misses = 0;   // proof cache (queries answered from it / solved)
};

// Where an IR node is evaluated: Var reads state `pre`, Next reads state `post`,
// Arg reads the arguments that action `action` takes at step `step`.
struct Frame {
  int pre = 0;
  int post = 1;
  int step = 0;
  int action = -1;
};

// Named frames, instead of literal (pre, post, step, action) tuples.
// A state property read in state k (its `next` would be state k+1).
inline Frame in_state(int k) { return {k, k + 1, k, -1}; }
// Step k, from state k to k+1, taken by `action` (whose arguments `Arg` reads).
inline Frame on_step(int k, int action) { return {k, k + 1, k, action}; }

// A boolean IR node in a frame, possibly negated.
struct Formula {
  ir::NodeId node;
  Frame frame;
  bool negate = false;
};

// What OMT found: Sat with the optimum in `bound` (its model loaded), or
// `unbounded`; `attained` is false for a supremum no model reaches (strict
// inequalities). Unsat: no model at all.
struct Optimum {
  Answer answer = Answer::Unknown;
  bool unbounded = false;
  bool attained = true;
  Value bound;
  std::string reason;  // for Unknown
};

class Backend {
 public:
  virtual ~Backend() = default;
  virtual void push() = 0;
  virtual void pop() = 0;
  virtual void add(const Formula& f) = 0;
  // State `k` is well-typed: nat cells >= 0 (sort-typed cells are typed by construction).
  virtual void add_state_types(int k) = 0;
  // The step from state k to k+1: one of the actions (or only `action` if >= 0)
  // with its guards and its updates; a selector records which one.
  virtual void add_transition(int k, int action = -1) = 0;
  // States i and j differ in some cell (k-induction's simple-path constraint).
  virtual void add_distinct_states(int i, int j) = 0;
  // Checks the assertions; `tracked` are extra assumptions whose unsat core is
  // returned as indexes into `tracked`. The deadline is enforced from outside
  // the solver (a watchdog interrupts it, or a child process is killed), so a
  // stuck query becomes Unknown; so does a check that `stop` ends early.
  virtual Answer check(double timeout_s, const std::vector<Formula>& tracked = {}, std::vector<int>* core = nullptr,
                       const StopSignal* stop = nullptr) = 0;
  virtual std::string reason() const = 0;  // why the last check was Unknown
  // Whether the current assertions have nonlinear terms (a product of two
  // unknowns, a division by one): timeouts there are expected, and say so.
  virtual bool nonlinear() const = 0;

  // The model of the last Sat check.
  virtual Value param(int i) = 0;
  virtual Value cell(int state, int c) = 0;
  virtual int action_at(int step) = 0;
  virtual Value arg(int step, int action, int i) = 0;
  // The model's constants as text (answer_text.hpp), and a model loaded from
  // such text in place of the last check's.
  virtual std::map<std::string, std::string> model_constants() = 0;
  virtual void load_model(std::map<std::string, std::string> constants) = 0;

  // Optimisation (`bulwark attack`). The optimum of numeric `objective` in
  // frame `f` over the current assertions, by OMT in a child process killed
  // at the deadline; only for linear assertions (the caller bisects
  // otherwise). A backend that cannot optimise answers Unknown.
  virtual Optimum optimize(ir::NodeId objective, const Frame& f, bool maximize, double timeout_s) {
    (void)objective, (void)f, (void)maximize, (void)timeout_s;
    return {Answer::Unknown, false, true, {}, "this solver does not optimise"};
  }
  // Asserts `objective > c` (`above`) or `objective < c`; `>=` / `<=` unless `strict`.
  virtual void add_bound(ir::NodeId objective, const Frame& f, bool above, bool strict, const Value& c) {
    (void)objective, (void)f, (void)above, (void)strict, (void)c;
    throw std::logic_error("this solver does not take bounds");
  }

  // The current assertions (plus `extra`) as a standalone SMT-LIB 2 script.
  virtual std::string smt2(const std::vector<Formula>& extra = {}) = 0;
};

// What a backend is for, which decides where its nonlinear queries run
// (docs/engines.md, "The kill rule").
enum class Use {
  Warm,        // the factory's solver server, whose plain solver keeps what it learned from query to query (Houdini)
  NlsatFirst,  // the solver server too, but a nonlinear query tries Z3's nlsat first (bounded search, one-step obligations)
  OneShot,     // a child of its own per query, for queries that start cold anyway (nlsat first as well)
};

// Makes the backends of one run. Backends of one factory share the solver's
// term store (a Z3 context costs more to create than most queries), so they
// must be used from one thread, one query at a time.
class BackendFactory {
 public:
  virtual ~BackendFactory() = default;
  // Every nonlinear query runs in a child process the parent can kill (the
  // kill rule, docs/engines.md); `use` says which.
  virtual std::unique_ptr<Backend> make(Use use = Use::Warm) = 0;
};

// Which solvers answer: both racing (the default), or one. Under
// `cross_check` both run every query to the end and must agree.
struct SolverOptions {
  enum Which { Portfolio, Z3, Cvc5 } which = Portfolio;
  bool cross_check = false;
};

// Two solvers gave opposite definitive answers (under cross_check): an
// internal error. The message names both answers and the SMT-LIB file written.
struct SolverDisagreement : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A solver that refuses to set up the next query (push, pop, assert) because
// an interrupt at a deadline left it cancelled: Z3 4.8.12 keeps the cancel
// flag of an interrupt that lands as a check returns. Not our bug and not an
// answer: the engine leaves every open property unknown, with this reason.
struct SolverCanceled : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// `stats`, if given, must outlive what is made.
std::unique_ptr<BackendFactory> make_factory(const ir::TransitionSystem& ts, SolverOptions options, BackendStats* stats = nullptr);
// `nlsat`: nonlinear one-shot and unsat-core queries try Z3's nlsat first
// (z3_backend.cpp); `attack` turns it off (attack.cpp says why).
std::unique_ptr<BackendFactory> make_z3_factory(const ir::TransitionSystem& ts, BackendStats* stats = nullptr,
                                                bool nlsat = true);
std::unique_ptr<BackendFactory> make_cvc5_factory(const ir::TransitionSystem& ts, BackendStats* stats = nullptr);
std::string z3_version();
std::string cvc5_version();
std::unique_ptr<Backend> make_z3_backend(const ir::TransitionSystem& ts, BackendStats* stats = nullptr);  // isolated

}  // namespace bulwark::solver

// IR -> Z3 terms. Exact semantics: int/nat as Int, real as Real, sorts as Z3
// enumeration sorts; `/` on ints truncates toward zero and `%` follows it (not
// SMT-LIB's Euclidean div/mod); x / 0 is 0 exactly as in the interpreter (the
// division_by_zero properties are what report it).
#include <z3++.h>

#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <fmt/format.h>
#include <functional>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>

#include <poll.h>
#include <unistd.h>

#include <cerrno>

#include "dsl/value/simplest_rational.hpp"
#include "solver/smt/answer_text.hpp"
#include "solver/smt/backend.hpp"
#include "solver/smt/child_process.hpp"
#include "solver/smt/encoder.hpp"
#include "solver/smt/nonlinear.hpp"
#include "solver/smt/z3_terms.hpp"

namespace bulwark::solver {
namespace {

using ir::NodeId;

// What every backend of one run shares: the Z3 context (creating one costs more
// than most queries), the enumeration sorts and the encoding memo (a term
// encoded for one query is reused by the next).
class Z3Backend;

struct Z3Shared : std::enable_shared_from_this<Z3Shared> {
  explicit Z3Shared(const ir::TransitionSystem& ts) : ts(ts), nonlinear(ts) {
    for (const auto& s : ts.sorts) {
      std::vector<const char*> names;
      std::vector<std::string> owned;
      for (const auto& e : s.elems) owned.push_back(s.name + "!" + e);
      for (const auto& e : owned) names.push_back(e.c_str());
      z3::func_decl_vector consts(ctx), testers(ctx);
      z3::sort sort = ctx.enumeration_sort(("S!" + s.name).c_str(), static_cast<unsigned>(names.size()),
                                           names.data(), consts, testers);
      sorts.push_back(sort);
      std::vector<z3::expr> es;
      for (unsigned i = 0; i < consts.size(); ++i) es.push_back(consts[i]());
      elems.push_back(es);
    }
  }
  z3::context ctx;
  std::vector<z3::sort> sorts;
  std::vector<std::vector<z3::expr>> elems;
  std::map<std::tuple<NodeId, int, int, int, int>, z3::expr> memo;
  const ir::TransitionSystem& ts;
  NonlinearScan nonlinear;
  // The solver server of these backends (the kill rule, docs/engines.md):
  // one child holds a solver per backend, each known by its id; it is forked
  // from this process when a backend first needs it (and again after a kill),
  // and learns of later assertions, new backends and gone ones from `pending`
  // (lines `ID OP ...`). Isolated backends have no part in it.
  ChildServer server;
  std::string pending;
  std::map<int, Z3Backend*> backends;  // by id
  int next_id = 0;
  bool nlsat = true;  // child_answer may try nlsat first (make_z3_factory)
};

class Z3Backend final : public Backend {
 public:
  // `id` >= 0: the server makes the copy of a backend made after its fork.
  Z3Backend(const ir::TransitionSystem& ts, std::shared_ptr<Z3Shared> shared, BackendStats* stats, Use use, int id = -1)
      : ts_(ts),
        use_(use),
        shared_(std::move(shared)),
        ctx_(shared_->ctx),
        sorts_(shared_->sorts),
        elems_(shared_->elems),
        memo_(shared_->memo),
        scan_(shared_->nonlinear),
        stats_(stats ? stats : &own_stats_),
        solver_(ctx_),
        id_(id >= 0 ? id : shared_->next_id++) {
    if (isolated()) return;
    shared_->backends[id_] = this;
    forward(fmt::format("n {}", static_cast<int>(use_)));
  }
  ~Z3Backend() override {
    if (isolated()) return;
    forward("e");
    shared_->backends.erase(id_);
  }

  // Z3 calls between checks: a cancel flag left by an interrupt is reported
  // as SolverCanceled (the engine's "time ran out"), anything else as is.
  template <class F>
  void cancel_safe(F&& f) {
    try {
      if (test_canceled()) throw z3::exception("canceled (test hook BULWARK_TEST_SOLVER_CANCELED)");
      f();
    } catch (const z3::exception& e) {
      if (std::string(e.msg()).find("cancel") == std::string::npos) throw;
      throw SolverCanceled(fmt::format("Z3 refused to go on after an interrupt ({})", e.msg()));
    }
  }

  // Test hook: BULWARK_TEST_SOLVER_CANCELED=N fails this process's Nth push,
  // pop or assertion and every later one, as a context left cancelled does
  // (the race behind it is too rare to hit on purpose from the command line).
  static bool test_canceled() {
    static const char* n = std::getenv("BULWARK_TEST_SOLVER_CANCELED");
    static const pid_t owner = getpid();  // not in a forked solver child
    static long calls = 0;
    return n && getpid() == owner && ++calls >= std::atol(n);
  }

  void push() override {
    cancel_safe([&] { solver_.push(); });
    nonlinear_.push();
    forward("u");
  }
  void pop() override {
    cancel_safe([&] { solver_.pop(); });
    nonlinear_.pop();
    forward("o");
  }
  void add(const Formula& f) override {
    AddElapsed t(stats_->encode_s);
    cancel_safe([&] { solver_.add(formula(f)); });
    forward("a " + text(f));
  }
  bool nonlinear() const override { return nonlinear_.now(); }
  // A one-shot backend: no part in the solver server, each query a child of its own.
  bool isolated() const { return use_ == Use::OneShot; }

  void add_state_types(int k) override {
    AddElapsed t(stats_->encode_s);
    cancel_safe([&] { solver_.add(state_types(k)); });
    forward(fmt::format("t {}", k));
  }

  void add_transition(int k, int action) override {
    AddElapsed t(stats_->encode_s);
    cancel_safe([&] { solver_.add(transition(k, action)); });
    forward(fmt::format("x {} {}", k, action));
  }

  // The encodings as terms (the CHC engine builds clauses from them).
  z3::expr state_types(int k) {
    z3::expr_vector nat(ctx_);
    for (std::size_t c = 0; c < ts_.cells.size(); ++c)
      if (ts_.vars[static_cast<std::size_t>(ts_.cells[c].var)].nat) nat.push_back(cell_sym(k, static_cast<int>(c)) >= 0);
    return all_of(ctx_, nat);
  }
  z3::expr transition(int k, int action = -1) {
    z3::expr sel = selector(k);
    z3::expr_vector options(ctx_);
    for (std::size_t a = 0; a < ts_.actions.size(); ++a) {
      if (action >= 0 && static_cast<int>(a) != action) continue;
      Frame f = on_step(k, static_cast<int>(a));
      z3::expr_vector parts(ctx_);
      parts.push_back(sel == ctx_.int_val(static_cast<int>(a)));
      for (const auto& g : ts_.actions[a].guards) parts.push_back(encode_top(g.cond, f));
      for (std::size_t c = 0; c < ts_.cells.size(); ++c)
        parts.push_back(cell_sym(k + 1, static_cast<int>(c)) == encode_top(ts_.actions[a].next[c], f));
      options.push_back(all_of(ctx_, parts));
    }
    return any_of(ctx_, options);
  }
  z3::expr term(const Formula& f) { return formula(f); }
  z3::context& ctx() { return ctx_; }
  // Every constant of state k, the params, and what step k chooses (its
  // action and the actions' arguments).
  z3::expr_vector state_vars(int k) {
    z3::expr_vector v(ctx_);
    for (std::size_t c = 0; c < ts_.cells.size(); ++c) v.push_back(cell_sym(k, static_cast<int>(c)));
    return v;
  }
  z3::expr_vector param_vars() {
    z3::expr_vector v(ctx_);
    for (std::size_t i = 0; i < ts_.params.size(); ++i) v.push_back(param_sym(static_cast<int>(i)));
    return v;
  }
  z3::expr_vector choice_vars(int k) {
    z3::expr_vector v(ctx_);
    v.push_back(selector(k));
    for (std::size_t a = 0; a < ts_.actions.size(); ++a)
      for (std::size_t i = 0; i < ts_.actions[a].args.size(); ++i)
        v.push_back(arg_sym(k, static_cast<int>(a), static_cast<int>(i)));
    return v;
  }

  void add_distinct_states(int i, int j) override {
    AddElapsed t(stats_->encode_s);
    z3::expr_vector differ(ctx_);
    for (std::size_t c = 0; c < ts_.cells.size(); ++c)
      differ.push_back(cell_sym(i, static_cast<int>(c)) != cell_sym(j, static_cast<int>(c)));
    cancel_safe([&] { solver_.add(any_of(ctx_, differ)); });
    forward(fmt::format("d {} {}", i, j));
  }

  Answer check(double timeout_s, const std::vector<Formula>& tracked, std::vector<int>* core,
               const StopSignal* stop) override {
    AddElapsed t(stats_->solve_s);
    ++stats_->queries;
    z3::expr_vector assumptions(ctx_);  // one indicator per tracked formula, in order
    for (std::size_t i = 0; i < tracked.size(); ++i) assumptions.push_back(track(tracked_count_, i, tracked[i]));
    int count = tracked_count_++;
    reason_.clear();
    text_model_.reset();
    // The kill rule (docs/engines.md): a query whose assertions are nonlinear
    // runs in a child process that is killed at the deadline. Z3 4.8.12's
    // nonlinear procedures ignore Z3_interrupt for minutes (the regression
    // test `a nonlinear query that ignores the interrupt ...`). An isolated
    // backend's query starts cold in a child of its own (one-shot); the
    // others go to the backend's solver server, a child that keeps what the
    // solver learned from query to query (Houdini's nonlinear proofs and the
    // incremental search depend on it) until a deadline kills it.
    if (std::getenv("BULWARK_ISOLATE_ALL_QUERIES") || (isolated() && nonlinear_.now()))
      return check_in_child(timeout_s, assumptions, core, stop);
    if (nonlinear_.now()) return check_in_server(timeout_s, count, tracked.size(), core, stop);
    // A linear query stays in this process (no fork, no copy of what is
    // asserted): Z3's linear procedures honour the interrupt (measured,
    // docs/measurements.md §8).
    // Watchdog: interrupt the solver from outside at the deadline or when
    // stopped. Z3 4.8.12's own `timeout` parameter was seen to hang and to
    // deadlock its timer thread.
    StopSignal done;
    bool fired = false;
    std::thread watchdog([&] {
      if (wait_for(done.fd(), stop, timeout_s) != 0) {
        fired = true;
        ctx_.interrupt();
      }
    });
    z3::check_result r = solve(solver_, assumptions, reason_);
    done.fire();
    watchdog.join();
    // An interrupt that lands as the solver returns leaves the context
    // cancelled (reading the model then throws): the check counts as stopped.
    if (fired) return reason_ = timeout_reason(timeout_s, nonlinear_.now()), Answer::Unknown;
    if (r == z3::unknown) return Answer::Unknown;
    try {
      if (r == z3::sat) {
        z3::model m = solver_.get_model();
        if (auto why = rational_model(solver_, assumptions, m)) return reason_ = *why, Answer::Unknown;
        model_ = std::make_unique<z3::model>(m);
        return Answer::Sat;
      }
      if (core) *core = core_indexes(solver_, assumptions);
      return Answer::Unsat;
    } catch (const z3::exception& e) {
      reason_ = fmt::format("solver error: {}", e.msg());
      return Answer::Unknown;
    }
  }

  // The check of solver `s`; on `unknown`, `why` says why (its own reason or an error).
  static z3::check_result solve(z3::solver& s, const z3::expr_vector& assumptions, std::string& why) {
    try {
      z3::check_result r = assumptions.empty() ? s.check() : s.check(assumptions);
      if (r == z3::unknown) why = s.reason_unknown();
      return r;
    } catch (const z3::exception& e) {
      why = fmt::format("solver error: {}", e.msg());
      return z3::unknown;
    }
  }

  // After `unsat` of `s`: which of the assumptions (by index) the core holds.
  static std::vector<int> core_indexes(z3::solver& s, const z3::expr_vector& assumptions) {
    std::vector<int> out;
    z3::expr_vector uc = s.unsat_core();
    for (unsigned j = 0; j < uc.size(); ++j)
      for (unsigned i = 0; i < assumptions.size(); ++i)
        if (z3::eq(uc[j], assumptions[i])) out.push_back(static_cast<int>(i));
    return out;
  }

  std::string reason() const override { return reason_; }

  // Runs the check in a forked copy of this process (the solver state is
  // copied on write) and reads its answer, model and core back as text.
  // A nonlinear one (the kill rule's one-shot queries) races the plain check
  // against the same check with other random seeds (one_shot_seeds()), one
  // child each: Z3's nonlinear search is heavy-tailed in its seed (lending's
  // depth-4 solvency query on the z3 command line: 8 of 13 seeds answer in
  // 0.6-2.2 s, the rest in 6 s to over 20 s; docs/measurements.md §9-10).
  // The plain check runs as before, to the deadline, so no answer it would
  // give is lost; the racers only add chances.
  Answer check_in_child(double timeout_s, const z3::expr_vector& assumptions, std::vector<int>* core,
                        const StopSignal* stop) {
    std::vector<std::function<AnswerText()>> works{[&] { return child_answer(assumptions); }};
    if (nonlinear_.now())
      for (unsigned seed = 1; seed < one_shot_seeds(); ++seed)
        works.push_back([&, seed] {
          z3::params p(ctx_);
          p.set("random_seed", seed);
          solver_.set(p);
          return child_answer(assumptions);
        });
    return take(race_in_children(works, timeout_s, stop, timeout_reason(timeout_s, nonlinear_.now())), core);
  }
  // How many seeds race on a one-shot nonlinear query: 2 (the plain check and
  // seed 1), or BULWARK_ONE_SHOT_SEEDS (1 = no race; for measuring, bench/).
  static unsigned one_shot_seeds() {
    static const unsigned n = [] {
      const char* e = std::getenv("BULWARK_ONE_SHOT_SEEDS");
      // One by default. The wrong `unsat`s once blamed on the race came from
      // --jobs workers sharing their parent's solver server (ChildServer::alive);
      // the race stays off because it doubles a query's CPU, and its wall-time
      // gain on lending was measured only under load (docs/measurements.md §10).
      return e && std::atoi(e) > 0 ? static_cast<unsigned>(std::atoi(e)) : 1u;
    }();
    return n;
  }

  // Runs the check in this backend's solver server, forked now if none is
  // running (it starts from this process's solver state, so it needs none of
  // what was asserted before). Later assertions reach it as text (`forward`).
  Answer check_in_server(double timeout_s, int count, std::size_t tracked, std::vector<int>* core, const StopSignal* stop) {
    Z3Shared& sh = *shared_;
    if (!sh.server.alive()) {
      sh.pending.clear();
      if (!sh.server.start([&sh](const std::string& request, int fd) { return serve(sh, request, fd); }))
        return reason_ = "cannot start the solver process", Answer::Unknown;
    }
    std::string request = std::move(sh.pending);
    sh.pending.clear();
    request += fmt::format("{} c {} {}\n", id_, count, tracked);
    return take(answer_of(sh.server.ask(request, timeout_s, stop), timeout_reason(timeout_s, nonlinear_.now())), core);
  }

  // An answer read back from a child.
  Answer take(AnswerText a, std::vector<int>* core) {
    reason_ = a.reason;
    if (a.nlsat_gave_up) nlsat_gave_up_ = true;
    if (a.answer == Answer::Unsat && core) *core = a.core;
    if (a.answer == Answer::Sat) text_model_ = std::move(a.model);
    return a.answer;
  }

  // In the server: replays what the request carries on each backend's
  // solver, then answers its check (the last line, `ID c COUNT TRACKED`).
  static std::string serve(Z3Shared& sh, const std::string& request, int fd) {
    std::istringstream in(request);
    for (std::string line; std::getline(in, line);) {
      std::istringstream l(line);
      int id = -1;
      char op = 0;
      l >> id >> op;
      if (op == 'n') {
        int use = 0;
        l >> use;
        new Z3Backend(sh.ts, sh.shared_from_this(), nullptr, static_cast<Use>(use), id);  // owned by the server until it ends
        continue;
      }
      auto it = sh.backends.find(id);
      if (it == sh.backends.end()) break;
      if (op == 'e') {
        sh.backends.erase(it);  // its copy here is left alone: it may be on this stack
        continue;
      }
      if (auto reply = it->second->apply(op, l, fd)) return *reply;
    }
    AnswerText garbled;
    garbled.reason = "the solver process got a request it cannot read";
    return to_text(garbled);
  }

  // In the server: one line of a request on this backend. An interrupt byte
  // on `fd` interrupts a check, as the watchdog does in-process.
  std::optional<std::string> apply(char op, std::istream& l, int fd) {
    {
      int a = 0, b = 0;
      switch (op) {
        case 'u': push(); break;
        case 'o': pop(); break;
        case 'a': add(read_formula(l)); break;
        case 't': l >> a, add_state_types(a); break;
        case 'x': l >> a >> b, add_transition(a, b); break;
        case 'd': l >> a >> b, add_distinct_states(a, b); break;
        case 'k': {
          std::size_t i = 0;
          l >> a >> i;
          track(a, i, read_formula(l));
          break;
        }
        case 'b': {
          Formula f = read_formula(l);  // the objective, in its frame (`negate` unused)
          int above = 0, strict = 0;
          std::string c;
          l >> above >> strict >> c;
          add_bound(f.node, f.frame, above, strict, Value::real(Rational(c.c_str())));
          break;
        }
        case 'c': {
          std::size_t tracked = 0;
          l >> a >> tracked;
          z3::expr_vector assumptions(ctx_);
          for (std::size_t i = 0; i < tracked; ++i) assumptions.push_back(ctx_.bool_const(track_name(a, i).c_str()));
          StopSignal done;
          bool fired = false;
          std::thread watchdog([&] {
            pollfd p[2] = {{done.fd(), POLLIN, 0}, {fd, POLLIN, 0}};
            while (poll(p, 2, -1) < 0 && errno == EINTR) {
            }
            if (p[0].revents) return;
            char c;
            (void)!read(fd, &c, 1);  // the interrupt byte (or end of file: the parent is gone)
            fired = true;
            ctx_.interrupt();
          });
          AnswerText answer = child_answer(assumptions);
          done.fire();
          watchdog.join();
          if (fired) answer = AnswerText{}, answer.reason = "interrupted";
          return to_text(answer);
        }
        default: break;
      }
    }
    return std::nullopt;
  }

  // Asserts that indicator `track!COUNT!I` implies `f` (unsat cores are read
  // in terms of these indicators) and returns the indicator.
  z3::expr track(int count, std::size_t i, const Formula& f) {
    z3::expr p = ctx_.bool_const(track_name(count, i).c_str());
    solver_.add(z3::implies(p, formula(f)));
    forward(fmt::format("k {} {} {}", count, i, text(f)));
    return p;
  }
  static std::string track_name(int count, std::size_t i) { return fmt::format("track!{}!{}", count, i); }

  // An assertion made while a solver server runs is sent to it before its
  // next check; without one, a server forked later copies it with the state.
  void forward(const std::string& op) {
    if (!isolated() && shared_->server.alive()) shared_->pending += fmt::format("{} {}\n", id_, op);
  }
  static std::string text(const Formula& f) {
    return fmt::format("{} {} {} {} {} {}", f.node, f.frame.pre, f.frame.post, f.frame.step, f.frame.action, f.negate ? 1 : 0);
  }
  static Formula read_formula(std::istream& in) {
    Formula f;
    int negate = 0;
    in >> f.node >> f.frame.pre >> f.frame.post >> f.frame.step >> f.frame.action >> negate;
    f.negate = negate != 0;
    return f;
  }

  // In the child: the answer, with the model's constants as text.
  // A nonlinear query goes first to Z3's nlsat procedure (tactic
  // `qfnra-nlsat`, a decision procedure for nonlinear real arithmetic with
  // branch-and-bound for integers) on a copy of the assertions: Z3's default
  // solver never picks it for our queries, whose enumeration sorts and
  // integer action selector put them outside QF_NRA. The tactics before it
  // turn them into that fragment: `elim-term-ite` names each if-then-else
  // term (an enumeration-valued `ite` defeats dt2bv), `dt2bv` and
  // `bit-blast` make the enumeration sorts booleans. Measured on the
  // exported obligations (docs/measurements.md §11): lending's depth-4
  // solvency query 0.25 s against 0.74 s, erc4626_fixed's 65 files 23 s
  // against 46 s, no answer different. nlsat gives up at once ("incomplete")
  // on what it cannot express, and it has a resource limit (kNlsatRlimit,
  // Z3's deterministic work count, not a clock: it reads the same under
  // load): the plain check then runs as before. nlsat is far worse than the
  // plain solver on some queries (slashing's depth-5 bounded query: no answer
  // in 20 s against 0.14 s), so once a backend's query used up the limit,
  // its later queries (deeper, larger) skip nlsat; the child says so in its
  // answer (AnswerText::nlsat_gave_up), so the backend remembers it past the
  // child (a one-shot child, a killed server).
  //
  // Which queries: the one-shot ones, the unsat-core ones (each lemma list
  // has a backend of its own), and those of Use::NlsatFirst backends (the
  // bounded search, the one-step obligations); not Use::Warm's (Houdini).
  // Houdini's proofs depend on what the server's solver learned from the
  // queries before (vault_withdraw_rounds_down's `assets_back_shares`:
  // after nlsat had answered the earlier ones, the cold plain solver ran
  // past 30 s where it takes 1.6 s). The others lost nothing by it (every
  // spec's verdicts and trace lengths stay) and gained most: lending's
  // depth-3 and depth-4 solvency queries in 0.04 and 0.12 s, against 0.4 s
  // and a give-up at the 1 s budget; vault_withdraw_rounds_down's one-step
  // share_price_monotone 0.05 s against 1.7 s (docs/measurements.md §13).
  AnswerText child_answer(const z3::expr_vector& assumptions) {
    bool nlsat_first = isolated() || !assumptions.empty() || use_ == Use::NlsatFirst;
    if (nlsat_first && nonlinear_.now() && shared_->nlsat && use_nlsat() && !nlsat_gave_up_) {
      AnswerText a;
      try {
        z3::solver nlsat = nlsat_solver(!assumptions.empty());
        z3::expr_vector all = solver_.assertions();
        for (const auto& e : all) nlsat.add(e);
        // A sat answer's model has come back through the tactics' model
        // converters (dt2bv, bit-blast): it is checked against the query
        // itself before it is used (the interpreter's replay would catch a
        // bad one too, as an internal error).
        a = solve_to_text(nlsat, assumptions, &all);
        if (a.answer == Answer::Unsat && !core_suffices(nlsat, assumptions, a.core)) a = AnswerText{};
      } catch (const z3::exception& e) {
        a = AnswerText{}, a.reason = fmt::format("solver error: {}", e.msg());
      }
      if (a.answer != Answer::Unknown) return a;
      // The resource limit reads "canceled" (or "max. resource limit exceeded").
      if (a.reason.find("resource limit") != std::string::npos || a.reason.find("cancel") != std::string::npos)
        nlsat_gave_up_ = true;
    }
    AnswerText a = solve_to_text(solver_, assumptions);
    a.nlsat_gave_up = nlsat_gave_up_;
    return a;
  }
  // About 0.2-0.4 s of nlsat on an idle machine (lending's depth-4 query
  // needs 0.73 M, erc4626_fixed's hardest 0.12 M; slashing's depth-4 4.1 M).
  static constexpr unsigned kNlsatRlimit = 1500000;
  // An unsat core read back through the tactics is checked once more on its
  // own (the lemma lists of proofs come from these cores; erc4626_fixed's
  // core queries took 7.2 s on the plain solver, 0.8 s here): it must be
  // unsat, else the plain solver's core is used. nlsat's cores are not
  // minimal (vault's `backing` named `shares_are_sum`, which its proof does
  // not need), so each member is then dropped if the rest stay unsat: a
  // proof names no lemma it can do without.
  bool core_suffices(z3::solver& s, const z3::expr_vector& assumptions, std::vector<int>& core) {
    if (assumptions.empty()) return true;
    auto unsat_with = [&](const std::vector<int>& c) {
      z3::expr_vector only(ctx_);
      for (int i : c) only.push_back(assumptions[static_cast<unsigned>(i)]);
      std::string why;
      return solve(s, only, why) == z3::unsat;
    };
    if (!unsat_with(core)) return false;
    for (std::size_t k = 0; k < core.size();) {
      std::vector<int> without = core;
      without.erase(without.begin() + static_cast<std::ptrdiff_t>(k));
      if (unsat_with(without)) core = std::move(without);
      else ++k;
    }
    return true;
  }
  // BULWARK_NLSAT=0 turns the nlsat path off (for measuring, bench/).
  static bool use_nlsat() {
    static const bool on = [] {
      const char* e = std::getenv("BULWARK_NLSAT");
      return !e || std::atoi(e) != 0;
    }();
    return on;
  }
  z3::solver nlsat_solver(bool cores) {
    z3::tactic t = z3::tactic(ctx_, "simplify") & z3::tactic(ctx_, "elim-term-ite") & z3::tactic(ctx_, "dt2bv") &
                   z3::tactic(ctx_, "bit-blast") & z3::tactic(ctx_, "qfnra-nlsat");
    z3::solver s = t.mk_solver();
    z3::params p(ctx_);
    p.set("rlimit", kNlsatRlimit);
    if (cores) p.set("unsat_core", true);
    s.set(p);
    return s;
  }
  // The check on solver `s` as it is, as text.
  // `satisfies`: a model must make each of these true (evaluated with model
  // completion, which also gives every constant left out a value), else the
  // answer is unknown.
  AnswerText solve_to_text(z3::solver& s, const z3::expr_vector& assumptions, const z3::expr_vector* satisfies = nullptr) {
    AnswerText a;
    z3::check_result r = solve(s, assumptions, a.reason);
    if (r == z3::unknown) return a;
    if (r == z3::unsat) {
      a.answer = Answer::Unsat;
      a.core = core_indexes(s, assumptions);
      return a;
    }
    z3::model m = s.get_model();
    if (auto why = rational_model(s, assumptions, m)) return a.reason = *why, a;
    if (satisfies)
      for (const auto& e : *satisfies)
        if (!m.eval(e, true).is_true()) return a.reason = "the model read back through the tactics fails the query", a;
    a.answer = Answer::Sat;
    a.model = model_constants(m);
    return a;
  }

  // Z3's nonlinear procedure may satisfy a query with irrational algebraic
  // numbers: a square root where a constraint is tight (bzx_vulnerable's
  // constant-product pool under a profit bound). The spec's reals are
  // rationals and the interpreter replays runs exactly, so such a model is
  // no run (read as text it lost those values, and the replay failed). The
  // run's irrational constants are pinned, one at a time in the order the run
  // makes its choices (params, state 0, step 0's arguments, state 1, ...), to
  // a rational next to each, the constants before it to their values, and
  // the query is solved again so the later choices adapt; a cell computed
  // from rational choices is rational. `m` becomes that rational model. Else
  // the reason the answer is unknown: a real model (of x·x = 2, say) need
  // not have a rational one near it.
  std::optional<std::string> rational_model(z3::solver& s, const z3::expr_vector& assumptions, z3::model& m) {
    int pushed = 0;
    auto unpin = [&] {
      for (; pushed > 0; --pushed) s.pop();
    };
    for (int pins = 0;; ++pins) {
      int first = -1;
      long first_order = 0;
      for (unsigned i = 0; i < m.num_consts(); ++i) {
        z3::expr v = m.get_const_interp(m.get_const_decl(i));
        long order = run_order(m.get_const_decl(i).name().str());
        if (v.is_algebraic() && (first < 0 || order < first_order)) first = static_cast<int>(i), first_order = order;
      }
      if (first < 0) return unpin(), std::nullopt;
      z3::func_decl d = m.get_const_decl(static_cast<unsigned>(first));
      z3::expr root = m.get_const_interp(d);
      std::string name = d.name().str();
      auto fail = [&](const std::string& why) {
        unpin();
        return fmt::format("nonlinear arithmetic: the solver's model has an irrational value ({} = {}) and {}", name,
                           root.to_string(), why);
      };
      if (pins >= kMaxPins) return fail(fmt::format("{} rational values were pinned without a rational model", pins));
      s.push();
      ++pushed;
      for (unsigned i = 0; i < m.num_consts(); ++i) {
        z3::func_decl e = m.get_const_decl(i);
        z3::expr v = m.get_const_interp(e);
        if (v.is_numeral() && run_order(e.name().str()) < first_order) s.add(e() == v);
      }
      // Coarse to fine, each the simplest rational within 10^-digits of the
      // root, then the interval's ends (one on each side of the root).
      bool pinned = false;
      for (unsigned digits : {0u, 3u, 9u, 20u}) {
        Rational lo = numeral(z3::expr(ctx_, Z3_get_algebraic_number_lower(ctx_, root, digits)));
        Rational hi = numeral(z3::expr(ctx_, Z3_get_algebraic_number_upper(ctx_, root, digits)));
        for (const Rational& q : {arith::simplest_between(lo, hi), lo, hi}) {
          s.push();
          s.add(d() == literal(Value::real(q), {ir::Type::Real, -1}));
          std::string why;
          z3::check_result r = solve(s, assumptions, why);
          if (r == z3::sat) {
            m = s.get_model();
            ++pushed;
            pinned = true;
            break;
          }
          s.pop();
          if (r == z3::unknown) return fail("the solver gave up on a rational value next to it: " + why);
        }
        if (pinned) break;
      }
      if (!pinned) return fail("no rational value next to it gives a run");
    }
  }
  static constexpr int kMaxPins = 64;

  // Where a model constant comes in a run (runs.hpp names them): params
  // first, then state k's cells and step k's action (`x@k`, `action@k`),
  // then step k's arguments (`action.arg@k`; no cell name has a dot).
  static long run_order(const std::string& name) {
    auto at = name.rfind('@');
    if (at == std::string::npos) return 0;
    long k = std::atol(name.c_str() + at + 1);
    return 2 * k + (name.find('.') < at ? 2 : 1);
  }

  // A numeral's exact value.
  Rational numeral(const z3::expr& v) { return Rational(Z3_get_numeral_string(ctx_, v)); }

  Value param(int i) override { return value(param_sym(i), ts_.params[static_cast<std::size_t>(i)].type); }
  Value cell(int state, int c) override { return value(cell_sym(state, c), ts_.cells[static_cast<std::size_t>(c)].type); }
  int action_at(int step) override { return static_cast<int>(value(selector(step), {ir::Type::Int, -1}).as_int()); }
  Value arg(int step, int action, int i) override {
    return value(arg_sym(step, action, i), ts_.actions[static_cast<std::size_t>(action)].args[static_cast<std::size_t>(i)].type);
  }
  std::map<std::string, std::string> model_constants() override {
    return text_model_ ? *text_model_ : model_constants(*model_);
  }
  void load_model(std::map<std::string, std::string> constants) override { text_model_ = std::move(constants); }

  // Every constant of a model, as text (answer_text.hpp).
  std::map<std::string, std::string> model_constants(const z3::model& m) {
    std::map<std::string, std::string> out;
    for (unsigned i = 0; i < m.num_consts(); ++i) {
      z3::func_decl d = m.get_const_decl(i);
      z3::expr v = m.get_const_interp(d);
      z3::sort s = v.get_sort();
      std::string text;
      if (s.is_bool()) text = v.is_true() ? "true" : "false";
      else if ((s.is_int() || s.is_real()) && v.is_numeral()) text = Z3_get_numeral_string(ctx_, v);
      else
        for (std::size_t k = 0; k < sorts_.size(); ++k)
          if (z3::eq(s, sorts_[k]))
            for (std::size_t e = 0; e < elems_[k].size(); ++e)
              if (z3::eq(v, elems_[k][e])) text = fmt::format("#{}", e);
      if (!text.empty()) out[d.name().str()] = text;
    }
    return out;
  }

  void add_bound(NodeId objective, const Frame& f, bool above, bool strict, const Value& c) override {
    AddElapsed t(stats_->encode_s);
    z3::expr o = encode_top(objective, f);
    if (o.is_int()) o = z3::to_real(o);  // compared as rationals: a bisection's midpoint need not be whole
    Rational q = c.as_rational();
    z3::expr k = literal(Value::real(q), {ir::Type::Real, -1});
    cancel_safe([&] { solver_.add(above ? (strict ? o > k : o >= k) : (strict ? o < k : o <= k)); });
    forward(fmt::format("b {} {} {} {}", text({objective, f, false}), above ? 1 : 0, strict ? 1 : 0, q.str()));
  }

  // OMT over a copy of the assertions, in a child: Z3's optimiser has no
  // interrupt we trust, and one-shot queries start cold anyway.
  Optimum optimize(NodeId objective, const Frame& f, bool maximize, double timeout_s) override {
    AddElapsed t(stats_->solve_s);
    ++stats_->queries;
    z3::expr o = encode_top(objective, f);
    auto work = [&]() -> std::string {
      try {
        z3::optimize opt(ctx_);
        for (const auto& a : solver_.assertions()) opt.add(a);
        z3::optimize::handle h = maximize ? opt.maximize(o) : opt.minimize(o);
        z3::check_result r = opt.check();
        if (r == z3::unknown) return std::string("unknown ") + Z3_optimize_get_reason_unknown(ctx_, opt);
        if (r == z3::unsat) return "unsat";
        // [infinity, value, epsilon] coefficients of the optimum.
        z3::expr_vector parts(ctx_, maximize ? Z3_optimize_get_upper_as_vector(ctx_, opt, h.h())
                                             : Z3_optimize_get_lower_as_vector(ctx_, opt, h.h()));
        // One call at a time: Z3 returns each numeral in the same buffer.
        std::string head = "opt";
        for (unsigned i = 0; i < 3; ++i) head += std::string(" ") + Z3_get_numeral_string(ctx_, parts[i]);
        AnswerText a;
        a.answer = Answer::Sat;
        z3::model m = opt.get_model();
        // Linear queries only: their optima are rational (a model is only read
        // when every value is, as after check()).
        for (unsigned i = 0; i < m.num_consts(); ++i)
          if (m.get_const_interp(m.get_const_decl(i)).is_algebraic()) return std::string("unknown an irrational optimum");
        a.model = model_constants(m);
        return head + "\n" + to_text(a);
      } catch (const z3::exception& e) {
        return fmt::format("unknown solver error: {}", e.msg());
      }
    };
    Optimum out;
    ChildOutcome c = run_in_child(work, timeout_s);
    if (c.kind != ChildOutcome::Answered) {
      out.reason = c.kind == ChildOutcome::Died ? "the solver died: " + c.died : timeout_reason(timeout_s, nonlinear_.now());
      return out;
    }
    std::string head = c.text.substr(0, c.text.find('\n'));
    if (head.rfind("unknown", 0) == 0) return out.reason = head.size() > 8 ? head.substr(8) : "unknown", out;
    if (head == "unsat") return out.answer = Answer::Unsat, out;
    std::istringstream in(head.substr(4));
    std::string inf, val, eps;
    in >> inf >> val >> eps;
    auto a = parse_answer(c.text.substr(c.text.find('\n') + 1));
    if (!a || inf.empty() || eps.empty()) return out.reason = "the optimiser's answer could not be read", out;
    out.answer = Answer::Sat;
    // Maximising, a positive infinity coefficient is +oo (minimising, -oo).
    out.unbounded = inf != "0";
    out.attained = eps == "0";
    out.bound = Value::real(Rational(val.c_str()));
    text_model_ = std::move(a->model);
    return out;
  }

  std::string smt2(const std::vector<Formula>& extra) override {
    z3::solver s(ctx_);
    std::map<unsigned, z3::expr> memo;
    for (const auto& a : solver_.assertions()) s.add(strict(a, memo));
    for (const auto& f : extra) s.add(strict(formula(f), memo));
    return "(set-logic ALL)\n" + s.to_smt2();
  }
  // `e` with every `or`/`and` of one argument replaced by that argument: Z3
  // prints them as `(or x)`, which SMT-LIB does not allow (cvc5
  // --strict-parsing rejects it). Only the exported text changes: the solver
  // keeps its terms (their shape steers Z3's unsat cores, hence the lemma
  // lists of proofs; examples/oracle's changed when the encoding dropped them).
  z3::expr strict(const z3::expr& e, std::map<unsigned, z3::expr>& memo) {
    if (!e.is_app() || e.num_args() == 0) return e;
    if (auto it = memo.find(e.id()); it != memo.end()) return it->second;
    z3::expr out = e;
    Z3_decl_kind k = e.decl().decl_kind();
    if ((k == Z3_OP_OR || k == Z3_OP_AND) && e.num_args() == 1) {
      out = strict(e.arg(0), memo);
    } else {
      z3::expr_vector args(ctx_);
      bool changed = false;
      for (unsigned i = 0; i < e.num_args(); ++i) {
        args.push_back(strict(e.arg(i), memo));
        changed = changed || !z3::eq(args.back(), e.arg(i));
      }
      if (changed) out = e.decl()(args);
    }
    memo.emplace(e.id(), out);
    return out;
  }

 private:

  // Encodes a node that becomes part of an assertion.
  z3::expr encode_top(NodeId id, const Frame& f) {
    nonlinear_.note(scan_(id));
    return encode(id, f);
  }

  z3::expr formula(const Formula& f) {
    z3::expr e = encode_top(f.node, f.frame);
    return f.negate ? !e : e;
  }

  z3::sort sort_of(ir::Type t) {
    switch (t.kind) {
      case ir::Type::Bool: return ctx_.bool_sort();
      case ir::Type::Int: return ctx_.int_sort();
      case ir::Type::Real: return ctx_.real_sort();
      case ir::Type::Enum: return sorts_[static_cast<std::size_t>(t.sort)];
    }
    return ctx_.int_sort();
  }

  z3::expr cell_sym(int k, int c) {
    return ctx_.constant(cell_name(ts_, k, c).c_str(),
                         sort_of(ts_.cells[static_cast<std::size_t>(c)].type));
  }
  z3::expr param_sym(int i) {
    return ctx_.constant(ts_.params[static_cast<std::size_t>(i)].name.c_str(), sort_of(ts_.params[static_cast<std::size_t>(i)].type));
  }
  z3::expr arg_sym(int step, int action, int i) {
    const auto& a = ts_.actions[static_cast<std::size_t>(action)];
    return ctx_.constant(arg_name(ts_, step, action, i).c_str(), sort_of(a.args[static_cast<std::size_t>(i)].type));
  }
  z3::expr selector(int step) { return ctx_.int_const(selector_name(step).c_str()); }

  z3::expr literal(const Value& v, ir::Type t) {
    switch (v.kind) {
      case Value::Kind::Bool: return ctx_.bool_val(v.as_bool());
      case Value::Kind::Int: return ctx_.int_val(v.as_int().str().c_str());
      case Value::Kind::Real: {
        std::string s = numerator(v.as_rational()).str() + "/" + denominator(v.as_rational()).str();
        return ctx_.real_val(s.c_str());
      }
      case Value::Kind::Enum: return elems_[static_cast<std::size_t>(t.sort)][static_cast<std::size_t>(v.as_enum())];
    }
    return ctx_.bool_val(false);
  }

  // floor, as SMT-LIB's to_int (z3++ 4.8 has no wrapper).
  z3::expr to_int(const z3::expr& e) { return z3::expr(ctx_, Z3_mk_real2int(ctx_, e)); }

  // The builder the shared encoder (encoder.hpp) drives: Z3 terms.
  struct Build {
    using Term = z3::expr;
    Z3Backend& s;
    Term bool_val(bool v) { return s.ctx_.bool_val(v); }
    Term int_val(int v) { return s.ctx_.int_val(v); }
    Term real_val(int v) { return s.ctx_.real_val(v); }
    Term literal(const Value& v, ir::Type t) { return s.literal(v, t); }
    Term cell(int k, int c) { return s.cell_sym(k, c); }
    Term param(int i) { return s.param_sym(i); }
    Term arg(int step, int action, int i) { return s.arg_sym(step, action, i); }
    Term not_(const Term& a) { return !a; }
    Term and_(const std::vector<Term>& xs) { return all_of(s.ctx_, vec(xs)); }
    Term or_(const std::vector<Term>& xs) { return any_of(s.ctx_, vec(xs)); }
    Term or2(const Term& a, const Term& b) { return a || b; }
    Term implies(const Term& a, const Term& b) { return z3::implies(a, b); }
    Term ite(const Term& c, const Term& a, const Term& b) { return z3::ite(c, a, b); }
    Term eq(const Term& a, const Term& b) { return a == b; }
    Term lt(const Term& a, const Term& b) { return a < b; }
    Term le(const Term& a, const Term& b) { return a <= b; }
    Term gt(const Term& a, const Term& b) { return a > b; }
    Term ge(const Term& a, const Term& b) { return a >= b; }
    Term add(const Term& a, const Term& b) { return a + b; }
    Term sub(const Term& a, const Term& b) { return a - b; }
    Term mul(const Term& a, const Term& b) { return a * b; }
    Term neg(const Term& a) { return -a; }
    Term real_div(const Term& a, const Term& b) { return a / b; }
    Term int_div(const Term& a, const Term& b) { return a / b; }  // Euclidean on Int operands
    Term int_mod(const Term& a, const Term& b) { return z3::mod(a, b); }
    Term to_int(const Term& a) { return s.to_int(a); }
    Term to_real(const Term& a) { return z3::to_real(a); }
    z3::expr_vector vec(const std::vector<Term>& xs) {
      z3::expr_vector v(s.ctx_);
      for (const auto& x : xs) v.push_back(x);
      return v;
    }
  };

  z3::expr encode(NodeId id, const Frame& f) {
    Build b{*this};
    return encode_node(ts_, b, memo_, id, f);
  }

  Value value(const z3::expr& sym, ir::Type t) {
    if (text_model_) return model_value(*text_model_, sym.decl().name().str(), t);
    z3::expr v = model_->eval(sym, true);
    switch (t.kind) {
      case ir::Type::Bool: return Value::boolean(v.is_true());
      case ir::Type::Enum: {
        const auto& elems = elems_[static_cast<std::size_t>(t.sort)];
        for (std::size_t i = 0; i < elems.size(); ++i)
          if (z3::eq(v, elems[i])) return Value::element(static_cast<int>(i));
        return Value::element(0);
      }
      default: break;
    }
    std::string s = Z3_get_numeral_string(ctx_, v);
    auto slash = s.find('/');
    if (t.kind == ir::Type::Int) return Value::integer(parse_integer(s));
    if (slash == std::string::npos) return Value::real(Rational(parse_integer(s)));
    return Value::real(Rational(parse_integer(s.substr(0, slash)), parse_integer(s.substr(slash + 1))));
  }

  const ir::TransitionSystem& ts_;
  Use use_;
  std::shared_ptr<Z3Shared> shared_;
  z3::context& ctx_;
  std::vector<z3::sort>& sorts_;
  std::vector<std::vector<z3::expr>>& elems_;
  std::map<std::tuple<NodeId, int, int, int, int>, z3::expr>& memo_;
  NonlinearScan& scan_;
  BackendStats own_stats_;
  BackendStats* stats_;
  NonlinearScopes nonlinear_;
  z3::solver solver_;
  std::unique_ptr<z3::model> model_;
  std::optional<std::map<std::string, std::string>> text_model_;  // a model read back from a child
  std::string reason_;
  int tracked_count_ = 0;
  bool nlsat_gave_up_ = false;  // child_answer
  int id_;  // in Z3Shared::backends
};

class Z3Factory final : public BackendFactory {
 public:
  Z3Factory(const ir::TransitionSystem& ts, BackendStats* stats, bool nlsat)
      : ts_(ts), shared_(std::make_shared<Z3Shared>(ts)), stats_(stats) {
    shared_->nlsat = nlsat;
  }
  std::unique_ptr<Backend> make(Use use) override {
    return std::make_unique<Z3Backend>(ts_, shared_, stats_, use);
  }

 private:
  const ir::TransitionSystem& ts_;
  std::shared_ptr<Z3Shared> shared_;
  BackendStats* stats_;
};

// The encoding as Z3 terms (z3_terms.hpp), for the CHC clauses.
class Z3TermsOf final : public Z3Terms {
 public:
  explicit Z3TermsOf(const ir::TransitionSystem& ts) : b_(ts, std::make_shared<Z3Shared>(ts), nullptr, Use::OneShot) {}
  z3::context& ctx() override { return b_.ctx(); }
  z3::expr state_types(int k) override { return b_.state_types(k); }
  z3::expr transition(int k) override { return b_.transition(k); }
  z3::expr term(const Formula& f) override { return b_.term(f); }
  z3::expr_vector state_vars(int k) override { return b_.state_vars(k); }
  z3::expr_vector param_vars() override { return b_.param_vars(); }
  z3::expr_vector choice_vars(int k) override { return b_.choice_vars(k); }

 private:
  Z3Backend b_;
};

}  // namespace

std::unique_ptr<Z3Terms> make_z3_terms(const ir::TransitionSystem& ts) { return std::make_unique<Z3TermsOf>(ts); }

std::string z3_version() { return Z3_get_full_version(); }

std::unique_ptr<BackendFactory> make_z3_factory(const ir::TransitionSystem& ts, BackendStats* stats, bool nlsat) {
  return std::make_unique<Z3Factory>(ts, stats, nlsat);
}

std::unique_ptr<Backend> make_z3_backend(const ir::TransitionSystem& ts, BackendStats* stats) {
  return std::make_unique<Z3Backend>(ts, std::make_shared<Z3Shared>(ts), stats, Use::OneShot);
}

}  // namespace bulwark::solver


// The portfolio: every query goes to Z3 and, unless Z3 answers within a head
// start, to cvc5 as well; the first definitive answer wins and the other
// solver is stopped. (The head start is measured: Z3 answered ~96 % of the
// library's queries first, most in milliseconds, and starting cvc5 costs a
// fork and its preprocessing of everything asserted.) Under cross-checking
// both run every query to the end and must agree. Z3 runs on a second thread and cvc5 on the
// calling one: cvc5 1.0.3 keeps its terms in a thread-local store, so its
// checks (forked children) must start from the thread that built the terms.
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <thread>

#include "solver/smt/backend.hpp"
#include "solver/smt/child_process.hpp"
#include "solver/smt/recorder.hpp"

namespace bulwark::solver {
namespace {


class Portfolio final : public Backend {
 public:
  // `a` runs on a thread of its own, `b` on the caller's.
  Portfolio(std::unique_ptr<Backend> a, std::unique_ptr<Backend> b, bool cross_check, BackendStats* stats, bool isolated)
      : s_{std::move(a), std::move(b)}, cross_check_(cross_check), stats_(stats ? stats : &own_stats_), isolated_(isolated) {}

  // Z3 is told at once; cvc5 only when a race starts (see Recorder).
  void push() override {
    s_[0]->push();
    rec_.push();
  }
  void pop() override {
    s_[0]->pop();
    rec_.pop(*s_[1]);
  }
  void add(const Formula& f) override { timed([&] { s_[0]->add(f), rec_.add(f); }); }
  void add_state_types(int k) override { timed([&] { s_[0]->add_state_types(k), rec_.add_state_types(k); }); }
  void add_transition(int k, int action) override {
    timed([&] { s_[0]->add_transition(k, action), rec_.add_transition(k, action); });
  }
  void add_distinct_states(int i, int j) override {
    timed([&] { s_[0]->add_distinct_states(i, j), rec_.add_distinct_states(i, j); });
  }
  bool nonlinear() const override { return s_[0]->nonlinear(); }

  Answer check(double timeout_s, const std::vector<Formula>& tracked, std::vector<int>* core,
               const StopSignal* stop) override {
    auto t0 = std::chrono::steady_clock::now();
    ++stats_->queries;
    StopSignal stops[2];
    Answer r[2] = {Answer::Unknown, Answer::Unknown};
    std::vector<int> cores[2];
    std::atomic<int> first{-1};
    auto run = [&](int i, double limit_s) {
      r[i] = s_[i]->check(limit_s, tracked, &cores[i], &stops[i]);
      if (r[i] == Answer::Unknown) return;
      int none = -1;
      first.compare_exchange_strong(none, i);
      if (!cross_check_) stops[1 - i].fire();
    };
    // A stop from outside stops both.
    std::thread relay;
    StopSignal relay_done;
    if (stop)
      relay = std::thread([&] {
        if (wait_for(relay_done.fd(), stop, 1e9) == 1) stops[0].fire(), stops[1].fire();
      });
    StopSignal z3_done;
    std::atomic<bool> z3_answered{false};
    std::thread other([&] {
      run(0, timeout_s);
      z3_answered = r[0] != Answer::Unknown;
      z3_done.fire();
    });
    // cvc5 joins unless Z3 answers within the head start (always, cross-checking;
    // at once when Z3 gives up sooner).
    // On a one-shot nonlinear query (a child of its own, nlsat first:
    // z3_backend.cpp) cvc5 answered none of lending's; it joins after a
    // quarter of the budget, at most 1 s, instead: erc4626 needs cvc5 on a
    // few (docs/measurements.md §10).
    double head = isolated_ && nonlinear() ? std::min(timeout_s * kOneShotHeadStart, kOneShotHeadStartMaxS) : kHeadStartS;
    if (cross_check_ || wait_for(z3_done.fd(), stop, head) != 0 || !z3_answered) {
      rec_.sync(*s_[1]);
      // cvc5 gets what is left, so the query still ends by its deadline
      // (--total-timeout cuts the budget to what is left).
      run(1, std::max(0.001, timeout_s - seconds_since(t0)));
    }
    other.join();
    if (relay.joinable()) relay_done.fire(), relay.join();
    stats_->solve_s += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

    if (std::getenv("BULWARK_TEST_SOLVERS_DISAGREE") && r[1] != Answer::Unknown)  // test hook: a solver bug
      r[1] = r[1] == Answer::Sat ? Answer::Unsat : Answer::Sat;
    if (cross_check_ && r[0] != Answer::Unknown && r[1] != Answer::Unknown && r[0] != r[1]) disagree(r, tracked);
    winner_ = first.load();
    if (winner_ < 0) {
      std::string a = s_[0]->reason(), b = s_[1]->reason();
      reason_ = a == b ? a : fmt::format("z3: {}; cvc5: {}", a, b);
      return Answer::Unknown;
    }
    ++stats_->decided_by[winner_ == 0 ? "z3" : "cvc5"];
    if (core) *core = cores[winner_];
    return r[winner_];
  }
  std::string reason() const override { return reason_; }

  Value param(int i) override { return s_[winner_]->param(i); }
  Value cell(int state, int c) override { return s_[winner_]->cell(state, c); }
  int action_at(int step) override { return s_[winner_]->action_at(step); }
  Value arg(int step, int action, int i) override { return s_[winner_]->arg(step, action, i); }
  std::map<std::string, std::string> model_constants() override { return s_[winner_]->model_constants(); }
  void load_model(std::map<std::string, std::string> constants) override {
    winner_ = 0;
    s_[0]->load_model(std::move(constants));
  }
  std::string smt2(const std::vector<Formula>& extra) override { return s_[0]->smt2(extra); }

 private:
  static constexpr double kHeadStartS = 0.2;
  static constexpr double kOneShotHeadStart = 0.25;  // of the budget, at most:
  static constexpr double kOneShotHeadStartMaxS = 1.0;

  static double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  }
  template <class F>
  void timed(F f) {
    auto t0 = std::chrono::steady_clock::now();
    f();
    stats_->encode_s += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  }

  // Writes the query as SMT-LIB 2 for a bug report and stops the run.
  [[noreturn]] void disagree(const Answer* r, const std::vector<Formula>& tracked) {
    static int count = 0;
    auto path = std::filesystem::temp_directory_path() / fmt::format("bulwark-disagreement-{}-{}.smt2", getpid(), ++count);
    std::ofstream(path) << s_[0]->smt2(tracked);
    throw SolverDisagreement(fmt::format("the solvers disagree: z3 says {}, cvc5 says {}; the query is in {}", to_string(r[0]),
                                         to_string(r[1]), path.string()));
  }

  std::unique_ptr<Backend> s_[2];  // Z3, cvc5
  Recorder rec_;                   // what cvc5 has not been told yet
  bool cross_check_;
  BackendStats own_stats_;
  BackendStats* stats_;
  int winner_ = 0;
  std::string reason_;
  bool isolated_;
};

class PortfolioFactory final : public BackendFactory {
 public:
  PortfolioFactory(const ir::TransitionSystem& ts, bool cross_check, BackendStats* stats)
      : z3_(make_z3_factory(ts, &z3_stats_)), cvc5_(make_cvc5_factory(ts, &cvc5_stats_)), cross_check_(cross_check), stats_(stats) {}
  std::unique_ptr<Backend> make(Use use) override {
    return std::make_unique<Portfolio>(z3_->make(use), cvc5_->make(use), cross_check_, stats_, use == Use::OneShot);
  }

 private:
  BackendStats z3_stats_, cvc5_stats_;  // written by both threads: kept apart from the run's
  std::unique_ptr<BackendFactory> z3_, cvc5_;
  bool cross_check_;
  BackendStats* stats_;
};

}  // namespace

std::unique_ptr<BackendFactory> make_factory(const ir::TransitionSystem& ts, SolverOptions o, BackendStats* stats) {
  if (o.which == SolverOptions::Z3 && !o.cross_check) return make_z3_factory(ts, stats);
  if (o.which == SolverOptions::Cvc5 && !o.cross_check) return make_cvc5_factory(ts, stats);
  return std::make_unique<PortfolioFactory>(ts, o.cross_check, stats);
}

}  // namespace bulwark::solver

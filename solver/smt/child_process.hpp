// Running a solver check in a forked child process: the only way to enforce a
// deadline on a solver that ignores interrupts (Z3 4.8.12's nonlinear
// procedures, cvc5 1.0.3 which has none), and to survive a solver that
// crashes or runs out of memory.
#pragma once
#include <unistd.h>
#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "solver/smt/answer_text.hpp"

namespace bulwark::solver {

// A one-shot signal another thread can raise to stop a check early (the
// winner of a portfolio race stops the loser). Pollable: fd() becomes readable.
class StopSignal {
 public:
  StopSignal();
  ~StopSignal();
  StopSignal(const StopSignal&) = delete;
  StopSignal& operator=(const StopSignal&) = delete;
  void fire();
  int fd() const { return fds_[0]; }

 private:
  int fds_[2] = {-1, -1};
};

// Waits until `fd` is readable, `stop` fires or `timeout_s` passes.
// Returns 0 for `fd`, 1 for `stop`, -1 for the timeout (fd -1: no fd).
int wait_for(int fd, const StopSignal* stop, double timeout_s);

struct ChildOutcome {
  enum Kind { Answered, TimedOut, Stopped, Died } kind = Died;
  std::string text;  // what the child wrote (Answered)
  std::string died;  // how it died (Died): a signal's name, or "no answer"
};

// Forks; the child runs `work` and writes its result to a pipe; the parent
// reads it, killing the child at the deadline or when `stop` fires.
ChildOutcome run_in_child(const std::function<std::string()>& work, double timeout_s, const StopSignal* stop = nullptr);

// A solver check in a child: `work` answers there; here the answer is read
// back. A child that times out or is stopped answers unknown with
// `timeout_reason`; one that dies or garbles its answer, unknown saying so.
AnswerText check_in_child(const std::function<AnswerText()>& work, double timeout_s, const StopSignal* stop,
                          const std::string& timeout_reason);

// The same check in several children at once, each its own `works[i]` (Z3
// with another random seed, say): the first definitive answer (sat or unsat)
// wins and the others are killed; when none answers, the first's unknown.
AnswerText race_in_children(const std::vector<std::function<AnswerText()>>& works, double timeout_s, const StopSignal* stop,
                            const std::string& timeout_reason);

// A long-lived child process that answers requests: a solver that keeps its
// incremental state (what it learned) across queries, yet can be killed at
// any query's deadline. The child is a forked copy of this process; requests
// and replies are length-framed text over a socket pair.
class ChildServer {
 public:
  // Answers a request in the child. An interrupt byte arrives on `fd` when
  // the parent wants the answer now (out of time, or stopped): `serve` should
  // watch it while it works (and may read it) and answer early.
  using Serve = std::function<std::string(const std::string& request, int fd)>;
  ChildServer() = default;
  ~ChildServer() { stop(); }
  ChildServer(const ChildServer&) = delete;
  ChildServer& operator=(const ChildServer&) = delete;

  // Only in the process that started it: a process forked later (a `--jobs`
  // unit worker, forked after the shared phase) holds a copy of this object
  // and of its socket, but the server's state is its starter's. Two processes
  // writing to one server interleave their requests and read each other's
  // replies (wrong `unsat`s and bad models under load, docs/engines.md).
  bool alive() const { return pid_ > 0 && owner_ == getpid(); }
  // Forks the child; it answers each request with `serve` until the parent
  // closes the channel or kills it. False if it cannot start.
  bool start(const Serve& serve);
  // Sends `request` and waits for the reply until `timeout_s` passes or `stop`
  // fires (or has fired). Then the child is interrupted and killed (alive()
  // turns false): a Z3 solver's answers after an interrupt are not to be
  // trusted, so the next request starts a new child. So is one that dies.
  ChildOutcome ask(const std::string& request, double timeout_s, const StopSignal* stop = nullptr);
  // Kills the child, if any; in a process forked after start() it only lets
  // go of the copy of the socket (the starter still owns the child).
  void stop();

 private:
  int pid_ = -1;
  int fd_ = -1;
  pid_t owner_ = -1;  // the process that started the child
  std::string died_;  // how the child ended, once reaped
};

// What a solver child's outcome means: its answer read back, or unknown with
// `timeout_reason` (timed out or stopped) or saying how it died.
AnswerText answer_of(const ChildOutcome& c, const std::string& timeout_reason);

// Adds the time until it goes out of scope to a counter (BackendStats).
struct AddElapsed {
  explicit AddElapsed(double& into) : into_(into) {}
  ~AddElapsed();
  double& into_;
  std::chrono::steady_clock::time_point t0_ = std::chrono::steady_clock::now();
};

}  // namespace bulwark::solver

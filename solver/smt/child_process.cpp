#include "solver/smt/child_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fmt/format.h>
#include <optional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace bulwark::solver {

StopSignal::StopSignal() {
  if (pipe(fds_) != 0) fds_[0] = fds_[1] = -1;
}
StopSignal::~StopSignal() {
  for (int fd : fds_)
    if (fd >= 0) close(fd);
}
void StopSignal::fire() {
  char c = 1;
  if (fds_[1] >= 0) (void)!write(fds_[1], &c, 1);
}

int wait_for(int fd, const StopSignal* stop, double timeout_s) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
  for (;;) {
    double left = std::chrono::duration<double>(deadline - std::chrono::steady_clock::now()).count();
    if (left <= 0) return -1;
    pollfd p[2] = {{fd, POLLIN, 0}, {stop ? stop->fd() : -1, POLLIN, 0}};
    int ready = poll(p, 2, static_cast<int>(std::min(left * 1000 + 1, 1e9)));
    if (ready < 0 && errno != EINTR) return -1;
    if (ready <= 0) continue;
    if (p[0].revents) return 0;
    if (p[1].revents) return 1;
  }
}

ChildOutcome run_in_child(const std::function<std::string()>& work, double timeout_s, const StopSignal* stop) {
  ChildOutcome out;
  int fds[2];
  if (pipe(fds) != 0) return out.died = "cannot create a pipe for the solver process", out;
  std::fflush(nullptr);
  pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]), close(fds[1]);
    return out.died = "cannot start the solver process", out;
  }
  if (pid == 0) {
    close(fds[0]);
    if (const char* crash = std::getenv("BULWARK_TEST_SOLVER_CRASH"); crash && std::strcmp(crash, "1") == 0)
      signal(SIGABRT, SIG_DFL), abort();  // test hook: every solver process dies
    // The child must never return into the parent's code (it would go on
    // running the engine as a second copy): an exception ends it.
    std::string text;
    try {
      text = work();
    } catch (...) {
      _exit(2);
    }
    for (std::size_t done = 0; done < text.size();) {
      ssize_t n = write(fds[1], text.data() + done, text.size() - done);
      if (n <= 0) break;
      done += static_cast<std::size_t>(n);
    }
    _exit(0);
  }
  close(fds[1]);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
  out.kind = ChildOutcome::Answered;
  for (;;) {
    double left = std::chrono::duration<double>(deadline - std::chrono::steady_clock::now()).count();
    int ready = wait_for(fds[0], stop, left);
    if (ready != 0) {
      out.kind = ready < 0 ? ChildOutcome::TimedOut : ChildOutcome::Stopped;
      break;
    }
    char buf[65536];
    ssize_t n = read(fds[0], buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // EOF: the child is done
    out.text.append(buf, static_cast<std::size_t>(n));
  }
  close(fds[0]);
  if (out.kind != ChildOutcome::Answered) kill(pid, SIGKILL);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (out.kind == ChildOutcome::Answered && (WIFSIGNALED(status) || out.text.empty())) {
    out.kind = ChildOutcome::Died;
    out.died = WIFSIGNALED(status) ? strsignal(WTERMSIG(status)) : "no answer";
  }
  return out;
}

AnswerText check_in_child(const std::function<AnswerText()>& work, double timeout_s, const StopSignal* stop,
                          const std::string& timeout_reason) {
  return answer_of(run_in_child([&] { return to_text(work()); }, timeout_s, stop), timeout_reason);
}

AnswerText race_in_children(const std::vector<std::function<AnswerText()>>& works, double timeout_s, const StopSignal* stop,
                            const std::string& timeout_reason) {
  if (works.size() == 1) return check_in_child(works[0], timeout_s, stop, timeout_reason);
  std::vector<AnswerText> answers(works.size());
  std::vector<std::unique_ptr<StopSignal>> stops;
  for (std::size_t i = 0; i < works.size(); ++i) stops.push_back(std::make_unique<StopSignal>());
  std::mutex m;
  int first = -1;
  std::vector<std::thread> racers;
  for (std::size_t i = 0; i < works.size(); ++i)
    racers.emplace_back([&, i] {
      answers[i] = check_in_child(works[i], timeout_s, stops[i].get(), timeout_reason);
      if (answers[i].answer == Answer::Unknown) return;
      std::lock_guard<std::mutex> lock(m);
      if (first >= 0) return;
      first = static_cast<int>(i);
      for (std::size_t j = 0; j < works.size(); ++j)
        if (j != i) stops[j]->fire();
    });
  // A stop from outside stops every racer.
  StopSignal done;
  std::thread relay;
  if (stop)
    relay = std::thread([&] {
      if (wait_for(done.fd(), stop, 1e9) == 1)
        for (auto& s : stops) s->fire();
    });
  for (auto& t : racers) t.join();
  if (relay.joinable()) done.fire(), relay.join();
  return answers[first >= 0 ? static_cast<std::size_t>(first) : 0];
}

AnswerText answer_of(const ChildOutcome& c, const std::string& timeout_reason) {
  AnswerText unknown;
  if (c.kind == ChildOutcome::TimedOut || c.kind == ChildOutcome::Stopped) return unknown.reason = timeout_reason, unknown;
  std::optional<AnswerText> a = c.kind == ChildOutcome::Answered ? parse_answer(c.text) : std::nullopt;
  if (!a) unknown.reason = fmt::format("the solver process died ({})", c.kind == ChildOutcome::Died ? c.died : "garbled answer");
  return a ? *a : unknown;
}

namespace {

constexpr char kInterrupt = '!';

// Frames are `LENGTH\n` then LENGTH bytes. send() with MSG_NOSIGNAL: a peer
// that died is an error here, not a SIGPIPE that ends the run.
bool send_frame(int fd, const std::string& body) {
  std::string frame = std::to_string(body.size()) + "\n" + body;
  for (std::size_t done = 0; done < frame.size();) {
    ssize_t n = send(fd, frame.data() + done, frame.size() - done, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

// Reads one frame; `ready` waits until fd is readable (false: give up).
// `started` turns true once a byte of the frame is read. A stray interrupt
// byte before a frame (ChildServer::ask) is skipped.
std::optional<std::string> read_frame(int fd, const std::function<bool()>& ready, bool* started = nullptr) {
  std::string head, body;
  std::size_t want = 0;
  bool in_body = false;
  for (;;) {
    if (!ready()) return std::nullopt;
    char buf[65536];
    // The head byte by byte, so no byte of the body (or the next frame) is read early.
    ssize_t n = read(fd, buf, in_body ? std::min(sizeof buf, want - body.size()) : 1);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return std::nullopt;
    if (!in_body && head.empty() && buf[0] == kInterrupt) continue;
    if (started) *started = true;
    if (!in_body) {
      if (buf[0] != '\n') {
        head += buf[0];
        if (head.size() > 20) return std::nullopt;
        continue;
      }
      want = std::strtoull(head.c_str(), nullptr, 10);
      in_body = true;
    } else {
      body.append(buf, static_cast<std::size_t>(n));
    }
    if (in_body && body.size() == want) return body;
  }
}

}  // namespace

bool ChildServer::start(const Serve& serve) {
  stop();
  int sv[2];
  if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0) return false;
  std::fflush(nullptr);
  pid_t pid = fork();
  if (pid < 0) {
    close(sv[0]), close(sv[1]);
    return false;
  }
  if (pid == 0) {
    close(sv[0]);
    if (const char* crash = std::getenv("BULWARK_TEST_SOLVER_CRASH"); crash && std::strcmp(crash, "1") == 0)
      signal(SIGABRT, SIG_DFL), abort();  // test hook: every solver process dies
    // As in run_in_child: the child never returns into the parent's code.
    try {
      while (auto request = read_frame(sv[1], [] { return true; }))
        if (!send_frame(sv[1], serve(*request, sv[1]))) break;
    } catch (...) {
      _exit(2);
    }
    _exit(0);
  }
  close(sv[1]);
  pid_ = pid;
  fd_ = sv[0];
  owner_ = getpid();
  return true;
}

ChildOutcome ChildServer::ask(const std::string& request, double timeout_s, const StopSignal* stop) {
  ChildOutcome out;
  if (!alive()) return out.died = died_.empty() ? "not running" : died_, out;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
  int why = 0;  // what ended the wait: 0 readable, 1 stop, -1 deadline
  auto ready = [&] {
    double left = std::chrono::duration<double>(deadline - std::chrono::steady_clock::now()).count();
    why = wait_for(fd_, stop, left);
    return why == 0;
  };
  // Stopped before it starts: no answer, whatever the child could say.
  if (stop) {
    pollfd p{stop->fd(), POLLIN, 0};
    if (poll(&p, 1, 0) == 1) return out.kind = ChildOutcome::Stopped, out;
  }
  std::optional<std::string> reply;
  bool started = false;
  if (send_frame(fd_, request)) reply = read_frame(fd_, ready, &started);
  if (reply) {
    out.kind = ChildOutcome::Answered;
    out.text = std::move(*reply);
    return out;
  }
  out.kind = why < 0 ? ChildOutcome::TimedOut : why == 1 ? ChildOutcome::Stopped : ChildOutcome::Died;
  // Out of time or stopped: the child is ended, never asked again. Z3's
  // maintainers do not sanction a solver's answers after an interrupt
  // (Z3Prover/z3#5062); and under load a satisfiable bounded query was once
  // answered unsat (slashing's depth-6 search, kept by the proof cache), most
  // likely by a server kept after an interrupt. The next query starts a new child, a copy of
  // what this process asserted. The interrupt first, so that the solver stops
  // its work before the kill.
  if (out.kind != ChildOutcome::Died && !started) (void)send(fd_, &kInterrupt, 1, MSG_NOSIGNAL);
  this->stop();
  out.died = died_;
  return out;
}

void ChildServer::stop() {
  if (pid_ <= 0) return;
  close(fd_);
  if (owner_ != getpid()) {  // a copy made by fork: the server is not ours to end
    died_ = "started by another process";
    pid_ = fd_ = -1;
    return;
  }
  kill(pid_, SIGKILL);
  int status = 0;
  while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  // Killed by us (SIGKILL) or dead of its own: its own signal says how.
  died_ = WIFSIGNALED(status) && WTERMSIG(status) != SIGKILL ? strsignal(WTERMSIG(status)) : "no answer";
  pid_ = fd_ = -1;
}

AddElapsed::~AddElapsed() { into_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0_).count(); }

}  // namespace bulwark::solver

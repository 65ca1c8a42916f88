#include "solver/child_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fmt/format.h>

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
  ChildOutcome c = run_in_child([&] { return to_text(work()); }, timeout_s, stop);
  AnswerText unknown;
  if (c.kind == ChildOutcome::TimedOut || c.kind == ChildOutcome::Stopped) return unknown.reason = timeout_reason, unknown;
  std::optional<AnswerText> a = c.kind == ChildOutcome::Answered ? parse_answer(c.text) : std::nullopt;
  if (!a) unknown.reason = fmt::format("the solver process died ({})", c.kind == ChildOutcome::Died ? c.died : "garbled answer");
  return a ? *a : unknown;
}

AddElapsed::~AddElapsed() { into_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0_).count(); }

}  // namespace bulwark::solver

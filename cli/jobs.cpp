#include "cli/jobs.hpp"

#include <fmt/format.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>

#include "cli/common.hpp"
#include "report/exit_code.hpp"
#include "report/progress.hpp"
#include "report/verdict_data.hpp"

namespace bulwark::cli {

namespace {

std::string slurp(std::FILE* f) {
  std::rewind(f);
  std::string text;
  char buf[65536];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) text.append(buf, n);
  std::fclose(f);
  return text;
}

}  // namespace

void run_jobs(const JobPlan& plan) {
  struct Unit {
    pid_t pid = -1;
    std::FILE *out = nullptr, *err = nullptr, *data = nullptr;
    bool done = false;
    JobOutput result;
  };
  std::vector<Unit> units(plan.group.size());
  std::size_t next = 0, emitted = 0;  // emitted: groups
  std::size_t running = 0;
  // The parent's progress line: groups done, the units being run (the
  // children's stderr is a file: they show none).
  std::optional<report::Progress> own;
  if (!plan.progress) own.emplace(stderr, report::Progress::wanted(stderr, plan.quiet), plan.label);
  report::Progress* progress = plan.progress ? plan.progress : &*own;
  // One line per unit in shared memory: each child writes what it is doing.
  char* slots = nullptr;
  std::size_t slots_size = std::max<std::size_t>(1, units.size()) * report::SlotProgress::kSize;
  if (progress->enabled()) {
    void* m = mmap(nullptr, slots_size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (m != MAP_FAILED) slots = static_cast<char*>(m);
  }
  auto show = [&] {
    if (own) progress->set_detail(fmt::format("{}/{} specs done", emitted, plan.groups));
  };
  if (slots)
    progress->set_source([&units, slots] {
      std::string busy;
      for (std::size_t k = 0; k < units.size(); ++k)
        if (units[k].pid > 0 && !units[k].done)
          busy += " | " + report::SlotProgress::read(slots + k * report::SlotProgress::kSize);
      return busy;
    });
  auto start = [&](std::size_t k) {
    Unit& u = units[k];
    if (!plan.prepare(k)) {  // nothing to run: done at once, no process
      u.done = true;
      return;
    }
    u.out = std::tmpfile(), u.err = std::tmpfile(), u.data = std::tmpfile();
    // Not while the progress line is being written: the child would inherit stderr's lock held.
    auto hold = progress->hold();
    std::fflush(nullptr);
    pid_t parent = getpid();
    u.pid = fork();
    if (u.pid == 0) {
      // A process group of its own, so that a kill at the deadline also
      // reaches the solver processes it started; it dies with the parent.
      setpgid(0, 0);
      prctl(PR_SET_PDEATHSIG, SIGKILL);
      if (getppid() != parent) _exit(kInternalError);  // the parent died before the line above
      dup2(fileno(u.out), 1), dup2(fileno(u.err), 2);
      int code = kInternalError;
      try {  // the child never unwinds into the parent's loop
        char* slot = slots ? slots + k * report::SlotProgress::kSize : nullptr;
        std::string data = plan.child(k, slot, code);
        std::fwrite(data.data(), 1, data.size(), u.data);
      } catch (const std::exception& e) {
        report_internal_error(e);
        code = kInternalError;
      }
      std::fflush(nullptr);
      _exit(code);
    }
    u.result.ran = true;
    ++running;
  };
  while (emitted < plan.groups) {
    while (running < plan.jobs && next < units.size()) start(next++);
    show();
    if (running > 0) {
      // Each child by its pid (never wait(): the solver layer's own child
      // processes are not ours to reap), polled so that kill_at can be kept.
      bool any = false;
      for (std::size_t k = 0; k < units.size(); ++k) {
        Unit& u = units[k];
        if (u.pid <= 0 || u.done) continue;
        int status = 0;
        pid_t r = waitpid(u.pid, &status, WNOHANG);
        if (r == 0) continue;
        any = true;
        auto hold = progress->hold();  // the progress line reads `done` (set_source)
        u.done = true;
        --running;
        if (r < 0) {
          u.result.code = kInternalError;
          continue;
        }
        u.result.code = WIFEXITED(status) ? WEXITSTATUS(status) : kInternalError;
        if (!WIFEXITED(status)) u.result.signal = WTERMSIG(status);
      }
      if (!any && plan.kill_at && std::chrono::steady_clock::now() >= *plan.kill_at) {
        for (auto& u : units)
          if (u.pid > 0 && !u.done && !u.result.killed) kill(-u.pid, SIGKILL), kill(u.pid, SIGKILL), u.result.killed = true;
      } else if (!any) {
        usleep(2000);
      }
    }
    for (; emitted < plan.groups; ++emitted) {
      std::vector<std::size_t> mine;
      for (std::size_t k = 0; k < units.size(); ++k)
        if (plan.group[k] == emitted) mine.push_back(k);
      if (!std::all_of(mine.begin(), mine.end(), [&](std::size_t k) { return units[k].done; })) break;
      auto hold = progress->hold();
      std::vector<JobOutput> outputs;
      for (std::size_t k : mine) {
        Unit& u = units[k];
        if (u.result.ran) u.result.out = slurp(u.out), u.result.err = slurp(u.err), u.result.data = slurp(u.data);
        outputs.push_back(std::move(u.result));
      }
      plan.done(emitted, outputs);
      std::fflush(nullptr);
    }
  }
  if (plan.progress) plan.progress->set_source(nullptr);
  own.reset();  // before the slots it reads go away
  if (slots) munmap(slots, slots_size);
}

solver::Farm process_farm(std::size_t workers, report::Progress* progress, std::string what) {
  return [workers, progress, what](std::size_t n, double seconds_left, const solver::UnitWork& work) {
    std::vector<solver::FarmedUnit> out(n);
    JobPlan plan;
    for (std::size_t k = 0; k < n; ++k) plan.group.push_back(k);
    plan.groups = n;
    plan.jobs = workers;
    plan.quiet = true;
    plan.progress = progress && progress->enabled() ? progress : nullptr;
    // A worker stops at the limit by itself; one that does not (a query that
    // ignores its deadline) is killed a moment later.
    if (seconds_left > 0)
      plan.kill_at = std::chrono::steady_clock::now() +
                     std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(seconds_left + 0.5));
    plan.prepare = [](std::size_t) { return true; };
    plan.child = [&](std::size_t k, char* slot, int& code) {
      // Test hooks (tests/cli/jobs_obligations_test.sh): a worker that never
      // answers (killed at the deadline) or dies.
      if (const char* t = std::getenv("BULWARK_TEST_WORKER")) {
        if (std::string(t) == "hang") for (;;) pause();
        if (std::string(t) == "die") signal(SIGABRT, SIG_DFL), abort();
      }
      report::SlotProgress to_parent(slot, what);
      std::string data = report::engine_result_data(work(k, slot ? &to_parent : nullptr)).dump();
      code = kOk;
      return data;
    };
    plan.done = [&](std::size_t k, std::vector<JobOutput>& outputs) {
      JobOutput& o = outputs.at(0);
      // Engines print nothing; whatever a worker printed (a library's
      // message) goes where it would have gone without workers.
      std::fputs(o.out.c_str(), stdout);
      std::fputs(o.err.c_str(), stderr);
      out[k].in_worker = true;
      try {
        out[k].result = report::engine_result_from_data(nlohmann::json::parse(o.data));
      } catch (const std::exception&) {
        if (o.killed) out[k].killed = true;
        else out[k].died = o.signal ? strsignal(o.signal) : fmt::format("no result (exit status {})", o.code);
      }
    };
    run_jobs(plan);
    return out;
  };
}

}  // namespace bulwark::cli

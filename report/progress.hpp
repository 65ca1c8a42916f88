// Progress of a long command on a terminal: one line on stderr, rewritten in
// place with \r, drawn only once the command has run for a second, redrawn
// a few times a second (so the elapsed time moves while one solver query
// runs), and erased when the command is done. When disabled (stderr is not
// a terminal, or --quiet) it prints nothing at all.
#pragma once
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <string>
#include <thread>

#include "solver/progress.hpp"

namespace bulwark::report {

class Progress final : public solver::ProgressSink {
 public:
  // `what`: the command and its subject, e.g. "check examples/lending.bwk".
  Progress(std::FILE* out, bool enabled, std::string what);
  ~Progress() override;  // erases the line
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  void update(const solver::ProgressEvent& e) override;
  void set_what(std::string what);       // a new subject (the next spec)
  void set_detail(std::string detail);   // free text instead of engine/property/depth ("run 300/1000")
  // Erases the line and keeps it erased while the returned lock is held:
  // hold it while printing anything else on the terminal.
  std::unique_lock<std::mutex> hold();
  bool enabled() const { return enabled_; }

  // The line as it would be drawn now (for tests and for the ticker).
  std::string line() const;

  // Whether progress is shown on `f`: a terminal, and not --quiet.
  static bool wanted(std::FILE* f, bool quiet);

 private:
  void tick();
  void draw_locked();
  void erase_locked();

  std::FILE* out_;
  bool enabled_;
  std::chrono::steady_clock::time_point start_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false, drawn_ = false;
  std::string what_, engine_, property_, detail_;
  int depth_ = -1;
  std::thread ticker_;
};

}  // namespace bulwark::report

// Progress of a long command on a terminal: one line on stderr, rewritten in
// place with \r, drawn only once the command has run for a second, redrawn
// a few times a second (so the elapsed time moves while one solver query
// runs), and erased when the command is done. When disabled (stderr is not
// a terminal, or --quiet) it prints nothing at all.
#pragma once
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "solver/engine/progress.hpp"

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
  // Text appended to the line at each draw (the --jobs parent: what its children report).
  void set_source(std::function<std::string()> source);
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
  std::function<std::string()> source_;
  std::thread ticker_;
};

// The sink of a --jobs child, whose stderr is a file: it writes the latest
// event as one short line into `slot` (shared memory that the parent's
// Progress reads through set_source). A read during a write can show a mixed
// line for one redraw; nothing else depends on it.
class SlotProgress final : public solver::ProgressSink {
 public:
  static constexpr std::size_t kSize = 160;
  SlotProgress(char* slot, std::string what);
  void update(const solver::ProgressEvent& e) override;
  static std::string read(const char* slot);

 private:
  char* slot_;
  std::string what_;
};

}  // namespace bulwark::report

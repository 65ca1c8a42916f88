#include "report/progress.hpp"

#include <fmt/format.h>
#include <sys/ioctl.h>

#include <algorithm>
#include <cstring>
#include <unistd.h>

namespace bulwark::report {

namespace {
constexpr auto kFirstDraw = std::chrono::seconds(1);       // short commands show nothing
constexpr auto kRedraw = std::chrono::milliseconds(200);   // a few times a second is enough for a clock

std::size_t width(std::FILE* f) {
  struct winsize ws {};
  if (ioctl(fileno(f), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 10) return ws.ws_col;
  return 80;
}
}  // namespace

bool Progress::wanted(std::FILE* f, bool quiet) { return !quiet && isatty(fileno(f)); }

Progress::Progress(std::FILE* out, bool enabled, std::string what)
    : out_(out), enabled_(enabled), start_(std::chrono::steady_clock::now()), what_(std::move(what)) {
  if (enabled_) ticker_ = std::thread([this] { tick(); });
}

Progress::~Progress() {
  if (!enabled_) return;
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
    erase_locked();
  }
  cv_.notify_all();
  ticker_.join();
}

void Progress::update(const solver::ProgressEvent& e) {
  if (!enabled_) return;
  std::lock_guard<std::mutex> lock(mu_);
  engine_ = e.engine;
  property_ = e.property;
  depth_ = e.depth;
}

void Progress::set_what(std::string what) {
  if (!enabled_) return;
  std::lock_guard<std::mutex> lock(mu_);
  what_ = std::move(what);
  engine_.clear(), property_.clear(), detail_.clear();
  depth_ = -1;
}

void Progress::set_source(std::function<std::string()> source) {
  std::lock_guard<std::mutex> lock(mu_);
  source_ = std::move(source);
}

void Progress::set_detail(std::string detail) {
  if (!enabled_) return;
  std::lock_guard<std::mutex> lock(mu_);
  detail_ = std::move(detail);
}

std::unique_lock<std::mutex> Progress::hold() {
  std::unique_lock<std::mutex> lock(mu_);
  if (enabled_) erase_locked();
  return lock;
}

std::string Progress::line() const {
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  std::string l = what_;
  if (!detail_.empty()) l += "  " + detail_;
  if (!engine_.empty()) l += "  " + engine_;
  if (!property_.empty()) l += "  " + property_;
  if (depth_ >= 0) l += fmt::format("  depth {}", depth_);
  l += fmt::format("  {:.1f} s", s);
  if (source_) l += source_();
  return l;
}

SlotProgress::SlotProgress(char* slot, std::string what) : slot_(slot), what_(std::move(what)) {
  if (slot_) update({"", "", -1});
}

void SlotProgress::update(const solver::ProgressEvent& e) {
  if (!slot_) return;
  std::string l = what_;
  if (*e.engine) l += std::string(" ") + e.engine;
  if (!e.property.empty()) l += " " + e.property;
  if (e.depth >= 0) l += fmt::format(" depth {}", e.depth);
  l.resize(std::min(l.size(), kSize - 1));
  std::memcpy(slot_, l.c_str(), l.size() + 1);
}

std::string SlotProgress::read(const char* slot) { return std::string(slot, strnlen(slot, kSize - 1)); }

void Progress::tick() {
  std::unique_lock<std::mutex> lock(mu_);
  if (cv_.wait_for(lock, kFirstDraw, [this] { return stop_; })) return;
  while (!stop_) {
    draw_locked();
    cv_.wait_for(lock, kRedraw, [this] { return stop_; });
  }
}

void Progress::draw_locked() {
  std::string l = line();
  std::size_t w = width(out_) - 1;  // never wrap: a wrapped line cannot be rewritten with \r
  if (l.size() > w) l = l.substr(0, w);
  std::fputs(("\r\x1b[K" + l).c_str(), out_);
  std::fflush(out_);
  drawn_ = true;
}

void Progress::erase_locked() {
  if (!drawn_) return;
  std::fputs("\r\x1b[K", out_);
  std::fflush(out_);
  drawn_ = false;
}

}  // namespace bulwark::report

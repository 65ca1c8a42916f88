// How a long run tells what it is doing: the engines call a ProgressSink
// passed in by the caller (report/progress.hpp draws it on a terminal).
// Engines never print; a null sink means nobody is watching.
#pragma once
#include <string>

namespace bulwark::solver {

struct ProgressEvent {
  const char* engine = "";  // "induction", "bmc", "k-induction", "chc", "attack", ...
  std::string property;     // the property being worked on; empty: all of them
  int depth = -1;           // the depth (or k) reached; -1: none
};

class ProgressSink {
 public:
  virtual ~ProgressSink() = default;
  // Called from the engine's thread, often: must be cheap and never print synchronously on a fast path.
  virtual void update(const ProgressEvent& e) = 0;
};

}  // namespace bulwark::solver

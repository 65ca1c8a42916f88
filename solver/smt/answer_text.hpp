// A solver's answer as text: how an answer crosses from a solver running in a
// child process back to the run. One head line, `sat`, `unsat I J ...` (the
// unsat core as indexes into the tracked formulas) or `unknown REASON`; after
// `sat`, one line per model constant: NAME TAB VALUE, where VALUE is `true`,
// `false`, an integer, a fraction `p/q`, or `#i` (the i-th element of a sort).
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "solver/smt/backend.hpp"

namespace bulwark::solver {

struct AnswerText {
  Answer answer = Answer::Unknown;
  std::string reason;                        // for unknown
  std::vector<int> core;                     // for unsat
  std::map<std::string, std::string> model;  // for sat
  bool nlsat_gave_up = false;                // Z3: nlsat used up its resource limit on this query
};

std::string to_text(const AnswerText& a);
std::optional<AnswerText> parse_answer(const std::string& text);  // nullopt if malformed

// The value of constant `name` of type `t` in a model read from text. A
// constant the model does not mention is unconstrained: its default value.
Value model_value(const std::map<std::string, std::string>& model, const std::string& name, ir::Type t);

// The names both backends give their constants, so that a model from one
// process (or solver) reads the same in another.
std::string cell_name(const ir::TransitionSystem& ts, int state, int cell);
std::string arg_name(const ir::TransitionSystem& ts, int step, int action, int arg);
std::string selector_name(int step);

}  // namespace bulwark::solver

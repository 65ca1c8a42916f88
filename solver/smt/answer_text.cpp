#include "solver/smt/answer_text.hpp"

#include <fmt/format.h>

#include <sstream>

namespace bulwark::solver {

std::string to_text(const AnswerText& a) {
  std::string out = a.nlsat_gave_up ? "nlsat-gave-up\n" : "";
  switch (a.answer) {
    case Answer::Unknown: return out + "unknown " + a.reason + "\n";
    case Answer::Unsat:
      out += "unsat";
      for (int i : a.core) out += " " + std::to_string(i);
      return out + "\n";
    case Answer::Sat:
      out += "sat\n";
      for (const auto& [name, value] : a.model) out += name + "\t" + value + "\n";
      return out;
  }
  return out;
}

std::optional<AnswerText> parse_answer(const std::string& text) {
  std::istringstream lines(text);
  std::string head;
  if (!std::getline(lines, head)) return std::nullopt;
  AnswerText a;
  if (head == "nlsat-gave-up") {  // a line before the answer's own head
    a.nlsat_gave_up = true;
    if (!std::getline(lines, head)) return std::nullopt;
  }
  if (head.rfind("unknown", 0) == 0) {
    a.answer = Answer::Unknown;
    a.reason = head.size() > 8 ? head.substr(8) : "unknown";
    return a;
  }
  if (head.rfind("unsat", 0) == 0) {
    a.answer = Answer::Unsat;
    std::istringstream idx(head.substr(5));
    for (int i; idx >> i;) a.core.push_back(i);
    return a;
  }
  if (head != "sat") return std::nullopt;
  a.answer = Answer::Sat;
  for (std::string line; std::getline(lines, line);) {
    auto tab = line.find('\t');
    if (tab == std::string::npos) return std::nullopt;
    a.model[line.substr(0, tab)] = line.substr(tab + 1);
  }
  return a;
}

Value model_value(const std::map<std::string, std::string>& model, const std::string& name, ir::Type t) {
  auto it = model.find(name);
  const std::string* text = it == model.end() ? nullptr : &it->second;
  switch (t.kind) {
    case ir::Type::Bool: return Value::boolean(text && *text == "true");
    case ir::Type::Enum: return Value::element(text && text->size() > 1 ? std::stoi(text->substr(1)) : 0);
    case ir::Type::Int: return Value::integer(text ? parse_integer(*text) : BigInt(0));
    case ir::Type::Real: {
      if (!text) return Value::real(Rational(0));
      auto slash = text->find('/');
      if (slash == std::string::npos) return Value::real(Rational(parse_integer(*text)));
      return Value::real(Rational(parse_integer(text->substr(0, slash)), parse_integer(text->substr(slash + 1))));
    }
  }
  return Value::boolean(false);
}

std::string cell_name(const ir::TransitionSystem& ts, int state, int cell) {
  return fmt::format("{}@{}", ts.cells[static_cast<std::size_t>(cell)].name, state);
}
std::string arg_name(const ir::TransitionSystem& ts, int step, int action, int arg) {
  const auto& a = ts.actions[static_cast<std::size_t>(action)];
  return fmt::format("{}.{}@{}", a.name, a.args[static_cast<std::size_t>(arg)].name, step);
}
std::string selector_name(int step) { return fmt::format("action@{}", step); }

}  // namespace bulwark::solver

// How an answer crosses from a solver's child process back to the run
// (solver/smt/answer_text.hpp): what goes in comes out, and a reply that is
// not an answer is refused rather than misread.
#include <catch2/catch.hpp>

#include "solver/smt/answer_text.hpp"

using namespace bulwark;
using solver::Answer;
using solver::AnswerText;

TEST_CASE("an answer read back from its text is the answer written") {
  AnswerText sat;
  sat.answer = Answer::Sat;
  sat.model = {{"x@0", "-3"}, {"price@1", "7/8"}, {"a@0", "#2"}, {"flag@0", "true"}};
  AnswerText unsat;
  unsat.answer = Answer::Unsat;
  unsat.core = {0, 2, 5};
  AnswerText unknown;
  unknown.reason = "timeout after 1 s (nonlinear arithmetic)";
  for (bool gave_up : {false, true})
    for (AnswerText a : {sat, unsat, unknown}) {
      a.nlsat_gave_up = gave_up;
      auto back = solver::parse_answer(solver::to_text(a));
      REQUIRE(back);
      CHECK(back->answer == a.answer);
      CHECK(back->core == a.core);
      CHECK(back->model == a.model);
      CHECK(back->reason == a.reason);
      CHECK(back->nlsat_gave_up == gave_up);  // the backend remembers it past the child
    }
}

TEST_CASE("a reply that is not an answer is refused") {
  for (const char* garbled : {"", "maybe\n", "sat\nno tab here\n", "nlsat-gave-up\n"})
    CHECK_FALSE(solver::parse_answer(garbled));
}

TEST_CASE("a model read from text gives each type its value, and a constant left out its default") {
  std::map<std::string, std::string> m = {{"p", "7/8"}, {"n", "-12"}, {"e", "#1"}, {"b", "true"}};
  CHECK(solver::model_value(m, "p", {ir::Type::Real, -1}).as_rational() == Rational(7, 8));
  CHECK(solver::model_value(m, "n", {ir::Type::Int, -1}).as_int() == -12);
  CHECK(solver::model_value(m, "e", {ir::Type::Enum, 0}).as_enum() == 1);
  CHECK(solver::model_value(m, "b", {ir::Type::Bool, -1}).as_bool());
  CHECK(solver::model_value(m, "missing", {ir::Type::Real, -1}).as_rational() == Rational(0));
  CHECK_FALSE(solver::model_value(m, "missing", {ir::Type::Bool, -1}).as_bool());
}

// `bulwark mutate`: small changes to a spec's actions (mutants), each one a
// plausible bug. A mutant that the spec's properties do not catch shows a bug
// they would miss. Mutants are made on the AST and spliced into the source
// text in place of the statement they change, so every other line keeps its
// line number (and the diagnostics and property names that carry one).
#pragma once
#include <string>
#include <vector>

#include "dsl/syntax/ast.hpp"

namespace bulwark::mutate {

enum class Kind {
  FlipComparison,   // `<` <-> `>=`, `<=` <-> `>`, `==` <-> `!=`
  DropRequire,      // a `require` removed
  PerturbConstant,  // a number literal n -> n + 1 (a decimal: + 1 in its last digit)
  SwapUpdate,       // `+=` <-> `-=`
  RemoveUpdate,     // an assignment removed
};
const char* to_string(Kind k);  // "flip-comparison", ...

struct Mutant {
  Kind kind = Kind::FlipComparison;
  std::string action;    // the action changed
  Span at;               // the operator, literal or statement changed (in the original text)
  std::string original;  // the statement (an `if`'s head) as `bulwark fmt` prints it
  std::string mutated;   // the same after the change; empty when the statement is removed
  std::string text;      // the whole mutated spec
};

// Every mutant of the actions' bodies, in source order. `spec` is changed
// while a mutant is printed and restored before the next.
std::vector<Mutant> mutants(ast::ParsedSpec& spec);

}  // namespace bulwark::mutate

// The CHC engine's solver side: the transition system as constrained Horn
// clauses for Z3's Spacer. Init => Inv; Inv /\ lemmas /\ step => Inv';
// Inv /\ !P => false. Spacer either finds an interpretation of Inv (an
// inductive invariant that implies P), printed here in spec syntax, or shows
// that P breaks in a reachable state. The engine re-checks every invariant
// it prints (engine.cpp): Spacer's word alone is never a proof.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "dsl/ir/transition_system.hpp"
#include "solver/smt/backend.hpp"

namespace bulwark::solver {

struct ChcAnswer {
  Answer answer = Answer::Unknown;  // Unsat: P holds (invariant found); Sat: P breaks somewhere
  std::string invariant;            // after Unsat: the invariant, in spec syntax (empty if it has none)
  std::string reason;               // why Unknown, or why the invariant could not be printed
};

// A definitive answer as text and back (the proof cache keeps it so).
std::string to_text(const ChcAnswer& a);
std::optional<ChcAnswer> parse_chc_answer(const std::string& text);

// Runs in a child process killed after `timeout_s` (Spacer on nonlinear
// arithmetic ignores interrupts). `lemmas` are invariants already proved.
ChcAnswer chc_check(const ir::TransitionSystem& ts, const std::vector<ir::NodeId>& lemmas, ir::NodeId property,
                    double timeout_s);

}  // namespace bulwark::solver

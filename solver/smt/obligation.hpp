// A proof obligation as data: what one solver query asks, built once by an
// engine and then consumed as it is by a backend (`add`), by the SMT-LIB
// export (`bulwark smt2`) and by the proof cache (its key is the obligation's
// canonical text). The query is satisfiable exactly when the obligation fails:
// the goal is the property's negation.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "solver/smt/backend.hpp"

namespace bulwark::solver {

struct Obligation {
  // What the obligation is for (the smt2 export names files by it; the
  // engines' queries are all one of these).
  enum class Kind {
    Sanity,       // init and the assumes are satisfiable; an action is enabled; a tautology
    Initiation,   // an invariant holds in every initial state
    Consecution,  // an invariant is kept by a step, from states satisfying the candidates
    OneStep,      // a step property holds for one step from the proved invariants
    Lemmas,       // which proved invariants a proof needs (unsat core over tracked lemmas)
    KInduction,   // k states satisfying the invariant, pairwise distinct, step to one that breaks it
    Bounded,      // a property breaks after k steps from an initial state
  };
  // One part of the frames and assumptions, in the order they are asserted
  // (the order is part of the query: solvers are sensitive to it).
  struct Part {
    enum What { Assume, StateTypes, Transition, Distinct } what = Assume;
    Formula f{};     // Assume
    int a = 0;       // StateTypes: the state; Transition: the step; Distinct: the first state
    int b = -1;      // Transition: the action (-1: any); Distinct: the second state
  };

  Kind kind = Kind::Sanity;
  std::vector<Part> parts;
  std::optional<Formula> goal;  // asserted last; usually a property negated in its frame

  Obligation& assume(const Formula& f) { return parts.push_back({Part::Assume, f}), *this; }
  Obligation& state_types(int k) { return parts.push_back({Part::StateTypes, {}, k}), *this; }
  Obligation& transition(int k, int action = -1) { return parts.push_back({Part::Transition, {}, k, action}), *this; }
  Obligation& distinct(int i, int j) { return parts.push_back({Part::Distinct, {}, i, j}), *this; }
  Obligation& breaks(ir::NodeId property, Frame f) { return goal = Formula{property, f, true}, *this; }
  // The parts of `o` after these, and its goal if it has one (the kind stays).
  Obligation& then(const Obligation& o) {
    parts.insert(parts.end(), o.parts.begin(), o.parts.end());
    if (o.goal) goal = o.goal;
    return *this;
  }
};

// Tells `b` the obligation: its parts in order, then its goal.
void add(Backend& b, const Obligation& o);

// Named obligations of a transition system.
// The base of every query: the assumes over the params, a well-typed state 0.
Obligation base(const ir::TransitionSystem& ts, Obligation::Kind kind);
// The base with state 0 initial, then `k` transitions: every run of k steps.
Obligation runs_from_init(const ir::TransitionSystem& ts, int k, Obligation::Kind kind = Obligation::Kind::Bounded);
// The frame in which property `p` breaks in a bounded query of depth k: an
// invariant in state k; a step property at step k-1 by `action`, with the
// transition asserted first unless it is checked in the action's body.
// `runs` must hold k-1 transitions for a step property (k for an invariant).
Obligation& bounded_violation(const ir::TransitionSystem& ts, Obligation& runs, bool step, int property, int k,
                              int action);

// The parts the engines add on top of `base` (a goal is set by the caller):
// Houdini's initiation (state 0 initial) and consecution by `action` from
// state 0 satisfying `candidates` (their breaking is read in state 1), and a
// step property's one step by `action` from state 0 (the proved invariants,
// assumed in state 0 by the caller, are its lemmas).
Obligation initiation(const ir::TransitionSystem& ts);
Obligation consecution(const ir::TransitionSystem& ts, int action, const std::vector<ir::NodeId>& candidates);
Obligation one_step(const ir::TransitionSystem& ts, int step_property, int action);

const char* to_string(Obligation::Kind k);

}  // namespace bulwark::solver

// The lowered spec: a transition system over flat state cells (a map over
// finite sorts is one cell per key). Expressions are hash-consed nodes in one
// arena, so shared sub-terms are stored once and every consumer (printer,
// interpreter, SMT encoder) can memoise per node.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "dsl/source/source_file.hpp"
#include "dsl/value/value.hpp"

namespace bulwark::ir {

using NodeId = std::uint32_t;

struct Type {
  enum Kind : std::uint8_t { Bool, Int, Real, Enum } kind = Int;
  int sort = -1;  // Enum
  bool operator==(const Type& o) const { return kind == o.kind && sort == o.sort; }
};

enum class Op : std::uint8_t {
  Lit,     // ref = index into literals
  Var,     // ref = cell, value in the pre-state
  Next,    // ref = cell, value in the post-state (rules only)
  Param,   // ref = param
  Arg,     // ref = argument of the action being taken
  Not, And, Or, Implies, Ite,
  Eq, Lt, Le,
  Add, Sub, Mul, Div, Mod, Neg,
  Min, Max, Abs, Floor, Ceil, MulDivDown, MulDivUp,
  ToReal,
};
const char* to_string(Op op);

struct Node {
  Op op = Op::Lit;
  Type type;
  std::int32_t ref = -1;
  std::vector<NodeId> kids;
};

struct SortDef {
  std::string name;
  std::vector<std::string> elems;
};

struct StateVar {
  std::string name;
  std::vector<int> keys;  // key sorts
  Type type;
  bool nat = false;
  std::uint32_t first_cell = 0;
  std::uint32_t cell_count = 1;
  Span span;
  // The frozen copy `init(v)` that `init(e)` reads (set at init, never
  // changed): state like any other, left out of traces.
  bool ghost = false;
};

struct Cell {
  std::string name;  // "debt[alice]"
  int var = 0;
  Type type;
};

struct Param {
  std::string name;
  Type type;
  bool nat = false;
  Span span;
};

enum class PropKind { Invariant, Rule, DivisionByZero, Assert, NatUnderflow };
const char* to_string(PropKind k);

// A sub-term of a property, shown with its value when the property breaks.
struct Subterm {
  std::string label;
  NodeId node;
};

// Something that must hold. Invariants are evaluated on states; the others on steps:
// `action` is the action whose steps it constrains (-1: every action).
// `holds` is over Var/Param (and Next/Arg for step properties).
struct Property {
  std::string name;
  PropKind kind = PropKind::Invariant;
  Span span;
  int action = -1;
  NodeId holds = 0;
  std::vector<Subterm> subterms;
  // An assert or division in an action body: it is checked when the step is
  // attempted (reads only the pre-state and arguments), even if a later
  // `require` then reverts the step.
  bool in_body = false;
};

struct Guard {
  NodeId cond;
  Span span;
  bool implicit = false;  // nat underflow / nat argument, not a written `require`
};

struct Action {
  std::string name;
  bool env = false;
  Span span;
  std::vector<Param> args;
  std::vector<Guard> guards;  // all must hold for the step to be possible
  std::vector<NodeId> next;   // per cell: its value after the step (Var(cell) if unchanged)
};

class Arena {
 public:
  NodeId add(Node n);  // hash-consed; callers should use the builder (lower/builder.hpp)
  const Node& operator[](NodeId id) const { return nodes_[id]; }
  std::size_t size() const { return nodes_.size(); }
  const Value& literal(const Node& n) const { return literals_[static_cast<std::size_t>(n.ref)]; }
  std::int32_t intern(const Value& v);

 private:
  struct Hash {
    std::size_t operator()(const Node& n) const;
  };
  struct Same {
    bool operator()(const Node& a, const Node& b) const {
      return a.op == b.op && a.type == b.type && a.ref == b.ref && a.kids == b.kids;
    }
  };
  std::vector<Node> nodes_;
  std::vector<Value> literals_;
  std::unordered_map<Node, NodeId, Hash, Same> index_;
  std::unordered_map<std::string, std::int32_t> lit_index_;  // keyed by kind + exact text
};

// `measure NAME: e;`: a number over a state (Var and Param), shown per step
// in traces and optimised by `bulwark attack`.
struct Measure {
  std::string name;
  NodeId value = 0;
  Span span;
};

// `scenario NAME { ... }` lowered (docs/stress.md): process arguments are
// nodes over params, a drive's `from` a node over the initial state.
enum class ProcessKind { Gbm, Jump, Path };
struct Process {
  ProcessKind kind = ProcessKind::Gbm;
  std::vector<NodeId> args;
  std::vector<Rational> prices;
  std::string file;
  Span span;
};
struct Drive {
  int action = -1;
  int arg = -1;
  std::vector<Process> procs;
  std::optional<NodeId> from;
  Span span;
};
struct Scenario {
  std::string name;
  std::vector<Drive> drives;
  bool first = false;
  std::vector<int> priority;
  int moves = 1;
  Span span;
};

struct TransitionSystem {
  const SourceFile* file = nullptr;
  std::string name;
  Arena nodes;
  std::vector<SortDef> sorts;
  std::vector<Param> params;
  std::vector<StateVar> vars;
  std::vector<Cell> cells;
  std::vector<NodeId> assumes;  // over Param
  std::vector<NodeId> init;     // conjuncts over Var and Param
  std::vector<Action> actions;
  std::vector<Property> invariants;  // state properties
  std::vector<Property> steps;       // rules, asserts, division by zero: step properties
  std::vector<Measure> measures;
  std::vector<Scenario> scenarios;
};

// The IR as readable text (`bulwark ir`).
std::string print(const TransitionSystem& ts);
std::string print_node(const TransitionSystem& ts, NodeId id);
// A node's DAG as text that tells any two different terms apart (print_node
// abbreviates large terms): each distinct sub-term once, numbered in the order
// first met, so the text does not depend on arena ids. Linear in the DAG size.
std::string canonical_text(const TransitionSystem& ts, NodeId id);
std::string print_value(const TransitionSystem& ts, const Value& v, Type t);

}  // namespace bulwark::ir

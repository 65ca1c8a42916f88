#include "dsl/ir/transition_system.hpp"

#include <fmt/format.h>

namespace bulwark::ir {

std::size_t Arena::Hash::operator()(const Node& n) const {
  std::size_t h = static_cast<std::size_t>(n.op) * 0x9E3779B97F4A7C15ull;
  h ^= (static_cast<std::size_t>(n.type.kind) << 8) ^ (static_cast<std::size_t>(n.type.sort + 1) << 16);
  h ^= static_cast<std::size_t>(n.ref + 1) * 0xC2B2AE3D27D4EB4Full;
  for (NodeId k : n.kids) h = (h ^ k) * 0x100000001B3ull;
  return h;
}

NodeId Arena::add(Node n) {
  auto it = index_.find(n);
  if (it != index_.end()) return it->second;
  auto id = static_cast<NodeId>(nodes_.size());
  nodes_.push_back(n);
  index_.emplace(std::move(n), id);
  return id;
}

std::int32_t Arena::intern(const Value& v) {
  std::string key = std::to_string(static_cast<int>(v.kind)) + ":" + to_string(v);
  auto it = lit_index_.find(key);
  if (it != lit_index_.end()) return it->second;
  auto id = static_cast<std::int32_t>(literals_.size());
  literals_.push_back(v);
  lit_index_.emplace(std::move(key), id);
  return id;
}

const char* to_string(Op op) {
  switch (op) {
    case Op::Lit: return "lit";
    case Op::Var: return "var";
    case Op::Next: return "next";
    case Op::Param: return "param";
    case Op::Arg: return "arg";
    case Op::Not: return "!";
    case Op::And: return "&&";
    case Op::Or: return "||";
    case Op::Implies: return "==>";
    case Op::Ite: return "ite";
    case Op::Eq: return "==";
    case Op::Lt: return "<";
    case Op::Le: return "<=";
    case Op::Add: return "+";
    case Op::Sub: return "-";
    case Op::Mul: return "*";
    case Op::Div: return "/";
    case Op::Mod: return "%";
    case Op::Neg: return "-";
    case Op::Min: return "min";
    case Op::Max: return "max";
    case Op::Abs: return "abs";
    case Op::Floor: return "floor";
    case Op::Ceil: return "ceil";
    case Op::MulDivDown: return "mulDivDown";
    case Op::MulDivUp: return "mulDivUp";
    case Op::ToReal: return "real";
  }
  return "?";
}

const char* to_string(PropKind k) {
  switch (k) {
    case PropKind::Invariant: return "invariant";
    case PropKind::Rule: return "rule";
    case PropKind::DivisionByZero: return "division_by_zero";
    case PropKind::Assert: return "assert";
    case PropKind::NatUnderflow: return "nat_underflow";
  }
  return "?";
}

std::string print_value(const TransitionSystem& ts, const Value& v, Type t) {
  if (v.kind == Value::Kind::Enum && t.sort >= 0) {
    const auto& elems = ts.sorts[static_cast<std::size_t>(t.sort)].elems;
    int i = v.as_enum();
    if (i >= 0 && static_cast<std::size_t>(i) < elems.size()) return elems[static_cast<std::size_t>(i)];
  }
  return to_string(v);
}

namespace {

int prec(Op op) {
  switch (op) {
    case Op::Implies: return 1;
    case Op::Or: return 2;
    case Op::And: return 3;
    case Op::Not: return 4;
    case Op::Eq: case Op::Lt: case Op::Le: return 5;
    case Op::Add: case Op::Sub: return 6;
    case Op::Mul: case Op::Div: case Op::Mod: return 7;
    case Op::Neg: return 8;
    default: return 9;
  }
}

// Prints a node as an infix expression; output is capped so a huge DAG cannot flood a terminal.
struct Printer {
  const TransitionSystem& ts;
  const Action* action;
  std::size_t budget = 20000;

  std::string operator()(NodeId id, int outer = 0) {
    if (budget == 0) return "…";
    --budget;
    const Node& n = ts.nodes[id];
    std::string s;
    switch (n.op) {
      case Op::Lit: return print_value(ts, ts.nodes.literal(n), n.type);
      case Op::Var: return ts.cells[static_cast<std::size_t>(n.ref)].name;
      case Op::Next: return ts.cells[static_cast<std::size_t>(n.ref)].name + "'";
      case Op::Param: return ts.params[static_cast<std::size_t>(n.ref)].name;
      case Op::Arg:
        return action && static_cast<std::size_t>(n.ref) < action->args.size()
                   ? action->args[static_cast<std::size_t>(n.ref)].name
                   : fmt::format("arg{}", n.ref);
      case Op::Not: {
        const Node& k = ts.nodes[n.kids[0]];
        if (k.op == Op::Eq) {  // a != b reads better than !a == b
          s = fmt::format("{} != {}", (*this)(k.kids[0], 6), (*this)(k.kids[1], 6));
          return prec(Op::Eq) < outer ? "(" + s + ")" : s;
        }
        s = fmt::format("!({})", (*this)(n.kids[0]));
        return s;
      }
      case Op::Neg: s = fmt::format("-{}", (*this)(n.kids[0], prec(n.op) + 1)); break;
      case Op::And:
      case Op::Or:
      case Op::Implies:
      case Op::Eq:
      case Op::Lt:
      case Op::Le:
      case Op::Add:
      case Op::Sub:
      case Op::Mul:
      case Op::Div:
      case Op::Mod: {
        int p = prec(n.op);
        for (std::size_t i = 0; i < n.kids.size(); ++i) {
          if (i) s += fmt::format(" {} ", to_string(n.op));
          bool right = i + 1 == n.kids.size() && i > 0;
          s += (*this)(n.kids[i], n.op == Op::Implies ? (right ? p : p + 1) : (right ? p + 1 : p));
        }
        break;
      }
      case Op::Ite:
        s = fmt::format("if {} then {} else {}", (*this)(n.kids[0]), (*this)(n.kids[1]), (*this)(n.kids[2]));
        return outer > 0 ? "(" + s + ")" : s;
      default: {
        s = fmt::format("{}(", to_string(n.op));
        for (std::size_t i = 0; i < n.kids.size(); ++i) s += (i ? ", " : "") + (*this)(n.kids[i]);
        return s + ")";
      }
    }
    return prec(n.op) < outer ? "(" + s + ")" : s;
  }
};

std::string type_name(const TransitionSystem& ts, Type t, bool nat = false) {
  switch (t.kind) {
    case Type::Bool: return "bool";
    case Type::Int: return nat ? "nat" : "int";
    case Type::Real: return "real";
    case Type::Enum: return ts.sorts[static_cast<std::size_t>(t.sort)].name;
  }
  return "?";
}

}  // namespace

std::string print_node(const TransitionSystem& ts, NodeId id) { return Printer{ts, nullptr}(id); }

std::string canonical_text(const TransitionSystem& ts, NodeId root) {
  std::unordered_map<NodeId, std::size_t> local;  // arena id -> line number
  std::string out;
  // Post-order without recursion: a node is written once all its kids are.
  std::vector<std::pair<NodeId, std::size_t>> stack{{root, 0}};
  while (!stack.empty()) {
    auto& [id, next_kid] = stack.back();
    const Node& n = ts.nodes[id];
    if (local.count(id)) {
      stack.pop_back();
      continue;
    }
    if (next_kid < n.kids.size()) {
      NodeId kid = n.kids[next_kid++];
      if (!local.count(kid)) stack.push_back({kid, 0});
      continue;
    }
    out += fmt::format("%{} = {} {}:{} ", local.size(), to_string(n.op), int(n.type.kind), n.type.sort);
    out += n.op == Op::Lit ? to_string(ts.nodes.literal(n)) : std::to_string(n.ref);
    for (NodeId k : n.kids) out += fmt::format(" %{}", local.at(k));
    out += "\n";
    local.emplace(id, local.size());
    stack.pop_back();
  }
  return out;
}

std::string print(const TransitionSystem& ts) {
  std::string out = fmt::format("transition system {}\n", ts.name.empty() ? "(unnamed)" : ts.name);
  out += fmt::format("  {} cells, {} actions, {} invariants, {} step properties, {} nodes\n", ts.cells.size(),
                     ts.actions.size(), ts.invariants.size(), ts.steps.size(), ts.nodes.size());
  for (const auto& s : ts.sorts) {
    out += fmt::format("sort {} = {{", s.name);
    for (std::size_t i = 0; i < s.elems.size(); ++i) out += (i ? ", " : "") + s.elems[i];
    out += "}\n";
  }
  for (const auto& p : ts.params) out += fmt::format("param {}: {}\n", p.name, type_name(ts, p.type, p.nat));
  for (const auto& c : ts.cells)
    out += fmt::format("cell {}: {}\n", c.name, type_name(ts, c.type, ts.vars[static_cast<std::size_t>(c.var)].nat));
  for (NodeId a : ts.assumes) out += fmt::format("assume {}\n", print_node(ts, a));
  for (NodeId i : ts.init) out += fmt::format("init {}\n", print_node(ts, i));
  for (const auto& a : ts.actions) {
    Printer pr{ts, &a};
    out += fmt::format("{}action {}(", a.env ? "env " : "", a.name);
    for (std::size_t i = 0; i < a.args.size(); ++i)
      out += fmt::format("{}{}: {}", i ? ", " : "", a.args[i].name, type_name(ts, a.args[i].type, a.args[i].nat));
    out += ")\n";
    for (const auto& g : a.guards) out += fmt::format("  guard {}{}\n", pr(g.cond), g.implicit ? "  (implicit)" : "");
    for (std::size_t c = 0; c < a.next.size(); ++c) {
      const Node& n = ts.nodes[a.next[c]];
      if (n.op == Op::Var && static_cast<std::size_t>(n.ref) == c) continue;
      out += fmt::format("  {}' = {}\n", ts.cells[c].name, pr(a.next[c]));
    }
  }
  for (const auto& p : ts.invariants) out += fmt::format("invariant {}: {}\n", p.name, print_node(ts, p.holds));
  for (const auto& p : ts.steps) {
    const Action* a = p.action >= 0 ? &ts.actions[static_cast<std::size_t>(p.action)] : nullptr;
    out += fmt::format("{} {} on {}: {}\n", to_string(p.kind), p.name, a ? a->name : "any", Printer{ts, a}(p.holds));
  }
  for (const auto& m : ts.measures) out += fmt::format("measure {}: {}\n", m.name, print_node(ts, m.value));
  return out;
}

}  // namespace bulwark::ir

// The CHC query (chc.hpp): the clauses for Spacer, built from the Z3
// backend's terms (z3_terms.hpp). Spacer runs in a child: its answer comes
// back as a first line ("proved", "reachable", "unknown") and the invariant or
// reason. The CHC engine that decides what to ask is engine/chc.cpp.
#include "solver/smt/chc.hpp"

#include <fmt/format.h>

#include "solver/smt/child_process.hpp"
#include "solver/smt/z3_terms.hpp"
#include "solver/smt/z3_to_spec.hpp"

namespace bulwark::solver {
namespace {

std::string chc_in_child(const ir::TransitionSystem& ts, const std::vector<ir::NodeId>& lemmas, ir::NodeId property) {
  std::unique_ptr<Z3Terms> terms = make_z3_terms(ts);
  Z3Terms& b = *terms;
  z3::context& ctx = b.ctx();
  z3::expr_vector s0 = b.state_vars(0), s1 = b.state_vars(1), params = b.param_vars(), all(ctx);
  z3::sort_vector domain(ctx);
  std::vector<std::string> names;  // how each argument of Inv is written in the spec
  for (const auto& v : s0) domain.push_back(v.get_sort());
  for (const auto& c : ts.cells) names.push_back(c.name);
  for (const auto& v : params) domain.push_back(v.get_sort());
  for (const auto& p : ts.params) names.push_back(p.name);
  for (const auto& vs : {s0, s1, params, b.choice_vars(0)})
    for (const auto& v : vs) all.push_back(v);
  z3::func_decl inv = ctx.function("Inv", domain, ctx.bool_sort());
  z3::func_decl err = ctx.function("Err", z3::sort_vector(ctx), ctx.bool_sort());
  auto inv_at = [&](const z3::expr_vector& state) {
    z3::expr_vector a(ctx);
    for (const auto& v : state) a.push_back(v);
    for (const auto& v : params) a.push_back(v);
    return inv(a);
  };
  auto all_hold = [&](const std::vector<ir::NodeId>& nodes) {
    z3::expr_vector v(ctx);
    for (ir::NodeId n : nodes) v.push_back(b.term({n, in_state(0)}));
    return all_of(ctx, v);
  };
  z3::expr assumes = all_hold(ts.assumes);
  z3::fixedpoint fp(ctx);
  z3::params p(ctx);
  p.set("engine", "spacer");
  fp.set(p);
  fp.register_relation(inv);
  fp.register_relation(err);
  z3::expr init = z3::forall(all, z3::implies(assumes && b.state_types(0) && all_hold(ts.init), inv_at(s0)));
  z3::expr step = z3::forall(all, z3::implies(inv_at(s0) && assumes && b.state_types(0) && all_hold(lemmas) &&
                                                  b.transition(0) && b.state_types(1),
                                              inv_at(s1)));
  z3::expr bad = z3::forall(all, z3::implies(inv_at(s0) && !b.term({property, in_state(0)}), err()));
  fp.add_rule(init, ctx.str_symbol("init"));
  fp.add_rule(step, ctx.str_symbol("step"));
  fp.add_rule(bad, ctx.str_symbol("bad"));
  z3::expr goal = err();
  switch (fp.query(goal)) {
    case z3::sat: return "reachable\n";
    case z3::unknown: return "unknown\n" + fp.reason_unknown();
    case z3::unsat: break;
  }
  std::string why;
  auto text = to_spec_syntax(fp.get_cover_delta(-1, inv), names, why);
  return text ? "proved\n" + *text : "proved\n\n" + why;
}

}  // namespace

ChcAnswer chc_check(const ir::TransitionSystem& ts, const std::vector<ir::NodeId>& lemmas, ir::NodeId property,
                    double timeout_s) {
  ChcAnswer a;
  ChildOutcome c = run_in_child(
      [&]() -> std::string {
        try {
          return chc_in_child(ts, lemmas, property);
        } catch (const z3::exception& e) {
          return fmt::format("unknown\nsolver error: {}", e.msg());
        }
      },
      timeout_s, nullptr);
  if (c.kind == ChildOutcome::TimedOut) return a.reason = fmt::format("Spacer found no answer within {} s", timeout_s), a;
  if (c.kind != ChildOutcome::Answered) return a.reason = "the Spacer process died (" + c.died + ")", a;
  if (auto parsed = parse_chc_answer(c.text)) return *parsed;
  return a.reason = "the Spacer process died (garbled answer)", a;
}

// "reachable", "proved" then the invariant (an empty line, then why, when it
// has no spec syntax), or "unknown" then the reason.
std::string to_text(const ChcAnswer& a) {
  switch (a.answer) {
    case Answer::Sat: return "reachable\n";
    case Answer::Unsat: return "proved\n" + a.invariant + "\n";
    case Answer::Unknown: break;
  }
  return "unknown\n" + a.reason;
}

std::optional<ChcAnswer> parse_chc_answer(const std::string& text) {
  ChcAnswer a;
  auto nl = text.find('\n');
  std::string head = text.substr(0, nl), rest = nl == std::string::npos ? "" : text.substr(nl + 1);
  if (head == "reachable") a.answer = Answer::Sat;
  else if (head == "proved") {
    a.answer = Answer::Unsat;
    auto nl2 = rest.find('\n');
    a.invariant = rest.substr(0, nl2);
    if (a.invariant.empty()) a.reason = "its invariant has no spec syntax: it uses " + rest.substr(nl2 == std::string::npos ? rest.size() : nl2 + 1);
  } else if (head == "unknown")
    a.reason = rest.empty() ? "Spacer gave up" : "Spacer gave up: " + rest.substr(0, rest.find('\n'));
  else
    return std::nullopt;
  return a;
}

}  // namespace bulwark::solver

#include "report/html_report.hpp"
#include "report/plural.hpp"

#include <fmt/format.h>

#include <cmath>
#include <set>

#include "report/markup_escape.hpp"
#include "report/svg_chart.hpp"
#include "report/trace_text.hpp"

namespace bulwark::report {
namespace {

using interp::State;
using interp::Trace;
using solver::Status;
using solver::Verdict;

const char* kStyle = R"(
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px auto;max-width:1150px;color:#1d2327;padding:0 16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:32px 0 8px;border-bottom:2px solid #d0d7de;padding-bottom:4px}
h3{font-size:15px;margin:22px 0 6px}code,pre,td.v,.loc{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:12.5px}
table{border-collapse:collapse;margin:6px 0 10px}th,td{border:1px solid #d0d7de;padding:3px 8px;text-align:left;vertical-align:top}
th{background:#f3f5f7;font-weight:600}td.v{text-align:right;white-space:nowrap}
tr.st-violated td.status{background:#ffd8d3;color:#8c1d12;font-weight:600}tr.st-proved td.status{background:#d7f5dd;color:#135c24;font-weight:600}
tr.st-not_inductive td.status,tr.st-holds_to_depth td.status,tr.st-unknown td.status{background:#fff1c2;color:#6b4b00;font-weight:600}
td.chg{background:#fff2a8;font-weight:600}tr.reverted td{color:#8c1d12;font-style:italic}
.summary{color:#444}.note{color:#555;margin:4px 0}.cti{border-left:4px solid #d9a400;padding-left:12px}
.attack{border-left:4px solid #c9372c;padding-left:12px}.charts{display:flex;flex-wrap:wrap;gap:10px}
svg.chart{border:1px solid #e1e4e8;background:#fff}svg .ctitle{font-size:13px;font-weight:600}
svg .ylab{font-size:11px;text-anchor:end;fill:#555}svg .xlab{font-size:11px;text-anchor:middle;fill:#555}
svg .legend{font-size:12px}svg .grid{stroke:#eceff1}svg .axis{stroke:#888}svg path.series{fill:none;stroke-width:2}
pre{background:#f6f8fa;padding:8px;overflow-x:auto}.scroll{overflow-x:auto;max-width:100%}table.verdicts td:nth-child(4){min-width:240px}table.verdicts td:first-child{word-break:break-all}table.steps th{font-size:12.5px}ul.proofs li{margin:2px 0}
)";

// Fills the summary line from the verdict rows, so the page says what it holds
// even when read from the middle. (The page is complete without it.)
const char* kScript = R"(
document.addEventListener('DOMContentLoaded', function () {
  var rows = document.querySelectorAll('table.verdicts tr[data-status]');
  var counts = {};
  rows.forEach(function (r) { counts[r.dataset.status] = (counts[r.dataset.status] || 0) + 1; });
  var parts = Object.keys(counts).sort().map(function (k) { return counts[k] + ' ' + k.replace(/_/g, ' '); });
  var s = document.getElementById('summary');
  s.textContent = rows.length + ' properties: ' + parts.join(', ');
  s.dataset.properties = rows.length;
  document.querySelectorAll('table.verdicts tr[data-target]').forEach(function (r) {
    r.style.cursor = 'pointer';
    r.addEventListener('click', function () { document.getElementById(r.dataset.target).scrollIntoView(); });
  });
});
)";

std::string esc(const std::string& s) { return markup_escape(s); }

std::string anchor(std::size_t spec, const std::string& what, const std::string& name) {
  std::string id = fmt::format("s{}-{}-", spec, what);
  for (char ch : name) id += std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_';
  return id;
}

double to_double(const Value& v) {
  switch (v.kind) {
    case Value::Kind::Bool: return v.as_bool() ? 1 : 0;
    case Value::Kind::Int: return v.as_int().convert_to<double>();
    case Value::Kind::Real: return v.as_rational().convert_to<double>();
    case Value::Kind::Enum: return NAN;
  }
  return NAN;
}

bool numeric(ir::Type t) { return t.kind == ir::Type::Int || t.kind == ir::Type::Real; }

// The state after each step (a reverted step leaves the state as it was).
std::vector<const State*> states_of(const Trace& t) {
  std::vector<const State*> out{&t.init};
  for (const auto& s : t.steps) out.push_back(s.reverted ? out.back() : &s.post);
  return out;
}

// Cells a node reads (Var and Next), in cell order.
std::vector<int> cells_read(const ir::TransitionSystem& ts, ir::NodeId root) {
  std::set<ir::NodeId> seen;
  std::set<int> cells;
  std::vector<ir::NodeId> todo{root};
  while (!todo.empty()) {
    ir::NodeId id = todo.back();
    todo.pop_back();
    if (!seen.insert(id).second) continue;
    const auto& n = ts.nodes[id];
    if (n.op == ir::Op::Var || n.op == ir::Op::Next) cells.insert(n.ref);
    for (auto k : n.kids) todo.push_back(k);
  }
  return {cells.begin(), cells.end()};
}

// One line of a chart: a cell, or a node over the state (sub-term, measure).
struct Line {
  std::string name;
  int cell = -1;
  ir::NodeId node = 0;
};
struct ChartSpec {
  std::string title;
  std::vector<Line> lines;
};

bool is_chart_measure(const SpecReport& r, std::size_t m) {
  for (const auto& c : r.charts)
    if (c.measure == static_cast<int>(m)) return true;
  return false;
}

// `--chart` expressions if given; otherwise the operands of the broken
// property (state properties only: a step property's operands read two
// states), the variables it reads (one chart per variable, a line per cell),
// and the spec's measures.
std::vector<ChartSpec> charts_for(const SpecReport& r, const Trace& t) {
  const auto& ts = *r.ts;
  std::vector<ChartSpec> out;
  if (!r.charts.empty()) {
    for (const auto& c : r.charts)
      out.push_back({c.expr, {{c.expr, -1, ts.measures[static_cast<std::size_t>(c.measure)].value}}});
    return out;
  }
  const ir::Property& p = broken_property(ts, t);
  if (!t.step_property) {
    ChartSpec operands{fmt::format("operands of {}", p.name), {}};
    for (const auto& st : p.subterms)
      if (numeric(ts.nodes[st.node].type)) operands.lines.push_back({st.label, -1, st.node});
    if (!operands.lines.empty()) out.push_back(std::move(operands));
  }
  int current_var = -1;
  for (int c : cells_read(ts, p.holds)) {
    const auto& cell = ts.cells[static_cast<std::size_t>(c)];
    const auto& var = ts.vars[static_cast<std::size_t>(cell.var)];
    if (var.ghost || !numeric(cell.type)) continue;
    if (cell.var != current_var) out.push_back({var.name, {}}), current_var = cell.var;
    out.back().lines.push_back({cell.name, c, 0});
  }
  for (std::size_t m = 0; m < ts.measures.size(); ++m)
    if (!is_chart_measure(r, m)) out.push_back({"measure " + ts.measures[m].name, {{ts.measures[m].name, -1, ts.measures[m].value}}});
  return out;
}

std::string render_charts(const SpecReport& r, const Trace& t) {
  const auto& ts = *r.ts;
  auto states = states_of(t);
  interp::Interpreter in(ts);
  std::string out = "<div class=\"charts\">\n";
  for (const auto& spec : charts_for(r, t)) {
    LineChart chart{spec.title, {}, {}};
    for (std::size_t k = 0; k < states.size(); ++k) chart.x_labels.push_back(k == 0 ? "init" : std::to_string(k));
    for (const auto& line : spec.lines) {
      Series s{line.name, {}, {}};
      ir::Type type = line.cell >= 0 ? ts.cells[static_cast<std::size_t>(line.cell)].type : ts.nodes[line.node].type;
      for (const State* st : states) {
        Value v;
        if (line.cell >= 0) {
          v = (*st)[static_cast<std::size_t>(line.cell)];
        } else {
          in.bind(&t.params, st);
          v = in.eval(line.node);
        }
        s.y.push_back(to_double(v));
        s.text.push_back(ir::print_value(ts, v, type));
      }
      chart.series.push_back(std::move(s));
    }
    out += svg_line_chart(chart);
  }
  return out + "</div>\n";
}

// The trace as a table: a row per state, a column per cell (those that change
// in the trace or that the property reads, when the spec has many), changed
// values highlighted, then the measures.
std::string render_steps(const SpecReport& r, const Trace& t) {
  const auto& ts = *r.ts;
  auto states = states_of(t);
  std::vector<int> cols;
  std::set<int> wanted;
  for (int c : cells_read(ts, broken_property(ts, t).holds)) wanted.insert(c);
  std::size_t visible = 0;
  for (std::size_t c = 0; c < ts.cells.size(); ++c) visible += !ts.vars[static_cast<std::size_t>(ts.cells[c].var)].ghost;
  for (std::size_t c = 0; c < ts.cells.size(); ++c) {
    if (ts.vars[static_cast<std::size_t>(ts.cells[c].var)].ghost) continue;
    bool changes = false;
    for (std::size_t k = 1; k < states.size(); ++k) changes = changes || !((*states[k])[c] == (*states[k - 1])[c]);
    if (visible <= 24 || changes || wanted.count(static_cast<int>(c))) cols.push_back(static_cast<int>(c));
  }
  std::vector<std::size_t> measures;
  for (std::size_t m = 0; m < ts.measures.size(); ++m)
    if (!is_chart_measure(r, m)) measures.push_back(m);
  std::string out;
  if (!ts.params.empty()) {
    out += "<p class=\"note\">params: ";
    for (std::size_t i = 0; i < ts.params.size(); ++i)
      out += fmt::format("{}<code>{} = {}</code>", i ? ", " : "", esc(ts.params[i].name),
                         esc(ir::print_value(ts, t.params[i], ts.params[i].type)));
    out += "</p>\n";
  }
  if (visible > cols.size())
    out += fmt::format("<p class=\"note\">{} of {} cells shown: those that change or that the property reads.</p>\n",
                       cols.size(), visible);
  // A wide table scrolls inside its own box, not the page.
  out += "<div class=\"scroll\"><table class=\"steps\"><thead><tr><th>step</th><th>action</th>";
  for (int c : cols) out += fmt::format("<th>{}</th>", esc(ts.cells[static_cast<std::size_t>(c)].name));
  for (auto m : measures) out += fmt::format("<th>measure {}</th>", esc(ts.measures[m].name));
  out += "</tr></thead>\n<tbody>\n";
  interp::Interpreter in(ts);
  for (std::size_t k = 0; k < states.size(); ++k) {
    const State& st = *states[k];
    std::string action = t.from_init ? "initial state" : "a state satisfying the invariants (possibly unreachable)";
    bool reverted = false;
    if (k > 0) {
      const auto& step = t.steps[k - 1];
      const auto& a = ts.actions[static_cast<std::size_t>(step.action)];
      action = (a.env ? "env " : "") + a.name + "(";
      for (std::size_t i = 0; i < step.args.size(); ++i)
        action += fmt::format("{}{} = {}", i ? ", " : "", a.args[i].name, ir::print_value(ts, step.args[i], a.args[i].type));
      action += ")";
      reverted = step.reverted;
      if (reverted) action += " breaks the check, then reverts";
    }
    out += fmt::format("<tr{}><td>{}</td><td><code>{}</code></td>", reverted ? " class=\"reverted\"" : "",
                       k == 0 ? "init" : std::to_string(k), esc(action));
    for (int c : cols) {
      auto ci = static_cast<std::size_t>(c);
      bool changed = k > 0 && !(st[ci] == (*states[k - 1])[ci]);
      out += fmt::format("<td class=\"v{}\">{}</td>", changed ? " chg" : "", esc(ir::print_value(ts, st[ci], ts.cells[ci].type)));
    }
    if (!measures.empty()) {
      auto vs = measure_values(in, t.params, st);
      for (auto m : measures)
        out += fmt::format("<td class=\"v\">{}</td>", esc(ir::print_value(ts, vs[m], ts.nodes[ts.measures[m].value].type)));
    }
    out += "</tr>\n";
  }
  out += "</tbody></table></div>\n";
  // The broken property's sub-terms where it breaks (as the text trace shows them).
  const ir::Property& p = broken_property(ts, t);
  const State& last = *states.back();
  if (t.step_property && !t.steps.empty()) {
    const State& pre = *states[states.size() - 2];
    in.bind(&t.params, &pre, t.steps.back().reverted ? &pre : &last, &t.steps.back().args);
  } else {
    in.bind(&t.params, &last);
  }
  out += fmt::format("<p class=\"note\">broken: {} <code>{}</code>{}</p>\n", ir::to_string(p.kind), esc(p.name),
                     t.step_property ? fmt::format(" at step {}", t.steps.size()) : "");
  if (!p.subterms.empty()) {
    out += "<table class=\"subterms\"><tbody>\n";
    for (const auto& st : p.subterms)
      out += fmt::format("<tr><td><code>{}</code></td><td class=\"v\">{}</td></tr>\n", esc(st.label),
                         esc(ir::print_value(ts, in.eval(st.node), ts.nodes[st.node].type)));
    out += "</tbody></table>\n";
  }
  return out;
}

std::string how(const Verdict& v) {
  switch (v.status) {
    case Status::Proved: return v.method;
    case Status::Violated:
      return fmt::format("{}: attack trace of {} step{}", v.method, v.trace->steps.size(), v.trace->steps.size() == 1 ? "" : "s");
    case Status::HoldsToDepth: return fmt::format("no violation up to depth {}", v.depth);
    case Status::NotInductive:
      return fmt::format("not inductive; no violation up to depth {}{}", v.depth, v.reason.empty() ? "" : "; " + v.reason);
    case Status::Unknown: return v.reason;
  }
  return "";
}

std::string status_class(Status s) {
  std::string c = solver::to_string(s);
  for (char& ch : c)
    if (ch == ' ') ch = '_';
  return c;
}

std::string render_spec(std::size_t index, const SpecReport& r) {
  const auto& ts = *r.ts;
  std::string out = fmt::format("<section class=\"spec\" id=\"s{}\">\n<h2>{} <span class=\"loc\">({})</span></h2>\n",
                                index, esc(ts.name), esc(r.spec));
  out += "<table class=\"verdicts\"><thead><tr><th>property</th><th>kind</th><th>status</th><th>engine / method</th>"
         "<th>location</th><th>time</th></tr></thead>\n<tbody>\n";
  for (const auto& v : r.verdicts) {
    std::string target = v.trace ? anchor(index, "attack", v.name)
                         : v.status == Status::NotInductive && v.cti ? anchor(index, "cti", v.name)
                         : v.status == Status::Proved ? anchor(index, "proof", v.name) : "";
    std::string st = status_class(v.status);
    out += fmt::format("<tr class=\"st-{0}\" data-status=\"{0}\"{1}><td><code>{2}</code></td><td>{3}</td>"
                       "<td class=\"status\">{4}</td><td>{5}</td><td class=\"loc\">{6}</td><td class=\"v\">{7:.2f} s</td></tr>\n",
                       st, target.empty() ? "" : fmt::format(" data-target=\"{}\"", target), esc(v.name),
                       ir::to_string(v.kind), solver::to_string(v.status), esc(how(v)), esc(location(ts, v.span)), v.time_s);
  }
  out += "</tbody></table>\n";
  if (!r.warnings.empty()) {
    out += "<ul class=\"warnings\">\n";
    for (const auto& w : r.warnings)
      out += fmt::format("<li>warning[{}] {}: {}</li>\n", w.code,
                         esc(w.span.end > w.span.begin ? location(ts, w.span) : r.spec), esc(w.message));
    out += "</ul>\n";
  }
  for (const auto& v : r.verdicts) {
    if (!v.trace) continue;
    out += fmt::format("<div class=\"attack\" id=\"{}\">\n<h3>violated: <code>{}</code> ({}, <span class=\"loc\">{}</span>)</h3>\n"
                       "<p class=\"note\">found by {}, {} step{}, replayed by the interpreter</p>\n",
                       anchor(index, "attack", v.name), esc(v.name), ir::to_string(v.kind), esc(location(ts, v.span)),
                       v.method == "bmc" ? "bounded model checking" : esc(v.method), v.trace->steps.size(),
                       v.trace->steps.size() == 1 ? "" : "s");
    out += render_steps(r, *v.trace) + render_charts(r, *v.trace) + "</div>\n";
  }
  for (const auto& v : r.verdicts) {
    if (v.status != Status::NotInductive || !v.cti) continue;
    out += fmt::format("<div class=\"cti\" id=\"{}\">\n<h3>not inductive: <code>{}</code> ({}, <span class=\"loc\">{}</span>)</h3>\n"
                       "<p class=\"note\">Counterexample to induction, <b>not an attack</b>: the step below breaks the property "
                       "from a state that satisfies the invariants assumed, but that state may be unreachable (bounded "
                       "search found no attack within {}). A lemma that rules that state out would make the proof "
                       "go through.</p>\n",
                       anchor(index, "cti", v.name), esc(v.name), ir::to_string(v.kind), esc(location(ts, v.span)), counted(v.depth, "step"));
    out += render_steps(r, *v.cti) + render_charts(r, *v.cti) + "</div>\n";
  }
  bool any_proof = false;
  for (const auto& v : r.verdicts) any_proof = any_proof || v.status == Status::Proved;
  if (any_proof) {
    out += "<h3>proofs</h3>\n<ul class=\"proofs\">\n";
    for (const auto& v : r.verdicts) {
      if (v.status != Status::Proved) continue;
      out += fmt::format("<li id=\"{}\"><code>{}</code>: {}", anchor(index, "proof", v.name), esc(v.name), esc(v.method));
      if (!v.lemmas.empty()) {
        out += "; lemmas used:";
        for (std::size_t i = 0; i < v.lemmas.size(); ++i) out += fmt::format("{} <code>{}</code>", i ? "," : "", esc(v.lemmas[i]));
      }
      if (!v.invariant.empty())
        out += fmt::format("<br>the inductive invariant CHC found (re-checked by induction):\n<pre>invariant chc_{}: {};</pre>",
                           esc(v.name), esc(v.invariant));
      out += "</li>\n";
    }
    out += "</ul>\n";
  }
  return out + "</section>\n";
}

}  // namespace

std::string html_report(const std::vector<SpecReport>& specs, const std::string& version) {
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  // No network: refuse every external load even if a later change forgets.
  out += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
         "script-src 'unsafe-inline'; img-src data:\">\n";
  out += "<title>Bulwark report</title>\n<style>" + std::string(kStyle) + "</style>\n<script>" + kScript + "</script>\n";
  out += "</head>\n<body>\n<h1>Bulwark report</h1>\n";
  out += fmt::format("<p class=\"summary\"><span id=\"summary\"></span> &middot; {} spec{} &middot; bulwark {}</p>\n",
                     specs.size(), specs.size() == 1 ? "" : "s", esc(version));
  out += "<p class=\"note\">Proofs hold for the declared sort sizes. Every attack trace below was replayed by the "
         "interpreter; a counterexample to induction is not an attack. Changed values are highlighted.</p>\n";
  for (std::size_t i = 0; i < specs.size(); ++i) out += render_spec(i, specs[i]);
  return out + "</body>\n</html>\n";
}

}  // namespace bulwark::report

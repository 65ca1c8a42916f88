// The formatter prints the AST, not the tokens: layout is fixed, and the only
// things taken from the source text are comments and blank lines. Number
// literals are printed from Expr::text, which the parser stores without '_'
// separators, so `1_000` comes out as `1000`.
//
// Comments are placed by one cursor over spec.comments (which are in source
// order) while the AST is walked in source order, so each comment is emitted
// exactly once and in order:
//   - before an item (declaration, statement, init expression): on own lines;
//   - after an item on the same source line: trailing, after two spaces;
//   - after `{` on the same line: trailing on the `{` line;
//   - before a `}`: inside the block, before the `}`;
//   - inside an item (e.g. in a multi-line expression, or between an `if` and
//     its `{`): on own lines before that item, since moving it later would
//     break the order with the item's trailing comment.
#include "dsl/syntax/format.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string_view>

namespace bulwark {
namespace {

using ast::BinOp;
using ast::Expr;
using ast::ExprKind;

// Grammar levels (ast::precedence for binary operators, larger binds tighter).
constexpr int kLoosest = 1;
constexpr int kNotLevel = 4;   // `!` takes a comparison as its operand
constexpr int kNegLevel = 8;   // unary `-` takes a postfix expression
constexpr int kAtomLevel = 9;  // literals, names, calls, m[i]

int level(const Expr& e) {
  switch (e.kind) {
    case ExprKind::Binary: return ast::precedence(e.bop);
    case ExprKind::Unary: return e.uop == ast::UnOp::Not ? kNotLevel : kNegLevel;
    default: return kAtomLevel;
  }
}

// Prefix forms whose last part extends as far right as it can.
bool open_ended(const Expr& e) {
  return e.kind == ExprKind::Ite || e.kind == ExprKind::Quant || e.kind == ExprKind::Agg;
}

void print_expr(const Expr& e, int min_level, bool last, std::string& out);

// `last`: nothing of the enclosing expression follows e before a delimiter
// (`)`, `]`, `,`, `;`, `{`, `then`, `else`), so an open-ended form may stay bare.
void print_bare(const Expr& e, bool last, std::string& out) {
  switch (e.kind) {
    case ExprKind::Int:
    case ExprKind::Dec:
    case ExprKind::Name: out += e.text; return;
    case ExprKind::Bool: out += e.bool_value ? "true" : "false"; return;
    case ExprKind::Index:
      print_expr(*e.args[0], kAtomLevel, false, out);
      out += '[';
      print_expr(*e.args[1], kLoosest, true, out);
      out += ']';
      return;
    case ExprKind::Call:
      out += e.text;
      out += '(';
      for (std::size_t i = 0; i < e.args.size(); ++i) {
        if (i) out += ", ";
        print_expr(*e.args[i], kLoosest, true, out);
      }
      out += ')';
      return;
    case ExprKind::Unary:
      if (e.uop == ast::UnOp::Not) {
        out += '!';
        print_expr(*e.args[0], kNotLevel, last, out);
      } else {
        out += '-';
        print_expr(*e.args[0], kNegLevel, last, out);
      }
      return;
    case ExprKind::Binary: {
      int p = ast::precedence(e.bop);
      bool right_assoc = e.bop == BinOp::Implies;
      print_expr(*e.args[0], right_assoc ? p + 1 : p, false, out);
      out += ' ';
      out += ast::to_string(e.bop);
      out += ' ';
      print_expr(*e.args[1], right_assoc ? p : p + 1, last, out);
      return;
    }
    case ExprKind::Ite:
      out += "if ";
      print_expr(*e.args[0], kLoosest, true, out);
      out += " then ";
      print_expr(*e.args[1], kLoosest, true, out);
      out += " else ";
      print_expr(*e.args[2], kLoosest, last, out);
      return;
    case ExprKind::Quant:
    case ExprKind::Agg: {
      const char* kw = "";
      if (e.kind == ExprKind::Quant) {
        kw = e.quant == ast::QuantKind::Forall ? "forall" : "exists";
      } else {
        switch (e.agg) {
          case ast::AggKind::Sum: kw = "sum"; break;
          case ast::AggKind::Count: kw = "count"; break;
          case ast::AggKind::Min: kw = "min"; break;
          case ast::AggKind::Max: kw = "max"; break;
        }
      }
      out += fmt::format("{} {} in {}: ", kw, e.text, e.sort);
      print_expr(*e.args[0], kLoosest, last, out);
      return;
    }
  }
}

void print_expr(const Expr& e, int min_level, bool last, std::string& out) {
  bool parens = e.parens || level(e) < min_level || (open_ended(e) && !last);
  if (parens) out += '(';
  print_bare(e, parens || last, out);
  if (parens) out += ')';
}

std::string expr_text(const Expr& e) {
  std::string out;
  print_expr(e, kLoosest, true, out);
  return out;
}

std::string type_text(const ast::TypeExpr& t) {
  return fmt::format("{}", fmt::join(t.parts, " -> "));
}

std::string params_text(const std::vector<ast::Binding>& ps) {
  std::string out = "(";
  for (std::size_t i = 0; i < ps.size(); ++i) {
    if (i) out += ", ";
    out += fmt::format("{}: {}", ps[i].name, type_text(ps[i].type));
  }
  return out + ")";
}

// A simple statement's line, or the head of an `if` / `for` up to its `{`.
std::string stmt_line(const ast::Stmt& s) {
  using ast::StmtKind;
  switch (s.kind) {
    case StmtKind::Require: return fmt::format("require {};", expr_text(*s.expr));
    case StmtKind::Assert: return fmt::format("assert {};", expr_text(*s.expr));
    case StmtKind::Let: return fmt::format("let {} = {};", s.name, expr_text(*s.expr));
    case StmtKind::Assign: {
      std::string target = s.name;
      for (const auto& i : s.index) target += "[" + expr_text(*i) + "]";
      const char* op = s.op == ast::AssignOp::Set ? "=" : s.op == ast::AssignOp::Add ? "+=" : "-=";
      return fmt::format("{} {} {};", target, op, expr_text(*s.expr));
    }
    case StmtKind::If: return fmt::format("if {} {{", expr_text(*s.expr));
    case StmtKind::For: return fmt::format("for {} in {} {{", s.name, s.sort);
  }
  return "";
}

constexpr std::uint32_t kEnd = std::numeric_limits<std::uint32_t>::max();

class Formatter {
 public:
  explicit Formatter(const ast::ParsedSpec& spec) : src_(spec.file->text()), comments_(spec.comments) {}

  std::string run(const std::vector<ast::Decl>& decls) {
    for (const auto& d : decls) decl(d);
    leading_until(kEnd);  // comments after the last declaration
    return std::move(out_);
  }

 private:
  const std::string& src_;
  const std::vector<Span>& comments_;
  std::size_t next_ = 0;  // first comment not yet emitted
  std::string out_;
  int indent_ = 0;
  std::uint32_t prev_end_ = 0;  // source end of the last thing emitted (for blank lines)
  bool block_start_ = true;     // nothing emitted yet in the current block

  // --- source text helpers ---
  bool blank_between(std::uint32_t a, std::uint32_t b) const {
    if (b <= a) return false;
    return std::count(src_.begin() + a, src_.begin() + b, '\n') >= 2;
  }
  // The first `{` at or after `from` that is not inside a comment.
  std::uint32_t open_brace(std::uint32_t from) const {
    for (std::size_t i = from; i < src_.size(); ++i) {
      if (src_.compare(i, 2, "//") == 0) {
        i = src_.find('\n', i);
        if (i == std::string::npos) break;
      } else if (src_.compare(i, 2, "/*") == 0) {
        i = src_.find("*/", i + 2);
        if (i == std::string::npos) break;
        ++i;
      } else if (src_[i] == '{') {
        return static_cast<std::uint32_t>(i);
      }
    }
    return from;  // unreachable for a parsed spec
  }
  std::string comment_text(Span c) const {
    std::string t = src_.substr(c.begin, c.end - c.begin);
    // A `//` comment runs to '\n', so it may carry '\r' or trailing blanks.
    while (!t.empty() && (t.back() == ' ' || t.back() == '\t' || t.back() == '\r')) t.pop_back();
    return t;
  }

  // --- output helpers ---
  void line(std::string_view s) {
    out_.append(static_cast<std::size_t>(indent_) * 2, ' ');
    out_ += s;
    out_ += '\n';
  }
  void blank_before(std::uint32_t begin) {
    if (!block_start_ && blank_between(prev_end_, begin)) out_ += '\n';
  }
  void comment_line(Span c, bool keep_blank) {
    if (keep_blank) blank_before(c.begin);
    line(comment_text(c));
    prev_end_ = std::max(prev_end_, c.end);
    block_start_ = false;
  }
  // Own-line comments for everything that starts before `limit`.
  void leading_until(std::uint32_t limit, bool keep_blank = true) {
    while (next_ < comments_.size() && comments_[next_].begin < limit) comment_line(comments_[next_++], keep_blank);
  }
  // Comments after source offset `end` on the same line with no code in
  // between are appended to the last output line.
  void trailing(std::uint32_t end) {
    std::uint32_t pos = end;
    while (next_ < comments_.size() && comments_[next_].begin >= pos) {
      Span c = comments_[next_];
      bool same_line = std::all_of(src_.begin() + pos, src_.begin() + c.begin,
                                   [](char ch) { return ch == ' ' || ch == '\t' || ch == ';'; });
      if (!same_line) break;
      out_.pop_back();  // the '\n' of the item's line
      out_ += "  " + comment_text(c) + "\n";
      pos = c.end;
      ++next_;
    }
    prev_end_ = std::max(prev_end_, pos);
    block_start_ = false;
  }

  // Comments before the item, a blank line if the source had one, comments
  // inside the item's head (they cannot stay where they were), then the item.
  void begin_item(Span span, std::uint32_t head_end) {
    leading_until(span.begin);
    blank_before(span.begin);
    leading_until(head_end, false);
  }

  // Prints `head` ending in `{`, the block, and leaves the closing `}` to the
  // caller (which may print `} else {`). Returns true if the block printed
  // nothing, so the caller can close it as `{}`.
  bool block(const std::string& head, std::uint32_t open, const std::vector<ast::Stmt>& body, std::uint32_t close) {
    bool head_comments = next_ < comments_.size() && comments_[next_].begin < open;
    line(head);
    std::size_t mark = out_.size();
    ++indent_;
    block_start_ = true;
    prev_end_ = open + 1;
    // Comments between `} else` and `{` go first inside the block, so that a
    // comment after `{` must then go on its own line too (order is kept).
    if (head_comments) {
      leading_until(open, false);
    } else {
      trailing(open + 1);
      block_start_ = true;
    }
    stmts(body);
    leading_until(close);
    --indent_;
    block_start_ = false;
    return out_.size() == mark;
  }
  void close_block(bool empty) {
    if (empty) {
      out_.pop_back();
      out_ += "}\n";
    } else {
      line("}");
    }
  }

  void stmts(const std::vector<ast::Stmt>& body) {
    for (const auto& s : body) stmt(s);
  }

  void stmt(const ast::Stmt& s) {
    using ast::StmtKind;
    switch (s.kind) {
      case StmtKind::Require:
      case StmtKind::Assert:
      case StmtKind::Let:
      case StmtKind::Assign:
        begin_item(s.span, s.span.end);
        line(stmt_line(s));
        break;
      case StmtKind::For: {
        std::uint32_t open = open_brace(s.sort_span.end);
        begin_item(s.span, open);
        close_block(block(stmt_line(s), open, s.body, s.body_close));
        break;
      }
      case StmtKind::If: {
        std::uint32_t open = open_brace(s.expr->span.end);
        begin_item(s.span, open);
        bool empty = block(stmt_line(s), open, s.body, s.body_close);
        for (const ast::Stmt* cur = &s;;) {
          if (!cur->has_else) {
            close_block(empty);
            break;
          }
          if (cur->else_if) {
            const ast::Stmt& n = cur->else_body.front();
            std::uint32_t o = open_brace(n.expr->span.end);
            empty = block(fmt::format("}} else if {} {{", expr_text(*n.expr)), o, n.body, n.body_close);
            cur = &n;
          } else {
            std::uint32_t o = open_brace(cur->body_close + 1);
            close_block(block("} else {", o, cur->else_body, cur->else_close));
            break;
          }
        }
        break;
      }
    }
    trailing(s.span.end);
  }

  // `head {`, one line per item (`text` gives its span and line), `}`; the
  // comments around the items kept as in a block of statements.
  template <typename Items, typename Text>
  void line_block(const std::string& head, std::uint32_t open, std::uint32_t close, const Items& items, Text text) {
    line(head);
    std::size_t mark = out_.size();
    ++indent_;
    block_start_ = true;
    trailing(open + 1);
    block_start_ = true;
    for (const auto& item : items) {
      auto [span, body] = text(item);
      begin_item(span, span.end);
      line(body);
      trailing(span.end);
    }
    leading_until(close);
    --indent_;
    close_block(out_.size() == mark);
  }

  static std::string item_text(const ast::ScenarioItem& i) {
    switch (i.kind) {
      case ast::ItemKind::Moves: return fmt::format("moves {};", i.number);
      case ast::ItemKind::Policy:
        return i.has_list ? fmt::format("policy {}({});", i.name, fmt::join(i.actions, ", "))
                          : fmt::format("policy {};", i.name);
      case ast::ItemKind::Drive: {
        std::vector<std::string> procs;
        for (const auto& p : i.procs) {
          std::vector<std::string> args;
          if (p.has_file) args.push_back("\"" + p.file + "\"");
          for (const auto& a : p.args) args.push_back(expr_text(*a));
          procs.push_back(fmt::format("{}({})", p.fn, fmt::join(args, ", ")));
        }
        std::string out = fmt::format("drive {}({}) = {}", i.name, i.arg, fmt::join(procs, " * "));
        if (i.from) out += " from " + expr_text(*i.from);
        return out + ";";
      }
    }
    return "";
  }

  void simple_decl(const ast::Decl& d, const std::string& text) {
    begin_item(d.span, d.span.end);
    line(text);
  }

  void decl(const ast::Decl& d) {
    using ast::DeclKind;
    switch (d.kind) {
      case DeclKind::Spec: simple_decl(d, fmt::format("spec {};", d.name)); break;
      case DeclKind::Sort:
        if (d.sized)
          simple_decl(d, fmt::format("sort {}[{}];", d.name, d.size_text));
        else
          simple_decl(d, fmt::format("sort {} = {{{}}};", d.name, fmt::join(d.elems, ", ")));
        break;
      case DeclKind::Const:
        simple_decl(d, fmt::format("const {}: {} = {};", d.name, type_text(d.type), expr_text(*d.expr)));
        break;
      case DeclKind::Param: simple_decl(d, fmt::format("param {}: {};", d.name, type_text(d.type))); break;
      case DeclKind::Assume: simple_decl(d, fmt::format("assume {};", expr_text(*d.expr))); break;
      case DeclKind::Var: simple_decl(d, fmt::format("var {}: {};", d.name, type_text(d.type))); break;
      case DeclKind::Def:
        simple_decl(d, fmt::format("def {}{}: {} = {};", d.name, params_text(d.params), type_text(d.type),
                                   expr_text(*d.expr)));
        break;
      case DeclKind::Invariant: simple_decl(d, fmt::format("invariant {}: {};", d.name, expr_text(*d.expr))); break;
      case DeclKind::Measure: simple_decl(d, fmt::format("measure {}: {};", d.name, expr_text(*d.expr))); break;
      case DeclKind::Rule:
        simple_decl(d, fmt::format("rule {} on {}: {};", d.name, d.on, expr_text(*d.expr)));
        break;
      case DeclKind::Action: {
        std::uint32_t open = open_brace(d.name_span.end);
        begin_item(d.span, open);
        std::string head = fmt::format("{}action {}{} {{", d.env ? "env " : "", d.name, params_text(d.params));
        close_block(block(head, open, d.body, d.body_close));
        break;
      }
      case DeclKind::Scenario: {
        std::uint32_t open = open_brace(d.name_span.end);
        begin_item(d.span, open);
        line_block(fmt::format("scenario {} {{", d.name), open, d.items_close, d.items,
                   [](const ast::ScenarioItem& i) { return std::make_pair(i.span, item_text(i)); });
        break;
      }
      case DeclKind::Init: {
        std::uint32_t open = open_brace(d.span.begin);
        begin_item(d.span, open);
        line_block("init {", open, d.body_close, d.exprs,
                   [](const ast::ExprPtr& e) { return std::make_pair(e->span, expr_text(*e) + ";"); });
        break;
      }
    }
    trailing(d.span.end);
  }
};

}  // namespace

std::string format_spec(const ast::ParsedSpec& spec) {
  return Formatter(spec).run(spec.decls);
}

std::string format_statement(const ast::Stmt& s) { return stmt_line(s); }
std::string format_expr(const ast::Expr& e) { return expr_text(e); }

}  // namespace bulwark

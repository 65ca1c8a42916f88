// The Spirit X3 grammar of LANGUAGE.md and the conversion of its raw parse tree
// into ast::ParsedSpec. Style follows X3's calc/rexpr examples: plain structs,
// attribute propagation (no semantic actions), `>` after the token that
// commits to a construct so errors point at the real place.
#include "dsl/syntax/parse.hpp"

#define BOOST_SPIRIT_X3_NO_FILESYSTEM
#include <boost/fusion/include/adapt_struct.hpp>
#include <boost/spirit/home/x3.hpp>
#include <boost/spirit/home/x3/support/ast/variant.hpp>
#include <boost/optional.hpp>
#include <fmt/format.h>

#include <cstring>
#include <optional>

namespace bulwark {
namespace raw {  // the parse tree as X3 builds it; never leaves this file
namespace x3 = boost::spirit::x3;

struct Pos { const char* p = nullptr; };

struct name_tok { Pos pos; std::string s; };
struct number_tok { Pos pos; std::string s; };
struct bool_tok { Pos pos; std::string s; };

struct chain;
struct call_e;
struct paren_e;
struct if_e;
struct quant_e;
struct postfix_e;
struct unary_e;

struct primary : x3::variant<number_tok, bool_tok, x3::forward_ast<call_e>, name_tok, x3::forward_ast<paren_e>,
                             x3::forward_ast<if_e>, x3::forward_ast<quant_e>> {
  using base_type::base_type;
  using base_type::operator=;
};
struct operand : x3::variant<x3::forward_ast<postfix_e>, x3::forward_ast<unary_e>, x3::forward_ast<chain>> {
  using base_type::base_type;
  using base_type::operator=;
};
struct tail { Pos pos; std::string op; operand rhs; };
struct chain { operand first; std::vector<tail> rest; };
struct unary_e { Pos pos; std::string op; operand rhs; };
struct index_t { Pos pos; chain e; Pos close; };
struct postfix_e { primary base; std::vector<index_t> idx; };
struct call_e { name_tok fn; std::vector<chain> args; Pos close; };
struct paren_e { Pos pos; chain e; Pos close; };
struct if_e { Pos pos; chain c, a, b; };
struct quant_e { Pos pos; std::string kw; name_tok var; name_tok sort; chain body; };

struct type_e { Pos pos; std::vector<name_tok> parts; };
struct binding { name_tok name; type_e type; };

struct if_s;
struct for_s;
struct check_s { Pos pos; std::string kw; chain e; Pos end; };
struct assign_s { name_tok target; std::vector<index_t> idx; std::string op; chain rhs; Pos end; };
struct let_s { Pos pos; name_tok name; chain e; Pos end; };
struct stmt : x3::variant<check_s, assign_s, let_s, x3::forward_ast<if_s>, x3::forward_ast<for_s>> {
  using base_type::base_type;
  using base_type::operator=;
};
struct block { Pos open; std::vector<stmt> stmts; Pos close; };
struct else_part : x3::variant<block, x3::forward_ast<if_s>> {
  using base_type::base_type;
  using base_type::operator=;
};
struct if_s { Pos pos; chain cond; block then_; boost::optional<else_part> els; };
struct for_s { Pos pos; name_tok var; name_tok sort; block body; };

struct spec_d { Pos pos; name_tok name; Pos end; };
struct sort_enum_d { Pos pos; name_tok name; std::vector<name_tok> elems; Pos end; };
struct sort_sized_d { Pos pos; name_tok name; number_tok size; Pos end; };
struct const_d { Pos pos; name_tok name; type_e type; chain e; Pos end; };
struct param_d { Pos pos; name_tok name; type_e type; Pos end; };
struct assume_d { Pos pos; chain e; Pos end; };
struct var_d { Pos pos; name_tok name; type_e type; Pos end; };
struct init_d { Pos pos; std::vector<chain> es; Pos close; };
struct def_d { Pos pos; name_tok name; std::vector<binding> params; type_e ret; chain e; Pos end; };
struct action_d { Pos pos; boost::optional<std::string> env; name_tok name; std::vector<binding> params; block body; };
struct invariant_d { Pos pos; name_tok name; chain e; Pos end; };
struct rule_d { Pos pos; name_tok name; name_tok on; chain e; Pos end; };
struct measure_d { Pos pos; name_tok name; chain e; Pos end; };
struct str_tok { Pos pos; std::string s; Pos end; };
struct process_e { name_tok fn; boost::optional<str_tok> file; std::vector<chain> args; Pos close; };
struct drive_s { Pos pos; name_tok action; name_tok arg; std::vector<process_e> procs; boost::optional<chain> from; Pos end; };
struct policy_s { Pos pos; name_tok kind; boost::optional<std::vector<name_tok>> actions; Pos end; };
struct moves_s { Pos pos; number_tok n; Pos end; };
struct scen_item : x3::variant<drive_s, policy_s, moves_s> {
  using base_type::base_type;
  using base_type::operator=;
};
struct scenario_d { Pos pos; name_tok name; std::vector<scen_item> items; Pos close; };
struct decl : x3::variant<spec_d, sort_enum_d, sort_sized_d, const_d, param_d, assume_d, var_d, init_d, def_d,
                          action_d, invariant_d, rule_d, measure_d, scenario_d> {
  using base_type::base_type;
  using base_type::operator=;
};

}  // namespace raw
}  // namespace bulwark

BOOST_FUSION_ADAPT_STRUCT(bulwark::raw::name_tok, pos, s)
BOOST_FUSION_ADAPT_STRUCT(bulwark::raw::number_tok, pos, s)
BOOST_FUSION_ADAPT_STRUCT(bulwark::raw::bool_tok, pos, s)
BOOST_FUSION_ADAPT_STRUCT(bulwark::raw::tail, pos, op, rhs)
BOOST_FUSION_ADAPT_STRUCT(bulwark::raw::chain, first, rest)
BOOST_FUSION_ADAPT_STRUCT(bulwark::raw::unary_e, pos, op, rhs)
BOOST_FUSION_ADAPT_STRUCT(bulwark::raw::index_t, pos, e, close)
BOOST_FUSION_ADAPT_STRUCT(bulwark::raw::postfix_e, base, idx)
BOOST_FUSION_ADAPT_STRUCT(bulwark::raw::call_e, fn, args, close)
BOOST_FUSION_ADAPT_STRUCT(bulwark::raw::paren_e, pos, e, close)
BOOST_FUSION_ADAPT_STRUCT(bulwark::raw::if_e, pos, c, a, b)
BOOST_FUSION_ADAPT_STRUCT(bulwark::raw::quant_e, pos, kw, var, sort, body)
BOOST_FUSION_ADAPT_STRUCT(bulwark::raw::type_e, pos, parts)
BOOST_FUSION_ADAPT_STRUCT(bulwark::raw::binding, name, type)
BOOST_FUSION_ADAPT_STRUCT(bulwark::raw::check_s, pos, kw, e, end)
BOOST_FUSION_ADAPT_STRUCT(bulwark::raw::assign_s, target, idx, op, rhs, end)
BOOST_FUSION_ADAPT_STRUCT(bulwark::raw::let_s, pos, name, e, end)
BOOST_FUSION_ADAPT_STRUCT(bulwark::raw::block, open, stmts, close)
BOOST_FUSION_ADAPT_STRUCT(bulwark::raw::if_s, pos, cond, then_, els)
BOOST_FUSION_ADAPT_STRUCT(bulwark::raw::for_s, pos, var, sort, body)
BOOST_FUSION_ADAPT_STRUCT(bulwark::raw::spec_d, pos, name, end)
BOOST_FUSION_ADAPT_STRUCT(bulwark::raw::sort_enum_d, pos, name, elems, end)
BOOST_FUSION_ADAPT_STRUCT(bulwark::raw::sort_sized_d, pos, name, size, end)
BOOST_FUSION_ADAPT_STRUCT(bulwark::raw::const_d, pos, name, type, e, end)
BOOST_FUSION_ADAPT_STRUCT(bulwark::raw::param_d, pos, name, type, end)
BOOST_FUSION_ADAPT_STRUCT(bulwark::raw::assume_d, pos, e, end)
BOOST_FUSION_ADAPT_STRUCT(bulwark::raw::var_d, pos, name, type, end)
BOOST_FUSION_ADAPT_STRUCT(bulwark::raw::init_d, pos, es, close)
BOOST_FUSION_ADAPT_STRUCT(bulwark::raw::def_d, pos, name, params, ret, e, end)
BOOST_FUSION_ADAPT_STRUCT(bulwark::raw::action_d, pos, env, name, params, body)
BOOST_FUSION_ADAPT_STRUCT(bulwark::raw::invariant_d, pos, name, e, end)
BOOST_FUSION_ADAPT_STRUCT(bulwark::raw::rule_d, pos, name, on, e, end)
BOOST_FUSION_ADAPT_STRUCT(bulwark::raw::measure_d, pos, name, e, end)
BOOST_FUSION_ADAPT_STRUCT(bulwark::raw::str_tok, pos, s, end)
BOOST_FUSION_ADAPT_STRUCT(bulwark::raw::process_e, fn, file, args, close)
BOOST_FUSION_ADAPT_STRUCT(bulwark::raw::drive_s, pos, action, arg, procs, from, end)
BOOST_FUSION_ADAPT_STRUCT(bulwark::raw::policy_s, pos, kind, actions, end)
BOOST_FUSION_ADAPT_STRUCT(bulwark::raw::moves_s, pos, n, end)
BOOST_FUSION_ADAPT_STRUCT(bulwark::raw::scenario_d, pos, name, items, close)

namespace bulwark {
namespace grammar {
namespace x3 = boost::spirit::x3;
using namespace raw;

// Nesting depth of the recursive rules on the current parse; see depth_guard.
thread_local int depth = 0;
struct TooDeep { const char* where; };

// Wraps a recursive rule: counts how deep the parse is and stops with
// E0112 before the native stack can overflow (100,000 `(` must not crash).
template <typename Subject>
struct depth_guard : x3::unary_parser<Subject, depth_guard<Subject>> {
  using base = x3::unary_parser<Subject, depth_guard<Subject>>;
  static bool const is_pass_through_unary = true;
  constexpr depth_guard(Subject const& s) : base(s) {}
  template <typename It, typename Ctx, typename RCtx, typename Attr>
  bool parse(It& first, It const& last, Ctx const& ctx, RCtx& rctx, Attr& attr) const {
    struct Level {
      Level() { ++depth; }
      ~Level() { --depth; }
    } level;
    if (depth > kMaxNesting) throw TooDeep{first};
    return this->subject.parse(first, last, ctx, rctx, attr);
  }
};
struct guard_gen {
  template <typename Subject>
  constexpr depth_guard<typename x3::extension::as_parser<Subject>::value_type> operator[](Subject const& s) const {
    return {x3::as_parser(s)};
  }
};
constexpr guard_gen guarded{};

// The current position (after skipping blanks) as an attribute; consumes nothing.
struct pos_end_safe : x3::parser<pos_end_safe> {
  using attribute_type = Pos;
  static bool const has_attribute = true;
  template <typename It, typename Ctx, typename RCtx, typename Attr>
  bool parse(It& first, It const& last, Ctx const& ctx, RCtx&, Attr& attr) const {
    x3::skip_over(first, last, ctx);
    x3::traits::move_to(Pos{first}, attr);
    return true;
  }
};
constexpr pos_end_safe pos{};

using x3::lexeme;
using x3::lit;
using x3::raw;
using x3::alnum;
using x3::alpha;
using x3::digit;

const auto word_end = !(alnum | lit('_'));
auto kw(const char* s) { return lexeme[lit(s) >> word_end]; }

// Token tables whose attribute is the matched text (symbols match the longest entry).
struct Words : x3::symbols<std::string> {
  Words(std::initializer_list<const char*> ws) {
    for (const char* w : ws) add(w, w);
  }
};
const Words bool_words{"true", "false"}, check_words{"require", "assert"}, env_word{"env"},
    quant_words{"forall", "exists", "sum", "count"}, minmax_words{"min", "max"}, old_word{"old"}, init_word{"init"}, any_word{"any"},
    type_words{"bool", "int", "nat", "real"}, impl_ops{"==>"}, or_ops{"||"}, and_ops{"&&"}, bang_ops{"!"},
    cmp_ops{"==", "!=", "<=", ">=", "<", ">"}, add_ops{"+", "-"}, mul_ops{"*", "/", "%"}, neg_ops{"-"},
    assign_ops{"=", "+=", "-="};
auto kws(const Words& w) { return lexeme[w >> word_end]; }

const auto keyword = lexeme[(lit("spec") | "sort" | "const" | "param" | "assume" | "var" | "init" | "def" |
                             "action" | "env" | "invariant" | "rule" | "on" | "any" | "forall" | "exists" | "in" |
                             "sum" | "count" | "if" | "then" | "else" | "let" | "require" | "assert" | "for" |
                             "bool" | "int" | "nat" | "real" | "true" | "false" | "old") >>
                            word_end];

// Keywords that follow a commit point get rules of their own, so an error says `expected 'then'`.
x3::rule<class kw_in_id> const kw_in = "'in'";
x3::rule<class kw_then_id> const kw_then = "'then'";
x3::rule<class kw_else_id> const kw_else = "'else'";
x3::rule<class kw_on_id> const kw_on = "'on'";
x3::rule<class assign_op_id, std::string> const assign_op = "'=', '+=' or '-='";
x3::rule<class ident_id, name_tok> const ident = "identifier";
x3::rule<class number_id, number_tok> const number = "number";
x3::rule<class expr_id, chain> const expr = "expression";
x3::rule<class impl_id, chain> const impl_e = "expression";
x3::rule<class or_id, chain> const or_e = "expression";
x3::rule<class and_id, chain> const and_e = "expression";
x3::rule<class not_id, operand> const not_e = "expression";
x3::rule<class cmp_id, chain> const cmp_e = "expression";
x3::rule<class add_id, chain> const add_e = "expression";
x3::rule<class mul_id, chain> const mul_e = "expression";
x3::rule<class unary_id, operand> const unary = "expression";
x3::rule<class neg_id, unary_e> const neg_e = "expression";
x3::rule<class bang_id, unary_e> const bang_e = "expression";
x3::rule<class postfix_id, postfix_e> const postfix = "expression";
x3::rule<class primary_id, primary> const primary_r = "expression";
x3::rule<class index_id, index_t> const index_r = "index";
x3::rule<class call_id, call_e> const call = "call";
x3::rule<class callee_id, name_tok> const callee = "function name";
x3::rule<class paren_id, paren_e> const paren = "parenthesized expression";
x3::rule<class if_e_id, if_e> const if_expr = "if-expression";
x3::rule<class quant_id, quant_e> const quant = "quantifier";
x3::rule<class bool_id, bool_tok> const boolean = "boolean";
x3::rule<class tail_or_id, tail> const or_tail = "'||'";
x3::rule<class tail_and_id, tail> const and_tail = "'&&'";
x3::rule<class tail_impl_id, tail> const impl_tail = "'==>'";
x3::rule<class tail_cmp_id, tail> const cmp_tail = "comparison";
x3::rule<class tail_add_id, tail> const add_tail = "'+' or '-'";
x3::rule<class tail_mul_id, tail> const mul_tail = "'*', '/' or '%'";
x3::rule<class type_id, type_e> const type = "type";
x3::rule<class base_type_id, name_tok> const base_type = "type";
x3::rule<class binding_id, binding> const binding_r = "parameter";
x3::rule<class stmt_id, stmt> const statement = "statement";
x3::rule<class block_id, block> const block_r = "'{'";
x3::rule<class check_id, check_s> const check_stmt = "statement";
x3::rule<class assign_id, assign_s> const assign_stmt = "statement";
x3::rule<class let_id, let_s> const let_stmt = "statement";
x3::rule<class if_s_id, if_s> const if_stmt = "statement";
x3::rule<class for_id, for_s> const for_stmt = "statement";
x3::rule<class else_id, else_part> const else_r = "'{' or 'if'";
x3::rule<class decl_id, decl> const declaration = "declaration";
x3::rule<class spec_id, spec_d> const spec_decl = "declaration";
x3::rule<class sort_enum_id, sort_enum_d> const sort_enum = "'='";
x3::rule<class sort_sized_id, sort_sized_d> const sort_sized = "'['";
x3::rule<class const_id, const_d> const const_decl = "declaration";
x3::rule<class param_id, param_d> const param_decl = "declaration";
x3::rule<class assume_id, assume_d> const assume_decl = "declaration";
x3::rule<class var_id, var_d> const var_decl = "declaration";
x3::rule<class init_id, init_d> const init_decl = "declaration";
x3::rule<class def_id, def_d> const def_decl = "declaration";
x3::rule<class action_id, action_d> const action_decl = "declaration";
x3::rule<class invariant_id, invariant_d> const invariant_decl = "declaration";
x3::rule<class rule_id, rule_d> const rule_decl = "declaration";
x3::rule<class measure_id, measure_d> const measure_decl = "declaration";
x3::rule<class str_id, str_tok> const string_lit = "string";
x3::rule<class process_id, process_e> const process = "process (gbm, jump or path)";
x3::rule<class drive_id, drive_s> const drive_item = "scenario item";
x3::rule<class policy_id, policy_s> const policy_item = "scenario item";
x3::rule<class action_list_id, std::vector<name_tok>> const action_list = "'('";
x3::rule<class moves_id, moves_s> const moves_item = "scenario item";
x3::rule<class scen_item_id, scen_item> const scen_item_r = "'drive', 'policy', 'moves' or '}'";
x3::rule<class scenario_id, scenario_d> const scenario_decl = "declaration";

const auto ident_def = lexeme[pos >> !keyword >> raw[(alpha | '_') >> *(alnum | '_')]];
const auto number_def = lexeme[pos >> raw[digit >> *(digit | '_') >> -('.' >> digit >> *(digit | '_'))]];
const auto boolean_def = pos >> kws(bool_words);

// Loosest first. `==>` is folded to the right after parsing; the others to the left.
const auto expr_def = guarded[impl_e];
const auto impl_e_def = or_e >> *impl_tail;
const auto impl_tail_def = pos >> impl_ops > or_e;
const auto or_e_def = and_e >> *or_tail;
const auto or_tail_def = pos >> or_ops > and_e;
const auto and_e_def = not_e >> *and_tail;
const auto and_tail_def = pos >> and_ops > not_e;
const auto not_e_def = bang_e | cmp_e;
const auto bang_e_def = pos >> lexeme[bang_ops >> !lit('=')] > guarded[not_e];
const auto cmp_e_def = add_e >> *cmp_tail;
const auto cmp_tail_def = pos >> lexeme[cmp_ops >> !lit('>')] > add_e;
const auto add_e_def = mul_e >> *add_tail;
const auto add_tail_def = pos >> lexeme[add_ops >> !lit('>') >> !lit('=')] > mul_e;
const auto mul_e_def = unary >> *mul_tail;
const auto mul_tail_def = pos >> mul_ops > unary;
const auto unary_def = neg_e | postfix;
const auto neg_e_def = pos >> neg_ops > guarded[unary];
const auto postfix_def = primary_r >> *index_r;
const auto index_r_def = pos >> '[' > expr > pos > ']';
const auto primary_r_def = number | boolean | quant | if_expr | call | ident | paren;
const auto callee_def = ident | lexeme[pos >> old_word >> word_end] | lexeme[pos >> init_word >> word_end];
const auto call_def = callee >> '(' > -(expr % ',') > pos > ')';
const auto paren_def = pos >> '(' > expr > pos > ')';
const auto kw_in_def = kw("in");
const auto kw_then_def = kw("then");
const auto kw_else_def = kw("else");
const auto kw_on_def = kw("on");
const auto assign_op_def = lexeme[assign_ops >> !lit('=')];
const auto if_expr_def = pos >> kw("if") > expr > kw_then > expr > kw_else > expr;
const auto quant_def = pos >> (kws(quant_words) | (kws(minmax_words) >> !lit('('))) > ident > kw_in > ident > ':' > expr;

const auto base_type_def = lexeme[pos >> type_words >> word_end] | ident;
const auto type_def = pos >> (base_type % "->");
const auto binding_r_def = ident > ':' > type;

const auto check_stmt_def = pos >> kws(check_words) > expr > pos > ';';
const auto assign_stmt_def = ident >> *index_r > assign_op > expr > pos > ';';
const auto let_stmt_def = pos >> kw("let") > ident > '=' > expr > pos > ';';
const auto if_stmt_def = pos >> kw("if") > expr > block_r > -(kw("else") > else_r);
const auto else_r_def = if_stmt | block_r;
const auto for_stmt_def = pos >> kw("for") > ident > kw_in > ident > block_r;
const auto statement_def = check_stmt | let_stmt | if_stmt | for_stmt | assign_stmt;
const auto block_r_def = guarded[pos >> '{' > *statement > pos > '}'];

const auto spec_decl_def = pos >> kw("spec") > ident > pos > ';';
const auto sort_enum_def = pos >> (kw("sort") >> ident >> '=') > '{' > (ident % ',') > '}' > pos > ';';
const auto sort_sized_def = pos >> kw("sort") > ident > '[' > number > ']' > pos > ';';
const auto const_decl_def = pos >> kw("const") > ident > ':' > type > '=' > expr > pos > ';';
const auto param_decl_def = pos >> kw("param") > ident > ':' > type > pos > ';';
const auto assume_decl_def = pos >> kw("assume") > expr > pos > ';';
const auto var_decl_def = pos >> kw("var") > ident > ':' > type > pos > ';';
const auto init_decl_def = pos >> kw("init") > '{' > *(expr > ';') > pos > '}';
const auto def_decl_def = pos >> kw("def") > ident > '(' > -(binding_r % ',') > ')' > ':' > type > '=' > expr >
                          pos > ';';
const auto action_decl_def = pos >> -kws(env_word) >> kw("action") > ident > '(' > -(binding_r % ',') > ')' > block_r;
const auto invariant_decl_def = pos >> kw("invariant") > ident > ':' > expr > pos > ';';
const auto rule_on = ident | lexeme[pos >> any_word >> word_end];
const auto rule_decl_def = pos >> kw("rule") > ident > kw_on > rule_on > ':' > expr > pos > ';';
// `measure` is a keyword only here, at the start of a declaration: specs may
// keep using it as a name.
const auto measure_decl_def = pos >> kw("measure") > ident > ':' > expr > pos > ';';
// `scenario` and its item words are keywords only at the start of a
// declaration or item, like `measure`. A string is one line without '"'.
const auto string_lit_def = lexeme[pos >> '"' > *(x3::char_ - '"' - x3::eol) > pos > '"'];
const auto process_def = ident > '(' > -string_lit > -(expr % ',') > pos > ')';
const auto drive_item_def = pos >> kw("drive") > ident > '(' > ident > ')' > '=' > (process % '*') >
                            -(kw("from") > expr) > pos > ';';
const auto action_list_def = '(' > (ident % ',') > ')';
const auto policy_item_def = pos >> kw("policy") > ident > -action_list > pos > ';';
const auto moves_item_def = pos >> kw("moves") > number > pos > ';';
const auto scen_item_r_def = drive_item | policy_item | moves_item;
const auto scenario_decl_def = pos >> kw("scenario") > ident > '{' > *scen_item_r > pos > '}';
const auto declaration_def = spec_decl | sort_enum | sort_sized | const_decl | param_decl | assume_decl | var_decl |
                             init_decl | def_decl | action_decl | invariant_decl | rule_decl | measure_decl |
                             scenario_decl;

BOOST_SPIRIT_DEFINE(kw_in, kw_then, kw_else, kw_on, assign_op, ident, number, boolean, expr, impl_e, impl_tail, or_e, or_tail, and_e, and_tail, not_e, bang_e,
                    cmp_e, cmp_tail, add_e, add_tail, mul_e, mul_tail, unary, neg_e, postfix, index_r, primary_r,
                    callee, call, paren, if_expr, quant, base_type, type, binding_r, check_stmt, assign_stmt,
                    let_stmt, if_stmt, else_r, for_stmt, statement, block_r, spec_decl, sort_enum, sort_sized,
                    const_decl, param_decl, assume_decl, var_decl, init_decl, def_decl, action_decl, invariant_decl,
                    rule_decl, measure_decl, declaration)
// A second list: one BOOST_SPIRIT_DEFINE takes at most 64 rules.
BOOST_SPIRIT_DEFINE(string_lit, process, drive_item, policy_item, action_list, moves_item, scen_item_r, scenario_decl)

const auto skipper = x3::space | lexeme["//" >> *(x3::char_ - x3::eol)] |
                     lexeme["/*" >> *(x3::char_ - "*/") >> "*/"];

}  // namespace grammar

// ---------------------------------------------------------------------------
// raw parse tree -> ast

namespace {

using namespace raw;

// Deepest expression tree after folding operator chains; later passes recurse on it.
constexpr int kMaxExprDepth = 1000;

struct TooLong { const char* where; };
struct BadNumber { const char* where; std::size_t len; std::string why; };

class Converter {
 public:
  explicit Converter(const char* base) : base_(base) {}

  std::uint32_t off(Pos p) const { return static_cast<std::uint32_t>(p.p - base_); }
  std::uint32_t off(const char* p) const { return static_cast<std::uint32_t>(p - base_); }
  Span tok(const name_tok& t) const { return {off(t.pos), off(t.pos) + static_cast<std::uint32_t>(t.s.size())}; }

  struct Out {
    ast::ExprPtr e;
    int depth = 1;
  };

  Out expr(const chain& c) {
    if (c.rest.empty()) return operand_(c.first);
    if (c.rest.front().op == "==>") {  // right-associative
      std::vector<Out> items;
      items.push_back(operand_(c.first));
      for (const auto& t : c.rest) items.push_back(operand_(t.rhs));
      Out acc = std::move(items.back());
      for (std::size_t i = c.rest.size(); i-- > 0;) acc = binary(c.rest[i], std::move(items[i]), std::move(acc));
      return acc;
    }
    Out acc = operand_(c.first);
    for (const auto& t : c.rest) acc = binary(t, std::move(acc), operand_(t.rhs));
    return acc;
  }

  Out binary(const tail& t, Out l, Out r) {
    static const std::pair<const char*, ast::BinOp> ops[] = {
        {"==>", ast::BinOp::Implies}, {"||", ast::BinOp::Or}, {"&&", ast::BinOp::And}, {"==", ast::BinOp::Eq},
        {"!=", ast::BinOp::Ne},       {"<", ast::BinOp::Lt},  {"<=", ast::BinOp::Le},  {">", ast::BinOp::Gt},
        {">=", ast::BinOp::Ge},       {"+", ast::BinOp::Add}, {"-", ast::BinOp::Sub},  {"*", ast::BinOp::Mul},
        {"/", ast::BinOp::Div},       {"%", ast::BinOp::Mod}};
    auto e = std::make_unique<ast::Expr>();
    e->kind = ast::ExprKind::Binary;
    for (const auto& [s, op] : ops)
      if (t.op == s) e->bop = op;
    e->op_span = {off(t.pos), off(t.pos) + static_cast<std::uint32_t>(t.op.size())};
    e->span = {l.e->span.begin, r.e->span.end};
    int d = std::max(l.depth, r.depth) + 1;
    if (d > kMaxExprDepth) throw TooLong{t.pos.p};
    e->args.push_back(std::move(l.e));
    e->args.push_back(std::move(r.e));
    return {std::move(e), d};
  }

  Out operand_(const operand& o) {
    return boost::apply_visitor([this](const auto& x) { return this->node(x); }, o);
  }

  Out node(const chain& c) { return expr(c); }

  Out node(const unary_e& u) {
    Out inner = operand_(u.rhs);
    auto e = std::make_unique<ast::Expr>();
    e->kind = ast::ExprKind::Unary;
    e->uop = u.op == "!" ? ast::UnOp::Not : ast::UnOp::Neg;
    e->op_span = {off(u.pos), off(u.pos) + 1};
    e->span = {off(u.pos), inner.e->span.end};
    e->args.push_back(std::move(inner.e));
    return check_depth({std::move(e), inner.depth + 1}, u.pos.p);
  }

  Out node(const postfix_e& p) {
    Out acc = boost::apply_visitor([this](const auto& x) { return this->prim(x); }, p.base);
    for (const auto& ix : p.idx) {
      Out i = expr(ix.e);
      auto e = std::make_unique<ast::Expr>();
      e->kind = ast::ExprKind::Index;
      e->op_span = {off(ix.pos), off(ix.pos) + 1};
      e->span = {acc.e->span.begin, off(ix.close) + 1};
      int d = std::max(acc.depth, i.depth) + 1;
      e->args.push_back(std::move(acc.e));
      e->args.push_back(std::move(i.e));
      acc = check_depth({std::move(e), d}, ix.pos.p);
    }
    return acc;
  }

  Out check_depth(Out o, const char* where) {
    if (o.depth > kMaxExprDepth) throw TooLong{where};
    return o;
  }

  template <typename T>
  Out prim(const x3::forward_ast<T>& f) { return prim(f.get()); }

  Out prim(const number_tok& n) {
    auto e = std::make_unique<ast::Expr>();
    e->span = {off(n.pos), off(n.pos) + static_cast<std::uint32_t>(n.s.size())};
    e->op_span = e->span;
    e->kind = n.s.find('.') == std::string::npos ? ast::ExprKind::Int : ast::ExprKind::Dec;
    e->text = number_text(n);
    return {std::move(e), 1};
  }

  std::string number_text(const number_tok& n) {
    const std::string& s = n.s;
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (s[i] != '_') continue;
      bool prev_digit = i > 0 && std::isdigit(static_cast<unsigned char>(s[i - 1]));
      bool next_digit = i + 1 < s.size() && std::isdigit(static_cast<unsigned char>(s[i + 1]));
      if (!prev_digit || !next_digit)
        throw BadNumber{n.pos.p, s.size(), "'_' may only separate digits"};
    }
    std::string out;
    for (char ch : s)
      if (ch != '_') out += ch;
    return out;
  }

  Out prim(const bool_tok& b) {
    auto e = std::make_unique<ast::Expr>();
    e->kind = ast::ExprKind::Bool;
    e->bool_value = b.s == "true";
    e->span = {off(b.pos), off(b.pos) + static_cast<std::uint32_t>(b.s.size())};
    e->op_span = e->span;
    return {std::move(e), 1};
  }

  Out prim(const name_tok& n) {
    auto e = std::make_unique<ast::Expr>();
    e->kind = ast::ExprKind::Name;
    e->text = n.s;
    e->span = tok(n);
    e->op_span = e->span;
    return {std::move(e), 1};
  }

  Out prim(const call_e& c) {
    auto e = std::make_unique<ast::Expr>();
    e->kind = ast::ExprKind::Call;
    e->text = c.fn.s;
    e->op_span = tok(c.fn);
    e->span = {off(c.fn.pos), off(c.close) + 1};
    int d = 1;
    for (const auto& a : c.args) {
      Out o = expr(a);
      d = std::max(d, o.depth + 1);
      e->args.push_back(std::move(o.e));
    }
    return check_depth({std::move(e), d}, c.fn.pos.p);
  }

  Out prim(const paren_e& p) {
    Out o = expr(p.e);
    o.e->parens = true;
    o.e->span = {off(p.pos), off(p.close) + 1};
    return o;
  }

  Out prim(const if_e& i) {
    auto e = std::make_unique<ast::Expr>();
    e->kind = ast::ExprKind::Ite;
    e->op_span = {off(i.pos), off(i.pos) + 2};
    int d = 1;
    for (const chain* part : {&i.c, &i.a, &i.b}) {
      Out o = expr(*part);
      d = std::max(d, o.depth + 1);
      e->args.push_back(std::move(o.e));
    }
    e->span = {off(i.pos), e->args.back()->span.end};
    return check_depth({std::move(e), d}, i.pos.p);
  }

  Out prim(const quant_e& q) {
    auto e = std::make_unique<ast::Expr>();
    if (q.kw == "forall" || q.kw == "exists") {
      e->kind = ast::ExprKind::Quant;
      e->quant = q.kw == "forall" ? ast::QuantKind::Forall : ast::QuantKind::Exists;
    } else {
      e->kind = ast::ExprKind::Agg;
      e->agg = q.kw == "sum" ? ast::AggKind::Sum
               : q.kw == "count" ? ast::AggKind::Count
               : q.kw == "min" ? ast::AggKind::Min
                               : ast::AggKind::Max;
    }
    e->text = q.var.s;
    e->op_span = tok(q.var);
    e->sort = q.sort.s;
    e->sort_span = tok(q.sort);
    Out body = expr(q.body);
    e->span = {off(q.pos), body.e->span.end};
    e->args.push_back(std::move(body.e));
    return check_depth({std::move(e), body.depth + 1}, q.pos.p);
  }

  ast::TypeExpr type(const type_e& t) {
    ast::TypeExpr out;
    for (const auto& p : t.parts) {
      out.parts.push_back(p.s);
      out.part_spans.push_back(tok(p));
    }
    out.span = {out.part_spans.front().begin, out.part_spans.back().end};
    return out;
  }

  std::vector<ast::Binding> bindings(const std::vector<binding>& bs) {
    std::vector<ast::Binding> out;
    for (const auto& b : bs) out.push_back({b.name.s, tok(b.name), type(b.type)});
    return out;
  }

  // Statements -------------------------------------------------------------
  std::vector<ast::Stmt> stmts(const block& b) {
    std::vector<ast::Stmt> out;
    for (const auto& s : b.stmts) out.push_back(boost::apply_visitor([this](const auto& x) { return stmt(x); }, s));
    return out;
  }

  template <typename T>
  ast::Stmt stmt(const x3::forward_ast<T>& f) { return stmt(f.get()); }

  ast::Stmt stmt(const check_s& c) {
    ast::Stmt s;
    s.kind = c.kw == "require" ? ast::StmtKind::Require : ast::StmtKind::Assert;
    s.span = {off(c.pos), off(c.end) + 1};
    s.name_span = {off(c.pos), off(c.pos) + static_cast<std::uint32_t>(c.kw.size())};
    s.expr = expr(c.e).e;
    return s;
  }

  ast::Stmt stmt(const assign_s& a) {
    ast::Stmt s;
    s.kind = ast::StmtKind::Assign;
    s.span = {off(a.target.pos), off(a.end) + 1};
    s.name = a.target.s;
    s.name_span = tok(a.target);
    for (const auto& ix : a.idx) s.index.push_back(expr(ix.e).e);
    s.op = a.op == "+=" ? ast::AssignOp::Add : a.op == "-=" ? ast::AssignOp::Sub : ast::AssignOp::Set;
    s.expr = expr(a.rhs).e;
    return s;
  }

  ast::Stmt stmt(const let_s& l) {
    ast::Stmt s;
    s.kind = ast::StmtKind::Let;
    s.span = {off(l.pos), off(l.end) + 1};
    s.name = l.name.s;
    s.name_span = tok(l.name);
    s.expr = expr(l.e).e;
    return s;
  }

  ast::Stmt stmt(const if_s& i) {
    ast::Stmt s;
    s.kind = ast::StmtKind::If;
    s.expr = expr(i.cond).e;
    s.body = stmts(i.then_);
    s.body_close = off(i.then_.close);
    std::uint32_t end = off(i.then_.close) + 1;
    if (i.els) {
      s.has_else = true;
      if (auto* blk = boost::get<block>(&*i.els)) {
        s.else_body = stmts(*blk);
        s.else_close = off(blk->close);
        end = s.else_close + 1;
      } else {
        s.else_if = true;
        s.else_body.push_back(stmt(boost::get<x3::forward_ast<if_s>>(*i.els).get()));
        end = s.else_body.back().span.end;
      }
    }
    s.span = {off(i.pos), end};
    s.name_span = {off(i.pos), off(i.pos) + 2};
    return s;
  }

  ast::Stmt stmt(const for_s& f) {
    ast::Stmt s;
    s.kind = ast::StmtKind::For;
    s.name = f.var.s;
    s.name_span = tok(f.var);
    s.sort = f.sort.s;
    s.sort_span = tok(f.sort);
    s.body = stmts(f.body);
    s.body_close = off(f.body.close);
    s.span = {off(f.pos), s.body_close + 1};
    return s;
  }

  // Declarations -----------------------------------------------------------
  ast::Decl start(ast::DeclKind k, Pos p, Pos end) {
    ast::Decl d;
    d.kind = k;
    d.span = {off(p), off(end) + 1};
    return d;
  }
  void named(ast::Decl& d, const name_tok& n) {
    d.name = n.s;
    d.name_span = tok(n);
  }

  ast::Decl decl(const spec_d& x) {
    auto d = start(ast::DeclKind::Spec, x.pos, x.end);
    named(d, x.name);
    return d;
  }
  ast::Decl decl(const sort_enum_d& x) {
    auto d = start(ast::DeclKind::Sort, x.pos, x.end);
    named(d, x.name);
    for (const auto& e : x.elems) {
      d.elems.push_back(e.s);
      d.elem_spans.push_back(tok(e));
    }
    return d;
  }
  ast::Decl decl(const sort_sized_d& x) {
    auto d = start(ast::DeclKind::Sort, x.pos, x.end);
    named(d, x.name);
    d.sized = true;
    d.size_text = number_text(x.size);
    d.size_span = {off(x.size.pos), off(x.size.pos) + static_cast<std::uint32_t>(x.size.s.size())};
    return d;
  }
  ast::Decl decl(const const_d& x) {
    auto d = start(ast::DeclKind::Const, x.pos, x.end);
    named(d, x.name);
    d.type = type(x.type);
    d.expr = expr(x.e).e;
    return d;
  }
  ast::Decl decl(const param_d& x) {
    auto d = start(ast::DeclKind::Param, x.pos, x.end);
    named(d, x.name);
    d.type = type(x.type);
    return d;
  }
  ast::Decl decl(const assume_d& x) {
    auto d = start(ast::DeclKind::Assume, x.pos, x.end);
    d.expr = expr(x.e).e;
    return d;
  }
  ast::Decl decl(const var_d& x) {
    auto d = start(ast::DeclKind::Var, x.pos, x.end);
    named(d, x.name);
    d.type = type(x.type);
    return d;
  }
  ast::Decl decl(const init_d& x) {
    auto d = start(ast::DeclKind::Init, x.pos, x.close);
    for (const auto& e : x.es) d.exprs.push_back(expr(e).e);
    d.body_close = off(x.close);
    return d;
  }
  ast::Decl decl(const def_d& x) {
    auto d = start(ast::DeclKind::Def, x.pos, x.end);
    named(d, x.name);
    d.params = bindings(x.params);
    d.type = type(x.ret);
    d.expr = expr(x.e).e;
    return d;
  }
  ast::Decl decl(const action_d& x) {
    auto d = start(ast::DeclKind::Action, x.pos, x.body.close);
    named(d, x.name);
    d.env = x.env.has_value();
    d.params = bindings(x.params);
    d.body = stmts(x.body);
    d.body_close = off(x.body.close);
    return d;
  }
  ast::Decl decl(const invariant_d& x) {
    auto d = start(ast::DeclKind::Invariant, x.pos, x.end);
    named(d, x.name);
    d.expr = expr(x.e).e;
    return d;
  }
  ast::Decl decl(const rule_d& x) {
    auto d = start(ast::DeclKind::Rule, x.pos, x.end);
    named(d, x.name);
    d.on = x.on.s;
    d.on_span = tok(x.on);
    d.expr = expr(x.e).e;
    return d;
  }
  ast::Decl decl(const measure_d& x) {
    auto d = start(ast::DeclKind::Measure, x.pos, x.end);
    named(d, x.name);
    d.expr = expr(x.e).e;
    return d;
  }
  ast::Decl decl(const scenario_d& x) {
    auto d = start(ast::DeclKind::Scenario, x.pos, x.close);
    named(d, x.name);
    for (const auto& it : x.items) d.items.push_back(boost::apply_visitor([this](const auto& i) { return item(i); }, it));
    d.items_close = off(x.close);
    return d;
  }
  ast::ScenarioItem item(const drive_s& x) {
    ast::ScenarioItem i;
    i.kind = ast::ItemKind::Drive;
    i.span = {off(x.pos), off(x.end) + 1};
    i.name = x.action.s;
    i.name_span = tok(x.action);
    i.arg = x.arg.s;
    i.arg_span = tok(x.arg);
    for (const auto& p : x.procs) {
      ast::Process q;
      q.fn = p.fn.s;
      q.fn_span = tok(p.fn);
      q.span = {off(p.fn.pos), off(p.close) + 1};
      if (p.file) {
        q.has_file = true;
        q.file = p.file->s;
        q.file_span = {off(p.file->pos), off(p.file->end) + 1};
      }
      for (const auto& a : p.args) q.args.push_back(expr(a).e);
      i.procs.push_back(std::move(q));
    }
    if (x.from) i.from = expr(*x.from).e;
    return i;
  }
  ast::ScenarioItem item(const policy_s& x) {
    ast::ScenarioItem i;
    i.kind = ast::ItemKind::Policy;
    i.span = {off(x.pos), off(x.end) + 1};
    i.name = x.kind.s;
    i.name_span = tok(x.kind);
    if (x.actions) {
      i.has_list = true;
      for (const auto& a : *x.actions) {
        i.actions.push_back(a.s);
        i.action_spans.push_back(tok(a));
      }
    }
    return i;
  }
  ast::ScenarioItem item(const moves_s& x) {
    ast::ScenarioItem i;
    i.kind = ast::ItemKind::Moves;
    i.span = {off(x.pos), off(x.end) + 1};
    i.number = number_text(x.n);
    i.number_span = {off(x.n.pos), off(x.n.pos) + static_cast<std::uint32_t>(x.n.s.size())};
    return i;
  }

 private:
  const char* base_;
};

// Comments are found by a plain scan, so `fmt` can keep them and an
// unterminated `/*` gets its own error. The only strings (`path("…")` in a
// scenario) are one line long and skipped, so `"a//b.csv"` is no comment.
std::optional<std::vector<Span>> scan_comments(const SourceFile& file, Diagnostics& diags) {
  const std::string& t = file.text();
  std::vector<Span> out;
  for (std::size_t i = 0; i + 1 < t.size(); ++i) {
    if (t[i] == '"') {
      std::size_t e = t.find_first_of("\"\n", i + 1);
      if (e == std::string::npos || t[e] == '\n') {
        diags.error("E0115", "unterminated string: a file name in quotes ends on the same line", &file,
                    Span{static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(i + 1)});
        return std::nullopt;
      }
      i = e;
    } else if (t[i] == '/' && t[i + 1] == '/') {
      std::size_t e = t.find('\n', i);
      if (e == std::string::npos) e = t.size();
      out.push_back({static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(e)});
      i = e;
    } else if (t[i] == '/' && t[i + 1] == '*') {
      std::size_t e = t.find("*/", i + 2);
      if (e == std::string::npos) {
        diags.error("E0114", "unterminated block comment", &file,
                    Span{static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(i + 2)});
        return std::nullopt;
      }
      out.push_back({static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(e + 2)});
      i = e + 1;
    }
  }
  return out;
}

// X3 describes what it expected as parser text such as `lexeme["then" >> ...]`;
// users should read `'then'`.
std::string describe_expected(const std::string& which) {
  if (which.size() >= 2 && which.front() == '\'' && which.back() == '\'') return which;
  if (which.find('"') == std::string::npos && which.find('\'') == std::string::npos) return which;
  auto q = which.find_first_of("\"'");
  auto e = which.find(which[q], q + 1);
  if (e == std::string::npos) return which;
  return "'" + which.substr(q + 1, e - q - 1) + "'";
}

// The token at `offset`, for "found ..." in syntax errors.
std::string found_at(const std::string& text, std::size_t offset) {
  if (offset >= text.size()) return "end of file";
  unsigned char c = static_cast<unsigned char>(text[offset]);
  std::size_t e = offset + 1;
  if (std::isalnum(c) || c == '_') {
    while (e < text.size() && (std::isalnum(static_cast<unsigned char>(text[e])) || text[e] == '_')) ++e;
  } else if (c >= 0x80) {
    while (e < text.size() && (static_cast<unsigned char>(text[e]) & 0xC0) == 0x80) ++e;
  } else if (std::isspace(c)) {
    return "whitespace";
  } else {
    static const char* two[] = {"==>", "==", "!=", "<=", ">=", "&&", "||", "->", "+=", "-="};
    for (const char* t : two)
      if (text.compare(offset, std::strlen(t), t) == 0) return fmt::format("'{}'", t);
  }
  return fmt::format("'{}'", text.substr(offset, e - offset));
}

}  // namespace

std::optional<ast::ParsedSpec> parse(const SourceFile& file, Diagnostics& diags) {
  auto comments = scan_comments(file, diags);
  if (!comments) return std::nullopt;
  const std::string& text = file.text();
  const char* first = text.data();
  const char* const last = text.data() + text.size();
  const char* const base = text.data();
  std::vector<raw::decl> decls;
  auto at = [&](const char* p) {
    auto o = static_cast<std::uint32_t>(p - base);
    return Span{o, o + 1};
  };
  grammar::depth = 0;
  try {
    namespace x3 = boost::spirit::x3;
    x3::phrase_parse(first, last, *grammar::declaration, grammar::skipper, decls);
    x3::skip_over(first, last, x3::make_context<x3::skipper_tag>(grammar::skipper));
    if (first != last) {
      diags.error("E0110",
                  fmt::format("expected a declaration (spec, sort, const, param, assume, var, init, def, "
                              "action, invariant, rule, measure, scenario), found {}",
                              found_at(text, first - base)),
                  &file, at(first));
      return std::nullopt;
    }
  } catch (const boost::spirit::x3::expectation_failure<const char*>& e) {
    const char* w = e.where();
    // Point at the next token rather than at the blanks before it.
    while (w < last && std::isspace(static_cast<unsigned char>(*w))) ++w;
    diags.error("E0110",
                fmt::format("expected {}, found {}", describe_expected(e.which()), found_at(text, w - base)), &file,
                at(w));
    return std::nullopt;
  } catch (const grammar::TooDeep& e) {
    diags.error("E0112", fmt::format("nesting is deeper than {} levels", kMaxNesting), &file, at(e.where));
    return std::nullopt;
  }
  ast::ParsedSpec spec;
  spec.file = &file;
  spec.comments = std::move(*comments);
  Converter conv(base);
  try {
    for (const auto& d : decls)
      spec.decls.push_back(boost::apply_visitor([&](const auto& x) { return conv.decl(x); }, d));
  } catch (const TooLong& e) {
    diags.error("E0112", fmt::format("expression is nested deeper than {} operators", kMaxExprDepth), &file,
                at(e.where));
    return std::nullopt;
  } catch (const BadNumber& e) {
    auto o = static_cast<std::uint32_t>(e.where - base);
    diags.error("E0113", fmt::format("invalid number literal: {}", e.why), &file,
                Span{o, o + static_cast<std::uint32_t>(e.len)});
    return std::nullopt;
  }
  return spec;
}

}  // namespace bulwark

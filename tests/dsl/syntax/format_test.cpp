// `bulwark fmt`: canonical layout, meaning kept (ast::same), idempotence,
// comments kept in place, and exactly the parentheses the grammar needs.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "dsl/syntax/format.hpp"
#include "dsl/syntax/parse.hpp"

using namespace bulwark;

namespace {

// The SourceFile must outlive the AST (ParsedSpec::file points at it).
struct Parsed {
  std::unique_ptr<SourceFile> file;
  ast::ParsedSpec spec;
};

Parsed parse_text(const std::string& text) {
  Diagnostics diags;
  auto src = make_source("test.bwk", text, diags);
  REQUIRE(src);
  Parsed p;
  p.file = std::make_unique<SourceFile>(std::move(*src));
  auto spec = parse(*p.file, diags);
  INFO(render_all(diags, false));
  INFO(text);
  REQUIRE(spec);
  p.spec = std::move(*spec);
  return p;
}

std::string fmt_text(const std::string& text) { return format_spec(parse_text(text).spec); }

std::size_t count_of(const std::string& s, const std::string& what) {
  std::size_t n = 0;
  for (auto i = s.find(what); i != std::string::npos; i = s.find(what, i + what.size())) ++n;
  return n;
}

// The properties every formatted spec must have; returns the formatted text.
std::string check_roundtrip(const std::string& text) {
  Parsed a = parse_text(text);
  std::string once = format_spec(a.spec);
  INFO("formatted:\n" << once);
  Parsed b = parse_text(once);
  CHECK(ast::same(a.spec, b.spec));
  CHECK(format_spec(b.spec) == once);  // idempotent
  CHECK(b.spec.comments.size() == a.spec.comments.size());
  CHECK(count_of(once, "//") == count_of(text, "//"));
  CHECK(count_of(once, "/*") == count_of(text, "/*"));
  // Every comment's text survives, in order.
  std::size_t at = 0;
  for (const auto& c : a.spec.comments) {
    std::string body = text.substr(c.begin, c.end - c.begin);
    while (!body.empty() && (body.back() == '\r' || body.back() == ' ')) body.pop_back();
    auto found = once.find(body, at);
    CHECK(found != std::string::npos);
    if (found != std::string::npos) at = found + body.size();
  }
  return once;
}

void strip_parens(ast::Expr& e) {
  e.parens = false;
  for (auto& a : e.args) strip_parens(*a);
}

// Formats the expression with every user-written parenthesis removed from the
// AST: what remains is exactly what the grammar needs.
std::string minimal(const std::string& expr) {
  Parsed p = parse_text("invariant p: " + expr + ";");
  strip_parens(*p.spec.decls[0].expr);
  std::string out = format_spec(p.spec);
  Parsed q = parse_text(out);
  CHECK(ast::same(p.spec, q.spec));
  const std::string head = "invariant p: ";
  REQUIRE(out.rfind(head, 0) == 0);
  return out.substr(head.size(), out.size() - head.size() - 2);  // drop ";\n"
}

const char* const kLending = R"(spec Lending;

sort Account = {alice, bob, mallory};

const LT: real = 0.8;                 // liquidation threshold
const BONUS: real = 0.05;             // liquidation bonus
param MAX_MOVE: real;                 // symbolic: proofs hold for every allowed value
assume 0 <= MAX_MOVE && MAX_MOVE <= 0.2;

var collateral: Account -> real;
var debt: Account -> real;
var price: real;

init {
  forall a in Account: collateral[a] == 0 && debt[a] == 0;
  price > 0;
}

def value(a: Account): real = collateral[a] * price;
def healthy(a: Account): bool = debt[a] <= value(a) * LT;

action deposit(a: Account, amt: real) {
  require amt > 0;
  collateral[a] += amt;
}

action liquidate(liq: Account, a: Account, repay: real) {
  require !healthy(a) && liq != a;
  require repay > 0 && repay <= debt[a];
  let seized = min(collateral[a], repay * (1 + BONUS) / price);
  debt[a] -= repay;
  collateral[a] -= seized;
  collateral[liq] += seized;
}

env action oracle(p: real) {
  require p > 0;
  require p >= price * (1 - MAX_MOVE) && p <= price * (1 + MAX_MOVE);
  price = p;
}

invariant price_positive: price > 0;
invariant no_negative_debt: forall a in Account: debt[a] >= 0;
invariant solvent: (sum a in Account: value(a)) >= (sum a in Account: debt[a]);
rule borrow_adds_debt on deposit: debt[a] == old(debt[a]) + amt;
rule collateral_conserved on liquidate:
  (sum b in Account: collateral[b]) == old(sum b in Account: collateral[b]);
)";

// Every construct of LANGUAGE.md that the lending example does not show.
const char* const kEverything = R"(
sort Slot[4];
sort Big[1_000];
const N: int = 1_000_000;
const R: real = 1_000.5;
const T: bool = true;
const F: bool = false;
param P: nat;
var m: Slot -> Slot -> int;
var n: nat;
var flag: bool;
init { n == 0; flag == false; forall s in Slot: forall t in Slot: m[s][t] == 0; }
def pick(a: int, b: int): int = if a > b then a else b;
def stats(): int = (count s in Slot: m[s][s] > 0) + (min s in Slot: m[s][s]) - (max s in Slot: m[s][s]);
def arith(a: int): int = mulDivDown(a, 3, 7) + mulDivUp(a, 3, 7) + abs(a) % 5 + floor(1.5) + ceil(2.5) + max(a, 1);
action step(s: Slot, t: Slot, v: int) {
  require v >= 0 || v < -10;
  assert n >= 0;
  m[s][t] = v;
  m[s][t] += 1;
  m[s][t] -= 2;
  n = n + 1;
  let w = v * 2;
  if w > 10 { n -= 1; } else if w > 5 { n += 1; } else { flag = !flag; }
  if flag { n = 0; }
  if !flag { n = 1; } else { n = 2; }
  for u in Slot { m[u][s] = 0; if u == t { m[u][u] = 1; } }
}
env action tick() { n += 1; }
action noop() {}
invariant imp: flag ==> n >= 0 ==> true;
invariant ex: exists s in Slot: m[s][s] == 0;
rule r on any: n >= old(n) - 1;
rule r2 on step: old(m[s][t]) != m[s][t] || v == 0;
)";

}  // namespace

TEST_CASE("fmt: golden canonical layout", "[fmt]") {
  std::string out = fmt_text("spec  X ;var x:int;init{x==0;}action a(){x+=1;}invariant p:x>=0;");
  CHECK(out ==
        "spec X;\n"
        "var x: int;\n"
        "init {\n"
        "  x == 0;\n"
        "}\n"
        "action a() {\n"
        "  x += 1;\n"
        "}\n"
        "invariant p: x >= 0;\n");
  check_roundtrip(out);
}

TEST_CASE("fmt: every construct round-trips and is idempotent", "[fmt]") {
  check_roundtrip(kLending);
  std::string out = check_roundtrip(kEverything);
  // Spot checks of the canonical spelling.
  CHECK(out.find("sort Slot[4];\n") != std::string::npos);
  CHECK(out.find("sort Big[1000];\n") != std::string::npos);  // '_' separators are not kept
  CHECK(out.find("const R: real = 1000.5;\n") != std::string::npos);
  CHECK(out.find("var m: Slot -> Slot -> int;\n") != std::string::npos);
  CHECK(out.find("def pick(a: int, b: int): int = if a > b then a else b;\n") != std::string::npos);
  CHECK(out.find("  if w > 10 {\n    n -= 1;\n  } else if w > 5 {\n    n += 1;\n  } else {\n    flag = !flag;\n  }\n") !=
        std::string::npos);
  CHECK(out.find("  for u in Slot {\n    m[u][s] = 0;\n    if u == t {\n      m[u][u] = 1;\n    }\n  }\n") !=
        std::string::npos);
  CHECK(out.find("env action tick() {\n  n += 1;\n}\n") != std::string::npos);
  CHECK(out.find("action noop() {}\n") != std::string::npos);
  CHECK(out.find("rule r on any: n >= old(n) - 1;\n") != std::string::npos);
  CHECK(out.find("invariant imp: flag ==> n >= 0 ==> true;\n") != std::string::npos);
}

TEST_CASE("fmt: the lending example keeps its layout", "[fmt]") {
  std::string out = fmt_text(kLending);
  CHECK(out.find("sort Account = {alice, bob, mallory};\n\nconst LT: real = 0.8;  // liquidation threshold\n") !=
        std::string::npos);
  CHECK(out.find("init {\n  forall a in Account: collateral[a] == 0 && debt[a] == 0;\n  price > 0;\n}\n") !=
        std::string::npos);
  CHECK(out.find("invariant solvent: (sum a in Account: value(a)) >= (sum a in Account: debt[a]);\n") !=
        std::string::npos);
  CHECK(out.find("rule collateral_conserved on liquidate: (sum b in Account: collateral[b]) == "
                 "old(sum b in Account: collateral[b]);\n") != std::string::npos);
}

TEST_CASE("fmt: blank lines between declarations are kept as one", "[fmt]") {
  CHECK(fmt_text("var a: int;\n\n\n\nvar b: int;\nvar c: int;\n\nvar d: int;") ==
        "var a: int;\n\nvar b: int;\nvar c: int;\n\nvar d: int;\n");
  CHECK(fmt_text("var a: int; var b: int;") == "var a: int;\nvar b: int;\n");
  // Inside a block too, but never right after `{` or before `}`.
  CHECK(fmt_text("action a() {\n\n  n = 1;\n\n\n  n = 2;\n\n}") == "action a() {\n  n = 1;\n\n  n = 2;\n}\n");
}

TEST_CASE("fmt: comments keep their place", "[fmt]") {
  SECTION("leading, own line, with its paragraph") {
    std::string out = check_roundtrip("var a: int;\n\n// about b\n  // more\nvar b: int;\n");
    CHECK(out == "var a: int;\n\n// about b\n// more\nvar b: int;\n");
  }
  SECTION("trailing stays on the line, after two spaces") {
    std::string out = check_roundtrip("var a: int;      // t1\nvar b: int; /* t2 */ // t3\n");
    CHECK(out == "var a: int;  // t1\nvar b: int;  /* t2 */  // t3\n");
  }
  SECTION("a trailing comment belongs to the last item on its line") {
    std::string out = check_roundtrip("var a: int; var b: int; // on b\n");
    CHECK(out == "var a: int;\nvar b: int;  // on b\n");
  }
  SECTION("statements: leading, trailing, before `}`, after `{`") {
    std::string out = check_roundtrip(
        "action a() { // opens\n"
        "  // first\n"
        "  n = 1; // set\n"
        "  if n > 0 {\n"
        "    n = 2;\n"
        "    // inner end\n"
        "  } // after if\n"
        "  // last\n"
        "}\n");
    CHECK(out ==
          "action a() {  // opens\n"
          "  // first\n"
          "  n = 1;  // set\n"
          "  if n > 0 {\n"
          "    n = 2;\n"
          "    // inner end\n"
          "  }  // after if\n"
          "  // last\n"
          "}\n");
  }
  SECTION("init block") {
    std::string out = check_roundtrip("init {\n  x == 0; // zero\n  // nothing else\n}\n");
    CHECK(out == "init {\n  x == 0;  // zero\n  // nothing else\n}\n");
  }
  SECTION("only a comment in a block") {
    CHECK(check_roundtrip("action a() { /* todo */ }") == "action a() {  /* todo */\n}\n");
    CHECK(check_roundtrip("action a() {\n  // todo\n}") == "action a() {\n  // todo\n}\n");
  }
  SECTION("inside an expression: moved before its item, never lost") {
    std::string out = check_roundtrip("invariant p: x +\n  // why\n  1 > 0; // t\nvar y: int;\n");
    CHECK(out == "// why\ninvariant p: x + 1 > 0;  // t\nvar y: int;\n");
  }
  SECTION("between `}` and `else`: first thing in the else block") {
    std::string out = check_roundtrip("action a() { if c { n = 1; } // c1\n else { n = 2; } }");
    CHECK(out == "action a() {\n  if c {\n    n = 1;\n  } else {\n    // c1\n    n = 2;\n  }\n}\n");
  }
  SECTION("file-level comments before and after everything") {
    std::string out = check_roundtrip("/* license\n   text */\n\nspec S;\n\n// the end\n");
    CHECK(out == "/* license\n   text */\n\nspec S;\n\n// the end\n");
  }
  SECTION("CRLF line endings") {
    std::string out = check_roundtrip("var a: int; // t\r\n// l\r\nvar b: int;\r\n");
    CHECK(out == "var a: int;  // t\n// l\nvar b: int;\n");
  }
  SECTION("comments everywhere") {
    check_roundtrip(
        "/*0*/ spec /*1*/ S /*2*/ ; /*3*/\n"
        "sort /*4*/ T = { a /*5*/, b } ;\n"
        "def f(/*6*/ x: int /*7*/): int = /*8*/ x;\n"
        "init /*9*/ { /*10*/ x /*11*/ == 0 /*12*/ ; /*13*/ }\n"
        "action a(/*14*/) /*15*/ { if /*16*/ c /*17*/ { /*18*/ } /*19*/ else /*20*/ if d { } else /*21*/ { } /*22*/\n"
        "  for t in T /*23*/ { } // 24\n"
        "} // 25\n");
  }
}

TEST_CASE("fmt: parentheses the user wrote are kept", "[fmt]") {
  CHECK(fmt_text("invariant p: (a + b) * c;") == "invariant p: (a + b) * c;\n");
  CHECK(fmt_text("invariant p: a + (b * c);") == "invariant p: a + (b * c);\n");
  CHECK(fmt_text("invariant p: ((x));") == "invariant p: (x);\n");
  CHECK(fmt_text("invariant p: (sum x in S: f(x)) >= 0;") == "invariant p: (sum x in S: f(x)) >= 0;\n");
}

TEST_CASE("fmt: parentheses the grammar needs are added", "[fmt]") {
  CHECK(minimal("(a + b) * c") == "(a + b) * c");
  CHECK(minimal("a + (b * c)") == "a + b * c");
  CHECK(minimal("a - (b - c)") == "a - (b - c)");
  CHECK(minimal("(a - b) - c") == "a - b - c");
  CHECK(minimal("(a ==> b) ==> c") == "(a ==> b) ==> c");
  CHECK(minimal("a ==> (b ==> c)") == "a ==> b ==> c");
  CHECK(minimal("(a == b) == c") == "a == b == c");
  CHECK(minimal("a == (b == c)") == "a == (b == c)");
  CHECK(minimal("(sum x in S: f(x)) >= 0") == "(sum x in S: f(x)) >= 0");
  CHECK(minimal("0 <= (sum x in S: f(x))") == "0 <= sum x in S: f(x)");
  CHECK(minimal("a + (sum x in S: f(x)) + b") == "a + (sum x in S: f(x)) + b");
  CHECK(minimal("(forall x in S: p(x)) && q") == "(forall x in S: p(x)) && q");
  CHECK(minimal("(if c then a else b) + 1") == "(if c then a else b) + 1");
  CHECK(minimal("1 + (if c then a else b)") == "1 + if c then a else b");
  CHECK(minimal("if (forall x in S: p) then (exists y in S: q) else (count z in S: r)") ==
        "if forall x in S: p then exists y in S: q else count z in S: r");
  CHECK(minimal("(sum x in S: m[x])[i]") == "(sum x in S: m[x])[i]");
  CHECK(minimal("!(a && b)") == "!(a && b)");
  CHECK(minimal("!(a == b)") == "!a == b");
  CHECK(minimal("(!a) == b") == "(!a) == b");
  CHECK(minimal("a == (!b)") == "a == (!b)");
  CHECK(minimal("(!a) && b") == "!a && b");
  CHECK(minimal("!(!a)") == "!!a");
  CHECK(minimal("-(a * b)") == "-(a * b)");
  CHECK(minimal("(-a) * b") == "-a * b");
  CHECK(minimal("-(-a)") == "--a");
  CHECK(minimal("a - (-b)") == "a - -b");
  CHECK(minimal("-(m[i])") == "-m[i]");
  CHECK(minimal("(-m)[i]") == "(-m)[i]");
  CHECK(minimal("-(!a)") == "-(!a)");
  CHECK(minimal("!(forall x in S: p) && q") == "!(forall x in S: p) && q");
  CHECK(minimal("old((a + b)) * f((c), (d))") == "old(a + b) * f(c, d)");
}

namespace {

// Random expressions, written fully parenthesized: after stripping the
// parentheses from the AST, the formatter must add back enough of them.
class ExprGen {
 public:
  explicit ExprGen(unsigned seed) : rng_(seed) {}

  std::string gen(int depth) {
    if (depth == 0) return atom();
    switch (pick(12)) {
      case 0: return atom();
      case 1: return "(" + gen(depth - 1) + ")[" + gen(depth - 1) + "]";
      case 2: return "f(" + gen(depth - 1) + ", " + gen(depth - 1) + ")";
      case 3: return "old(" + gen(depth - 1) + ")";
      case 4: return std::string(pick(2) ? "!" : "-") + "(" + gen(depth - 1) + ")";
      case 5:
        return "(if (" + gen(depth - 1) + ") then (" + gen(depth - 1) + ") else (" + gen(depth - 1) + "))";
      case 6: {
        static const char* const kw[] = {"forall", "exists", "sum", "count", "min", "max"};
        return "(" + std::string(kw[pick(6)]) + " x in S: (" + gen(depth - 1) + "))";
      }
      default: {
        static const char* const ops[] = {"==>", "||", "&&", "==", "!=", "<", "<=",
                                          ">",   ">=", "+",  "-",  "*",  "/", "%"};
        return "((" + gen(depth - 1) + ") " + ops[pick(14)] + " (" + gen(depth - 1) + "))";
      }
    }
  }

 private:
  std::mt19937 rng_;
  int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }
  std::string atom() {
    static const char* const atoms[] = {"a", "b", "1", "2.5", "true", "m[i]", "min(a, b)"};
    return atoms[pick(7)];
  }
};

}  // namespace

TEST_CASE("fmt: random expressions re-parse to the same tree", "[fmt]") {
  ExprGen g(12345);
  for (int i = 0; i < 1500; ++i) {
    std::string e = g.gen(4);
    INFO(e);
    Parsed p = parse_text("invariant p: " + e + ";\nrule r on a: " + e + " == 0;");
    for (auto& d : p.spec.decls) strip_parens(*d.expr);
    std::string out = format_spec(p.spec);
    INFO(out);
    Parsed q = parse_text(out);
    REQUIRE(ast::same(p.spec, q.spec));
    REQUIRE(format_spec(q.spec) == out);
    // Keeping the user's parentheses must be meaning-preserving as well.
    Parsed full = parse_text("invariant p: " + e + ";");
    Parsed again = parse_text(format_spec(full.spec));
    REQUIRE(ast::same(full.spec, again.spec));
  }
}

TEST_CASE("fmt: spec files in the repository are stable", "[fmt]") {
#ifdef BULWARK_SOURCE_DIR
  namespace fs = std::filesystem;
  std::vector<fs::path> files;
  for (const char* dir : {"examples", "tests/inputs/good"}) {
    fs::path d = fs::path(BULWARK_SOURCE_DIR) / dir;
    if (!fs::is_directory(d)) continue;
    for (const auto& entry : fs::directory_iterator(d))
      if (entry.path().extension() == ".bwk") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& path : files) {
    INFO(path.string());
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    check_roundtrip(ss.str());
  }
#else
  WARN("BULWARK_SOURCE_DIR not defined: repository specs not checked");
#endif
}

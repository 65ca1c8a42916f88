// Every diagnostic code the front end emits: its code, message, location and
// rendering (header, source line, caret, notes). Also the corpus of bad specs
// in tests/inputs/bad/ (each names its expected first error on line 1 as
// `// expect: E0xxx at L:C`) and the good specs and examples, which must compile.
// The command-line-only codes (E0503, E0505..E0508) are covered by tests/cli/cli_test.sh.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "dsl/check/check.hpp"
#include "dsl/diag/diagnostics.hpp"
#include "dsl/lower/lower.hpp"
#include "dsl/source/source_file.hpp"
#include "dsl/syntax/parse.hpp"

using namespace bulwark;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
namespace fs = std::filesystem;

namespace {

// The result of running the front end; `file` outlives the diagnostics that point into it.
struct Result {
  std::unique_ptr<SourceFile> file;
  Diagnostics diags;
  bool lowered = false;
};

void run_phases(Result& r, std::optional<SourceFile> src, const CheckOptions& opts) {
  if (!src) return;
  r.file = std::make_unique<SourceFile>(std::move(*src));
  auto parsed = parse(*r.file, r.diags);
  if (!parsed) return;
  auto typed = check(*parsed, opts, r.diags);
  if (!typed) return;
  auto ts = lower_spec(*typed, r.diags);
  r.lowered = ts.has_value();
}

Result compile_text(const std::string& text, const CheckOptions& opts = {}, const std::string& name = "t.bwk") {
  Result r;
  auto src = make_source(name, text, r.diags);
  run_phases(r, std::move(src), opts);
  return r;
}

Result compile_path(const std::string& path, const CheckOptions& opts = {}) {
  Result r;
  auto src = load_source(path, r.diags);
  run_phases(r, std::move(src), opts);
  return r;
}

CheckOptions sizes(std::map<std::string, int> s) {
  CheckOptions o;
  o.sizes = std::move(s);
  return o;
}

const Diagnostic* first_error(const Result& r) {
  for (const auto& d : r.diags.all())
    if (d.severity == Severity::Error) return &d;
  return nullptr;
}

std::size_t count_code(const Result& r, const std::string& code) {
  return static_cast<std::size_t>(
      std::count_if(r.diags.all().begin(), r.diags.all().end(), [&](const Diagnostic& d) { return d.code == code; }));
}

std::string line_of(const std::string& text, std::size_t line) {
  std::istringstream in(text);
  std::string s;
  for (std::size_t i = 0; i < line; ++i)
    if (!std::getline(in, s)) return "";
  return s;
}

std::string header(const std::string& file, std::size_t line, std::size_t col, const std::string& code) {
  return file + ":" + std::to_string(line) + ":" + std::to_string(col) + ": error[" + code + "]: ";
}

// `    7 | <source line>\n      |    ^~~\n`, as render() draws it.
std::string snippet(const std::string& text, std::size_t line, std::size_t col, std::size_t width) {
  std::string num = std::to_string(line);
  return std::string(num.size() < 5 ? 5 - num.size() : 0, ' ') + num + " | " + line_of(text, line) + "\n      | " +
         std::string(col - 1, ' ') + "^" + std::string(width - 1, '~') + "\n";
}

// Checks the first error: its code, a piece of its message, and the rendered
// `t.bwk:L:C: error[CODE]: ` header, the source line and a caret `width` wide.
const Diagnostic* expect_located(const Result& r, const std::string& text, const std::string& code,
                                 const std::string& gist, std::size_t line, std::size_t col, std::size_t width = 1) {
  INFO(render_all(r.diags, false));
  const Diagnostic* d = first_error(r);
  REQUIRE(d != nullptr);
  CHECK(d->code == code);
  CHECK_THAT(d->message, Contains(gist));
  REQUIRE(d->file != nullptr);
  REQUIRE(d->span.has_value());
  std::string out = render(*d, false);
  CHECK_THAT(out, StartsWith(header(d->file->name(), line, col, code)));
  CHECK_THAT(out, Contains(snippet(text, line, col, width)));
  CHECK(out.find('\x1b') == std::string::npos);
  CHECK_FALSE(r.lowered);
  return d;
}

// An error without a location (file-level or command-line problems): `error[CODE]: message`.
const Diagnostic* expect_unlocated(const Result& r, const std::string& code, const std::string& gist) {
  INFO(render_all(r.diags, false));
  const Diagnostic* d = first_error(r);
  REQUIRE(d != nullptr);
  CHECK(d->code == code);
  CHECK_THAT(d->message, Contains(gist));
  CHECK_FALSE(d->span.has_value());
  CHECK_THAT(render(*d, false), StartsWith("error[" + code + "]: "));
  CHECK_FALSE(r.lowered);
  return d;
}

// A small valid prelude: lines 1..3.
const std::string kPrelude = "var x: int;\ninit { x == 0; }\naction s() { x += 1; }\n";

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<fs::path> bwk_files(const fs::path& dir) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.is_regular_file() && e.path().extension() == ".bwk") out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

// ---- the corpora ----------------------------------------------------------------

TEST_CASE("every bad spec reports the expected first error", "[diagnostics][corpus]") {
  static const std::regex expect_re(R"(^// expect: (E\d{4}|W\d{4}) at (\d+):(\d+)\s*$)");
  auto files = bwk_files(fs::path(BULWARK_SOURCE_DIR) / "tests" / "inputs" / "bad");
  REQUIRE(files.size() >= 60);
  for (const auto& path : files) {
    std::string name = path.filename().string();
    INFO("file: " << name);
    std::string text = read_file(path);
    std::string first = text.substr(0, text.find('\n'));
    std::smatch m;
    bool has_expect = std::regex_match(first, m, expect_re);
    CHECK(has_expect);
    if (!has_expect) continue;
    std::string want = m[1].str() + " at " + m[2].str() + ":" + m[3].str();

    Result r = compile_path(path.string());
    INFO(render_all(r.diags, false));
    const Diagnostic* d = first_error(r);
    std::string got = "no error";
    if (d) {
      got = d->code;
      if (d->file && d->span) {
        auto lc = d->file->line_col(d->span->begin);
        got += " at " + std::to_string(lc.line) + ":" + std::to_string(lc.col);
      }
    }
    CHECK(got == want);
    CHECK_FALSE(r.lowered);
  }
}

TEST_CASE("every good spec and every example compiles without errors", "[diagnostics][corpus]") {
  std::vector<fs::path> files = bwk_files(fs::path(BULWARK_SOURCE_DIR) / "tests" / "inputs" / "good");
  auto examples = bwk_files(fs::path(BULWARK_SOURCE_DIR) / "examples");
  REQUIRE(!files.empty());
  REQUIRE(!examples.empty());
  files.insert(files.end(), examples.begin(), examples.end());
  for (const auto& path : files) {
    INFO("file: " << path.string());
    Result r = compile_path(path.string());
    INFO(render_all(r.diags, false));
    CHECK_FALSE(r.diags.has_errors());
    CHECK(r.lowered);
  }
}

// ---- E01xx: input and syntax -------------------------------------------------------

TEST_CASE("E0101: missing file, directory", "[diagnostics][E0101]") {
  std::string missing = std::string(BULWARK_SOURCE_DIR) + "/tests/inputs/no_such_file.bwk";
  Result r = compile_path(missing);
  expect_unlocated(r, "E0101", "no such file");
  CHECK(render(*first_error(r), false) == "error[E0101]: " + missing + ": no such file\n");

  std::string dir = std::string(BULWARK_SOURCE_DIR) + "/tests/inputs";
  Result r2 = compile_path(dir);
  expect_unlocated(r2, "E0101", "is a directory, not a spec file");
}

TEST_CASE("E0102: a file larger than the limit", "[diagnostics][E0102]") {
  std::string big(9u * 1024u * 1024u, ' ');
  big.replace(0, kPrelude.size(), kPrelude);
  Result r = compile_text(big);
  expect_unlocated(r, "E0102", "specs are limited to 8388608 bytes");
  CHECK_THAT(first_error(r)->message, Contains("9437184 bytes"));

  // The same through load_source (a real file on disk).
  fs::path tmp = fs::temp_directory_path() / "bulwark_diag_test_big.bwk";
  {
    std::ofstream out(tmp, std::ios::binary);
    out << big;
  }
  Result r2 = compile_path(tmp.string());
  expect_unlocated(r2, "E0102", "specs are limited to");
  fs::remove(tmp);
}

TEST_CASE("E0103: a NUL byte (binary file)", "[diagnostics][E0103]") {
  Result r = compile_text(std::string("var x\0: int;\n", 13));
  expect_unlocated(r, "E0103", "binary file (NUL byte at offset 5)");
}

TEST_CASE("E0104: invalid UTF-8", "[diagnostics][E0104]") {
  Result r = compile_text("var x: int;\n\xff\n");
  auto* d = expect_unlocated(r, "E0104", "invalid UTF-8 (byte 0xff at offset 12)");
  // The location is part of the message (no SourceFile exists for invalid text).
  CHECK_THAT(d->message, StartsWith("t.bwk:2:1: "));

  CHECK(first_error(compile_text(kPrelude + "// \xc3"))->code == "E0104");           // truncated sequence
  CHECK(first_error(compile_text(kPrelude + "// \xc0\x80\n"))->code == "E0104");     // overlong
  CHECK(first_error(compile_text(kPrelude + "// \xe2\x82\n"))->code == "E0104");     // missing continuation
  // Valid UTF-8 in comments is fine.
  Result ok = compile_text("// caf\xc3\xa9 \xe2\x82\xac\n" + kPrelude + "invariant i: x >= 0;\n");
  CHECK_FALSE(ok.diags.has_errors());
}

TEST_CASE("E0105: empty or whitespace-only text", "[diagnostics][E0105]") {
  expect_unlocated(compile_text(""), "E0105", "the file is empty");
  expect_unlocated(compile_text(" \n\t\r\n  "), "E0105", "the file is empty");
  CHECK(render(*first_error(compile_text("")), false) == "error[E0105]: t.bwk: the file is empty\n");
}

TEST_CASE("E0110: syntax errors point at the offending token", "[diagnostics][E0110]") {
  SECTION("missing semicolon: at the next token") {
    std::string t = "var x: int\nvar y: int;\n";
    expect_located(compile_text(t), t, "E0110", "expected ';', found 'var'", 2, 1);
  }
  SECTION("statement at top level") {
    std::string t = kPrelude + "require x > 0;\n";
    expect_located(compile_text(t), t, "E0110", "expected a declaration", 4, 1);
  }
  SECTION("unexpected character") {
    std::string t = kPrelude + "invariant i: x >= $;\n";
    expect_located(compile_text(t), t, "E0110", "found '$'", 4, 19);
  }
  SECTION("end of file") {
    std::string t = "var x: int;\naction s() { x += 1;\n";
    expect_located(compile_text(t), t, "E0110", "found end of file", 3, 1);
  }
  SECTION("keyword as a name") {
    std::string t = "var action: int;\n";
    expect_located(compile_text(t), t, "E0110", "expected identifier, found 'action'", 1, 5);
  }
}

TEST_CASE("E0110: the expected token is described readably", "[diagnostics][E0110]") {
  // Currently prints a mangled Spirit X3 type name (`expected N5boost6spirit2x3...`).
  std::string t = kPrelude + "rule r s: x > old(x);\n";
  Result r_t = compile_text(t);
  auto* d = expect_located(r_t, t, "E0110", "found 's'", 4, 8);
  CHECK_THAT(d->message, Contains("'on'"));
  CHECK_THAT(d->message, !Contains("boost"));
}

TEST_CASE("E0112: nesting too deep, no crash", "[diagnostics][E0112]") {
  SECTION("100,000 `(` in an expression") {
    std::string t = "var x: int;\ninvariant i: " + std::string(100000, '(');
    Result r = compile_text(t);
    auto* d = first_error(r);
    REQUIRE(d);
    CHECK(d->code == "E0112");
    CHECK_THAT(d->message, Contains("nesting is deeper than 100 levels"));
    CHECK_THAT(render(*d, false), StartsWith("t.bwk:2:"));
  }
  SECTION("100,000 `(` as the whole file: an error, no crash") {
    Result r = compile_text(std::string(100000, '('));
    REQUIRE(first_error(r));
    CHECK(r.diags.has_errors());
  }
  SECTION("100,000 `{` in an action body: an error, no crash") {
    Result r = compile_text("action a() " + std::string(100000, '{'));
    CHECK(r.diags.has_errors());
  }
  SECTION("deeply nested unary operators") {
    Result r = compile_text(kPrelude + "invariant i: " + std::string(100000, '!') + "true;\n");
    CHECK(r.diags.has_errors());
  }
  SECTION("an operator chain longer than the limit") {
    std::string chain;
    for (int i = 0; i < 1200; ++i) chain += "1 + ";
    Result r = compile_text(kPrelude + "invariant i: x <= " + chain + "1;\n");
    auto* d = first_error(r);
    REQUIRE(d);
    CHECK(d->code == "E0112");
    CHECK_THAT(d->message, Contains("expression is nested deeper than 1000 operators"));
  }
}

TEST_CASE("E0113: invalid number literal", "[diagnostics][E0113]") {
  std::string t = "const C: real = 1__000.5;\n";
  expect_located(compile_text(t), t, "E0113", "'_' may only separate digits", 1, 17, 8);
  std::string t2 = "const C: int = 1_000_;\n";
  expect_located(compile_text(t2), t2, "E0113", "'_' may only separate digits", 1, 16, 6);
}

TEST_CASE("E0114: unterminated block comment", "[diagnostics][E0114]") {
  std::string t = kPrelude + "/* never closed\ninvariant i: x >= 0;\n";
  expect_located(compile_text(t), t, "E0114", "unterminated block comment", 4, 1, 2);
}

// ---- E02xx: names -------------------------------------------------------------------

TEST_CASE("E0201: unknown name, with a did-you-mean note", "[diagnostics][E0201]") {
  std::string t = "var balance: int;\ninit { balance == 0; }\naction s() { balance += 1; }\n"
                  "invariant i: balanse >= 0;\n";
  Result r = compile_text(t);
  auto* d = expect_located(r, t, "E0201", "unknown name `balanse`", 4, 14, 7);
  REQUIRE(d->notes.size() == 1);
  CHECK(d->notes[0].message == "did you mean `balance`?");
  CHECK_THAT(render(*d, false), Contains("      = note: did you mean `balance`?\n"));
}

TEST_CASE("E0201: no suggestion when nothing is close", "[diagnostics][E0201]") {
  std::string t = kPrelude + "invariant i: completely_different >= 0;\n";
  Result r_t = compile_text(t);
  auto* d = expect_located(r_t, t, "E0201", "unknown name `completely_different`", 4, 14, 20);
  CHECK(d->notes.empty());
}

TEST_CASE("E0201: several independent errors are all reported", "[diagnostics][E0201]") {
  std::string t = kPrelude + "invariant a: yyyy >= 0;\ninvariant b: zzzz >= 0;\ninvariant c: wwww >= 0;\n";
  Result r = compile_text(t);
  INFO(render_all(r.diags, false));
  CHECK(count_code(r, "E0201") == 3);
  CHECK(r.diags.error_count() == 3);
  std::string all = render_all(r.diags, false);
  CHECK_THAT(all, Contains(header("t.bwk", 4, 14, "E0201") + "unknown name `yyyy`"));
  CHECK_THAT(all, Contains(header("t.bwk", 5, 14, "E0201") + "unknown name `zzzz`"));
  CHECK_THAT(all, Contains(header("t.bwk", 6, 14, "E0201") + "unknown name `wwww`"));
}

TEST_CASE("E0201: action parameters are not in scope in `rule ... on any`", "[diagnostics][E0201]") {
  std::string t = "var x: int;\ninit { x == 0; }\naction s(n: int) { x += n; }\nrule r on any: x >= old(x) + n;\n";
  expect_located(compile_text(t), t, "E0201", "unknown name `n`", 4, 30);
}

TEST_CASE("E0202: duplicate names, with `first declared here`", "[diagnostics][E0202]") {
  std::string t = "var total: int;\nconst total: int = 5;\ninit { total == 0; }\naction s() { total += 1; }\n"
                  "invariant i: total >= 0;\n";
  Result r = compile_text(t);
  auto* d = expect_located(r, t, "E0202", "`total` is already declared as a state variable", 2, 7, 5);
  REQUIRE(d->notes.size() == 1);
  CHECK(d->notes[0].message == "first declared here");
  REQUIRE(d->notes[0].span.has_value());
  CHECK_THAT(render(*d, false), Contains("t.bwk:1:5: note: first declared here\n" + snippet(t, 1, 5, 5)));
}

TEST_CASE("E0202: duplicate parameter, sort element, spec name", "[diagnostics][E0202]") {
  std::string t = "var x: int;\ninit { x == 0; }\naction s(n: int, n: int) { x += n; }\ninvariant i: x >= 0;\n";
  expect_located(compile_text(t), t, "E0202", "parameter `n` appears twice", 3, 18);
  std::string t2 = "sort A = {alice, bob, bob};\n" + kPrelude + "invariant i: x >= 0;\n";
  expect_located(compile_text(t2), t2, "E0202", "`bob` is already declared as a sort element", 1, 23, 3);
  std::string t3 = "spec A;\nspec B;\n" + kPrelude + "invariant i: x >= 0;\n";
  expect_located(compile_text(t3), t3, "E0202", "a spec may be named only once", 2, 1, 7);
}

TEST_CASE("E0202: a built-in function name cannot be redeclared", "[diagnostics][E0202]") {
  // Regression: this once reported E0202 and then threw std::out_of_range (map::at), exit 4.
  std::string t = "def min(a: int, b: int): int = a;\n" + kPrelude + "invariant i: x >= 0;\n";
  Result r;
  REQUIRE_NOTHROW(r = compile_text(t));
  expect_located(r, t, "E0202", "`min` is a built-in function and cannot be redeclared", 1, 5, 3);
  std::string t2 = "var abs: int;\ninit { abs == 0; }\naction s() { abs += 1; }\ninvariant i: abs >= 0;\n";
  REQUIRE_NOTHROW(r = compile_text(t2));
  CHECK(first_error(r) != nullptr);
}

TEST_CASE("E0203: unknown sort, with a did-you-mean note", "[diagnostics][E0203]") {
  std::string t = "sort Account = {alice, bob};\nvar bal: Acount -> int;\ninit { true; }\naction s() { }\n"
                  "invariant i: true;\n";
  Result r_t = compile_text(t);
  auto* d = expect_located(r_t, t, "E0203", "unknown sort `Acount`", 2, 10, 6);
  REQUIRE(d->notes.size() == 1);
  CHECK(d->notes[0].message == "did you mean `Account`?");
  std::string t2 = "var x: uint256;\n";
  expect_located(compile_text(t2), t2, "E0203", "unknown sort `uint256`", 1, 8, 7);
  std::string t3 = kPrelude + "invariant i: forall a in x: true;\n";
  expect_located(compile_text(t3), t3, "E0203", "`x` is a state variable, not a sort", 4, 26);
}

TEST_CASE("E0204: rule on an unknown action", "[diagnostics][E0204]") {
  std::string t = "var x: int;\ninit { x == 10; }\naction withdraw(n: int) { x -= n; }\n"
                  "rule r on withdrow: x < old(x);\n";
  Result r_t = compile_text(t);
  auto* d = expect_located(r_t, t, "E0204", "rule `r` is on unknown action `withdrow`", 4, 11, 8);
  REQUIRE(d->notes.size() == 1);
  CHECK(d->notes[0].message == "did you mean `withdraw`?");
}

TEST_CASE("E0205: constant used before its declaration", "[diagnostics][E0205]") {
  std::string t = "const A: int = B + 1;\nconst B: int = 2;\n" + kPrelude + "invariant i: x >= A;\n";
  expect_located(compile_text(t), t, "E0205", "constant `B` is used before its declaration", 1, 16);
}

TEST_CASE("E0206: recursive defs", "[diagnostics][E0206]") {
  std::string t = "var x: int;\ndef fact(n: int): int = if n <= 1 then 1 else n * fact(n - 1);\ninit { x == 1; }\n"
                  "action s() { x = fact(3); }\ninvariant i: x >= 1;\n";
  expect_located(compile_text(t), t, "E0206", "def `fact` is recursive", 2, 5, 4);
  std::string t2 = "def even(n: int): bool = if n == 0 then true else odd(n - 1);\n"
                   "def odd(n: int): bool = if n == 0 then false else even(n - 1);\n" +
                   kPrelude + "invariant i: even(2);\n";
  Result r_t2 = compile_text(t2);
  auto* d = expect_located(r_t2, t2, "E0206", "def `even` is recursive", 1, 5, 4);
  REQUIRE(!d->notes.empty());
  CHECK_THAT(d->notes[0].message, Contains("`odd` is on the cycle"));
}

TEST_CASE("E0207: old() outside a rule", "[diagnostics][E0207]") {
  std::string t = kPrelude + "invariant i: x >= old(x);\n";
  expect_located(compile_text(t), t, "E0207", "`old(...)` is only allowed in rules, not in an invariant", 4, 19, 3);
}

TEST_CASE("E0208: nested old()", "[diagnostics][E0208]") {
  std::string t = kPrelude + "rule r on s: x == old(old(x)) + 1;\n";
  expect_located(compile_text(t), t, "E0208", "cannot be nested inside another `old(...)`", 4, 23, 3);
}

TEST_CASE("E0209: wrong number of arguments", "[diagnostics][E0209]") {
  std::string t = kPrelude + "invariant i: mulDivDown(x, 2) >= 0;\n";
  expect_located(compile_text(t), t, "E0209", "`mulDivDown` takes 3 arguments, found 2", 4, 14, 10);
  std::string t2 = "def f(a: int, b: int): int = a + b;\n" + kPrelude + "invariant i: f(x) >= 0;\n";
  expect_located(compile_text(t2), t2, "E0209", "`f` takes 2 arguments, found 1", 5, 14);
}

TEST_CASE("E0210: a name used as the wrong kind of thing", "[diagnostics][E0210]") {
  std::string t = "sort A = {a, b};\n" + kPrelude + "invariant i: A == x;\n";
  expect_located(compile_text(t), t, "E0210", "`A` is a sort, not a value", 5, 14);
  std::string t2 = kPrelude + "invariant i: x(1) == 0;\n";
  expect_located(compile_text(t2), t2, "E0210", "`x` is a state variable, not a function", 4, 14);
}

TEST_CASE("E0211: assignment to something that is not a state variable", "[diagnostics][E0211]") {
  std::string t = "const CAP: int = 5;\n" + kPrelude + "action t() { CAP = 1; }\ninvariant i: x >= 0;\n";
  expect_located(compile_text(t), t, "E0211", "cannot assign to `CAP`: it is a constant", 5, 14, 3);
  std::string t2 = "var x: int;\ninit { x == 0; }\naction s(n: int) { n = 1; }\ninvariant i: x >= 0;\n";
  expect_located(compile_text(t2), t2, "E0211", "cannot assign to `n`", 3, 20);
}

TEST_CASE("E0212: constants, assumes and init that depend on the wrong things", "[diagnostics][E0212]") {
  std::string t = "param P: int;\nconst C: int = P;\n" + kPrelude + "invariant i: x >= C;\n";
  expect_located(compile_text(t), t, "E0212", "a constant cannot depend on param `P`", 2, 16);
  std::string t2 = kPrelude + "assume x > 0;\ninvariant i: x >= 0;\n";
  expect_located(compile_text(t2), t2, "E0212", "an assume cannot depend on state variable `x`", 4, 8);
}

// ---- E03xx: types -------------------------------------------------------------------

TEST_CASE("E0301: a condition or branch of the wrong type", "[diagnostics][E0301]") {
  std::string t = kPrelude + "invariant i: x + 1;\n";
  expect_located(compile_text(t), t, "E0301", "an invariant must be bool, found int", 4, 14, 5);
  std::string t2 = "var x: int;\ninit { x == 0; }\naction s() { x = if x > 0 then 1 else true; }\n"
                   "invariant i: x >= 0;\n";
  expect_located(compile_text(t2), t2, "E0301", "the branches of `if` must have the same type, found int and bool",
                 3, 18, 25);
  std::string t3 = kPrelude + "invariant i: !x;\n";
  expect_located(compile_text(t3), t3, "E0301", "the operand of `!` must be bool, found int", 4, 15);
}

TEST_CASE("E0302: real where an int is needed", "[diagnostics][E0302]") {
  std::string t = "var n: int;\ninit { n == 0; }\naction s() { n += 0.5; }\ninvariant i: n >= 0;\n";
  expect_located(compile_text(t), t, "E0302", "must be int, found real; use floor(...) or ceil(...)", 3, 19, 3);
}

TEST_CASE("E0303: maps indexed wrongly", "[diagnostics][E0303]") {
  std::string pre = "sort A = {a1, a2};\nvar m: A -> int;\n" + kPrelude;  // lines 1..5
  std::string t = pre + "invariant i: m == 0;\n";
  expect_located(compile_text(t), t, "E0303", "`m` is a map; index it, e.g. `m[x]`", 6, 14);
  std::string t2 = pre + "invariant i: x[a1] == 0;\n";
  expect_located(compile_text(t2), t2, "E0303", "`x` is not a map and cannot be indexed", 6, 16, 2);
  std::string t3 = pre + "invariant i: m[a1][a2] == 0;\n";
  expect_located(compile_text(t3), t3, "E0303", "`m` is a map with 1 key and needs exactly 1 index, found 2", 6, 20,
                 2);
}

TEST_CASE("E0304: map index of the wrong sort", "[diagnostics][E0304]") {
  std::string t = "sort A = {a1, a2};\nsort T = {t1};\nvar m: A -> int;\n" + kPrelude + "invariant i: m[t1] == 0;\n";
  expect_located(compile_text(t), t, "E0304", "index 1 of `m` must be A, found T", 7, 16, 2);
}

TEST_CASE("E0305: map type outside a state variable", "[diagnostics][E0305]") {
  std::string t = "sort A = {a1, a2};\nparam P: A -> int;\n" + kPrelude + "invariant i: x >= 0;\n";
  expect_located(compile_text(t), t, "E0305", "map types are allowed only for state variables", 2, 10, 8);
}

TEST_CASE("E0306: operator applied to the wrong types", "[diagnostics][E0306]") {
  std::string t = "var b: bool;\n" + kPrelude + "invariant i: b + x >= 0;\n";
  expect_located(compile_text(t), t, "E0306", "`+` needs numbers, found bool and int", 5, 16);
  std::string t2 = "var b: bool;\n" + kPrelude + "invariant i: b < b;\n";
  expect_located(compile_text(t2), t2, "E0306", "`<` compares numbers, found bool and bool", 5, 16);
  std::string t3 = "sort A = {a1};\nsort T = {t1};\n" + kPrelude + "invariant i: a1 == t1;\n";
  expect_located(compile_text(t3), t3, "E0306", "`==` compares values of the same type, found A and T", 6, 17, 2);
}

TEST_CASE("E0307: bad constant values", "[diagnostics][E0307]") {
  std::string t = "const N: nat = -1;\n" + kPrelude + "invariant i: x >= N;\n";
  expect_located(compile_text(t), t, "E0307", "constant `N` is a nat but its value is -1", 1, 16, 2);
  std::string t2 = "const C: int = 1 / 0;\n" + kPrelude + "invariant i: x >= C;\n";
  expect_located(compile_text(t2), t2, "E0307", "division by zero in a constant", 1, 18);
}

TEST_CASE("E0308: += on a non-number", "[diagnostics][E0308]") {
  std::string t = "var b: bool;\ninit { b; }\naction s() { b += 1; }\ninvariant i: b;\n";
  expect_located(compile_text(t), t, "E0308", "`+=` and `-=` need a number; `b` is bool", 3, 14);
}

TEST_CASE("E0309: % on reals", "[diagnostics][E0309]") {
  std::string t = "var r: real;\ninit { r == 0; }\naction s() { r = r % 2.0; }\ninvariant i: r >= 0;\n";
  expect_located(compile_text(t), t, "E0309", "`%` works on ints, found real and real", 3, 20);
}

TEST_CASE("W0301: a spec with nothing to check", "[diagnostics][W0301]") {
  Result r = compile_text(kPrelude);
  INFO(render_all(r.diags, false));
  CHECK_FALSE(r.diags.has_errors());
  CHECK(r.lowered);
  REQUIRE(r.diags.all().size() == 1);
  const auto& d = r.diags.all()[0];
  CHECK(d.severity == Severity::Warning);
  CHECK(d.code == "W0301");
  CHECK(render(d, false) == "warning[W0301]: t.bwk: the spec has no invariants or rules: there is nothing to check\n");
}

// ---- E04xx: lowering -----------------------------------------------------------------

TEST_CASE("E0401: too many state cells", "[diagnostics][E0401]") {
  std::string t = "sort S[1000];\nvar m: S -> S -> int;\ninit { true; }\naction s() { }\ninvariant i: true;\n";
  Result r = compile_text(t);
  INFO(render_all(r.diags, false));
  auto* d = first_error(r);
  REQUIRE(d);
  CHECK(d->code == "E0401");
  CHECK_THAT(d->message, Contains("more than 100000 cells (map `m` alone has 1000000)"));
  CHECK_THAT(render(*d, false), StartsWith(header("t.bwk", 2, 5, "E0401")));
  CHECK_FALSE(r.lowered);
}

// E0402 (the node budget of 4,000,000) is tested in tests/dsl/lower/lower_test.cpp, not
// here: no spec of this file's kind reaches the budget in reasonable time.

// ---- E05xx: sizes (the command-line-only codes are in tests/cli/cli_test.sh) -------------

TEST_CASE("E0501: --size for a sort that does not exist", "[diagnostics][E0501]") {
  std::string t = "sort Account[2];\n" + kPrelude + "invariant i: x >= 0;\n";
  Result r = compile_text(t, sizes({{"Acount", 3}}));
  auto* d = expect_unlocated(r, "E0501", "--size Acount=3: there is no sort named `Acount`");
  CHECK(render(*d, false) ==
        "error[E0501]: --size Acount=3: there is no sort named `Acount`\n      = note: did you mean `Account`?\n");
}

TEST_CASE("E0502: --size for a sort with named elements", "[diagnostics][E0502]") {
  std::string t = "sort A = {a1, a2};\n" + kPrelude + "invariant i: x >= 0;\n";
  expect_unlocated(compile_text(t, sizes({{"A", 3}})), "E0502", "`A` lists its elements by name");
}

TEST_CASE("E0504: sort sizes out of range", "[diagnostics][E0504]") {
  std::string body = kPrelude + "invariant i: x >= 0;\n";
  SECTION("`sort S[10000];`") {
    std::string t = "sort S[10000];\n" + body;
    expect_located(compile_text(t), t, "E0504", "sort size must be an integer from 1 to 1000, found 10000", 1, 8, 5);
  }
  SECTION("`sort S[0];`") {
    std::string t = "sort S[0];\n" + body;
    expect_located(compile_text(t), t, "E0504", "found 0", 1, 8);
  }
  SECTION("--size S=0 and --size S=1001") {
    std::string t = "sort S[2];\n" + body;
    expect_unlocated(compile_text(t, sizes({{"S", 0}})), "E0504", "--size S=0: sort size must be from 1 to 1000");
    expect_unlocated(compile_text(t, sizes({{"S", 1001}})), "E0504", "--size S=1001");
  }
  SECTION("--size within range is accepted") {
    Result r = compile_text("sort S[2];\n" + body, sizes({{"S", 5}}));
    CHECK_FALSE(r.diags.has_errors());
    CHECK(r.lowered);
  }
}

// ---- rendering ---------------------------------------------------------------------------

TEST_CASE("render: colour only when asked", "[diagnostics][render]") {
  std::string t = kPrelude + "invariant i: y >= 0;\n";
  Result r = compile_text(t);
  REQUIRE(first_error(r));
  CHECK(render(*first_error(r), false).find('\x1b') == std::string::npos);
  CHECK(render(*first_error(r), true).find('\x1b') != std::string::npos);
}

TEST_CASE("render: a tab before the error keeps the caret aligned", "[diagnostics][render]") {
  std::string t = kPrelude + "invariant i:\tyyyy >= 0;\n";
  Result r = compile_text(t);
  REQUIRE(first_error(r));
  CHECK_THAT(render(*first_error(r), false), Contains("    4 | invariant i:\tyyyy >= 0;\n      |             \t^~~~\n"));
}

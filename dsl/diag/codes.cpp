#include "dsl/diag/codes.hpp"

#include <algorithm>
#include <iterator>

namespace bulwark {

namespace {

// Sorted by code. The title is the heading of the code's section in
// docs/diagnostics.md (tests/dsl/diag/codes_test.cpp checks both ways).
constexpr CodeInfo kCodes[] = {
    {"E0101", Severity::Error, "cannot read the file"},
    {"E0102", Severity::Error, "file too large"},
    {"E0103", Severity::Error, "binary file"},
    {"E0104", Severity::Error, "invalid UTF-8"},
    {"E0105", Severity::Error, "empty file"},
    {"E0110", Severity::Error, "syntax error"},
    {"E0112", Severity::Error, "nesting too deep"},
    {"E0113", Severity::Error, "invalid number literal"},
    {"E0114", Severity::Error, "unterminated block comment"},
    {"E0115", Severity::Error, "unterminated string"},
    {"E0201", Severity::Error, "unknown name"},
    {"E0202", Severity::Error, "duplicate name"},
    {"E0203", Severity::Error, "unknown sort"},
    {"E0204", Severity::Error, "rule on an unknown action"},
    {"E0205", Severity::Error, "constant used before its declaration"},
    {"E0206", Severity::Error, "recursive def"},
    {"E0207", Severity::Error, "old() outside a rule"},
    {"E0208", Severity::Error, "nested old()"},
    {"E0209", Severity::Error, "wrong number of arguments"},
    {"E0210", Severity::Error, "not a value / not a function"},
    {"E0211", Severity::Error, "assignment to something that is not a state variable"},
    {"E0212", Severity::Error, "depends on something it may not"},
    {"E0213", Severity::Error, "init() where it cannot be"},
    {"E0220", Severity::Error, "scenario names an unknown action"},
    {"E0221", Severity::Error, "unknown policy"},
    {"E0222", Severity::Error, "driven action is not an env action"},
    {"E0223", Severity::Error, "driven parameter unknown"},
    {"E0224", Severity::Error, "unknown process"},
    {"E0225", Severity::Error, "policy or moves given twice"},
    {"E0226", Severity::Error, "action driven twice"},
    {"E0227", Severity::Error, "scenario drives nothing"},
    {"E0301", Severity::Error, "wrong type"},
    {"E0302", Severity::Error, "real where an int is needed"},
    {"E0303", Severity::Error, "map indexed wrongly"},
    {"E0304", Severity::Error, "index of the wrong sort"},
    {"E0305", Severity::Error, "map type outside a state variable"},
    {"E0306", Severity::Error, "operator on the wrong types"},
    {"E0307", Severity::Error, "invalid constant value"},
    {"E0308", Severity::Error, "`+=`/`-=` on a non-number"},
    {"E0309", Severity::Error, "`%` on reals"},
    {"E0310", Severity::Error, "`moves` out of range"},
    {"E0311", Severity::Error, "driven parameter is not real"},
    {"E0312", Severity::Error, "wrong process arguments"},
    {"E0313", Severity::Error, "no starting level"},
    {"E0401", Severity::Error, "too many state cells"},
    {"E0402", Severity::Error, "lowered system too large"},
    {"E0403", Severity::Error, "no initial state"},
    {"E0501", Severity::Error, "--size for an unknown sort"},
    {"E0502", Severity::Error, "--size for a sort with named elements"},
    {"E0503", Severity::Error, "malformed --size"},
    {"E0504", Severity::Error, "sort size out of range"},
    {"E0505", Severity::Error, "--param for an unknown param"},
    {"E0506", Severity::Error, "--param value of the wrong type"},
    {"E0507", Severity::Error, "bad command line"},
    {"E0508", Severity::Error, "cannot write a file"},
    {"E0509", Severity::Error, "--property names no property"},
    {"E0510", Severity::Error, "not a check result"},
    {"E0530", Severity::Error, "a --chart expression that is not a number over the state"},
    {"E0550", Severity::Error, "price path cannot be read"},
    {"E0551", Severity::Error, "malformed price path"},
    {"E0552", Severity::Error, "constant cannot take a swept value"},
    {"E0553", Severity::Error, "a stress run cannot go on"},
    {"E0554", Severity::Error, "bad `bulwark stress` option"},
    {"E0555", Severity::Error, "unknown scenario"},
    {"W0301", Severity::Warning, "nothing to check"},
    {"W0302", Severity::Warning, "integer division used as a real"},
    {"W0401", Severity::Warning, "could not decide whether `init` is satisfiable"},
    {"W0402", Severity::Warning, "a property that checks nothing"},
    {"W0403", Severity::Warning, "dead action"},
    {"W0404", Severity::Warning, "the proof cache cannot be used"},
};

}  // namespace

std::span<const CodeInfo> diagnostic_codes() { return kCodes; }

const CodeInfo* find_code(std::string_view code) {
  auto it = std::lower_bound(std::begin(kCodes), std::end(kCodes), code, [](const CodeInfo& c, std::string_view k) { return c.code < k; });
  return it != std::end(kCodes) && it->code == code ? &*it : nullptr;
}

}  // namespace bulwark

#!/usr/bin/env bash
# BULWARK_QUERY_LOG=1 (docs/engines.md, "Knobs for measuring"): one line per
# solver query on stderr, with its time, budget, kind and answer; nothing
# without it, and the verdicts are the same either way.
source "$(dirname "$0")/../support/cli_test_lib.sh"

BULWARK_QUERY_LOG=1 "$bin" check examples/lending.bwk --no-cache -j 1 --stats > "$tmp/on.out" 2> "$tmp/on.err"
line='^query at [0-9.]+ s: [0-9.]+ s of [0-9.]+ s, (linear|nonlinear), [0-9]+ tracked: (sat|unsat|unknown \(.*\))$'
logged=$(grep -c '^query at' "$tmp/on.err")
[ "$logged" -gt 10 ] && pass "a line per query ($logged)" || bad "query lines: $logged"
[ "$(grep '^query at' "$tmp/on.err" | grep -Evc "$line")" = 0 ] && pass "every line has when, how long, of what budget, kind and answer" ||
  bad "malformed: $(grep '^query at' "$tmp/on.err" | grep -Ev "$line" | head -2)"
grep -q 'nonlinear, 0 tracked: sat$' "$tmp/on.err" && pass "solvent's attack query is logged as a nonlinear sat" || bad "no nonlinear sat line"
queries=$(grep -o '"queries":[0-9]*' "$tmp/on.err" | cut -d: -f2)
[ "$logged" -le "$queries" ] && pass "no more lines than --stats counts queries ($logged <= $queries)" || bad "$logged lines, $queries queries"

"$bin" check examples/lending.bwk --no-cache -j 1 > "$tmp/off.out" 2> "$tmp/off.err"
! grep -q '^query at' "$tmp/off.err" && pass "nothing without the variable" || bad "lines without BULWARK_QUERY_LOG"
[ "$(summary "$tmp/on.out")" = "$(summary "$tmp/off.out")" ] && pass "the same verdicts with and without it" ||
  bad "verdicts differ: $(diff <(summary "$tmp/on.out") <(summary "$tmp/off.out") | head -3)"
exit $fail

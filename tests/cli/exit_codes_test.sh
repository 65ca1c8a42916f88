#!/usr/bin/env bash
# The exit-code rule (report/exit_code.hpp, docs/cli.md "Exit codes") through
# the real binary, for the commands that judge a result: check, prove, bmc
# (with --bounded-ok, --fail-on, several specs, --jobs), simulate, fmt --check,
# merge; and E0403 (no initial state), which only the solver finds.
source "$(dirname "$0")/../support/expect_lib.sh"

cat >"$TMP/ok.bwk" <<'SPEC'
var x: int;
init { x == 0; }
action inc() { x += 1; }
invariant pos: x >= 0;
SPEC
cat >"$TMP/broken.bwk" <<'SPEC'
var x: int;
init { x == 0; }
action inc() { x += 1; }
invariant small: x < 2;
SPEC
cat >"$TMP/noinit.bwk" <<'SPEC'
var x: int;
init { x > 0; x < 0; }
action inc() { x += 1; }
invariant pos: x > 0;
SPEC
printf 'var x: int;\ninit { x == 0 ; }\naction inc() { x += 1; }\ninvariant pos: x >= 0;\n' >"$TMP/unformatted.bwk"
printf 'var x int;\n' >"$TMP/syntax.bwk"

run check "$TMP/ok.bwk" --no-color
expect "check: every property proved: 0" 0 "proved" stdout
run check "$TMP/broken.bwk" --no-color
expect "check: a violation: 1" 1 "violated: small" stdout
run bmc "$TMP/ok.bwk" --depth 2 --no-color
expect "bmc: holds to the depth: 2" 2 "holds_to_depth" stdout
run bmc "$TMP/ok.bwk" --depth 2 --bounded-ok --no-color
expect "bmc --bounded-ok: 0" 0 "holds_to_depth" stdout
run bmc "$TMP/ok.bwk" --depth 2 --fail-on violated --no-color
expect "bmc --fail-on violated, inconclusive only: 0" 0 "holds_to_depth" stdout
run bmc "$TMP/broken.bwk" --depth 3 --fail-on violated --no-color
expect "bmc --fail-on violated, a violation: 1" 1 "violated" stdout
run check "$TMP/syntax.bwk" --no-color
expect "check: bad spec: 3" 3 "error[E0110]"
run check "$TMP/noinit.bwk" --no-color
expect "check: no initial state: 3 (E0403)" 3 "error[E0403]: \`init\` together with the \`assume\`s is unsatisfiable"
for j in 1 2; do
  run check "$TMP/ok.bwk" "$TMP/broken.bwk" --no-color -j $j
  expect "check -j$j: proved and violated together: 1" 1 "violated: small" stdout
  run check "$TMP/broken.bwk" "$TMP/syntax.bwk" --no-color -j $j
  expect "check -j$j: a bad spec wins over a violation: 3" 3 "error[E0110]"
  run check "$TMP/broken.bwk" --no-color -j $j --format json
  expect "check -j$j --format json: the spec's exit_code is the run's" 1 '"exit_code": 1' stdout
done

run simulate "$TMP/broken.bwk" --runs 20 --steps 5 --no-color
expect "simulate: a violation: 1" 1 "violated: small" stdout
run simulate "$TMP/ok.bwk" --runs 20 --steps 5 --no-color
expect "simulate: nothing found: 0" 0 "no violation found" stdout
run simulate "$TMP/noinit.bwk" --runs 20 --steps 5 --no-color
expect "simulate: nothing could start: 2" 2 "nothing was simulated" stdout

run fmt --check "$TMP/ok.bwk" "$TMP/unformatted.bwk"
expect "fmt --check: a file not formatted: 1" 1 "unformatted.bwk: not formatted" stdout
run fmt --check "$TMP/unformatted.bwk" "$TMP/syntax.bwk"
expect "fmt --check: a bad file wins: 3" 3 "error[E0110]"

"$BULWARK" check "$TMP/ok.bwk" --format json -q >"$TMP/a.json" 2>/dev/null
"$BULWARK" check "$TMP/broken.bwk" --format json -q >"$TMP/b.json" 2>/dev/null
run merge "$TMP/a.json" "$TMP/b.json"
expect "merge: the combined code: 1" 1 '"exit_code": 1' stdout

finish

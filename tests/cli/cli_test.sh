#!/usr/bin/env bash
# Usage errors of the `bulwark` command line: exit codes and the key text of
# each diagnostic. Usage: cli_test.sh PATH/TO/bulwark REPO_ROOT
# Prints PASS/FAIL per check; exits non-zero if any check fails. Needs only bash
# and coreutils.
source "$(dirname "$0")/../support/expect_lib.sh"

LENDING=$ROOT/examples/lending.bwk
GOOD=$TMP/good.bwk
printf 'sort S[2];\nvar x: int;\ninit { x == 0; }\naction s(a: S) { x += 1; }\ninvariant i: x >= 0;\n' >"$GOOD"
NOINV=$TMP/noinv.bwk
printf 'var x: int;\ninit { x == 0; }\naction s() { x += 1; }\n' >"$NOINV"
BIN=$TMP/binary.bwk
printf 'spec A;\n\000\001\002\377' >"$BIN"
BADSPEC=$TMP/bad.bwk
printf 'var x: int;\ninit { x == 0; }\naction s() { x += 1; }\ninvariant i: balanse >= 0;\n' >"$BADSPEC"

# ---- usage ------------------------------------------------------------------------
run
expect "no arguments" 3 "error[E0507]"
run frobnicate "$GOOD"
expect "unknown command" 3 "error[E0507]"
run ir "$GOOD" --frobnicate
expect "unknown flag" 3 "error[E0507]"
run simulate "$GOOD" --runs
expect "flag without its value" 3 "error[E0507]"
run simulate
expect "missing spec argument" 3 "error[E0507]"
run --version
expect "--version" 0 "bulwark " stdout
run --help
expect "--help" 0 "simulate" stdout
run simulate --help
expect "simulate --help" 0 "--runs" stdout
run ir --help
expect "ir --help" 0 "--size" stdout

# ---- files ------------------------------------------------------------------------
run ir "$TMP/no_such_file.bwk"
expect "missing file" 3 "error[E0101]: $TMP/no_such_file.bwk: no such file"
run ir "$TMP"
expect "a directory" 3 "is a directory, not a spec file"
run simulate "$TMP/no_such_file.bwk"
expect "simulate: missing file" 3 "error[E0101]"
run fmt "$TMP/no_such_file.bwk"
expect "fmt: missing file" 3 "error[E0101]"
run ir "$BIN"
expect "binary file" 3 "error[E0103]"
printf 'var x: int;\n\377\n' >"$TMP/latin1.bwk"
run ir "$TMP/latin1.bwk"
expect "invalid UTF-8" 3 "error[E0104]"
: >"$TMP/empty.bwk"
run ir "$TMP/empty.bwk"
expect "empty file" 3 "error[E0105]"
head -c 9000000 /dev/zero | tr '\0' ' ' >"$TMP/huge.bwk"
run ir "$TMP/huge.bwk"
expect "9 MB file" 3 "error[E0102]"
if [ -e /dev/null ]; then
  run ir /dev/null
  if [ "$RC" -eq 3 ]; then pass "/dev/null is refused"; else fail "/dev/null is refused" "exit $RC"; fi
fi

# ---- spec errors ------------------------------------------------------------------
run ir "$BADSPEC" --no-color
expect "bad spec: located error" 3 "bad.bwk:4:14: error[E0201]: unknown name \`balanse\`"
if grep -qF "      |              ^~~~~~~" "$ERR"; then pass "bad spec: caret"; else fail "bad spec: caret" "no caret line"; fi
run simulate "$BADSPEC" --no-color
expect "simulate: bad spec" 3 "error[E0201]"
run ir "$NOINV" --no-color
expect "no invariants: warning W0301, exit 0" 0 "warning[W0301]"

# ---- --size -------------------------------------------------------------------------
run ir "$GOOD" --size Nope=3
expect "--size Nope=3" 3 "error[E0501]: --size Nope=3: there is no sort named \`Nope\`"
run ir "$GOOD" --size S=0
expect "--size S=0" 3 "error[E0504]"
run ir "$GOOD" --size S=x
expect "--size S=x" 3 "error[E0503]"
run ir "$GOOD" --size S
expect "--size S" 3 "error[E0503]"
run ir "$GOOD" --size S=99999999999999
expect "--size S=huge" 3 "error[E0503]"
run ir "$GOOD" --size S=1001
expect "--size S=1001" 3 "error[E0504]"
run ir "$LENDING" --size Account=3
expect "--size on a named sort" 3 "error[E0502]"
run ir "$GOOD" --size S=5
expect "--size S=5" 0 "S4" stdout

# ---- simulate options ---------------------------------------------------------------
run simulate "$LENDING" --param MAX_MOVE=abc --runs 1
expect "--param MAX_MOVE=abc" 3 "error[E0506]"
run simulate "$LENDING" --param NOPE=1 --runs 1
expect "--param NOPE=1" 3 "error[E0505]"
run simulate "$LENDING" --param MAX_MOVE --runs 1
expect "--param without =" 3 "error[E0505]"
run simulate "$LENDING" --runs 0
expect "--runs 0" 3 "error[E0507]"
run simulate "$LENDING" --runs -5
expect "--runs -5" 3 "error[E0507]"
run simulate "$LENDING" --steps -1
expect "--steps -1" 3 "error[E0507]"
run simulate "$LENDING" --runs abc
expect "--runs abc" 3 "error[E0507]"
run simulate "$LENDING" --format xml
expect "--format xml" 3 "error[E0507]"

# ---- --no-color ---------------------------------------------------------------------
esc=$(printf '\033')
nocolor_ok=1
for args in "ir $BADSPEC" "ir $NOINV" "ir $GOOD --size Nope=3" "simulate $LENDING --runs 0" \
            "simulate $LENDING --param NOPE=1 --runs 1" "ir $TMP/no_such_file.bwk"; do
  # shellcheck disable=SC2086
  run $args --no-color
  if grep -q "$esc" "$OUT" "$ERR"; then nocolor_ok=0; echo "  ESC printed by: bulwark $args --no-color"; fi
  # Not a terminal: no colour even without --no-color.
  # shellcheck disable=SC2086
  run $args
  if grep -q "$esc" "$OUT" "$ERR"; then nocolor_ok=0; echo "  ESC printed (not a tty) by: bulwark $args"; fi
done
if [ $nocolor_ok -eq 1 ]; then pass "--no-color (and no tty) never prints ESC"; else fail "--no-color" "ESC characters printed"; fi

finish

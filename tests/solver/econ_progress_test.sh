#!/usr/bin/env bash
# Issue 12: attack and tune show progress on a terminal's stderr when they run
# over a second (the line rewritten with \r: spec, depth or param value,
# elapsed time, erased at the end; tune also one line per value checked), and
# nothing with --quiet. Under util-linux `script` (a pty), as cli.progress.
# Usage: econ_progress_test.sh PATH/TO/bulwark REPO_ROOT
source "$(dirname "$0")/../support/expect_lib.sh"
source "$(dirname "$0")/../support/tty_lib.sh"
cd "$ROOT" || exit 1
clear=$'\r\e[K'
tty() { on_tty "$BULWARK" "$TMP/tty.out" "$TMP/tty" "$@"; }
# erased: nothing of a progress line is left: the terminal's output ends with
# the erase sequence, or with a finished line (tune's last per-value line).
erased() {
  local last; last=$(tr -d '\n' <"$TMP/tty")
  [ "${last: -4}" = "$clear" ] || [ "$(tail -c 1 "$TMP/tty" | od -An -c | tr -d ' ')" = '\n' ]
}

# attack on examples/lending.bwk to depth 4: several seconds.
tty attack examples/lending.bwk --maximize 'debt[alice]-value(alice)' --depth 4 --timeout 10
if grep -qE "attack examples/lending.bwk  attack  depth [0-9]  [0-9.]+ s" "$TMP/tty" && erased; then
  pass "attack on a terminal: a progress line with the depth and elapsed time, erased at the end"
else fail "attack on a terminal" "$(cat -v "$TMP/tty" | head -c 300)"; fi
if grep -q "^best: " "$TMP/tty.out" && ! grep -q $'\r' "$TMP/tty.out"; then pass "attack: stdout keeps the result, without progress"
else fail "attack: stdout" "$(head -3 "$TMP/tty.out")"; fi
tty attack examples/lending.bwk --maximize 'debt[alice]-value(alice)' --depth 4 --timeout 10 --quiet
if [ ! -s "$TMP/tty" ]; then pass "attack --quiet: nothing on the terminal's stderr"; else fail "attack --quiet" "$(cat -v "$TMP/tty" | head -c 200)"; fi

# tune on perps_tune.bwk without the cache: a few seconds.
tty tune specs/perps/perps_tune.bwk --param MOVE --maximize --range 0.5:1.5 --keep no_bad_debt --depth 4 --gap 0.01 --no-cache
if grep -qE "tune specs/perps/perps_tune.bwk  MOVE = [0-9/.]+  .*[0-9.]+ s" "$TMP/tty" && grep -q "tune: MOVE = 1: proved" "$TMP/tty" &&
   grep -q "tune: MOVE = 1.5: violated" "$TMP/tty" && erased; then
  pass "tune on a terminal: the value being checked, one line per value, erased at the end"
else fail "tune on a terminal" "$(cat -v "$TMP/tty" | head -c 300)"; fi
tty tune specs/perps/perps_tune.bwk --param MOVE --maximize --range 0.5:1.5 --keep no_bad_debt --depth 4 --gap 0.01 --no-cache --quiet
if [ ! -s "$TMP/tty" ]; then pass "tune --quiet: nothing on the terminal's stderr"; else fail "tune --quiet" "$(cat -v "$TMP/tty" | head -c 200)"; fi

finish

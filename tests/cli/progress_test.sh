#!/usr/bin/env bash
# Progress on stderr (issue 14 part 3): under a terminal (util-linux `script`
# gives the command a pty) a command running over a second shows one line,
# rewritten with \r, with the property, engine, depth and elapsed time, and
# erases it at the end; a short command shows nothing; without a terminal,
# and with --quiet, stderr has nothing extra.
source "$(dirname "$0")/../support/cli_test_lib.sh"
source "$(dirname "$0")/../support/tty_lib.sh"
cr=$'\r'
clear=$'\r\e[K'
# tty ARGS...: runs bulwark under a pty, stdout to a file; the pty (stderr) to $tmp/tty.
tty() { on_tty "$bin" "$tmp/tty.out" "$tmp/tty" "$@"; }

# check: over a second, most of it in the bounded search. Lending with cvc5
# alone and a 0.5 s budget: cvc5 gives up on solvent's depth-3 query, so the
# search sits at depth 3 for several budgets (3.5 s) whatever the machine's
# speed. (Until stop 24 plain lending took 1.7-3 s; now it takes 0.7 s.)
slow="examples/lending.bwk --no-cache --solver cvc5 --timeout 0.5"
tty check $slow -j 1
grep -q "check examples/lending.bwk  [a-z-]*  .*  [0-9.]* s" "$tmp/tty" && grep -q "depth [0-9]" "$tmp/tty" &&
  pass "check on a terminal: a progress line with spec, engine, property, depth and elapsed time" ||
  bad "check on a terminal: no progress line: $(cat -v "$tmp/tty" | head -c 300)"
[ "$(grep -o "$cr" "$tmp/tty" | wc -l)" -ge 2 ] && pass "the line is rewritten in place with \\r" || bad "no \\r rewrites"
last=$(tr -d '\n' < "$tmp/tty")
[ "${last: -4}" = "$clear" ] && pass "the line is erased at the end" || bad "the progress line is left behind: $(printf %q "${last: -40}")"
grep -q '^  unknown         solvent' "$tmp/tty.out" && ! grep -q "$cr" "$tmp/tty.out" &&
  pass "stdout keeps the results, without progress" || bad "stdout: $(head -3 "$tmp/tty.out")"

tty check $slow -j 1 --quiet
[ ! -s "$tmp/tty" ] && pass "--quiet: nothing on the terminal's stderr" || bad "--quiet: $(cat -v "$tmp/tty" | head -c 200)"

# simulate: the run counter (100000 runs: over the 1 s before the line shows, since the interpreter got faster).
tty simulate examples/bank.bwk --runs 100000 --steps 20
grep -q "simulate examples/bank.bwk  run [0-9]*/100000  [0-9.]* s" "$tmp/tty" && pass "simulate on a terminal: the run counter" ||
  bad "simulate: $(cat -v "$tmp/tty" | head -c 200)"

# Short commands show nothing (the first draw waits a second).
"$bin" check examples/bank.bwk --timeout 20 > /dev/null 2>&1  # fill the proof cache
tty check examples/bank.bwk --timeout 20
[ ! -s "$tmp/tty" ] && pass "a short command shows no progress" || bad "short command: $(cat -v "$tmp/tty" | head -c 200)"

# Several specs at once (--jobs children): the parent's line counts the specs.
tty check $slow examples/bank.bwk -j 2
last=$(tr -d '\n' < "$tmp/tty")
grep -q "check  [0-9]/2 specs done  [0-9.]* s | lending.bwk [a-z-]* .*depth [0-9]" "$tmp/tty" && [ "${last: -4}" = "$clear" ] &&
  pass "--jobs: the parent shows specs done and what each child checks (engine, property, depth)" || bad "--jobs: $(cat -v "$tmp/tty" | head -c 200)"

# Without a terminal: stderr is what --quiet gives, with no \r.
"$bin" check examples/lending.bwk --no-cache -j 1 > /dev/null 2> "$tmp/e1"
"$bin" check examples/lending.bwk --no-cache -j 1 --quiet > /dev/null 2> "$tmp/e2"
cmp -s "$tmp/e1" "$tmp/e2" && ! grep -q "$cr" "$tmp/e1" && pass "not a terminal: nothing extra on stderr" ||
  bad "not a terminal: stderr differs: $(diff "$tmp/e1" "$tmp/e2" | head -3 | cat -v)"
"$bin" simulate examples/bank.bwk --runs 100000 --steps 20 > /dev/null 2> "$tmp/e3"
[ ! -s "$tmp/e3" ] && pass "simulate, not a terminal: stderr empty" || bad "simulate stderr: $(head -c 200 "$tmp/e3" | cat -v)"

exit $fail

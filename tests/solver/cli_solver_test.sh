#!/usr/bin/env bash
# The solver commands through the real binary: every `smt2` obligation gets the
# same answer from the z3 command-line solver; a solver/interpreter mismatch
# exits 4 and prints both views; bad options of check/prove/bmc exit 3.
source "$(dirname "$0")/../support/cli_test_lib.sh"

# smt2: our answer in each file's header, the z3 CLI's answer on the file.
"$bin" smt2 examples/counter.bwk --out "$tmp/smt2" --depth 2 --timeout 20 > "$tmp/list" || bad "smt2 exits 0"
n=0
while read -r file answer _; do
  [ "$answer" = sat ] || [ "$answer" = unsat ] || continue
  got=$(z3 -T:60 "$file" 2>&1 | head -1)
  n=$((n + 1))
  [ "$got" = "$answer" ] || bad "z3 answers '$got' but bulwark answered '$answer' on $file"
done < "$tmp/list"
[ "$n" -ge 10 ] && pass "z3 CLI agrees on $n smt2 obligations" || bad "too few decided obligations ($n)"

# A trace the interpreter does not confirm is an internal error (exit 4) showing both views.
BULWARK_TEST_CORRUPT_TRACE=1 "$bin" check examples/counter.bwk --no-color > "$tmp/out" 2> "$tmp/err"
rc=$?
[ "$rc" -eq 4 ] && pass "replay mismatch exits 4" || bad "replay mismatch exits $rc, expected 4"
grep -q "internal error: the interpreter does not confirm" "$tmp/err" && grep -q "step 1:" "$tmp/err" &&
  pass "mismatch prints the reason and the solver's trace" || bad "mismatch output: $(head -3 "$tmp/err")"

# One number from a --stats line.
stat_of() { sed -n "s/.*\"$1\":\([0-9.]*\).*/\1/p" "$2"; }

# Option errors.
for args in "--depth -1" "--depth 100000" "--timeout 0" "--property nope" "--engine magic" "--engine spacer" \
            "--total-timeout -1" "--total-timeout x" "--solver yices" "--solver" "--cross-check --solver z3"; do
  # shellcheck disable=SC2086
  "$bin" check examples/counter.bwk $args --no-color > /dev/null 2> "$tmp/err"
  rc=$?
  [ "$rc" -eq 3 ] && grep -q "error" "$tmp/err" && pass "check $args exits 3" || bad "check $args exits $rc: $(head -2 "$tmp/err")"
done

# Sanity warnings: located, coded, on stderr and in the JSON; the verdicts still stand.
sane=tests/inputs/good/sanity_warnings.bwk  # shared with tests/solver/engine_test.cpp
"$bin" check "$sane" --depth 4 --no-color > "$tmp/out" 2> "$tmp/err"
rc=$?
[ "$rc" -eq 0 ] && pass "sanity warnings do not change the exit code" || bad "sanity spec exits $rc"
grep -q "sanity_warnings.bwk:6:11: warning\[W0402\]: invariant \`anything\` holds in every state" "$tmp/err" &&
  pass "W0402 tautology, located" || bad "W0402: $(cat "$tmp/err")"
grep -q "sanity_warnings.bwk:4:8: warning\[W0403\]: action \`never\` is never enabled within 4 steps" "$tmp/err" &&
  pass "W0403 dead action, located" || bad "W0403: $(cat "$tmp/err")"
"$bin" check "$sane" --depth 4 --format json 2> /dev/null | grep -q '"code": "W0403"' &&
  pass "json lists the warnings" || bad "json lacks warnings"

# A property that is true but not inductive: `not_inductive` (CHC left out:
# it proves this one), and its counterexample to induction is shown as such,
# never as an attack.
cat > "$tmp/cti.bwk" <<'SPEC'
var a: int;
init { a == 0; }
action go() { a = a + 1; }
invariant pos: a != -1;
SPEC
"$bin" check "$tmp/cti.bwk" --depth 4 --engine kinduction --no-color > "$tmp/out" 2> "$tmp/err"
rc=$?
[ "$rc" -eq 2 ] && pass "not inductive exits 2" || bad "not inductive exits $rc"
grep -q "not_inductive   pos" "$tmp/out" && grep -q "counterexample to induction, NOT an attack" "$tmp/out" &&
  grep -q "a state satisfying the invariants (possibly unreachable):" "$tmp/out" && ! grep -q "^violated" "$tmp/out" &&
  pass "counterexample to induction labelled" || bad "cti output: $(cat "$tmp/out")"
"$bin" prove "$tmp/cti.bwk" --engine induction --no-color > "$tmp/out" 2> "$tmp/err"
grep -q "(bounded search" "$tmp/out" && grep -q "  not run). A lemma" "$tmp/out" && ! grep -q "found no attack" "$tmp/out" &&
  pass "prove does not claim a search it did not run" || bad "prove cti output: $(cat "$tmp/out")"
# prove with k-induction searches to depth 3 for its base case, and says so.
"$bin" prove "$tmp/cti.bwk" --engine kinduction --no-color > "$tmp/out" 2> "$tmp/err"
grep -q "not inductive; no violation up to depth 3" "$tmp/out" && grep -q "found no attack within 3 steps). A lemma" "$tmp/out" &&
  pass "prove names the depth its base-case search reached" || bad "prove cti output: $(cat "$tmp/out")"

# With --trace-dir the counterexample to induction is written too, marked as not an attack.
"$bin" check "$tmp/cti.bwk" --depth 4 --engine kinduction --trace-dir "$tmp/tr" --format json > "$tmp/json" 2> /dev/null
grep -q "\"cti\": \"$tmp/tr/cti.pos.cti.itf.json\"" "$tmp/json" && grep -q "NOT an attack" "$tmp/tr/cti.pos.cti.itf.json" &&
  [ ! -e "$tmp/tr/cti.pos.itf.json" ] && pass "the counterexample to induction is written as ITF, marked NOT an attack" ||
  bad "cti file: $(cat "$tmp/json") $(ls "$tmp/tr")"
# CHC proves it; the invariant it prints, pasted into the spec, is proved by induction alone.
"$bin" check "$tmp/cti.bwk" --depth 4 --engine chc --print-invariants --no-color > "$tmp/out" 2> "$tmp/err"
rc=$?
[ "$rc" -eq 0 ] && grep -q "proved          pos   *chc  (" "$tmp/out" && grep -q "^  invariant chc_pos: .*;$" "$tmp/out" &&
  pass "--engine chc proves it and prints its invariant" || bad "chc: rc $rc $(cat "$tmp/out" "$tmp/err")"
{ cat "$tmp/cti.bwk"; grep "^  invariant chc_pos: " "$tmp/out"; } > "$tmp/pasted.bwk"
"$bin" prove "$tmp/pasted.bwk" --engine induction --no-color > "$tmp/out2" 2>&1
rc=$?
[ "$rc" -eq 0 ] && grep -q "proved          chc_pos   *inductive" "$tmp/out2" &&
  pass "the printed invariant, pasted into the spec, is proved by induction alone" || bad "pasted: rc $rc $(cat "$tmp/out2")"
# Spacer's answer is cached like any other (and its invariant still re-checked).
XDG_CACHE_HOME="$tmp/cache-chc" "$bin" check "$tmp/cti.bwk" --depth 4 --engine chc -j 1 > /dev/null 2>&1
XDG_CACHE_HOME="$tmp/cache-chc" "$bin" check "$tmp/cti.bwk" --depth 4 --engine chc -j 1 --stats --no-color > "$tmp/out" 2> "$tmp/stats"
grep -q "proved          pos   *chc  (" "$tmp/out" && [ "$(stat_of cache_misses "$tmp/stats")" = 0 ] &&
  pass "a CHC proof re-checks from the cache" || bad "cached chc: $(cat "$tmp/out" "$tmp/stats")"
"$bin" check "$tmp/cti.bwk" --depth 4 --format json > "$tmp/json" 2> /dev/null
grep -q '"method": "chc"' "$tmp/json" && grep -q '"invariant": "' "$tmp/json" &&
  pass "auto reaches CHC; the JSON carries the invariant" || bad "chc json: $(cat "$tmp/json")"
"$bin" check examples/counter.bwk --format json 2> /dev/null | grep -q '"invariant": null' &&
  pass "the JSON invariant is null for other proofs" || bad "json invariant field missing"

# A solver that dies in the race leaves the other's answers standing: with
# every cvc5 process crashing, the cross-checked run (both solvers on every
# query) gives the verdicts of a normal run.
"$bin" check examples/counter.bwk --no-cache --no-color > "$tmp/normal" 2>&1
BULWARK_TEST_SOLVER_CRASH=cvc5 "$bin" check examples/counter.bwk --cross-check --no-cache --no-color -j 1 --stats \
  > "$tmp/crash" 2> "$tmp/crash.stats"
rc=$?
[ "$rc" -eq 1 ] && [ "$(summary "$tmp/normal")" = "$(summary "$tmp/crash")" ] &&
  grep -q '"decided_by":{"z3":[0-9]*}' "$tmp/crash.stats" &&
  pass "cvc5 crashing in every race leaves Z3's verdicts standing" || bad "crash in the race: rc $rc $(cat "$tmp/crash")"

# k-induction: true, not inductive, 2-inductive (Fibonacci numbers stay >= 0).
cat > "$tmp/fib.bwk" <<'SPEC'
var a: int;
var b: int;
init { a == 0; b == 1; }
action go() { a = b; b = a + b; }
invariant pos: a >= 0;
SPEC
for cmd in "check" "prove" "check --engine kinduction"; do
  # shellcheck disable=SC2086
  "$bin" $cmd "$tmp/fib.bwk" --depth 4 --no-color > "$tmp/out" 2>&1
  rc=$?
  [ "$rc" -eq 0 ] && grep -q "proved          pos   *2-inductive  (" "$tmp/out" && pass "$cmd: proved (2-inductive)" ||
    bad "$cmd on fib: rc $rc $(cat "$tmp/out")"
done
"$bin" check "$tmp/fib.bwk" --depth 4 --engine induction --no-color > "$tmp/out" 2>&1
grep -q "not_inductive   pos" "$tmp/out" && pass "--engine induction does not run k-induction" || bad "induction only: $(cat "$tmp/out")"

# JSON output follows the documented schema.
"$bin" check examples/divzero.bwk --format json > "$tmp/json"
rc=$?
[ "$rc" -eq 1 ] && pass "check --format json exits 1 on a violation" || bad "json run exits $rc"
for key in '"spec"' '"exit_code": 1' '"properties"' '"kind": "division_by_zero"' '"status": "violated"' '"status": "proved"' '"lemmas"' '"location"' '"time_s"'; do
  grep -q "$key" "$tmp/json" && pass "json has $key" || bad "json lacks $key"
done

# A folder of specs.
"$bin" check examples/ --timeout 20 > "$tmp/all" 2>&1
rc=$?
[ "$rc" -eq 1 ] && pass "check examples/ exits 1" || bad "check examples/ exits $rc"
[ "$(grep -c '^examples/.*\.bwk$' "$tmp/all")" -ge 7 ] && pass "check examples/ covers every spec" || bad "folder run: $(head -3 "$tmp/all")"

# Each solver alone and the portfolio give the same verdicts on an example.
for solver in z3 cvc5 portfolio; do
  "$bin" check examples/bank.bwk --solver "$solver" --no-color > "$tmp/$solver.out" 2>&1
  rc=$?
  { summary "$tmp/$solver.out"; echo "rc=$rc"; } > "$tmp/$solver"
done
cmp -s "$tmp/z3" "$tmp/cvc5" && cmp -s "$tmp/z3" "$tmp/portfolio" && pass "z3, cvc5 and the portfolio agree on bank.bwk" ||
  bad "solvers differ: $(diff "$tmp/z3" "$tmp/cvc5"; diff "$tmp/z3" "$tmp/portfolio")"

# --cross-check: a disagreement between the solvers is an internal error (exit
# 4) naming both answers, with the query written as SMT-LIB 2 for a bug report.
BULWARK_TEST_SOLVERS_DISAGREE=1 TMPDIR="$tmp" "$bin" check examples/counter.bwk --cross-check --no-color > "$tmp/out" 2> "$tmp/err"
rc=$?
[ "$rc" -eq 4 ] && pass "a solver disagreement exits 4" || bad "disagreement exits $rc"
file=$(grep -o "$tmp/bulwark-disagreement-[0-9-]*\.smt2" "$tmp/err" | head -1)
grep -q "internal error: the solvers disagree: z3 says \(sat\|unsat\), cvc5 says \(sat\|unsat\)" "$tmp/err" && [ -s "$file" ] &&
  grep -q "check-sat" "$file" && pass "disagreement names both answers and writes the query" || bad "disagreement output: $(cat "$tmp/err")"
"$bin" check examples/counter.bwk --cross-check --no-color > /dev/null 2>&1
rc=$?
[ "$rc" -ne 4 ] && pass "cross-check agrees on counter.bwk" || bad "cross-check on counter.bwk exits 4"

# The proof cache: a re-run answers every query from it, with the same verdicts.
export XDG_CACHE_HOME="$tmp/cache2"
cp examples/bank.bwk "$tmp/bank.bwk"
"$bin" check "$tmp/bank.bwk" -j 1 --stats --no-color > "$tmp/first" 2> "$tmp/first.stats"
"$bin" check "$tmp/bank.bwk" -j 1 --stats --no-color > "$tmp/second" 2> "$tmp/second.stats"
[ "$(stat_of cache_misses "$tmp/second.stats")" = 0 ] && [ "$(stat_of cache_hits "$tmp/second.stats")" -gt 0 ] &&
  [ "$(stat_of solve_s "$tmp/second.stats")" = 0.0 ] && pass "an unchanged spec re-checks from the cache with no solver time" ||
  bad "cached re-run: $(tail -1 "$tmp/second.stats")"
[ "$(summary "$tmp/first")" = "$(summary "$tmp/second")" ] && grep -q "replayed by the interpreter" "$tmp/second" &&
  pass "cached verdicts equal the solved ones; the cached attack is replayed" || bad "cached verdicts differ"
# Changing one action re-solves only the queries that involve it.
sed -i 's/action withdraw(u: User, x: nat) {/action withdraw(u: User, x: nat) {\n  require x < 1000000;/' "$tmp/bank.bwk"
"$bin" check "$tmp/bank.bwk" -j 1 --stats --no-color > "$tmp/third" 2> "$tmp/third.stats"
[ "$(stat_of cache_misses "$tmp/third.stats")" -gt 0 ] && [ "$(stat_of cache_hits "$tmp/third.stats")" -gt 0 ] &&
  pass "a changed action re-solves some queries and keeps the rest ($(stat_of cache_hits "$tmp/third.stats") hits, $(stat_of cache_misses "$tmp/third.stats") misses)" ||
  bad "changed action: $(tail -1 "$tmp/third.stats")"
# A corrupted entry is ignored: flip every stored answer without fixing its checksum.
find "$tmp/cache2/bulwark" -type f -exec sed -i '4s/^unsat/sat/; t; 4s/^sat/unsat/' {} +
"$bin" check "$tmp/bank.bwk" -j 1 --stats --no-color > "$tmp/fourth" 2> "$tmp/fourth.stats"
XDG_CACHE_HOME="$tmp/cache-empty" "$bin" check "$tmp/bank.bwk" -j 1 --stats > /dev/null 2> "$tmp/empty.stats"
# As many queries solved as from an empty cache (a run's repeated queries hit what it just stored).
[ "$(stat_of cache_misses "$tmp/fourth.stats")" = "$(stat_of cache_misses "$tmp/empty.stats")" ] &&
  [ "$(summary "$tmp/third")" = "$(summary "$tmp/fourth")" ] &&
  pass "corrupted cache entries are ignored; the verdicts stand" || bad "corrupted cache: $(tail -1 "$tmp/fourth.stats")"
# Two specs whose guards differ only past the point where printed terms are
# abbreviated (a 2^24-node term): the cache must tell their queries apart.
# (It once keyed queries by the abbreviated text and served B's proof for A.)
deep_spec() {  # $1: the guard's right-hand side
  echo "spec Deep; var x: int; var y: int; init { x == 0; y == 0; } def d0(): int = x;"
  for i in $(seq 1 24); do echo "def d$i(): int = d$((i - 1))() + d$((i - 1))();"; done
  echo "action step() { require d24() == $1; y = 1; } invariant y_zero: y == 0;"
}
deep_spec "y * 2 + 1" > "$tmp/deep_b.bwk"
deep_spec "y * 2" > "$tmp/deep_a.bwk"
export XDG_CACHE_HOME="$tmp/cache-deep"
"$bin" check "$tmp/deep_b.bwk" > /dev/null 2>&1
b_rc=$?
"$bin" check "$tmp/deep_a.bwk" > /dev/null 2>&1
a_rc=$?
[ "$b_rc" -eq 0 ] && [ "$a_rc" -eq 1 ] && pass "the cache keeps queries apart that differ deep inside a large term" ||
  bad "deep terms: B exit $b_rc (want 0), A exit $a_rc (want 1: its attack)"
# --no-cache reads and writes nothing.
export XDG_CACHE_HOME="$tmp/cache3"
"$bin" check examples/counter.bwk --no-cache > /dev/null 2>&1
[ ! -e "$tmp/cache3/bulwark" ] || [ -z "$(find "$tmp/cache3/bulwark" -type f)" ] && pass "--no-cache writes nothing" ||
  bad "--no-cache wrote entries"
# An unwritable cache directory: warning W0404, the run goes on without it.
touch "$tmp/not-a-dir"
XDG_CACHE_HOME="$tmp/not-a-dir" "$bin" check examples/counter.bwk --no-color > "$tmp/out" 2> "$tmp/err"
rc=$?
[ "$rc" -eq 1 ] && grep -q "warning\[W0404\]: cannot write the proof cache directory" "$tmp/err" &&
  pass "an unwritable cache is warning W0404 and the run goes on" || bad "unwritable cache: rc $rc $(cat "$tmp/err")"

exit $fail

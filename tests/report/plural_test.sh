#!/usr/bin/env bash
# Issue 12: a count of one reads "1 step", "1 run" (never "1 steps"), in
# every output that prints a depth or a length: attack's bound lines, the
# counterexample to induction, simulate, stress and its prover hand-off.
# Usage: plural_test.sh PATH/TO/bulwark REPO_ROOT
source "$(dirname "$0")/../support/expect_lib.sh"
IN=$ROOT/tests/inputs

# no_bad_plural NAME: neither stream has a count of 1 with a plural noun.
no_bad_plural() {
  if grep -qE '(^|[^0-9./])1 (steps|runs|rounds|mutants|driven ticks|policy moves)' "$OUT" "$ERR"; then
    fail "$1" "a singular count with a plural noun: $(grep -hE '(^|[^0-9./])1 (steps|runs|rounds|mutants|driven ticks|policy moves)' "$OUT" "$ERR" | head -1)"
  else pass "$1"; fi
}

run attack "$IN/attack/drain.bwk" --maximize profit --depth 1
expect_all "attack --depth 1: the bound reads 1 step" 0 "over runs of at most 1 step" \
  "best: profit = 10 in 1 step," "proved: no run of at most 1 step has profit > 10"
no_bad_plural "attack --depth 1: no '1 steps'"

run attack "$ROOT/specs/oracle/median.bwk" --violate price_in_band --minimize captured --depth 1 --timeout 10
expect_all "attack --violate --depth 1: no attack within 1 step" 0 "cannot be broken by any run of at most 1 step:"
no_bad_plural "attack --violate --depth 1: no '1 steps'"

cat >"$TMP/cti.bwk" <<'SPEC'
var a: int;
init { a == 0; }
action go() { a = a + 1; }
invariant pos: a != -1;
SPEC
run check "$TMP/cti.bwk" --depth 1 --engine kinduction --no-color --no-cache
expect_all "check: the counterexample to induction names a search of 1 step" 2 "found no attack within 1 step). A lemma"
no_bad_plural "check --depth 1: no '1 steps'"

run simulate "$ROOT/examples/counter.bwk" --runs 1 --steps 1 --seed 1
expect_all "simulate: 1 run of up to 1 step" 0 "no violation found in 1 run of up to 1 step (seed 1)"
no_bad_plural "simulate: no '1 runs' or '1 steps'"

run stress "$IN/stress/gbm_barrier.bwk" --scenario gbm --runs 1 --steps 1 --seed 3 --worst loss --prove --timeout 10
expect_all "stress: 1 run of 1 round, 1 step taken, a worst run of 1 step, the prover over runs of 1 step" 0 \
  "scenario gbm: 1 run of 1 round, seed 3" "  1 step taken; " \
  "; 1 step, replayed by the interpreter" "prover, over runs of 1 step (the worst run's length)" \
  "proved maximum over runs of 1 step = "
no_bad_plural "stress: no '1 steps'"

finish

#!/usr/bin/env bash
# Issue 12: `bulwark tune` finds the safe edge of the CDP and perps specs'
# bounded oracle move (specs/cdp/cdp_tune.bwk, specs/perps/perps_tune.bwk),
# the edge equals its closed form, `check` proves the kept property at the
# edge (an unbounded proof) and finds a replayed attack just past it; and
# `tune --no-cache` neither reads nor writes the proof cache.
# Usage: tune_edges_test.sh PATH/TO/bulwark REPO_ROOT
source "$(dirname "$0")/../support/expect_lib.sh"

# pin PARAM FRACTION: an assume that fixes PARAM to the exact FRACTION (a
# python Fraction expression), written as `assume Q * PARAM == N;` so that no
# division literal is needed.
pin() { python3 -c "from fractions import Fraction as F; v = F($2); print(f'assume {v.denominator} * $1 == {v.numerator};')"; }

# const_of SPEC NAME: the value of `const NAME: real = V;` in SPEC.
const_of() { sed -n "s/^const $2: real = \([0-9.]*\);.*/\1/p" "$1"; }

# tune_edge NAME SPEC PARAM EDGE RANGE KEEP: tune --maximize over RANGE (JSON)
# lands exactly on EDGE (a fraction), proved, with a broken value just above.
tune_edge() {
  local name=$1 spec=$2 param=$3 edge=$4 range=$5 keep=$6 out
  run tune "$spec" --param "$param" --maximize --range "$range" --keep "$keep" --depth 4 --timeout 10 --gap 0.01 --format json --quiet
  exit_ok "$name" 0 || return
  out=$(python3 - "$OUT" "$edge" "$keep" <<'PY'
import json, re, sys
from fractions import Fraction as F
j = json.load(open(sys.argv[1]))
edge, keep = F(sys.argv[2]), sys.argv[3]
got, beyond = F(j["edge"]), F(j["beyond"])
at_edge = [c for c in j["checks"] if F(c["value"]) == got]
# The safe side names its proof, and it is an unbounded one.
unbounded = bool(at_edge) and re.search(r"\b(inductive|chc|one-step)", at_edge[0]["detail"]) is not None
ok = (got == edge and at_edge and at_edge[0]["status"] == "proved" and unbounded
      and edge < beyond <= edge + F(1, 50) and j["beyond_violates"] == keep and j["itf"])
print(f"edge {got} ({at_edge[0]['detail'] if at_edge else '?'}), broken at {beyond}: {'ok' if ok else 'NOT the expected edge ' + str(edge) + ' with an unbounded proof'}")
PY
  ) || { fail "$name" "cannot read tune's JSON"; return; }
  case $out in *": ok") pass "$name ($out)" ;; *) fail "$name" "$out" ;; esac
}

# check_side NAME SPEC ASSUME_LINE NEW_ASSUME PROP CODE: `check` of SPEC with
# its param's assume replaced. CODE 0: PROP is proved by an unbounded engine
# (inductive, k-inductive or CHC), not only to a depth. CODE 1: PROP is
# violated and the trace is replayed by the interpreter.
check_side() {
  local name=$1 spec=$2 old=$3 new=$4 prop=$5 code=$6 copy=$TMP/side.bwk
  grep -qxF "$old" "$spec" || { fail "$name" "the spec lacks the line: $old"; return; }
  awk -v old="$old" -v new="$new" '$0 == old { print new; next } { print }' "$spec" >"$copy"
  run check "$copy" --property "$prop" --depth 6 --timeout 10 --no-cache
  if [ "$code" -eq 0 ]; then
    exit_ok "$name" 0 || return
    if ! grep -qE "^  proved +$prop +(inductive|k-inductive|.*CHC|.*chc)" "$OUT"; then fail "$name" "not an unbounded proof of $prop"
    elif grep -q "dead action" "$OUT" "$ERR"; then fail "$name" "vacuous: a dead action"
    else pass "$name"; fi
  else
    expect_all "$name" 1 "violated: $prop" "replayed by the interpreter"
  fi
}

# both_sides FAMILY SPEC PARAM EDGE ASSUME_LINE PROP: check proves PROP with
# PARAM pinned at EDGE and finds the replayed attack at EDGE + 0.001.
both_sides() {
  local family=$1 spec=$2 param=$3 edge=$4 assume=$5 prop=$6
  check_side "$family: check at the edge proves $prop" "$spec" "$assume" "$(pin "$param" "F('$edge')")" "$prop" 0
  check_side "$family: check just past the edge (+0.001) finds the attack" "$spec" "$assume" \
    "$(pin "$param" "F('$edge') + F(1, 1000)")" "$prop" 1
}

# ---- CDP: collateralised's edge is MAX_MOVE = 1 - 1/MAT ---------------------------------
# A safe vault has tab*MAT <= ink*price; keepers are prompt, so the oracle ticks
# only from such states, and one tick lowers the price to at least
# price*(1 - MAX_MOVE): the collateral is then worth >= tab*MAT*(1 - MAX_MOVE),
# which covers tab iff MAT*(1 - MAX_MOVE) >= 1 (drip needs only MAT >= 1 + FEE).
# A vault drawn to the limit and one full fall reach the bound, so the edge is exact.
CDP=$ROOT/specs/cdp/cdp_tune.bwk
MAT=$(const_of "$CDP" MAT)
CDP_EDGE=$(python3 -c "from fractions import Fraction as F; print(1 - 1 / F('$MAT'))")
tune_edge "cdp tune: the edge of MAX_MOVE is 1 - 1/MAT = $CDP_EDGE" "$CDP" MAX_MOVE "$CDP_EDGE" 0.3:0.4 collateralised
both_sides cdp "$CDP" MAX_MOVE "$CDP_EDGE" 'assume 0 <= MAX_MOVE && MAX_MOVE < 1;' collateralised

# ---- perps: no_bad_debt's edge is MOVE = MM ---------------------------------------------
# Keepers are prompt, so before a tick every open position has margin >= MM;
# one contract's PnL over a tick is +-dp with |dp| <= MOVE, so its margin stays
# >= MM - MOVE, which is >= 0 iff MOVE <= MM. A position at exactly MM and one
# full move against it reach the bound, so the edge is exact.
PERPS=$ROOT/specs/perps/perps_tune.bwk
MM=$(const_of "$PERPS" MM)
tune_edge "perps tune: the edge of MOVE is MM = $MM" "$PERPS" MOVE "$MM" 0.5:1.5 no_bad_debt
both_sides perps "$PERPS" MOVE "$MM" 'assume 0 <= MOVE && MOVE <= 2 * IM;' no_bad_debt

# ---- tune --no-cache ----------------------------------------------------------------------
XDG_CACHE_HOME=$TMP/nc run tune "$PERPS" --param MOVE --maximize --range 0.5:1.5 --keep no_bad_debt --depth 4 --gap 0.01 --no-cache
expect_all "tune --no-cache: the same edge" 0 "edge: MOVE = 1 is proved safe"
entries=$(find "$TMP/nc" -type f 2>/dev/null | wc -l)
if [ "$entries" -eq 0 ]; then pass "tune --no-cache writes no proof cache"; else fail "tune --no-cache writes no proof cache" "$entries entries"; fi
XDG_CACHE_HOME=$TMP/c run tune "$PERPS" --param MOVE --maximize --range 0.5:1.5 --keep no_bad_debt --depth 4 --gap 0.01
entries=$(find "$TMP/c" -type f 2>/dev/null | wc -l)
if [ "$entries" -gt 0 ]; then pass "tune without --no-cache writes the proof cache ($entries entries)"; else fail "tune writes the proof cache" "no entry"; fi
# With every answer in the cache, a solver that is cancelled on its first query
# (test hook) does not matter; with --no-cache it does: the cache is not read.
XDG_CACHE_HOME=$TMP/c BULWARK_TEST_SOLVER_CANCELED=1 run tune "$PERPS" --param MOVE --maximize --range 0.5:1.5 --keep no_bad_debt --depth 4 --gap 0.01
expect_all "tune from the cache needs no solver" 0 "edge: MOVE = 1 is proved safe"
XDG_CACHE_HOME=$TMP/c BULWARK_TEST_SOLVER_CANCELED=1 run tune "$PERPS" --param MOVE --maximize --range 0.5:1.5 --keep no_bad_debt --depth 4 --gap 0.01 --no-cache
expect_all "tune --no-cache does not read the cache (the cancelled solver shows)" 2 "stopped: " "no value in the range is proved safe"

finish

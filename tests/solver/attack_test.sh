#!/usr/bin/env bash
# `bulwark attack`: optima known in closed form, proved bounds that random
# runs never beat, the attack cost and ACR, exit codes and bad input.
# Usage: attack_test.sh PATH/TO/bulwark REPO_ROOT
source "$(dirname "$0")/../support/expect_lib.sh"
IN=$ROOT/tests/inputs/attack

# ---- drain.bwk: the best profit of k steps is min(10 k, 50), exactly ------------------
run attack "$IN/drain.bwk" --maximize profit --depth 6
expect_all "drain: per-depth optimum min(10k, 50)" 0 \
  "  0      0                      <= 0" "  1      10                     <= 10" \
  "  2      20                     <= 20" "  3      30                     <= 30" \
  "  4      40                     <= 40" "  5      50                     <= 50" \
  "  6      50                     <= 50" "proved: no run of at most 6 steps has profit > 50" \
  "best: profit = 50 in 5 steps, replayed by the interpreter"
run attack "$IN/drain.bwk" --maximize profit --depth 3 --format json
expect_all "drain: JSON" 0 '"status": "exact"' '"best": "30"' '"bound": "30"' '"best_depth": 3' '"#meta"' \
  '"measures": {' '"profit": "30"'
run attack "$IN/drain.bwk" --maximize profit --depth 1
expect_all "drain: measures per step in the trace, ghost cells hidden" 0 "measures: profit = 0, secured = 50" \
  "measures: profit = 10, secured = 40"
if grep -qF "init(wealth" "$OUT"; then fail "ghost cells hidden" "init(wealth...) printed in the trace"; else pass "ghost cells hidden"; fi
run attack "$IN/drain.bwk" --maximize profit --depth 3 --fail-above 25
expect_all "drain: --fail-above 25 exits 1" 1 "profit = 30"
run attack "$IN/drain.bwk" --maximize profit --depth 3 --fail-above 30
expect_all "drain: --fail-above 30 exits 0" 0 "profit = 30"
# An expression instead of a measure; init() in it.
run attack "$IN/drain.bwk" --maximize 'wealth[alice] - init(wealth[alice]) + 1' --depth 2
expect_all "drain: an expression objective" 0 "proved: no run of at most 2 steps has wealth[alice] - init(wealth[alice]) + 1 > 21"

# The proved bound is never beaten by 10,000 random runs: the bound (50, for
# any number of steps) as an invariant that simulation tries to break.
sed 's/^measure secured: pool;$/invariant profit_bound: wealth[mallory] - init(wealth[mallory]) <= 50;/' "$IN/drain.bwk" >"$TMP/drain_bound.bwk"
run simulate "$TMP/drain_bound.bwk" --runs 10000 --steps 6 --seed 7
if [ "$RC" -eq 0 ] && ! grep -q "violated" "$OUT"; then pass "10,000 random runs stay within the proved bound 50"
else fail "simulation within the bound" "exit $RC"; fi
# ... and the same simulation does exceed a bound just below the optimum.
sed 's/^measure secured: pool;$/invariant profit_bound: wealth[mallory] - init(wealth[mallory]) <= 29;/' "$IN/drain.bwk" >"$TMP/drain_low.bwk"
run attack "$TMP/drain_low.bwk" --maximize profit --depth 3
expect_all "a bound just below the optimum is beaten" 0 "profit = 30"

# ---- capital.bwk: the least capital that breaks `minority`, and the ACR ----------------
run attack "$IN/capital.bwk" --violate minority --minimize cost --depth 2
expect_all "capital: attack cost 51, ACR 0.51" 0 "proved: no run of at most 2 steps that breaks \`minority\` has cost < 51" \
  "ACR = cost / secured = 51 / 100 = 0.51" "broken: invariant minority" "CAP = 51"
run attack "$IN/capital.bwk" --violate minority --minimize cost --depth 0
expect_all "capital: nothing breaks it in 0 steps" 0 "cannot be broken by any run of at most 0 steps"
run attack "$IN/capital.bwk" --violate minority --minimize cost --depth 2 --fail-below 60
expect_all "capital: --fail-below 60 exits 1" 1 "cost = 51"

# ---- product.bwk: a nonlinear objective, by bisection ---------------------------------
run attack "$IN/product.bwk" --maximize area --depth 1
expect_all "product: x*y <= 9 exactly by bisection" 0 "  1      9                      <= 9                     exact (bisection"

# ---- unbounded objectives: proved on a linear restriction, or only evidence ------------
# examples/lending.bwk: alice's bad debt grows with her deposit (price drops, then a
# liquidation with its bonus): proved unbounded at depth 4 by OMT with the price fixed.
run attack "$ROOT/examples/lending.bwk" --maximize 'debt[alice]-value(alice)' --depth 4 --timeout 10
expect_all "lending: bad debt 0 up to 3 steps, unbounded at 4" 0 "  3      0                      <= 0" \
  "+inf                     unbounded, even on the runs with price fixed to a run's values" \
  "proved: unbounded: for every X some run of at most 4 steps reaches more than X (OMT at depth 4"
run attack "$IN/unbounded_area.bwk" --maximize value --depth 1 --format json
expect_all "units * price: unbounded without the step that multiplies arguments" 0 '"status": "unbounded"' \
  '"fixed": "price"' '"left_out": "set"'
# a * b of one step's arguments: nothing to fix, so runs past 8 growing candidates
# are only evidence: no_bound, inconclusive (exit 2), never an optimum.
run attack "$IN/unbounded_area.bwk" --maximize area --depth 1
expect_all "a * b: no bound found, not a proof" 2 "none found               inconclusive: runs reach >= " \
  "inconclusive: no bound found; runs reach >= " "not a proof"
if grep -q "^proved" "$OUT"; then fail "no_bound is not proved" "a 'proved' line printed"; else pass "no_bound is not proved"; fi
run attack "$IN/unbounded_area.bwk" --maximize area --depth 1 --format json
expect_all "a * b: JSON no_bound" 2 '"status": "no_bound"' '"bound": null'
run attack "$IN/unbounded_area.bwk" --maximize area --depth 1 --fail-above 1000
expect_all "a * b: --fail-above 1000 exits 1 on the evidence run" 1 "runs reach >= "

# ---- specs/pos: the Nakamoto coefficient and the cheapest colluding stake ---------------
run attack "$ROOT/specs/pos/slashing.bwk" --violate no_conflict --minimize colluders --depth 6 --timeout 10
expect_all "pos: Nakamoto coefficient 2" 0 "has colluders < 2" "best: colluders = 2 in 6 steps"
run attack "$ROOT/specs/pos/slashing.bwk" --violate no_conflict --minimize byz_stake --depth 6 --timeout 10
expect_all "pos: cheapest colluding stake 45, ACR 0.45" 0 "has byz_stake < 45" "45 / 100 = 0.45"
# ---- specs/oracle: 3 of 5 reporters captured break the band (ACR 0.6); 2 cannot -------
run attack "$ROOT/specs/oracle/median_captured.bwk" --violate price_in_band --minimize captured --depth 4 --timeout 10
expect_all "oracle: least captured reporters 3, ACR 0.6" 0 "has captured < 3" "ACR = cost / secured = 3 / 5 = 0.6"
run attack "$ROOT/specs/oracle/median.bwk" --violate price_in_band --minimize captured --depth 4 --timeout 10
expect_all "oracle: F <= 2 cannot break the band" 0 "cannot be broken by any run of at most 4 steps"
# ---- specs/exploits/erc4626: the attacker takes the victim's whole deposit -------------
run attack "$ROOT/specs/exploits/erc4626/erc4626_vulnerable.bwk" --maximize gain --depth 4 --timeout 20
expect_all "erc4626: gain 0 up to 3 steps, V = 10000 at 4" 0 "  3      0                      <= 0" \
  "  4      10000                  <= 10000" "proved: no run of at most 4 steps has gain > 10000"

# The donation budget D twice the victim's deposit V: the gain is V = D/2, exactly.
run attack "$ROOT/specs/exploits/erc4626/erc4626_double.bwk" --maximize gain --depth 4 --timeout 20
expect_all "erc4626 D = 2V: gain V = D/2 = 10000 at 4 steps" 0 "  3      0                      <= 0" \
  "  4      10000                  <= 10000" "proved: no run of at most 4 steps has gain > 10000"

# ---- tune: ltv.bwk is safe exactly for LTV <= 0.8 ---------------------------------------
run tune "$IN/ltv.bwk" --param LTV --maximize --range 0:1 --keep solvent --depth 4
expect_all "tune: the edge is LTV = 0.8" 0 "edge: LTV = 0.8 is proved safe" "violated: solvent" "the attack at LTV = "
run tune "$IN/ltv.bwk" --param LTV --maximize --range 0:1 --keep solvent --depth 4 --format json
expect_all "tune: JSON" 0 '"edge": "0.8"' '"beyond_violates": "solvent"' '"status": "proved"'
run tune "$IN/ltv.bwk" --param LTV --maximize --range 0:0.5 --keep solvent --depth 4
expect_all "tune: a range that is all safe" 0 "the whole range is proved safe"
# Just past the edge, `check` finds the attack; at the edge it proves the property.
sed 's/^assume 0 <= LTV && LTV <= 1;$/assume LTV == 0.801;/' "$IN/ltv.bwk" >"$TMP/ltv_past.bwk"
run check "$TMP/ltv_past.bwk" --property solvent
expect_all "check just past the edge: violated" 1 "violated: solvent"
sed 's/^assume 0 <= LTV && LTV <= 1;$/assume LTV == 0.8;/' "$IN/ltv.bwk" >"$TMP/ltv_edge.bwk"
run check "$TMP/ltv_edge.bwk" --property solvent
expect_all "check at the edge: proved" 0 "proved"
# specs/lending/lending_tune.bwk: LT's edge is 1 / (1 + BONUS) = 20/21 (closed form).
LT_SPEC=$ROOT/specs/lending/lending_tune.bwk
run tune "$LT_SPEC" --param LT --maximize --range 0.95:0.96 --keep liquidation_raises_health --depth 6 --timeout 10
expect_all "lending tune: the edge is LT = 20/21" 0 "edge: LT = 20/21 is proved safe" "violated: liquidation_raises_health"
sed 's|^assume 0 < LT && LT <= 1;$|assume 21 * LT == 20;|' "$LT_SPEC" >"$TMP/lt_edge.bwk"
run check "$TMP/lt_edge.bwk" --property liquidation_raises_health --depth 6 --timeout 10
expect_all "lending: check at the edge LT = 20/21 proves liquidation_raises_health" 0 "proved"
# (not vacuously: at LT = 0 borrowing and liquidation would be dead actions)
if grep -q "dead action" "$ERR"; then fail "lending edge not vacuous" "a dead action"; else pass "lending edge not vacuous"; fi
sed 's|^assume 0 < LT && LT <= 1;$|assume LT == 0.953;|' "$LT_SPEC" >"$TMP/lt_past.bwk"
run check "$TMP/lt_past.bwk" --property liquidation_raises_health --depth 6 --timeout 10
expect_all "lending: check just past the edge (LT = 0.953) finds the attack" 1 "violated: liquidation_raises_health"
run tune "$IN/ltv.bwk" --param NOPE --maximize --range 0:1
expect_all "tune: unknown param" 3 "error[E0505]" "LTV"
run tune "$IN/ltv.bwk" --param LTV --maximize --range 1:0
expect_all "tune: empty range" 3 "error[E0507]"
run tune "$IN/ltv.bwk" --param LTV --range 0:1
expect_all "tune: no direction" 3 "error[E0507]"
run tune "$IN/ltv.bwk" --param LTV --maximize --range 0:1 --keep nope
expect_all "tune: --keep names no property" 3 "error[E0509]"

# ---- bad input ------------------------------------------------------------------------
run attack "$IN/drain.bwk" --depth 2
expect_all "no objective" 3 "error[E0507]"
run attack "$IN/drain.bwk" --maximize profit --minimize profit
expect_all "two objectives" 3 "error[E0507]"
run attack "$IN/drain.bwk" --maximize 'nope + 1'
expect_all "objective with an unknown name" 3 "error[E0201]" "error[E0507]"
run attack "$IN/drain.bwk" --maximize 'pool > 1'
expect_all "boolean objective" 3 "error[E0301]"
run attack "$IN/drain.bwk" --maximize 'pool; invariant x: false'
expect_all "objective with a ';'" 3 "error[E0507]"
run attack "$IN/drain.bwk" --maximize profit --violate nope
expect_all "--violate names no invariant" 3 "error[E0509]" "pool_nonnegative"
run attack "$IN/drain.bwk" --maximize profit --depth -1
expect_all "negative depth" 3 "error[E0507]"

finish

#!/usr/bin/env bash
# `bulwark stress` through the real binary: a fixed-seed figure of the cdp
# Black Thursday scenario, --jobs giving the same figures, sweeps over a
# constant and a param, the worst run as ITF, `fmt` of scenarios, bad input.
# Usage: stress_test.sh PATH/TO/bulwark REPO_ROOT
source "$(dirname "$0")/../support/expect_lib.sh"
IN=$ROOT/tests/inputs/stress
cd "$ROOT" || exit 1

# ---- a fixed-seed figure (docs/stress.md; specs/cdp/README.md) -------------------------
run stress specs/cdp/cdp.bwk --scenario black_thursday --runs 200 --steps 49 --seed 7 --measure bad_debt=badDebt
expect_all "cdp black_thursday, seed 7: fee accrual breaks the ceiling in 184 of 200 runs" 0 \
  "seed 7" "under_ceiling               184 / 200       0.9200 [0.8740, 0.9502]     2 / 15 / 37 / 49" \
  "sale_price_floor            0 / 200" \
  "bad_debt            0.355117    2.13564     0           0           17.9836     0.179002    13.0024     7.05185     16.001" \
  "worst run: run 1 of seed 7, the first violating run, breaking under_ceiling; 41 steps, replayed by the interpreter"
cp "$OUT" "$TMP/one_job"
run stress specs/cdp/cdp.bwk --scenario black_thursday --runs 200 --steps 49 --seed 7 --measure bad_debt=badDebt --jobs 2
if [ "$RC" -eq 0 ] && cmp -s "$OUT" "$TMP/one_job"; then pass "--jobs 2 prints the same figures as one job"
else fail "--jobs 2 identical" "exit $RC or different output"; fi

# ---- without --seed a seed is drawn, printed, and reproduces the run ------------------
run stress "$IN/gbm_barrier.bwk" --scenario gbm --runs 50 --steps 20
seed=$(sed -n 's/.*seed \([0-9]*\)$/\1/p' "$OUT" | head -1)
cp "$OUT" "$TMP/drawn"
if [ -n "$seed" ]; then
  run stress "$IN/gbm_barrier.bwk" --scenario gbm --runs 50 --steps 20 --seed "$seed"
  if cmp -s "$OUT" "$TMP/drawn"; then pass "the printed seed reproduces the run"; else fail "printed seed" "different output"; fi
else fail "printed seed" "no seed in the output"; fi

# ---- the worst run by a measure, as ITF, replayed ---------------------------------------
run stress "$IN/gbm_barrier.bwk" --scenario gbm --runs 300 --steps 20 --seed 3 --worst loss --trace-dir "$TMP/traces" --format json
expect_all "worst run by a measure, written as ITF" 0 '"worst": {' '"why": "the largest loss' '"price_precision": "1e-6"'
if [ -s "$TMP/traces/gbm_barrier.gbm.worst.itf.json" ] && grep -q '"#meta"' "$TMP/traces/gbm_barrier.gbm.worst.itf.json"
then pass "ITF file written"; else fail "ITF file" "missing"; fi

# ---- --prove: the worst run handed to the maximiser ------------------------------------
# loss = 100 - price with any price > 0: the supremum 100 over runs of 20 steps,
# never attained; the sampled worst run stays below it.
run stress "$IN/gbm_barrier.bwk" --scenario gbm --runs 500 --steps 20 --seed 1 --worst loss --prove --timeout 10
expect_all "--prove: sampled tail beside the proved maximum" 0 "prover, over runs of 20 steps" \
  "with the worst run's actions (arguments, params and initial state free): maximum loss = <= 100" \
  "proved maximum over runs of 20 steps = <= 100"
grep -q "^sampled VaR99 = " "$OUT" && pass "--prove prints the sampled VaR99" || fail "--prove VaR99 line" "missing"
# Without --worst: the first violation, confirmed by BMC seeded with its actions.
run stress specs/perps/cascade.bwk --scenario gap_down --runs 300 --steps 10 --seed 7 --prove --timeout 20
expect_all "--prove confirms a sampled invariant violation" 0 \
  "worst run: run 2 of seed 7, the first violating run, breaking winners_paid_in_full; 8 steps" \
  "prover: a run with the worst run's 8 actions (arguments, params and initial state free) that breaks winners_paid_in_full: confirmed"
cat >"$TMP/rule.bwk" <<'SPEC'
spec R;
var price: real;
var t: int;
init { price == 100; t == 0; }
env action oracle(p: real) { require p > 0; price = p; t += 1; }
invariant ok: t >= 0;
rule small_moves on oracle: price >= old(price) * 0.9;
scenario s { drive oracle(p) = gbm(0, 0.1, 1) from price; moves 0; }
SPEC
run stress "$TMP/rule.bwk" --scenario s --runs 50 --steps 10 --seed 1 --prove
expect_all "--prove confirms a sampled rule violation" 0 "breaking small_moves" "that breaks small_moves: confirmed"

# ---- sweeps: a constant (recompiled) and a param (fixed per run) ------------------------
run stress specs/perps/cascade.bwk --scenario gap_down --runs 100 --steps 30 --seed 7 --sweep MM=0.5:1.5:0.5 --measure adl
expect_all "sweep of the maintenance margin (a constant)" 0 "per value of MM" "winners_paid_in_full broken [95% CI]" \
  "0.5 " "1.5 "
cat >"$TMP/p.bwk" <<'SPEC'
spec P;
param D: real;
assume D >= 0 && D <= 10;
var price: real;
var t: int;
init { price == 100; t == 0; }
env action oracle(p: real) { require p > 0; price = p; t += 1; }
invariant above: price >= 100 - D;
scenario s { drive oracle(p) = gbm(0, 0.05, 1) from price; moves 0; }
SPEC
run stress "$TMP/p.bwk" --scenario s --runs 400 --steps 10 --seed 1 --sweep D=2:10:8 --format json
if [ "$RC" -eq 0 ] && python3 - "$OUT" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
a, b = (r["properties"][0]["share"] for r in j["sweep"])
sys.exit(0 if a > b else 1)  # a wider band is broken less often
PY
then pass "sweep of a param: a wider band breaks less often"; else fail "param sweep" "exit $RC or shares not decreasing"; fi

# ---- --plots: SVG files that parse as XML ---------------------------------------------
run stress specs/perps/cascade.bwk --scenario gap_down --runs 60 --steps 20 --seed 7 --measure adl --plots "$TMP/plots"
run stress specs/perps/cascade.bwk --scenario gap_down --runs 60 --steps 20 --seed 7 --sweep MM=0.5:1.5:0.5 --plots "$TMP/plots"
if python3 - "$TMP/plots" <<'PY'
import sys, os, xml.dom.minidom
d = sys.argv[1]
want = ["cascade.gap_down.fan.oracle.svg", "cascade.gap_down.hist.adl.svg", "cascade.gap_down.hist.secured.svg",
        "cascade.gap_down.sweep.MM.svg"]
for f in want:
    doc = xml.dom.minidom.parse(os.path.join(d, f))
    assert doc.documentElement.tagName == "svg", f
fan = xml.dom.minidom.parse(os.path.join(d, want[0]))
assert len(fan.getElementsByTagName("polygon")) == 2 and len(fan.getElementsByTagName("polyline")) == 1
hist = xml.dom.minidom.parse(os.path.join(d, want[1]))
assert len(hist.getElementsByTagName("rect")) >= 3
PY
then pass "--plots writes the fan chart, histograms and sweep curve as SVG"; else fail "--plots" "missing or malformed SVG"; fi

# ---- fmt prints scenarios and round-trips ----------------------------------------------
run fmt specs/cdp/cdp.bwk
expect "fmt prints the scenario" 0 '  drive oracle(p) = path("black_thursday.csv");' stdout
cp "$OUT" "$TMP/cdp_fmt.bwk"
cp specs/cdp/black_thursday.csv "$TMP/"
run fmt --check "$TMP/cdp_fmt.bwk"
expect "fmt output is canonical" 0
run fmt specs/perps/cascade.bwk
expect "fmt prints products of processes" 0 '  drive oracle(p) = gbm(0, 0.02, 1) * jump(0.05, -0.09) from price;' stdout

# ---- bad input: located errors, exit 3 ---------------------------------------------------
bad() {  # FILE CODE TEXT
  run stress "$IN/$1" --scenario s --runs 5
  expect_all "$1: $2" 3 "$1:" "error[$2]: " "$3"
}
bad bad_unknown_action.bwk E0220 "driven action \`oracel\` is not an action of the spec"
bad bad_policy.bwk E0221 "unknown policy \`sometimes\`"
bad bad_not_env.bwk E0222 "only an env action can be driven"
bad bad_arg.bwk E0223 "action \`oracle\` has no parameter \`q\`"
bad bad_process.bwk E0224 "unknown process \`bgm\`"
bad bad_two_moves.bwk E0225 "a scenario has at most one \`moves\`"
bad bad_driven_twice.bwk E0226 "action \`oracle\` is driven twice"
bad bad_no_drive.bwk E0227 "scenario \`s\` drives no action"
bad bad_arity.bwk E0312 "\`gbm\` takes 3 numbers"
bad bad_no_from.bwk E0313 "a drive without \`path\` needs a starting level"
bad bad_arg_type.bwk E0301 "a process argument must be real, found bool"
bad bad_missing_csv.bwk E0550 "cannot read price path"
bad bad_malformed_csv.bwk E0551 "tests/inputs/stress/malformed.csv:3: \`abc\` is not a price"
bad bad_string.bwk E0115 "unterminated string"
bad bad_syntax.bwk E0110 "expected ';'"
run stress "$IN/bad_arg.bwk" --scenario s --runs 5
if grep -q "E0227" "$ERR"; then fail "no follow-on E0227" "reported"; else pass "no follow-on E0227 after a bad drive"; fi
run stress "$IN/gbm_barrier.bwk" --scenario nope
expect "unknown scenario" 3 "error[E0555]: --scenario nope: the spec has no scenario of that name (its scenarios: gbm)"
run stress "$IN/gbm_barrier.bwk" --scenario gbm --runs 0
expect "--runs 0" 3 "error[E0554]: --runs must be 1..100000000"
run stress "$IN/gbm_barrier.bwk" --scenario gbm --sweep X=1:2:0.5
expect "sweep of an unknown name" 3 "error[E0554]: --sweep X=1:2:0.5: the spec has no param or constant \`X\`"
run stress "$IN/gbm_barrier.bwk" --scenario gbm --sweep B=2:1:0.5
expect "sweep with HI < LO" 3 "LO <= HI"
run stress "$IN/gbm_barrier.bwk" --scenario gbm --sweep K=1:2:0.5
expect "sweep of an int constant by halves" 3 "error[E0552]: constant \`K\` is int: it cannot take the value 1.5"
run stress "$IN/gbm_barrier.bwk" --scenario gbm --measure 'x=price +'
expect "bad --measure expression" 3 "error[E0110]"
run stress "$IN/gbm_barrier.bwk" --scenario gbm --worst nothing
expect "unknown --worst measure" 3 "error[E0554]: --worst nothing: no measure of that name (measures: loss)"
cat >"$TMP/neg.bwk" <<'SPEC'
spec N;
param S: real;
var price: real;
init { price == 100; }
env action oracle(p: real) { price = p; }
invariant i: true;
scenario s { drive oracle(p) = gbm(0, S, 1) from price; }
SPEC
run stress "$TMP/neg.bwk" --scenario s --runs 5 --param S=-1
expect "a process argument out of range at run time" 3 "error[E0553]: gbm needs sigma in [0, 100]"

finish

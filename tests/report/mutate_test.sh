#!/usr/bin/env bash
# `bulwark mutate`: on a ledger whose one property (conservation) catches
# every wrong update that can run but no wrong guard, the killed and the
# surviving mutants are known exactly; with no time, nothing is called
# survived; bad input exits 3.
# Usage: mutate_test.sh PATH/TO/bulwark REPO_ROOT
source "$(dirname "$0")/../support/expect_lib.sh"
cd "$ROOT" || exit 1
IN=tests/inputs/mutate

run mutate $IN/ledger.bwk --timeout 30
# Killed: removing either update of deposit or withdraw, and swapping any
# update except two that make their action dead (deposit's `bal[u] -= x`
# needs a balance that only deposit could add; so does its `total -= x`).
expect_all "ledger: 13 mutants, 6 killed, 7 survived" 0 \
  "$IN/ledger.bwk: 13 mutants of 2 actions" \
  "  killed        6" "  survived      7" "  undecided     0" "mutation score: 6/13 = 46.2% killed"
survivors=$(sed -n '/^survived:/,/^[a-z]*:$/p' "$OUT" | grep '^  ')
expected="  $IN/ledger.bwk:12:13: flip-comparison in deposit: \`require x > 0;\` -> \`require x <= 0;\`
  $IN/ledger.bwk:12:15: perturb-constant in deposit: \`require x > 0;\` -> \`require x > 1;\`
  $IN/ledger.bwk:12:3: drop-require in deposit: \`require x > 0;\` -> (removed)
  $IN/ledger.bwk:13:3: swap-update in deposit: \`bal[u] += x;\` -> \`bal[u] -= x;\`
  $IN/ledger.bwk:14:3: swap-update in deposit: \`total += x;\` -> \`total -= x;\`
  $IN/ledger.bwk:17:13: flip-comparison in withdraw: \`require x <= bal[u];\` -> \`require x > bal[u];\`
  $IN/ledger.bwk:17:3: drop-require in withdraw: \`require x <= bal[u];\` -> (removed)"
if [ "$survivors" = "$expected" ]; then pass "ledger: exactly the known survivors, one line each with file:line:col"
else fail "ledger: the survivors" "$(diff <(echo "$expected") <(echo "$survivors"))"; fi

run mutate $IN/ledger.bwk --format json
expect_all "ledger JSON" 0 '"killed": 6' '"survived": 7' '"generated": 13'
killers=$(grep -A1 '"properties": \[$' "$OUT" | grep -c '"conserved"')
if [ "$killers" -eq 6 ]; then pass "JSON: each killed mutant names the property that caught it"
else fail "JSON: killers" "$killers mutants name conserved"; fi
if grep -qF '"operator": "remove-update"' "$OUT" && grep -qF '"mutant": null' "$OUT"; then pass "JSON: a removal has no mutant text"
else fail "JSON: removal" "missing"; fi

run mutate $IN/ledger.bwk --max-mutants 4
expect "--max-mutants 4" 0 "13 mutants of 2 actions, 4 checked (--max-mutants)" stdout

# No time at all: every query is unknown; nothing may be called survived (or killed).
run mutate $IN/ledger.bwk --timeout 0.001 --no-cache
expect_all "no time: all undecided" 0 "  killed        0" "  survived      0" "  undecided    13" \
  "[not proved: conserved (unknown)]"

# An original that is already violated cannot kill: lending's solvent.
run mutate examples/lending.bwk --max-mutants 2 --timeout 30
expect "lending: what the original violates is named" 0 \
  "violated in the original, so they cannot kill a mutant: solvent" stdout

run mutate $IN/ledger.bwk --timeout 0
expect "--timeout 0: exit 3" 3 "error[E0507]"
run mutate $IN/ledger.bwk --max-mutants -1
expect "--max-mutants -1: exit 3" 3 "error[E0507]"
run mutate $IN/no_such.bwk
expect "missing spec: exit 3" 3 "error[E01"
printf 'spec Bad;\nvar x: int;\naction a() { x = ; }\n' >"$TMP/bad.bwk"
run mutate "$TMP/bad.bwk"
expect "syntax error: exit 3, located" 3 "bad.bwk:3:18: error[E0110]"

finish

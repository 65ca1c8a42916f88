#!/usr/bin/env bash
# Issue 15 part 1: no query outlives its budget. A query Z3 4.8.12 runs far
# past its interrupt ends by its deadline, and `--total-timeout` holds on
# every spec of the library: each run ends within the limit plus a loose
# slack (process start and a query's last moments on a loaded 2-core
# machine: this checks that runs end, it is not a speed assertion), exits
# 0, 1 or 2, and claims `proved` or `violated` only where the spec's
# `.expected` says so.
# Usage: deadline_test.sh PATH/TO/bulwark REPO_ROOT
source "$(dirname "$0")/../support/expect_lib.sh"
LIMIT=1    # --total-timeout of every run
SLACK=2    # seconds past LIMIT a run may take before the check fails

# wall SECONDS_START: seconds since then
since() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }'; }
within() { awk -v t="$1" -v l="$2" 'BEGIN { exit !(t <= l) }'; }

# ---- the query that ignores Z3's interrupt (tests/inputs/hang/poly.bwk) ----------------
# Before the kill rule: 17.7 s (z3) and 8.8 s (portfolio) for these runs.
# poly is breakable (set() reaches any state), so a run ends unknown (exit 2) when
# Z3 gives up, or violated (exit 1) when it finds the trace; never proved.
never_proved() {  # NAME SECONDS BOUND
  if [ "$RC" -ne 1 ] && [ "$RC" -ne 2 ]; then fail "$1" "exit $RC"; return; fi
  if grep -q "^  proved" "$OUT"; then fail "$1" "claims proved"; return; fi
  if within "$2" "$3"; then pass "$1 ($2 s)"; else fail "$1" "took $2 s, more than $3 s"; fi
}
for solver in z3 portfolio; do
  t0=$(date +%s.%N)
  run check "$ROOT/tests/inputs/hang/poly.bwk" --solver $solver --timeout 1 --total-timeout 2 --depth 1 --no-cache
  never_proved "poly.bwk --solver $solver --total-timeout 2: ends within 2 + 3 s, exit 1 or 2" "$(since "$t0")" 5
done
# --timeout alone bounds each query: a handful of 1 s queries.
t0=$(date +%s.%N)
run prove "$ROOT/tests/inputs/hang/poly.bwk" --solver z3 --timeout 1 --engine induction --no-cache
took=$(since "$t0")
if [ "$RC" -eq 2 ] && ! grep -q "^  proved" "$OUT" && within "$took" 8; then pass "prove --timeout 1 ends, not proved ($took s)"
else fail "prove --timeout 1 ends, not proved" "exit $RC in $took s"; fi

# ---- --total-timeout on every spec, two runs at a time ----------------------------------
one_spec() {  # SPEC: writes SPEC's rc, wall time and output under $TMP/runs/
  local spec=$1 key args t0
  key=$(echo "$spec" | tr '/' '_')
  args=$(sed -n 's/^args:[[:space:]]*//p' "${spec%.bwk}.expected" 2>/dev/null | head -1)
  t0=$(date +%s.%N)
  # shellcheck disable=SC2086  # args are words by design
  "$BULWARK" check "$spec" --no-color --no-cache $args --total-timeout "$LIMIT" >"$TMP/runs/$key.out" 2>"$TMP/runs/$key.err" </dev/null
  echo "$? $(since "$t0")" >"$TMP/runs/$key.rc"
}
export -f one_spec since
export BULWARK TMP LIMIT
mkdir -p "$TMP/runs"
cd "$ROOT" || exit 1
mapfile -t specs < <(find specs examples -name '*.bwk' | sort)
printf '%s\n' "${specs[@]}" | xargs -P 2 -I{} bash -c 'one_spec "$1"' _ {}
worst=0
for spec in "${specs[@]}"; do
  key=$(echo "$spec" | tr '/' '_')
  read -r rc took <"$TMP/runs/$key.rc"
  worst=$(awk -v a="$worst" -v b="$took" 'BEGIN { print (b > a ? b : a) }')
  OUT=$TMP/runs/$key.out
  ERR=$TMP/runs/$key.err
  RC=$rc
  exit_ok "$spec --total-timeout $LIMIT: exit $rc" "$rc" || continue
  if [ "$rc" -gt 2 ]; then fail "$spec: exit 0, 1 or 2" "exit $rc"; continue; fi
  if ! within "$took" "$(awk -v l="$LIMIT" -v s="$SLACK" 'BEGIN { print l + s }')"; then
    fail "$spec --total-timeout $LIMIT ends in time" "took $took s"; continue
  fi
  # What it decided must be what the spec's .expected says (a spec with none: examples/).
  exp=${spec%.bwk}.expected
  bad=""
  if [ -f "$exp" ]; then
    while read -r status name _; do
      case $status in proved|violated) ;; *) continue ;; esac
      want=$(sed -e 's/#.*//' "$exp" | awk -v n="$name" '$1 == n { print $2 }')
      [ "$want" = "$status" ] || bad="$bad $name:$status(expected ${want:-nothing})"
    done < <(awk 'NR > 1 && /^$/ { exit } NR > 1 { print $1, $2 }' "$OUT")
  fi
  if [ -n "$bad" ]; then fail "$spec: claims only what it decided" "$bad"; continue; fi
  pass "$spec --total-timeout $LIMIT: exit $rc in $took s"
done
echo "slowest run: $worst s under --total-timeout $LIMIT"
finish

#!/usr/bin/env bash
# Shared helpers of the solver experiments (sourced, not run).
# Every solver run is capped: `timeout` for Z3 (its own timeout is not reliable on
# nonlinear queries in 4.8.12) and --tlimit plus `timeout` for cvc5. Run the
# experiments one at a time: the timings are wall-clock and CPU seconds.

BULWARK=${BULWARK:-/tmp/stable/bulwark}
Z3=${Z3:-/usr/bin/z3}
CVC5=${CVC5:-/usr/bin/cvc5}
LIMIT=${LIMIT:-60}          # seconds per solver run

# The preprocessing tactic of experiment 2.
TACTIC_SOM='(check-sat-using (then (using-params simplify :som true) propagate-values solve-eqs smt))'
TACTIC_NLA2BV='(check-sat-using (then simplify propagate-values solve-eqs purify-arith nla2bv smt))'
TACTIC_NLSAT='(check-sat-using (then simplify propagate-values solve-eqs qfnra-nlsat))'

# run_timed OUTVAR CMD... : runs CMD, sets $ANS (sat/unsat/unknown/timeout/error),
# $WALL and $CPU (seconds, 2 decimals).
run_timed() {
  local tf out rc
  tf=$(mktemp)
  out=$( { /usr/bin/time -f '%e %U %S' -o "$tf" "$@" 2>&1; } )
  rc=$?
  read -r WALL u s < <(tail -n 1 "$tf")
  CPU=$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.2f", u + s }')
  rm -f "$tf"
  local first
  first=$(printf '%s\n' "$out" | grep -m1 -E '^(sat|unsat|unknown)$')
  if [[ $rc -eq 124 || $rc -eq 137 ]]; then
    ANS=timeout
  elif [[ -z $first || $first == unknown ]] && grep -q -E 'timeout|interrupted|resource limit' <<<"$out"; then
    ANS=timeout
  elif [[ -n $first ]]; then
    ANS=$first
  else
    ANS=error
  fi
}

# z3_run FILE [CHECK-COMMAND]: plain, or with (check-sat) replaced by CHECK-COMMAND.
z3_run() {
  local f=$1 check=${2:-}
  if [[ -z $check ]]; then
    run_timed timeout "$LIMIT" "$Z3" "$f"
  else
    local g
    g=$(mktemp --suffix=.smt2)
    awk -v c="$check" '$0 == "(check-sat)" { print c; next } { print }' "$f" > "$g"
    run_timed timeout "$LIMIT" "$Z3" "$g"
    rm -f "$g"
  fi
}

# cvc5_run FILE: adds (set-logic ALL) when the file sets no logic.
cvc5_run() {
  local f=$1 g
  g=$(mktemp --suffix=.smt2)
  if grep -q '^(set-logic' "$f"; then cp "$f" "$g"; else { echo '(set-logic ALL)'; cat "$f"; } > "$g"; fi
  run_timed timeout $((LIMIT + 5)) "$CVC5" --tlimit=$((LIMIT * 1000)) "$g"
  rm -f "$g"
}

# The answer Bulwark's own Z3 run recorded in an exported file.
recorded_answer() { sed -n 's/^; bulwark (Z3) answered: \([a-z]*\).*/\1/p' "$1" | head -1; }

machine_line() {
  echo "# machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "# z3: $("$Z3" --version)  cvc5: $("$CVC5" --version | head -1)  limit ${LIMIT}s"
}

# export_examples DIR: every examples/*.bwk exported to DIR/<name>/ at depth 4
# (reuses DIR when it already holds the exports).
export_examples() {
  local dir=$1 root s n
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
  mkdir -p "$dir"
  for s in "$root"/examples/*.bwk; do
    n=$(basename "$s" .bwk)
    [[ -d $dir/$n ]] || "$BULWARK" smt2 "$s" --out "$dir/$n" --depth 4 --timeout 10 >/dev/null 2>&1
  done
}

# One table cell: answer and CPU seconds, or t/o.
cell() { [[ $ANS == timeout ]] && printf '%-13s ' "t/o" || printf '%-13s ' "$ANS $CPU"; }

# exported_files: the .smt2 files of every example exported to $EXPORTED (a fresh
# temporary folder when unset), restricted to the examples named in $ONLY.
exported_files() {
  local dir=${EXPORTED:-$(mktemp -d)} d n
  export_examples "$dir"
  for d in "$dir"/*/; do
    n=$(basename "$d")
    [[ -n ${ONLY:-} && " $ONLY " != *" $n "* ]] && continue
    ls "$d"*.smt2
  done
}

# differs A B: true when one answer is sat and the other unsat.
differs() { [[ ($1 == sat && $2 == unsat) || ($1 == unsat && $2 == sat) ]]; }

#!/usr/bin/env bash
# Experiment 2: Z3 as is vs Z3 with preprocessing tactics, on every obligation
# `bulwark smt2 --depth 4` exports for examples/*.bwk. Columns (CPU seconds, t/o = LIMIT):
#   plain    the file as exported: (check-sat)
#   som      (check-sat-using (then (using-params simplify :som true) propagate-values solve-eqs smt))
#   nla2bv   (check-sat-using (then simplify propagate-values solve-eqs purify-arith nla2bv smt))
#   nlsat    (check-sat-using (then simplify propagate-values solve-eqs qfnra-nlsat))
# `diff` flags a sat/unsat answer that differs from plain's.
# usage: LIMIT=20 [EXPORTED=dir] [ONLY="lending vault"] bench/experiments/preprocess.sh
set -u
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
dir=${EXPORTED:-$(mktemp -d)}
export_examples "$dir"
machine_line
printf '%-62s %-9s %-13s %-13s %-13s %-13s %s\n' file bulwark plain som nla2bv nlsat diff
cell() { [[ $ANS == timeout ]] && printf '%-13s ' "t/o" || printf '%-13s ' "$ANS $CPU"; }
for d in "$dir"/*/; do
  n=$(basename "$d")
  [[ -n ${ONLY:-} && " $ONLY " != *" $n "* ]] && continue
  for f in "$d"*.smt2; do
    printf '%-62s %-9s ' "$n/$(basename "$f" .smt2)" "$(recorded_answer "$f")"
    z3_run "$f"; cell; base=$ANS; flags=""
    for t in "$TACTIC_SOM" "$TACTIC_NLA2BV" "$TACTIC_NLSAT"; do
      z3_run "$f" "$t"; cell
      if [[ ($base == sat && $ANS == unsat) || ($base == unsat && $ANS == sat) ]]; then flags+=" DIFFERS"; fi
    done
    echo "$flags"
  done
done

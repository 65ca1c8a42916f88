#!/usr/bin/env bash
# Experiment 2: Z3 as is vs Z3 with preprocessing tactics, on every obligation
# `bulwark smt2 --depth 4` exports for examples/*.bwk. Columns (CPU seconds, t/o = LIMIT):
#   plain    the file as exported: (check-sat)
#   som      (check-sat-using (then (using-params simplify :som true) propagate-values solve-eqs smt))
#   nla2bv   (check-sat-using (then simplify propagate-values solve-eqs purify-arith nla2bv smt))
#   nlsat    (check-sat-using (then simplify propagate-values solve-eqs qfnra-nlsat))
# `diff` flags a sat/unsat answer that differs from plain's.
# TACTICS="som" keeps only some of the three columns.
# usage: LIMIT=20 [EXPORTED=dir] [ONLY="lending vault"] [TACTICS="som nlsat"] bench/experiments/preprocess.sh
set -u
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
machine_line
TACTICS=${TACTICS:-"som nla2bv nlsat"}
printf '%-62s %-9s %-13s ' file bulwark plain
for t in $TACTICS; do printf '%-13s ' "$t"; done; echo diff
files=$(exported_files)
for f in $files; do
    printf '%-62s %-9s ' "$(basename "$(dirname "$f")")/$(basename "$f" .smt2)" "$(recorded_answer "$f")"
    z3_run "$f"; cell; base=$ANS; flags=""
    for t in $TACTICS; do
      case $t in som) z3_run "$f" "$TACTIC_SOM" ;; nla2bv) z3_run "$f" "$TACTIC_NLA2BV" ;; nlsat) z3_run "$f" "$TACTIC_NLSAT" ;; esac
      cell
      if differs "$base" "$ANS"; then flags+=" DIFFERS"; fi
    done
    echo "$flags"
done

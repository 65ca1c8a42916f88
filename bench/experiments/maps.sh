#!/usr/bin/env bash
# Experiment 1: maps as one scalar per cell (Bulwark today) vs SMT arrays.
# For N accounts in SIZES, the same lending queries in four forms:
#   bulwark   what `bulwark smt2 lending_total.bwk --size Account=N` exports (scalars)
#   scalar    gen_maps.py, one Real per cell (a hand copy of Bulwark's encoding)
#   arr-dt    gen_maps.py, (Array Acc Real) with Acc a datatype of N constructors
#   arr-int   gen_maps.py, (Array Int Real), indices 0..N-1
# each timed in Z3 and cvc5. Cells: answer and CPU seconds (user+sys); t/o = hit LIMIT.
# usage: LIMIT=20 SIZES="3 10 30" bench/experiments/maps.sh
set -u
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
SIZES=${SIZES:-"3 10 30"}
QUERIES=${QUERIES:-"step_debt_is_sum_liquidate step_solvent_liquidate step_solvent_any bmc_debt_is_sum_3 bmc_solvent_3 bmc_solvent_4"}
ENCODINGS="bulwark scalar array-dt array-int"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

machine_line
printf '%-4s %-28s %-8s' N query solver
for e in $ENCODINGS; do printf '%-13s' "$e"; done; echo
for n in $SIZES; do
  "$BULWARK" smt2 "$here/lending_total.bwk" --size Account="$n" --out "$work/b$n" --depth 4 --timeout 1 >/dev/null 2>&1
  for q in $QUERIES; do
    for e in scalar array-dt array-int; do python3 "$here/gen_maps.py" "$e" "$n" "$q" > "$work/$e-$n-$q.smt2"; done
    for solver in z3 cvc5; do
      printf '%-4s %-28s %-8s' "$n" "$q" "$solver"
      for e in $ENCODINGS; do
        f="$work/$e-$n-$q.smt2"
        [[ $e == bulwark ]] && f="$work/b$n/$q.smt2"
        if [[ ! -f $f ]]; then printf '%-13s' "-"; continue; fi
        if [[ $solver == z3 ]]; then z3_run "$f"; else cvc5_run "$f"; fi
        cell
      done
      echo
    done
  done
done

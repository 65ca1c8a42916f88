#!/usr/bin/env bash
# The hard obligation: the integer lending variant (lending_int.bwk beside this
# file) exported by `bulwark smt2 --depth 2`; every induction step and init query
# (or the files whose name matches PATTERN, a bash regex) timed in Z3 as is, Z3 with the `som`
# preprocessing of preprocess.sh, and cvc5. Cells: answer and CPU seconds, t/o = LIMIT.
# usage: LIMIT=30 [PATTERN='^step_solvent'] bench/experiments/int_lending.sh
set -u
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$BULWARK" smt2 "$here/lending_int.bwk" --out "$dir" --depth 2 --timeout 5 >/dev/null 2>&1
machine_line
printf '%-52s %-9s %-13s %-13s %-13s %s\n' file bulwark z3 z3-som cvc5 verdict
pat=${PATTERN:-'^(step|init)_'}
for f in "$dir"/*.smt2; do
  b=$(basename "$f" .smt2)
  [[ $b =~ $pat ]] || continue
  printf '%-52s %-9s ' "$b" "$(recorded_answer "$f")"
  z3_run "$f"; cell; a=$ANS
  z3_run "$f" "$TACTIC_SOM"; cell; s=$ANS
  cvc5_run "$f"; cell; c=$ANS
  v=""
  for x in "$s" "$c"; do
    if differs "$a" "$x"; then v=DISAGREE; fi
  done
  echo "$v"
done

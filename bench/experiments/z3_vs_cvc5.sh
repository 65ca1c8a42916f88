#!/usr/bin/env bash
# Experiment 3: Z3 vs cvc5 on every obligation `bulwark smt2 --depth 4` exports
# for examples/*.bwk (cvc5 gets (set-logic ALL) when a file sets no logic).
# Columns: Bulwark's own answer recorded in the file, then answer and CPU seconds
# of each solver (t/o = LIMIT); DISAGREE marks sat vs unsat.
# usage: LIMIT=20 [EXPORTED=dir] [ONLY="lending vault"] bench/experiments/z3_vs_cvc5.sh
set -u
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
machine_line
printf '%-62s %-9s %-13s %-13s %s\n' file bulwark z3 cvc5 verdict
files=$(exported_files)
for f in $files; do
    printf '%-62s %-9s ' "$(basename "$(dirname "$f")")/$(basename "$f" .smt2)" "$(recorded_answer "$f")"
    z3_run "$f"; cell; a=$ANS
    cvc5_run "$f"; cell; b=$ANS
    if differs "$a" "$b"; then echo DISAGREE; else echo; fi
done

#!/usr/bin/env bash
# `bulwark smt2 --solver cvc5` (issue 15 part 6): cvc5 answers each obligation
# and prints its script; the files are the same obligations as Z3's export
# (same names, the same answer where both decided), written by cvc5's printer,
# and the cvc5 command line gives the answer written in each header.
source "$(dirname "$0")/../support/expect_lib.sh"
spec=$ROOT/examples/counter.bwk

run smt2 "$spec" --out "$TMP/z3" --depth 1 --timeout 20
expect "smt2 --solver z3 (the default) exits 0" 0
cp "$OUT" "$TMP/z3.list"
run smt2 "$spec" --out "$TMP/cvc5" --depth 1 --timeout 20 --solver cvc5
expect "smt2 --solver cvc5 exits 0" 0
cp "$OUT" "$TMP/cvc5.list"

# The same files, one line each: FILE ANSWER TIME.
names() { awk '{ n = $1; sub(/.*\//, "", n); print n }' "$1" | sort; }
if [ -n "$(names "$TMP/z3.list")" ] && [ "$(names "$TMP/z3.list")" = "$(names "$TMP/cvc5.list")" ]; then
  pass "both exports write the same $(wc -l < "$TMP/z3.list") obligations"
else
  fail "same obligations" "$(diff <(names "$TMP/z3.list") <(names "$TMP/cvc5.list") | head -5)"
fi

headers=$(grep -l '^; bulwark (cvc5) answered: ' "$TMP"/cvc5/*.smt2 | wc -l)
files=$(ls "$TMP"/cvc5/*.smt2 | wc -l)
if [ "$headers" -eq "$files" ] && ! grep -q '^; bulwark (Z3)' "$TMP"/cvc5/*.smt2; then pass "every cvc5 file says cvc5 answered"
else fail "cvc5 headers" "$headers of $files files say (cvc5)"; fi

# Where both decided, they agree; the obligations include a sat one (the
# broken rule) and unsat ones.
disagree=0 both=0 sat=0 unsat=0
while read -r file answer _; do
  other=$(awk -v f="$(basename "$file")" '{ n = $1; sub(/.*\//, "", n) } n == f { print $2 }' "$TMP/z3.list")
  [ "$answer" = unknown ] || [ "$other" = unknown ] && continue
  both=$((both + 1))
  [ "$answer" = "$other" ] || disagree=$((disagree + 1))
  case $answer in sat) sat=$((sat + 1)) ;; unsat) unsat=$((unsat + 1)) ;; esac
done < "$TMP/cvc5.list"
if [ "$both" -ge 10 ] && [ "$disagree" -eq 0 ] && [ "$sat" -ge 1 ] && [ "$unsat" -ge 1 ]; then
  pass "z3 and cvc5 exports agree on all $both decided obligations ($sat sat, $unsat unsat)"
else
  fail "answers agree" "decided by both $both, disagree $disagree, sat $sat, unsat $unsat"
fi

# cvc5's printer, not Z3's: the scripts differ in text.
if ! cmp -s "$TMP/z3/$(names "$TMP/z3.list" | head -1)" "$TMP/cvc5/$(names "$TMP/z3.list" | head -1)"; then
  pass "the cvc5 script is cvc5's own text"
else fail "cvc5 text" "identical to Z3's script"; fi

# The cvc5 command line reads each decided cvc5 script and gives the header's answer.
if command -v cvc5 >/dev/null; then
  bad=0 read=0
  while read -r file answer _; do
    [ "$answer" = unknown ] && continue
    got=$(timeout 60 cvc5 --lang smt2 "$file" 2>&1 | head -1)
    read=$((read + 1))
    [ "$got" = "$answer" ] || { bad=$((bad + 1)); echo "  $file: cvc5 says '$got', header $answer"; }
  done < "$TMP/cvc5.list"
  if [ "$read" -ge 10 ] && [ "$bad" -eq 0 ]; then pass "the cvc5 command line agrees on all $read decided cvc5 scripts"
  else fail "cvc5 command line" "$bad of $read differ"; fi
else
  echo "SKIP: no cvc5 on PATH"
fi

# Z3's export is strict SMT-LIB: cvc5 --strict-parsing reads every file.
# Lending's step properties have one-action transitions, which Z3's printer
# wrote as `(or x)` (an `or` of one argument; 30 of lending's 51 files at
# depth 4 were rejected before the export flattened them).
if command -v cvc5 >/dev/null; then
  run smt2 "$ROOT/examples/lending.bwk" --out "$TMP/strict" --depth 1 --timeout 20
  expect "smt2 of lending exits 0" 0
  rejected=0 files=0
  for f in "$TMP"/strict/*.smt2; do
    files=$((files + 1))
    cvc5 --strict-parsing --parse-only --lang smt2 "$f" > "$TMP/parse" 2>&1 || { rejected=$((rejected + 1)); head -1 "$TMP/parse"; }
  done
  if [ "$files" -ge 20 ] && [ "$rejected" -eq 0 ]; then pass "cvc5 --strict-parsing reads all $files files of Z3's lending export"
  else fail "strict SMT-LIB" "$rejected of $files files rejected"; fi
fi

run smt2 "$spec" --out "$TMP/x" --solver yices
expect "an unknown --solver is bad input" 3 "--solver: yices not in {z3,cvc5}"

finish

#!/usr/bin/env bash
# Issue 12: every spec in specs/ declares `measure secured`, and the README
# beside it names the spec (or speaks of all its files) and gives its ACR or
# says why there is none (the word ACR is there). That the figures are right
# is tested elsewhere (cli.attack: oracle 0.6, pos 0.45).
# Usage: secured_test.sh PATH/TO/bulwark REPO_ROOT
source "$(dirname "$0")/../support/expect_lib.sh"

n=0
while IFS= read -r spec; do
  n=$((n + 1))
  rel=${spec#"$ROOT"/}
  if ! grep -qE '^measure secured:' "$spec"; then fail "$rel declares measure secured" "no 'measure secured:' line"; continue; fi
  readme=$(dirname "$spec")/README.md
  if [ ! -f "$readme" ]; then fail "$rel has a README" "no $readme"; continue; fi
  if ! grep -qE 'ACR' "$readme"; then fail "$rel: its README gives the ACR or why not" "no ACR in $readme"; continue; fi
  if ! grep -qF "$(basename "$spec")" "$readme" && ! grep -qiE 'both files|every spec here|same in both' "$readme"; then
    fail "$rel: its README names it" "$(basename "$spec") not in $readme"; continue
  fi
  pass "$rel: measure secured, ACR section in its README"
done < <(find "$ROOT/specs" -name '*.bwk' | sort)
# The measure is a real expression of the spec: `ir` lowers it (a typo fails).
run ir "$ROOT/specs/exploits/mango/mango_vulnerable.bwk"
expect_all "a measure secured compiles (mango)" 0 "secured"
[ "$n" -ge 38 ] && pass "the library has $n specs" || fail "the library's specs were found" "only $n"
finish

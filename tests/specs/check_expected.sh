#!/usr/bin/env bash
# Checks one spec's verdicts against the `.expected` file beside it.
# Usage: check_expected.sh PATH/TO/bulwark SPEC.bwk
#
# SPEC.expected lists one property per line: `name status [steps]`, where
# status is proved, violated, not_inductive, holds_to_depth or unknown and
# steps (violations only) is the attack trace's length. Optional lines:
#   args: --depth 6 --timeout 20     extra options for `bulwark check`
#   label: slow                      (read by CMake: kept out of the default set)
# `#` starts a comment. Every property the tool reports must be listed, and
# every listed property must be reported, with the same status and steps.
set -u
BULWARK=${1:?usage: check_expected.sh PATH/TO/bulwark SPEC.bwk}
SPEC=${2:?usage: check_expected.sh PATH/TO/bulwark SPEC.bwk}
EXPECTED=${SPEC%.bwk}.expected
[[ -f $EXPECTED ]] || { echo "FAIL: $EXPECTED is missing: every spec needs its expected verdicts"; exit 1; }

args=$(sed -n 's/^args:[[:space:]]*//p' "$EXPECTED" | head -1)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
# shellcheck disable=SC2086  # args are words by design
"$BULWARK" check "$SPEC" --no-color --trace-dir "$TMP/traces" $args >"$TMP/out" 2>"$TMP/err"
rc=$?
if [[ $rc -ge 3 ]]; then
  echo "FAIL: bulwark check exited $rc"; cat "$TMP/out" "$TMP/err"; exit 1
fi

# The summary: the lines before the first blank line, after the file-name line.
# A line reads `  status  name  how (T s)`; a violation's how is
# `attack trace of N steps`.
awk 'NR > 1 && /^$/ { exit } NR > 1 {
       steps = ""
       if (match($0, /attack trace of [0-9]+ step/)) { s = substr($0, RSTART, RLENGTH); gsub(/[^0-9]/, "", s); steps = s }
       print $2, $1, steps
     }' "$TMP/out" | sed 's/ *$//' | sort >"$TMP/actual"
sed -e 's/#.*//' -e '/^args:/d' -e '/^label:/d' "$EXPECTED" | awk 'NF { print $1, $2, $3 }' | sed 's/ *$//' | sort >"$TMP/want"

if ! diff -u "$TMP/want" "$TMP/actual" >"$TMP/diff"; then
  echo "FAIL: verdicts of $SPEC differ from $EXPECTED (- expected, + actual):"
  cat "$TMP/diff"
  echo "--- full output:"; cat "$TMP/out" "$TMP/err"
  exit 1
fi
echo "PASS: $SPEC ($(wc -l <"$TMP/want") properties, exit $rc)"
cat "$TMP/out"

#!/usr/bin/env bash
# `check --format junit|sarif` and `--fail-on` (issue 14 part 1): the JUnit XML
# validates against report/schema/junit.xsd (xmllint), the SARIF against the
# OASIS SARIF 2.1.0 schema in report/schema/ (python3-jsonschema); one
# testcase per property, one SARIF result per property not proved, located at
# the property, a violation's trace as a codeFlow whose steps point at their
# actions; --fail-on violated lets an inconclusive run exit 0; a compile error
# is reported in both formats; --jobs parts give the same documents as -j 1.
source "$(dirname "$0")/../support/cli_test_lib.sh"
schema=report/schema/sarif-schema-2.1.0.json
xsd=report/schema/junit.xsd
validate_sarif() { /usr/bin/python3 tests/cli/validate_sarif.py "$schema" "$@"; }
validate_junit() { xmllint --noout --schema "$xsd" "$@" 2> "$tmp/xmllint.err"; }
ni=tests/inputs/ci/not_inductive.bwk
ni_opts=(--engine induction --depth 3 --timeout 20)

# The validators themselves reject a broken document (so a pass means something).
echo '{"version": "2.1.0", "runs": [{"tool": {"driver": {}}}]}' > "$tmp/bad.sarif"
! validate_sarif "$tmp/bad.sarif" > /dev/null && pass "the SARIF schema rejects a driver without a name" ||
  bad "the SARIF validator accepted an invalid document"
echo '<testsuites name="x" tests="1"/>' > "$tmp/bad.xml"
! validate_junit "$tmp/bad.xml" && pass "the JUnit schema rejects testsuites without counts" ||
  bad "the JUnit validator accepted an invalid document"

# ---- JUnit ------------------------------------------------------------------------
"$bin" check examples/bank.bwk examples/counter.bwk --timeout 20 --format junit > "$tmp/v.xml" 2> "$tmp/v.err"
rc=$?
"$bin" check examples/bank.bwk examples/counter.bwk --timeout 20 --format json > "$tmp/v.json" 2> /dev/null
n=$(jq '[.[].properties[]] | length' "$tmp/v.json")
[ "$rc" -eq 1 ] && pass "junit: a violation exits 1" || bad "junit: exit $rc, expected 1"
validate_junit "$tmp/v.xml" && pass "junit: bank + counter validate against junit.xsd" || bad "junit invalid: $(cat "$tmp/xmllint.err")"
[ "$(grep -c '<testcase ' "$tmp/v.xml")" -eq "$n" ] && pass "junit: one testcase per property ($n)" ||
  bad "junit: $(grep -c '<testcase ' "$tmp/v.xml") testcases for $n properties"
grep -q '<failure type="violated" message="invariant backed is violated: an attack trace of 2 steps' "$tmp/v.xml" &&
  grep -q '  step 2: transfer(' "$tmp/v.xml" && grep -q 'broken: invariant backed' "$tmp/v.xml" &&
  pass "junit: the violation is a failure carrying the trace as text" || bad "junit: no failure with the trace for backed"
[ ! -s "$tmp/v.err" ] && ! grep -q '^  violated ' "$tmp/v.xml" && pass "junit: stdout is the document alone" ||
  bad "junit: extra output: $(head -3 "$tmp/v.err")"

"$bin" check "$ni" "${ni_opts[@]}" --format junit > "$tmp/ni.xml" 2> /dev/null
rc_default=$?
"$bin" check "$ni" "${ni_opts[@]}" --format junit --fail-on violated > "$tmp/ni_v.xml" 2> /dev/null
rc_violated=$?
[ "$rc_default" -eq 2 ] && [ "$rc_violated" -eq 0 ] && pass "--fail-on violated: an inconclusive run exits 0 (default: 2)" ||
  bad "--fail-on: exit $rc_default (default) and $rc_violated (violated), expected 2 and 0"
grep -q '<failure type="not_inductive"' "$tmp/ni.xml" && grep -q '<error type="not_inductive"' "$tmp/ni_v.xml" &&
  grep -q 'failures="1" errors="0"' "$tmp/ni.xml" && grep -q 'failures="0" errors="1"' "$tmp/ni_v.xml" &&
  grep -q 'NOT an attack' "$tmp/ni.xml" && grep -q '<system-out>proved (inductive)</system-out>' "$tmp/ni.xml" &&
  pass "junit: inconclusive is a failure by default, an error under --fail-on violated; proofs pass" ||
  bad "junit: inconclusive not reported as documented: $(grep -E '<(failure|error)' "$tmp/ni.xml" "$tmp/ni_v.xml")"
validate_junit "$tmp/ni.xml" "$tmp/ni_v.xml" && pass "junit: inconclusive runs validate" || bad "junit invalid: $(cat "$tmp/xmllint.err")"
"$bin" check "$ni" "${ni_opts[@]}" --fail-on violated > /dev/null 2>&1
rc=$?
[ "$rc" -eq 0 ] && pass "--fail-on violated also sets the exit code of the text format" || bad "text --fail-on violated: exit $rc"
"$bin" check examples/bank.bwk --timeout 20 --fail-on violated > /dev/null 2>&1
rc=$?
[ "$rc" -eq 1 ] && pass "--fail-on violated: a violation still exits 1" || bad "--fail-on violated on bank: exit $rc"
"$bin" check "$ni" --fail-on sometimes > /dev/null 2> "$tmp/e"
rc=$?
[ "$rc" -eq 3 ] && grep -q 'E0507' "$tmp/e" && pass "--fail-on sometimes: usage error, exit 3" || bad "--fail-on sometimes: exit $rc"

bad_spec=tests/inputs/bad/aggregate_over_int.bwk
"$bin" check "$bad_spec" --format junit > "$tmp/c.xml" 2> /dev/null
rc=$?
[ "$rc" -eq 3 ] && validate_junit "$tmp/c.xml" && grep -q '<testcase name="compile"' "$tmp/c.xml" &&
  grep -q '<error type="input_error" message="E0203: ' "$tmp/c.xml" && grep -q "$bad_spec:6:27: error\[E0203\]" "$tmp/c.xml" &&
  pass "junit: a compile error is an error testcase with its located diagnostic, exit 3" ||
  bad "junit compile error: exit $rc $(grep -A2 '<testcase' "$tmp/c.xml" | head -5)"

# ---- SARIF ------------------------------------------------------------------------
"$bin" check examples/bank.bwk examples/counter.bwk --timeout 20 --format sarif > "$tmp/v.sarif" 2> /dev/null
rc=$?
[ "$rc" -eq 1 ] && validate_sarif "$tmp/v.sarif" && pass "sarif: bank + counter validate against the SARIF 2.1.0 schema" ||
  bad "sarif: exit $rc or invalid"
open=$(jq '[.[].properties[] | select(.status != "proved")] | length' "$tmp/v.json")
[ "$(jq '.runs[0].results | length' "$tmp/v.sarif")" -eq "$open" ] && pass "sarif: one result per property not proved ($open)" ||
  bad "sarif: $(jq '.runs[0].results | length' "$tmp/v.sarif") results for $open open properties"
# The result for `backed` sits at the property (line and column as the JSON says).
read -r line col < <(jq -r '.[] | .properties[] | select(.name == "backed") | "\(.location.line) \(.location.col)"' "$tmp/v.json")
r='.runs[0].results[] | select(.properties.property == "backed")'
[ "$(jq -r "$r | .ruleId + \" \" + .level" "$tmp/v.sarif")" = "violated error" ] &&
  [ "$(jq -r "$r | .locations[0].physicalLocation | \"\(.artifactLocation.uri) \(.region.startLine) \(.region.startColumn)\"" "$tmp/v.sarif")" = "examples/bank.bwk $line $col" ] &&
  pass "sarif: the violation is an error at the property ($line:$col)" || bad "sarif: backed's result: $(jq -c "$r | {ruleId, level, locations}" "$tmp/v.sarif")"
# Its codeFlow: one location per step at the step's action declaration, then the property.
flow="$r | .codeFlows[0].threadFlows[0].locations"
steps=$(jq '.[] | .properties[] | select(.name == "backed") | .steps' "$tmp/v.json")
[ "$(jq "$flow | length" "$tmp/v.sarif")" -eq $((steps + 1)) ] && pass "sarif: the codeFlow has the $steps steps and the broken property" ||
  bad "sarif: codeFlow of $(jq "$flow | length" "$tmp/v.sarif") locations for $steps steps"
ok=1
for k in $(seq 0 $((steps - 1))); do
  msg=$(jq -r "$flow | .[$k].location.message.text" "$tmp/v.sarif")
  action=$(sed -E 's/^step [0-9]+: (env )?([A-Za-z_][A-Za-z0-9_]*)\(.*/\2/' <<< "$msg")
  at=$(jq -r "$flow | .[$k].location.physicalLocation.region.startLine" "$tmp/v.sarif")
  want=$(grep -nE "^(env )?action $action\(" examples/bank.bwk | cut -d: -f1)
  [ -n "$want" ] && [ "$at" = "$want" ] || { ok=0; bad "sarif: step $((k + 1)) ($msg) at line $at, its action is declared on line $want"; }
done
[ "$ok" = 1 ] && pass "sarif: each step of the codeFlow points at its action's declaration"
jq -r "$flow | last | .location.message.text" "$tmp/v.sarif" | grep -q '^broken: invariant backed; reserves = ' &&
  pass "sarif: the codeFlow ends at the property with its sub-terms' values" || bad "sarif: last codeFlow location: $(jq -c "$flow | last" "$tmp/v.sarif")"

"$bin" check "$ni" "${ni_opts[@]}" --format sarif > "$tmp/ni.sarif" 2> /dev/null
"$bin" check "$ni" "${ni_opts[@]}" --format sarif --fail-on violated > "$tmp/ni_v.sarif" 2> /dev/null
validate_sarif "$tmp/ni.sarif" "$tmp/ni_v.sarif" &&
  [ "$(jq -r '.runs[0].results | map(.ruleId + ":" + .level) | join(",")' "$tmp/ni.sarif")" = "not_inductive:warning" ] &&
  [ "$(jq -r '.runs[0].results | map(.ruleId + ":" + .level) | join(",")' "$tmp/ni_v.sarif")" = "not_inductive:note" ] &&
  [ "$(jq '.runs[0].results[0].codeFlows[0].threadFlows[0].locations | length' "$tmp/ni.sarif")" -eq 2 ] &&
  [ "$(jq '.runs[0].invocations[0].exitCode' "$tmp/ni_v.sarif")" -eq 0 ] &&
  pass "sarif: inconclusive is a warning (a note under --fail-on violated) with its counterexample to induction" ||
  bad "sarif inconclusive: $(jq -c '.runs[0].results | map({ruleId, level})' "$tmp/ni.sarif" "$tmp/ni_v.sarif")"

"$bin" check "$bad_spec" --format sarif > "$tmp/c.sarif" 2> /dev/null
rc=$?
[ "$rc" -eq 3 ] && validate_sarif "$tmp/c.sarif" &&
  [ "$(jq -r '.runs[0].results[0] | "\(.ruleId) \(.level) \(.locations[0].physicalLocation.region.startLine):\(.locations[0].physicalLocation.region.startColumn)"' "$tmp/c.sarif")" = "E0203 error 6:27" ] &&
  [ "$(jq '.runs[0].invocations[0].executionSuccessful' "$tmp/c.sarif")" = false ] &&
  pass "sarif: a compile error is a located E0203 result, exit 3" || bad "sarif compile error: exit $rc $(jq -c '.runs[0].results' "$tmp/c.sarif" | head -c 300)"

"$bin" check tests/inputs/good/sanity_warnings.bwk --timeout 20 --format sarif > "$tmp/w.sarif" 2> /dev/null
validate_sarif "$tmp/w.sarif" && jq -e '[.runs[0].results[] | select(.ruleId | startswith("W04")) | .level] | length > 0 and all(. == "warning")' "$tmp/w.sarif" > /dev/null &&
  pass "sarif: sanity warnings (W04xx) are warning results" || bad "sarif: no W04xx warning results in $(jq -c '[.runs[0].results[].ruleId]' "$tmp/w.sarif")"

"$bin" check examples/ --timeout 20 --format sarif > "$tmp/all.sarif" 2> /dev/null
"$bin" check examples/ --timeout 20 --format junit > "$tmp/all.xml" 2> /dev/null
validate_sarif "$tmp/all.sarif" && validate_junit "$tmp/all.xml" &&
  [ "$(grep -c '<testsuite ' "$tmp/all.xml")" -eq "$(ls examples/*.bwk | wc -l)" ] &&
  pass "every example in one run: SARIF and JUnit valid, one testsuite per spec" || bad "examples/: invalid documents"

# ---- --jobs parts: the same documents as one process (times aside) ------------------
specs=(examples/counter.bwk examples/bank.bwk "$bad_spec" "$ni")
strip_xml() { sed -E 's/ time="[0-9.]+"//g' "$1"; }
strip_sarif() { jq 'del(.. | .time_s?)' "$1"; }
for f in junit sarif; do
  "$bin" check "${specs[@]}" "${ni_opts[@]}" --format $f -j 1 > "$tmp/j1.$f" 2> "$tmp/j1.$f.err"; rc1=$?
  "$bin" check "${specs[@]}" "${ni_opts[@]}" --format $f -j 6 > "$tmp/j6.$f" 2> "$tmp/j6.$f.err"; rc6=$?
  "$bin" check "${specs[@]}" "${ni_opts[@]}" --format $f > "$tmp/jd.$f" 2> /dev/null; rcd=$?
  if [ $f = junit ]; then a=$(strip_xml "$tmp/j1.$f"); b=$(strip_xml "$tmp/j6.$f"); c=$(strip_xml "$tmp/jd.$f")
  else a=$(strip_sarif "$tmp/j1.$f"); b=$(strip_sarif "$tmp/j6.$f"); c=$(strip_sarif "$tmp/jd.$f"); fi
  [ "$rc1" -eq 3 ] && [ "$rc6" -eq 3 ] && [ "$rcd" -eq 3 ] && [ "$a" = "$b" ] && [ "$a" = "$c" ] &&
    cmp -s "$tmp/j1.$f.err" "$tmp/j6.$f.err" &&
    pass "$f: -j 6 (each spec split into parts) and the default --jobs give what -j 1 gives" ||
    bad "$f: --jobs changes the output (exit $rc1/$rc6/$rcd): $(diff <(echo "$a") <(echo "$b") | head -5)"
done

# A path with a space, `&` and `<` (absolute, so a file:// URI) stays valid in both formats.
odd="$tmp/my spec & <co>.bwk"
cp examples/bank.bwk "$odd"
"$bin" check "$odd" --timeout 20 --format sarif > "$tmp/odd.sarif" 2> /dev/null
"$bin" check "$odd" --timeout 20 --format junit > "$tmp/odd.xml" 2> /dev/null
validate_sarif "$tmp/odd.sarif" && validate_junit "$tmp/odd.xml" &&
  jq -r '.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri' "$tmp/odd.sarif" | grep -q '^file:///.*/my%20spec%20%26%20%3Cco%3E\.bwk$' &&
  grep -q 'name="[^"]*/my spec &amp; &lt;co&gt;.bwk"' "$tmp/odd.xml" &&
  pass "an odd spec path is percent-encoded in SARIF and escaped in JUnit" ||
  bad "odd path: $(jq -r '.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri' "$tmp/odd.sarif") $(grep -o '<testsuite name="[^"]*"' "$tmp/odd.xml")"

# merge reads only JSON: a SARIF file is refused with E0510 (shards each write their own SARIF/JUnit).
"$bin" merge "$tmp/v.sarif" > /dev/null 2> "$tmp/e"
rc=$?
[ "$rc" -eq 3 ] && grep -q 'E0510' "$tmp/e" && pass "merge refuses a SARIF file (E0510)" || bad "merge of SARIF: exit $rc"

exit $fail

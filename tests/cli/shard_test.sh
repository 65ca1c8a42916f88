#!/usr/bin/env bash
# Sharded runs through GNU parallel: `check --shard i/2` twice, `bulwark merge`
# of the two JSON results equals the unsharded run (merged alone, which puts
# it in the same canonical order); bad --shard/--jobs values and bad merge
# inputs exit 3. Also: --jobs does not change the output.
source "$(dirname "$0")/../support/cli_test_lib.sh"
opts=(--timeout 20 --format json)

"$bin" check examples/ "${opts[@]}" > "$tmp/all.json" 2> /dev/null
rc_all=$?
parallel "$bin" check examples/ "${opts[@]}" --shard {}/2 '>' "$tmp/part{}.json" '2>/dev/null' ::: 1 2
"$bin" merge "$tmp/part1.json" "$tmp/part2.json" > "$tmp/merged.json"
rc_merged=$?
"$bin" merge "$tmp/all.json" > "$tmp/canon.json"
[ "$rc_merged" -eq "$rc_all" ] && pass "merge exits as the unsharded run ($rc_all)" || bad "merge exits $rc_merged, unsharded $rc_all"
strip() { grep -v '"time_s"' "$1"; }
if diff <(strip "$tmp/canon.json") <(strip "$tmp/merged.json") > "$tmp/diff"; then
  pass "two shards through GNU parallel, merged, equal the unsharded run"
else
  bad "merged result differs: $(head -20 "$tmp/diff")"
fi
n1=$(grep -c '"index"' "$tmp/part1.json"); n2=$(grep -c '"index"' "$tmp/part2.json"); n=$(grep -c '"index"' "$tmp/all.json")
[ "$n1" -gt 0 ] && [ "$n2" -gt 0 ] && [ $((n1 + n2)) -eq "$n" ] && pass "each shard checks a share ($n1 + $n2 = $n properties)" ||
  bad "shares: $n1 + $n2 vs $n"

# --jobs: the same output in the same order as one at a time.
"$bin" check examples/ --timeout 20 --no-color -j 1 > "$tmp/j1" 2> "$tmp/j1.err"
"$bin" check examples/ --timeout 20 --no-color -j 2 > "$tmp/j2" 2> "$tmp/j2.err"
[ "$(summary "$tmp/j1")" = "$(summary "$tmp/j2")" ] && cmp -s "$tmp/j1.err" "$tmp/j2.err" &&
  pass "--jobs 2 prints what --jobs 1 prints, in spec order" ||
  bad "--jobs output differs: $(diff <(summary "$tmp/j1") <(summary "$tmp/j2") | head)"

# More jobs than specs: each spec's per-property units run in worker
# processes, and are printed as one run prints them (text, stderr, JSON, and
# a compile error among them).
two="examples/counter.bwk examples/bank.bwk tests/inputs/bad/aggregate_over_int.bwk"
# shellcheck disable=SC2086
"$bin" check $two --timeout 20 --no-color -j 1 --print-invariants > "$tmp/p1" 2> "$tmp/p1.err"
rc1=$?
# shellcheck disable=SC2086
"$bin" check $two --timeout 20 --no-color -j 6 --print-invariants > "$tmp/p6" 2> "$tmp/p6.err"
rc6=$?
[ "$rc1" -eq 3 ] && [ "$rc6" -eq 3 ] && [ "$(summary "$tmp/p1")" = "$(summary "$tmp/p6")" ] && cmp -s "$tmp/p1.err" "$tmp/p6.err" &&
  grep -q "^violated: under_cap" "$tmp/p6" && pass "--jobs 6 on 3 specs (2 workers each) prints what --jobs 1 prints" ||
  bad "--jobs parts differ: rc $rc1/$rc6 $(diff <(summary "$tmp/p1") <(summary "$tmp/p6") | head) $(diff "$tmp/p1.err" "$tmp/p6.err" | head)"
"$bin" check examples/lending.bwk --timeout 20 -j 1 --format json > "$tmp/l1.json" 2> /dev/null
"$bin" check examples/lending.bwk --timeout 20 -j 3 --format json > "$tmp/l3.json" 2> /dev/null
strip() { grep -v '"time_s"\|"trace"' "$1"; }
[ "$(strip "$tmp/l1.json")" = "$(strip "$tmp/l3.json")" ] && ! grep -q '"text"' "$tmp/l3.json" &&
  pass "one spec with 3 workers gives the JSON of one run" || bad "parts JSON: $(diff <(strip "$tmp/l1.json") <(strip "$tmp/l3.json") | head)"

# Bad values.
for args in "--shard 5/4" "--shard x" "--shard 0/3" "--shard 1/" "--jobs 0" "--jobs x"; do
  # shellcheck disable=SC2086
  "$bin" check examples/counter.bwk $args --no-color > /dev/null 2> "$tmp/err"
  rc=$?
  [ "$rc" -eq 3 ] && grep -q "error" "$tmp/err" && pass "check $args exits 3" || bad "check $args exits $rc: $(head -2 "$tmp/err")"
done
printf 'not json at all' > "$tmp/garbage.json"
echo '{"answer": 42}' > "$tmp/foreign.json"
head -c 200 "$tmp/all.json" > "$tmp/truncated.json"
for f in garbage foreign truncated; do
  "$bin" merge "$tmp/$f.json" --no-color > /dev/null 2> "$tmp/err"
  rc=$?
  [ "$rc" -eq 3 ] && grep -q "error\[E0510\]" "$tmp/err" && pass "merge of a $f file exits 3 (E0510)" || bad "merge $f: rc $rc $(cat "$tmp/err")"
done
"$bin" merge "$tmp/missing.json" --no-color > /dev/null 2> "$tmp/err"
rc=$?
[ "$rc" -eq 3 ] && grep -q "error\[E0101\]" "$tmp/err" && pass "merge of a missing file exits 3 (E0101)" || bad "merge missing: rc $rc"
exit $fail

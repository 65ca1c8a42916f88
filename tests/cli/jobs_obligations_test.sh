#!/usr/bin/env bash
# Issue 15 part 5: `--jobs N` farms a spec's per-property units (bounded
# search, k-induction, CHC after the shared induction) to worker processes.
# The verdict JSON (statuses, methods, traces, reasons; times removed) and the
# exit code are byte for byte those of -j 1 at -j 2 and -j 4, on single specs
# with several open properties and on several specs at once; -j 2 really runs
# units in more than one process (--stats "workers"); a worker that outlives
# --total-timeout is killed and its properties are unknown, never proved; a
# worker that dies is an internal error (exit 4).
source "$(dirname "$0")/../support/cli_test_lib.sh"

# The verdict JSON without times (time_s, and nothing else, varies by run).
norm() { python3 -c '
import json, sys
def strip(x):
    if isinstance(x, dict): return {k: strip(v) for k, v in x.items() if k != "time_s"}
    if isinstance(x, list): return [strip(v) for v in x]
    return x
print(json.dumps(strip(json.load(open(sys.argv[1]))), indent=1, sort_keys=True))' "$1"; }
args_of() { sed -n 's/^args://p' "${1%.bwk}.expected" 2> /dev/null | head -1; }

runs=(examples/lending.bwk specs/pos/slashing.bwk specs/options/margined.bwk specs/exploits/euler/euler_vulnerable.bwk
      "examples/counter.bwk specs/options/margined.bwk specs/exploits/mango/mango_vulnerable.bwk")
for specs in "${runs[@]}"; do
  # shellcheck disable=SC2046,SC2086
  extra=$(args_of ${specs%% *})
  for j in 1 2 4; do
    # shellcheck disable=SC2086
    "$bin" check $specs $extra --no-cache --format json -j $j > "$tmp/j$j.json" 2> "$tmp/j$j.err"
    echo "exit $?" > "$tmp/j$j.rc"
    norm "$tmp/j$j.json" >> "$tmp/j$j.rc" 2>&1
  done
  if cmp -s "$tmp/j1.rc" "$tmp/j2.rc" && cmp -s "$tmp/j1.rc" "$tmp/j4.rc" && grep -q '"status"' "$tmp/j1.rc"; then
    pass "$specs: -j 2 and -j 4 give -j 1's verdict JSON and $(head -1 "$tmp/j1.rc")"
  else
    bad "$specs: --jobs changes the result: $(diff "$tmp/j1.rc" "$tmp/j2.rc" | head -5) $(diff "$tmp/j1.rc" "$tmp/j4.rc" | head -5)"
  fi
done

# More than one process: --stats counts the units and the workers that ran them.
spec=specs/pos/slashing.bwk
"$bin" check $spec --no-cache -j 2 --stats > /dev/null 2> "$tmp/s2.err"
"$bin" check $spec --no-cache -j 1 --stats > /dev/null 2> "$tmp/s1.err"
units=$(grep -o '"units":[0-9]*' "$tmp/s2.err" | cut -d: -f2)
w2=$(grep -o '"workers":[0-9]*' "$tmp/s2.err" | cut -d: -f2)
w1=$(grep -o '"workers":[0-9]*' "$tmp/s1.err" | cut -d: -f2)
# At -j 1 too each unit runs in a forked worker, one at a time, so that it
# starts from the same solver state as at -j 2 (docs/engines.md).
[ "${units:-0}" -ge 2 ] && [ "${w2:-0}" -eq "$units" ] && [ "${w1:-x}" = "$units" ] &&
  pass "-j 1 and -j 2: $units units after the shared phase, each in a worker process forked after it" ||
  bad "workers: units ${units:-?}, -j2 workers ${w2:-?}, -j1 workers ${w1:-?}"

# A worker past the deadline is killed: its properties unknown with the reason,
# never proved, and the run ends soon after the limit (the kill comes 0.5 s after it).
start=$(date +%s.%N)
BULWARK_TEST_WORKER=hang "$bin" check $spec --no-cache -j 2 --total-timeout 4 --format json > "$tmp/hang.json" 2> "$tmp/hang.err"
rc=$?
took=$(echo "$(date +%s.%N) - $start" | bc)
killed=$(grep -c 'its worker process was killed' "$tmp/hang.json")
python3 -c '
import json, sys
ps = json.load(open(sys.argv[1]))["properties"]
killed = [p for p in ps if "worker process was killed" in p.get("reason", "")]
assert killed and all(p["status"] == "unknown" for p in killed), "killed units must be unknown"' "$tmp/hang.json" 2> "$tmp/py.err" &&
  [ "$rc" -eq 2 ] && [ "$(echo "$took < 5.5" | bc)" = 1 ] &&
  pass "a worker that outlives --total-timeout 4 is killed (${took%????} s): $killed properties unknown, exit 2" ||
  bad "deadline kill: exit $rc after $took s, $killed killed: $(cat "$tmp/py.err") $(head -3 "$tmp/hang.err")"

# A worker that dies is an internal error, never a verdict.
BULWARK_TEST_WORKER=die "$bin" check $spec --no-cache -j 2 > "$tmp/die.out" 2> "$tmp/die.err"
rc=$?
[ "$rc" -eq 4 ] && grep -q "worker process checking .* died" "$tmp/die.err" &&
  pass "a worker that dies: internal error, exit 4" || bad "dead worker: exit $rc: $(head -3 "$tmp/die.err")"
exit $fail

#!/usr/bin/env bash
# CPU time per process of a command that forks workers (`bulwark stress --jobs J`):
#   bench/worker_cpu.sh build/bulwark stress SPEC --scenario S --runs N --steps K --jobs 2
# Samples /proc every 20 ms while the command runs and prints, per forked child
# and for the parent itself, the user + system seconds of the last sample (a
# worker's last 20 ms may be missed). Shows whether work is split evenly and how
# much is serial. Nothing is asserted.
set -uo pipefail
"$@" >/dev/null 2>&1 &
top=$!
declare -A cpu
tck=$(getconf CLK_TCK)
while kill -0 "$top" 2>/dev/null; do
  for c in $(cat /proc/"$top"/task/*/children 2>/dev/null); do
    read -r -a f 2>/dev/null < /proc/"$c"/stat || continue
    cpu[worker-$c]=$(( ${f[13]} + ${f[14]} ))
  done
  read -r -a f 2>/dev/null < /proc/"$top"/stat && cpu[parent]=$(( ${f[13]} + ${f[14]} ))
  sleep 0.02
done
echo "load $(cut -d' ' -f1-3 /proc/loadavg)"
for k in "${!cpu[@]}"; do awk -v k="$k" -v t="${cpu[$k]}" -v h="$tck" 'BEGIN { printf "%-14s %6.2f s CPU\n", k, t / h }'; done | sort

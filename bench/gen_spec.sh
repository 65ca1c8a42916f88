#!/usr/bin/env bash
# Writes a generated spec of about N lines (default 10000) to stdout: many
# vars, actions and invariants, to measure the front end on a large input.
n=${1:-10000}
groups=$(( n / 20 ))
echo "spec Generated;"
echo "sort User = {u1, u2, u3};"
echo "const CAP: int = 1_000_000;"
echo "param FEE: real;"
echo "assume 0 <= FEE && FEE <= 0.1;"
for ((g = 0; g < groups; g++)); do
  cat <<SPEC
var bal$g: User -> int;
var total$g: int;
def share$g(u: User): real = if total$g > 0 then bal$g[u] / total$g * 1.0 else 0;
action deposit$g(u: User, amt: int) {
  require amt > 0 && total$g + amt <= CAP;
  bal$g[u] += amt;
  total$g += amt;
}
action withdraw$g(u: User, amt: int) {
  require amt > 0 && amt <= bal$g[u];
  let fee = floor(amt * FEE);
  bal$g[u] -= amt;
  total$g -= amt;
  assert total$g >= 0;
}
invariant conserved$g: total$g == (sum u in User: bal$g[u]);
invariant nonneg$g: forall u in User: bal$g[u] >= 0;
invariant capped$g: total$g <= CAP;
rule grows$g on deposit$g: total$g > old(total$g);
SPEC
done
echo "init {"
for ((g = 0; g < groups; g++)); do echo "  total$g == 0; forall u in User: bal$g[u] == 0;"; done
echo "}"

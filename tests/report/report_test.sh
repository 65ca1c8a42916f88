#!/usr/bin/env bash
# `bulwark report`: the HTML page rendered by headless Chromium (Debian's
# `chromium`): after its script ran, the DOM holds the verdict table, the
# attack's step table and its SVG charts with the expected numbers of rows and
# lines, and the screenshot is not blank. Then bad input: exit 3, a located
# error, and an existing file left as it was.
# Usage: report_test.sh PATH/TO/bulwark REPO_ROOT
source "$(dirname "$0")/../support/expect_lib.sh"
cd "$ROOT" || exit 1

CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
# Renders file $1: the DOM after scripts into $2; with $3, a 1200x2000 screenshot there.
render() {
  local profile
  profile=$(mktemp -d "$TMP/profile.XXXXXX")
  timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync --user-data-dir="$profile" \
    --dump-dom "file://$1" >"$2" 2>"$TMP/chromium.err"
  if [ -n "${3:-}" ]; then
    timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
      --disable-background-networking --disable-component-update --disable-sync --user-data-dir="$profile" \
      --screenshot="$3" --window-size=1200,2000 "file://$1" >/dev/null 2>>"$TMP/chromium.err"
  fi
}
# count FILE REGEX: how many times REGEX matches in FILE.
count() { grep -oE -- "$2" "$1" | wc -l; }
# same NAME ACTUAL EXPECTED
same() { if [ "$2" = "$3" ]; then pass "$1"; else fail "$1" "found $2, expected $3"; fi; }

# ---- the lending attack -----------------------------------------------------------------
run report examples/lending.bwk -o "$TMP/lending.html"
expect_all "report of lending: exit 1 (a violation), a summary line" 1 "$TMP/lending.html: 1 spec, 6 properties (1 violated)"
# Self-contained: nothing is loaded from anywhere (the SVG namespace is a name, not a load).
if grep -qE '<link|<img|(src|href)="(https?:)?//|url\(' "$TMP/lending.html"; then
  fail "no external resources" "$(grep -oE '<link[^>]*|<img[^>]*|(src|href)="[^"]*"|url\([^)]*' "$TMP/lending.html" | head -3)"
else pass "no external resources"; fi

if [ -z "$CHROMIUM" ]; then
  fail "chromium" "not installed (Debian package chromium; scripts/lib.sh installs it)"
  finish; exit
fi
render "$TMP/lending.html" "$TMP/lending.dom" "$TMP/lending.png"
DOM=$TMP/lending.dom
# The summary is written by the page's script: this shows the script ran.
if grep -qF '6 properties: 5 proved, 1 violated' "$DOM"; then pass "the script filled the summary"
else fail "the script filled the summary" "$(grep -o 'id="summary"[^<]*' "$DOM")"; fi
same "verdict table: one row per property" "$(count "$DOM" '<tr class="st-[a-z_]+" data-status=')" 6
same "verdict table: solvent violated" "$(count "$DOM" 'data-status="violated"')" 1
# The 4-step attack: init + 4 rows, 2 + 7 cell columns; 4 changed cells highlighted
# (collateral[alice], debt[alice], then price twice).
steps=$(sed -n '/<table class="steps">/,/<\/table>/p' "$DOM")
same "step table: init and 4 steps" "$(grep -c '^<tr' <<<"$steps")" 5
same "step table: 9 columns" "$(grep -o '<th>' <<<"$steps" | wc -l)" 9
same "step table: changed cells highlighted" "$(count "$DOM" 'class="v chg"')" 4
same "step table: the attack's steps" "$(grep -oE '<td><code>[a-z ]+\(' <<<"$steps" | tr '\n' ' ')" \
  "<td><code>deposit( <td><code>borrow( <td><code>env oracle( <td><code>env oracle( "
# Charts: the operands of solvent (2 lines), collateral (3), debt (3), price (1).
same "charts: 4 SVG charts" "$(count "$DOM" '<svg class="chart"')" 4
same "charts: 9 lines" "$(count "$DOM" '<path class="series"')" 9
same "charts: 5 points per line" "$(count "$DOM" '<circle class="pt"')" 45
for t in 'operands of solvent' '>collateral<' '>debt<' '>price<'; do
  if grep -qF -- "$t" "$DOM"; then pass "chart titled $t"; else fail "chart titled $t" "missing"; fi
done
# A line really goes somewhere: the price line has 5 points, not all at one height.
price_d=$(grep -oE '<path class="series" data-series="price" d="[^"]*"' "$DOM" | sed 's/.* d="//; s/"$//')
ys=$(tr 'ML' '\n\n' <<<"$price_d" | awk 'NF == 2 {print $2}' | sort -u | wc -l)
if [ "$ys" -ge 3 ]; then pass "price line moves ($ys heights)"; else fail "price line moves" "d=$price_d"; fi
if grep -qF 'proofs</h3>' "$DOM" && grep -qF '<code>price_positive</code>: inductive' "$DOM"; then pass "proofs listed"
else fail "proofs listed" "missing"; fi
# The screenshot: written, the right size, not blank (many colours, some ink).
if [ -s "$TMP/lending.png" ]; then
  read -r w h colours inked < <(python3 "$ROOT/tests/support/png_stats.py" "$TMP/lending.png")
  same "screenshot size" "${w}x${h}" "1200x2000"
  if [ "$colours" -gt 100 ] && awk -v i="$inked" 'BEGIN { exit !(i > 0.02) }'; then
    pass "screenshot not blank ($colours colours, $inked inked)"
  else fail "screenshot not blank" "$colours colours, $inked inked"; fi
else
  fail "screenshot written" "$(tail -3 "$TMP/chromium.err")"
fi

# ---- --chart: only the charts asked for --------------------------------------------------
run report examples/lending.bwk -o "$TMP/chart.html" --chart 'price * 2' --chart 'collateral[alice] - debt[alice]'
expect "--chart: exit 1" 1
render "$TMP/chart.html" "$TMP/chart.dom"
same "--chart: 2 charts" "$(count "$TMP/chart.dom" '<svg class="chart"')" 2
same "--chart: one line each" "$(count "$TMP/chart.dom" '<path class="series"')" 2
# The value at step 4 is exactly twice the price in the step table's last row.
price4=$(sed -n '/<table class="steps">/,/<\/table>/p' "$TMP/chart.dom" | grep '^<tr><td>4</td>' | grep -oE '<td class="v[^"]*">[^<]*</td></tr>' | sed 's/<[^>]*>//g')
twice=$(awk -v p="$price4" 'BEGIN { printf "%.10g", 2 * p }')
if grep -qF 'price * 2</text>' "$TMP/chart.dom" && grep -qF "<title>price * 2 at 4: $twice</title>" "$TMP/chart.dom"; then
  pass "--chart: titled by its expression, exact values at the points"
else fail "--chart: titled by its expression, exact values at the points" "$(grep -o 'price \* 2[^<]*' "$TMP/chart.dom" | head -3)"; fi

# ---- a counterexample to induction and a CHC invariant ---------------------------------
cat >"$TMP/cti.bwk" <<'SPEC'
spec Cti;
var a: int;
init { a == 0; }
action go() { a = a + 1; }
invariant pos: a != -1;
SPEC
run report "$TMP/cti.bwk" -o "$TMP/cti.html" --engine kinduction --depth 3
expect "not inductive: exit 2" 2
render "$TMP/cti.html" "$TMP/cti.dom"
if grep -qF 'not inductive: <code>pos</code>' "$TMP/cti.dom" && grep -qF '<b>not an attack</b>' "$TMP/cti.dom" &&
   grep -qF 'a state satisfying the invariants (possibly unreachable)' "$TMP/cti.dom"; then
  pass "the counterexample to induction, labelled not an attack"
else fail "the counterexample to induction" "$(grep -o 'not inductive[^<]*' "$TMP/cti.dom" | head -3)"; fi
run report "$TMP/cti.bwk" -o "$TMP/chc.html" --engine chc
expect "chc: exit 0" 0
if grep -qE '<pre>invariant chc_pos: .+;</pre>' "$TMP/chc.html"; then pass "the CHC invariant printed"
else fail "the CHC invariant printed" "$(grep -o 'chc[^<]*' "$TMP/chc.html" | head -3)"; fi

# ---- bad input: exit 3, a located error, the old file untouched ----------------------------
echo "an older report" >"$TMP/keep.html"
run report examples/lending.bwk -o "$TMP/keep.html" --chart 'nosuch + 1'
expect "--chart with an unknown name: exit 3, E0530" 3 "error[E0530]: --chart \`nosuch + 1\`"
if grep -qF "unknown name \`nosuch\`" "$ERR" || grep -qF "nosuch" "$ERR"; then pass "the chart's own error shown"; else fail "the chart's own error shown" "missing"; fi
same "--chart error: the old file untouched" "$(cat "$TMP/keep.html")" "an older report"
printf 'spec Bad;\nvar x: int;\naction a() { x = ; }\n' >"$TMP/bad.bwk"
run report "$TMP/bad.bwk" -o "$TMP/keep.html"
expect "syntax error: exit 3, located" 3 "bad.bwk:3:18: error[E0110]"
same "syntax error: the old file untouched" "$(cat "$TMP/keep.html")" "an older report"
run report examples/lending.bwk -o "$TMP/no/such/dir/r.html"
expect "-o in a missing folder: exit 3" 3 "error[E0508]"
run report examples/lending.bwk -o "$TMP/x.html" --depth -1
expect "--depth -1: exit 3" 3 "error[E0507]"
run report examples/lending.bwk
expect "no -o: exit 3" 3 "error[E0507]"
if ls -a "$TMP" | grep -q '^\.keep\.html\.'; then fail "no temporary file left" "$(ls -a "$TMP")"; else pass "no temporary file left"; fi

finish

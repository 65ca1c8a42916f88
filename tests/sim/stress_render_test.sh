#!/usr/bin/env bash
# `bulwark stress` as a person sees it: the --plots SVGs laid out by headless
# Chromium (every text inside the picture, no two texts overlapping, tick
# labels short, the screenshot not blank), and the progress line on a
# terminal (report::Progress, as check and simulate draw it).
# Usage: stress_render_test.sh PATH/TO/bulwark REPO_ROOT
source "$(dirname "$0")/../support/expect_lib.sh"
source "$(dirname "$0")/../support/tty_lib.sh"
cd "$ROOT" || exit 1

# ---- progress on a terminal (util-linux `script` gives stderr a pty) ----------------
cr=$'\r'
clear=$'\r\e[K'
tty() { on_tty "$BULWARK" "$TMP/tty.out" "$TMP/tty" "$@"; }
# Long enough to pass the first draw's one-second wait even on a quiet machine.
tty stress specs/perps/cascade.bwk --scenario gap_down --runs 4000 --steps 50 --seed 7
last=$(tr -d '\n' < "$TMP/tty")
if grep -q "stress specs/perps/cascade.bwk  run [0-9]*/4000  [0-9]* runs/s  ETA [0-9]* s  [0-9.]* s" "$TMP/tty" &&
  [ "${last: -4}" = "$clear" ]; then
  pass "stress on a terminal: one Progress line (runs, rate, ETA, elapsed), erased at the end"
else fail "stress progress line" "$(cat -v "$TMP/tty" | head -c 300)"; fi
if grep -q "seed 7" "$TMP/tty.out" && ! grep -q "$cr" "$TMP/tty.out"; then pass "stdout keeps the figures, without progress"
else fail "stress stdout" "$(head -3 "$TMP/tty.out" | cat -v)"; fi
tty stress specs/perps/cascade.bwk --scenario gap_down --runs 4000 --steps 50 --seed 7 --quiet
if [ ! -s "$TMP/tty" ]; then pass "--quiet: nothing on the terminal's stderr"
else fail "--quiet" "$(cat -v "$TMP/tty" | head -c 200)"; fi
"$BULWARK" stress specs/perps/cascade.bwk --scenario gap_down --runs 200 --steps 20 --seed 7 >/dev/null 2>"$TMP/err"
if [ ! -s "$TMP/err" ]; then pass "not a terminal: stderr empty"; else fail "stderr not a terminal" "$(head -c 200 "$TMP/err" | cat -v)"; fi

# ---- the plots, rendered ------------------------------------------------------------
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROMIUM" ]; then
  fail "chromium" "not installed (Debian package chromium; scripts/lib.sh installs it)"
  finish; exit
fi
run stress specs/perps/cascade.bwk --scenario gap_down --runs 60 --steps 20 --seed 7 --measure adl --plots "$TMP/plots"
run stress specs/perps/cascade.bwk --scenario gap_down --runs 60 --steps 20 --seed 7 --sweep MM=0.5:1.5:0.5 --plots "$TMP/plots"
run stress specs/cdp/cdp.bwk --scenario black_thursday --runs 40 --seed 7 --measure badDebt --plots "$TMP/plots"
n=$(ls "$TMP"/plots/*.svg 2>/dev/null | wc -l)
if [ "$n" -eq 7 ]; then pass "7 SVG files"; else fail "plots written" "$n files"; fi
# One page with every SVG inline; its script measures each text as laid out.
{
  echo '<!doctype html><html><body style="margin:0">'
  for f in "$TMP"/plots/*.svg; do echo "<div data-file=\"$(basename "$f")\">"; cat "$f"; echo '</div>'; done
  cat <<'JS'
<script>
const problems = [];
for (const div of document.querySelectorAll('div[data-file]')) {
  const svg = div.querySelector('svg'), frame = svg.getBoundingClientRect(), name = div.dataset.file;
  const texts = [...svg.querySelectorAll('text')].map(t => ({t: t.textContent, r: t.getBoundingClientRect()}));
  for (const {t, r} of texts)
    if (r.left < frame.left - 0.5 || r.right > frame.right + 0.5 || r.top < frame.top - 0.5 || r.bottom > frame.bottom + 0.5)
      problems.push(`${name}: "${t}" runs outside the picture`);
  for (let i = 0; i < texts.length; ++i)
    for (let j = i + 1; j < texts.length; ++j) {
      const a = texts[i].r, b = texts[j].r;
      if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1)
        problems.push(`${name}: "${texts[i].t}" overlaps "${texts[j].t}"`);
    }
  // Tick labels: numbers with at most 4 significant digits ("0.15", "120", not "6.95886").
  for (const {t} of texts)
    if (/^-?[0-9.]+$/.test(t) && t.replace(/^[-0.]+/, '').replace('.', '').length > 4)
      problems.push(`${name}: tick label "${t}" is not a round number`);
}
document.body.setAttribute('data-problems', problems.length ? problems.join(' | ') : 'none');
</script></body></html>
JS
} > "$TMP/plots.html"
profile=$(mktemp -d "$TMP/profile.XXXXXX")
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
  --disable-component-update --disable-sync --user-data-dir="$profile")
timeout 120 "$CHROMIUM" "${flags[@]}" --window-size=700,3000 --dump-dom "file://$TMP/plots.html" >"$TMP/plots.dom" 2>"$TMP/chromium.err"
problems=$(sed -n 's/.*data-problems="\([^"]*\)".*/\1/p' "$TMP/plots.dom")
if [ "$problems" = "none" ]; then pass "every text inside its picture, none overlapping, round tick labels"
else fail "plot layout" "${problems:-no result from chromium: $(head -c 200 "$TMP/chromium.err")}"; fi
timeout 120 "$CHROMIUM" "${flags[@]}" --window-size=660,380 --screenshot="$TMP/fan.png" \
  "file://$(ls "$TMP"/plots/cascade.gap_down.fan.*.svg)" >/dev/null 2>>"$TMP/chromium.err"
# The fan chart's three blues cover a good part of the picture.
if python3 - "$TMP/fan.png" <<'PY'
import sys, zlib, struct
data = open(sys.argv[1], 'rb').read()
w, h, depth, ctype = struct.unpack('>IIBB', data[16:26])
idat = b''.join(data[i + 8:i + 8 + struct.unpack('>I', data[i:i + 4])[0]]
                for i in range(8, len(data)) if data[i + 4:i + 8] == b'IDAT')
raw = zlib.decompress(idat)
bpp = {2: 3, 6: 4}[ctype]
stride = w * bpp
rows, prev = [], bytearray(stride)
pos = 0
for y in range(h):
    f = raw[pos]; line = bytearray(raw[pos + 1:pos + 1 + stride]); pos += 1 + stride
    for i in range(stride):
        a = line[i - bpp] if i >= bpp else 0; b = prev[i]; c = prev[i - bpp] if i >= bpp else 0
        if f == 1: line[i] = (line[i] + a) & 255
        elif f == 2: line[i] = (line[i] + b) & 255
        elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    rows.append(line); prev = line
blue = sum(1 for line in rows for x in range(w)
           if line[x * bpp + 2] > line[x * bpp] + 30)  # more blue than red
sys.exit(0 if blue > w * h // 10 else 1)
PY
then pass "the fan chart's bands are drawn (screenshot)"; else fail "fan chart screenshot" "mostly not blue"; fi

finish

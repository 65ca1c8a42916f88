#!/usr/bin/env bash
# Keeps docs/tutorial.md true: every spec and every command output it shows is
# checked against the files in docs/tutorial/ and against a real run.
# Usage: tutorial_test.sh PATH/TO/bulwark ROOT   (ROOT = the repository root)
#
# In docs/tutorial.md:
#   <!-- file: docs/tutorial/X.bwk -->     the next ```bwk block must equal that
#   ```bwk                                 file byte for byte (a ```bwk block
#   ...                                    without this comment is an error)
#   ```
#
#   ```console                             each `$ bulwark ARGS` is run from ROOT
#   $ bulwark ARGS                         (with this bulwark; ARGS go through the
#   expected stdout+stderr                 shell, so quoting works) and its
#   $ echo $?                              stdout+stderr must equal the lines up to
#   1                                      the next `$ ` line or the end of block;
#   ```                                    `$ echo $?` must be followed by the exit
#                                          code of the previous command.
# Any other `$ ` command is an error. Before comparing, timings are replaced in
# both texts: `(0.42 s)` -> `(T s)` and `"time_s": 0.0017` -> `"time_s": T`.
#
# `<!-- compare: summary -->` before a ```console block compares, for each
# command of that block, only the lines up to the first blank line (the file
# name and the verdict lines), not the traces after them. The concrete values in
# an attack trace or a counterexample are whatever model the solver returns; on
# nonlinear specs (collateral * price) that model is not forced by the spec and
# may change with the solver, the encoding or the timing. Blocks without the
# marker are compared in full, traces included.
#
# Also an error: no blocks at all, a docs/tutorial/*.bwk not shown in the
# tutorial. Prints PASS/FAIL per block; exits 1 if anything failed.
set -u
BULWARK=${1:?usage: tutorial_test.sh PATH/TO/bulwark ROOT}
ROOT=${2:?usage: tutorial_test.sh PATH/TO/bulwark ROOT}
case $BULWARK in /*) ;; *) BULWARK=$PWD/$BULWARK ;; esac
DOC=$ROOT/docs/tutorial.md
[[ -f $DOC ]] || { echo "FAIL: $DOC does not exist"; exit 1; }
[[ -x $BULWARK ]] || { echo "FAIL: $BULWARK is not executable"; exit 1; }
export NO_COLOR=1

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# Split the tutorial into blocks: $TMP/N.meta = "KIND LINE FILE MODE",
# $TMP/N.body = the lines between the fences.
awk -v dir="$TMP" '
  inplain { if ($0 ~ /^```[ \t]*$/) inplain = 0; next }
  inblock && /^```[ \t]*$/ { close(body); inblock = 0; next }
  inblock { print > body; next }
  /^<!-- file: [^ ]+ -->[ \t]*$/ { file = $3; next }
  /^<!-- compare: summary -->[ \t]*$/ { mode = "summary"; next }
  /^```(bwk|console)[ \t]*$/ {
    n++; kind = substr($0, 4); sub(/[ \t]+$/, "", kind)
    meta = dir "/" n ".meta"
    printf "%s %d %s %s\n", kind, NR, (file == "" ? "-" : file), (mode == "" ? "full" : mode) > meta
    close(meta)
    body = dir "/" n ".body"; printf "" > body
    inblock = 1; file = ""; mode = ""; next
  }
  /^```/ { inplain = 1; file = ""; mode = ""; next }
  /^[ \t]*$/ { next }
  { file = ""; mode = "" }
  END { print n + 0 > (dir "/count"); if (inblock || inplain) print "unterminated" > (dir "/unterminated") }
' "$DOC"

count=$(cat "$TMP/count")
fails=0
pass() { echo "PASS: $1"; }
fail() { echo "FAIL: $1"; fails=$((fails + 1)); }

if [[ -f $TMP/unterminated ]]; then
  fail "docs/tutorial.md: a code block is not closed"
fi
if [[ $count -eq 0 ]]; then
  echo "FAIL: no \`\`\`bwk or \`\`\`console block found in $DOC: the test would check nothing"
  exit 1
fi

normalise() {
  sed -E -e 's/\([0-9]+(\.[0-9]+)? s\)/(T s)/g' \
         -e 's/("time_s": *)-?[0-9][0-9.eE+-]*/\1T/g' "$1"
}
summary() { awk '/^$/ { exit } { print }'; }

shown_files=" "
n_cmds=0
for ((i = 1; i <= count; i++)); do
  read -r kind line file mode <"$TMP/$i.meta"
  body=$TMP/$i.body
  where="docs/tutorial.md:$line"
  if [[ $kind == bwk ]]; then
    [[ $file == - ]] || shown_files+="$file "
    if [[ $file == - ]]; then
      fail "$where: \`\`\`bwk block without a preceding <!-- file: docs/tutorial/X.bwk --> comment"
    elif [[ ! -f $ROOT/$file ]]; then
      fail "$where: $file does not exist"
    elif cmp -s "$body" "$ROOT/$file"; then
      pass "$where: $file is shown verbatim"
    else
      fail "$where: the block differs from $file (- file, + tutorial):"
      diff -u "$ROOT/$file" "$body" | sed 1,2d
    fi
    continue
  fi

  # A console block: split it into commands, each with its expected output.
  ncmd=0
  while IFS= read -r l || [[ -n $l ]]; do
    if [[ $l == '$ '* ]]; then
      ncmd=$((ncmd + 1)); printf '%s\n' "${l#\$ }" >"$TMP/$i.cmd.$ncmd"; : >"$TMP/$i.exp.$ncmd"
    elif [[ $ncmd -eq 0 ]]; then
      ncmd=-1; break
    else
      printf '%s\n' "$l" >>"$TMP/$i.exp.$ncmd"
    fi
  done <"$body"
  if [[ $ncmd -le 0 ]]; then
    fail "$where: a console block must start with a \`\$ bulwark ...\` line"
    continue
  fi
  ok=1 last_rc="" msgs=""
  for ((c = 1; c <= ncmd; c++)); do
    cmd=$(cat "$TMP/$i.cmd.$c")
    exp=$TMP/$i.exp.$c
    if [[ $cmd == 'echo $?' ]]; then
      if [[ -z $last_rc ]]; then
        ok=0; msgs+="  \`\$ echo \$?\` does not follow a bulwark command"$'\n'
      elif [[ $(cat "$exp") != "$last_rc" ]]; then
        ok=0; msgs+="  \`\$ echo \$?\`: the tutorial says $(tr '\n' ' ' <"$exp")but the exit code was $last_rc"$'\n'
      fi
      continue
    fi
    if [[ $cmd != 'bulwark '* ]]; then
      ok=0; msgs+="  unsupported command \`\$ $cmd\` (only \`\$ bulwark ...\` and \`\$ echo \$?\`)"$'\n'
      last_rc=; continue
    fi
    n_cmds=$((n_cmds + 1))
    (cd "$ROOT" && eval "\"\$BULWARK\" ${cmd#bulwark }") >"$TMP/$i.out.$c" 2>&1
    last_rc=$?
    normalise "$exp" >"$TMP/want"
    normalise "$TMP/$i.out.$c" >"$TMP/got"
    if [[ $mode == summary ]]; then
      summary <"$TMP/want" >"$TMP/want.s"; mv "$TMP/want.s" "$TMP/want"
      summary <"$TMP/got" >"$TMP/got.s"; mv "$TMP/got.s" "$TMP/got"
    fi
    if ! cmp -s "$TMP/want" "$TMP/got"; then
      ok=0
      msgs+="  \`\$ $cmd\` (exit $last_rc): output differs (- tutorial, + actual$([[ $mode == summary ]] && echo ', summary lines only')):"$'\n'
      msgs+=$(diff -u "$TMP/want" "$TMP/got" | sed '1,2d; s/^/    /')$'\n'
    fi
  done
  label="$where: $(head -1 "$TMP/$i.cmd.1")$([[ $mode == summary ]] && echo ' [summary]')"
  if [[ $ok -eq 1 ]]; then pass "$label"; else fail "$label"; printf '%s' "$msgs"; fi
done

# Every spec in docs/tutorial/ is shown in the tutorial.
for f in "$ROOT"/docs/tutorial/*.bwk; do
  [[ -e $f ]] || continue
  rel=docs/tutorial/${f##*/}
  [[ $shown_files == *" $rel "* ]] || fail "$rel is not shown in docs/tutorial.md (<!-- file: $rel --> + \`\`\`bwk)"
done

if [[ $n_cmds -eq 0 ]]; then
  fail "docs/tutorial.md runs no \`\$ bulwark\` command"
fi
echo "$count blocks, $n_cmds commands, $fails failures"
[[ $fails -eq 0 ]]

# Sourced by the shell tests that check exit codes and output text of single
# runs: `bash TEST.sh PATH/TO/bulwark REPO_ROOT`. Sets $BULWARK, $ROOT and
# $TMP (removed on exit); gives run, pass, fail, expect and expect_all; the
# test ends with `finish`. Needs only bash and coreutils.
set -u

BULWARK=${1:?usage: TEST.sh PATH/TO/bulwark REPO_ROOT}
ROOT=${2:?usage: TEST.sh PATH/TO/bulwark REPO_ROOT}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

failures=0
checks=0
OUT=$TMP/out
ERR=$TMP/err

# run ARGS... : runs bulwark with stdout/stderr captured; sets $RC.
run() {
  "$BULWARK" "$@" >"$OUT" 2>"$ERR" </dev/null
  RC=$?
}

pass() { checks=$((checks + 1)); echo "PASS: $1"; }
fail() {
  checks=$((checks + 1)); failures=$((failures + 1))
  echo "FAIL: $1: $2"
  echo "  --- stdout:"; sed -n '1,30p' "$OUT" | sed 's/^/  | /'
  echo "  --- stderr:"; sed -n '1,10p' "$ERR" | sed 's/^/  | /'
}

# The exit code is CODE, the run was not killed and reports no internal error.
exit_ok() {
  local name=$1 code=$2
  if [ "$RC" -ne "$code" ]; then fail "$name" "exit $RC, expected $code"; return 1; fi
  if [ "$RC" -ge 128 ]; then fail "$name" "killed by a signal"; return 1; fi
  if grep -q "internal error" "$OUT" "$ERR"; then fail "$name" "reports an internal error"; return 1; fi
}

# expect NAME EXIT [PATTERN [stdout|stderr]] -- after `run`: checks the exit code and
# that the stream (default stderr) contains PATTERN (fixed string).
expect() {
  local name=$1 code=$2 pattern=${3:-} stream=${4:-stderr} file
  exit_ok "$name" "$code" || return
  if [ -n "$pattern" ]; then
    if [ "$stream" = stdout ]; then file=$OUT; else file=$ERR; fi
    if ! grep -qF -- "$pattern" "$file"; then fail "$name" "$stream lacks: $pattern"; return; fi
  fi
  pass "$name"
}

# expect_all NAME EXIT PATTERN... -- after `run`: the exit code, and every
# PATTERN (fixed string) in stdout or stderr.
expect_all() {
  local name=$1 code=$2 p
  shift 2
  exit_ok "$name" "$code" || return
  for p in "$@"; do
    if ! grep -qF -- "$p" "$OUT" "$ERR"; then fail "$name" "output lacks: $p"; return; fi
  done
  pass "$name"
}

finish() {
  echo
  echo "$((checks - failures))/$checks checks passed"
  [ "$failures" -eq 0 ]
}

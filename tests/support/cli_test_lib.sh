# Sourced by the shell tests of the real binary: `bash TEST.sh BIN ROOT`.
# Sets $bin and $tmp (removed on exit), runs from ROOT with a proof cache of
# the test's own, and gives pass/bad; the test ends with `exit $fail`.
set -u
bin=$1
root=$2
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass() { echo "PASS: $1"; }
bad() { echo "FAIL: $1"; fail=1; }
cd "$root" || exit 1
export XDG_CACHE_HOME="$tmp/cache"
# The verdict summary of a text run, without times: each spec's name line and
# one line per property (traces are left out: any shortest attack will do).
summary() { grep -E '^([^ ].*\.bwk$|  (proved|violated|not_inductive|holds_to_depth|unknown) )' "$1" | sed 's/  ([0-9.]* s)$//'; }

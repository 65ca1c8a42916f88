# Sourced by shell tests that look at what a terminal shows (progress lines).
# on_tty BIN STDOUT PTY ARGS...: runs BIN ARGS with stderr on a pty (util-linux
# `script`), stdout into the file STDOUT and what the terminal shows into PTY.
on_tty() {
  local bin=$1 out=$2 pty=$3 cmd
  shift 3
  printf -v cmd '%q ' "$bin" "$@"
  script -qec "$cmd > $(printf %q "$out")" /dev/null > "$pty" 2>&1 < /dev/null
}

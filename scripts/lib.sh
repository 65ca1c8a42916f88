# Shared by the two README commands: install what is missing, configure, build.
# Usage: source scripts/lib.sh; bulwark_setup [extra cmake args...]
set -euo pipefail

BULWARK_PACKAGES=(g++ cmake make pkg-config libz3-dev libboost-dev libfmt-dev catch2 libcli11-dev
                  nlohmann-json3-dev z3 cvc5 libcvc5-dev parallel
                  python3-jsonschema libxml2-utils jq)  # the SARIF and JUnit validation tests
# Needed as commands, whichever package brought them (a machine may have
# Node.js from elsewhere): the editor grammar test runs npm and node.
BULWARK_COMMANDS=(node:nodejs npm:npm)

bulwark_install() {
  local missing=()
  for p in "${BULWARK_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  for c in "${BULWARK_COMMANDS[@]}"; do
    command -v "${c%%:*}" >/dev/null 2>&1 || missing+=("${c#*:}")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "installing: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

bulwark_build() {
  local dir="${BULWARK_BUILD_DIR:-build}"
  cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
  cmake --build "$dir" -j2
}

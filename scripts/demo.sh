#!/usr/bin/env bash
# README command 1: install what is missing, build, and check a shipped spec (proofs and an attack trace).
cd "$(dirname "$0")/.."
source scripts/lib.sh
bulwark_install
bulwark_build
echo
echo "\$ build/bulwark check examples/lending.bwk"
status=0
build/bulwark check examples/lending.bwk || status=$?
# Exit 1 means "a property is violated": the expected result for this example
# (five properties proved, one attack trace on `solvent`).
[ "$status" -eq 1 ] && exit 0
exit "$status"

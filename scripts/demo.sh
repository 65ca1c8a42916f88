#!/usr/bin/env bash
# README command 1: install what is missing, build, and run Bulwark on a shipped spec.
cd "$(dirname "$0")/.."
source scripts/lib.sh
bulwark_install
bulwark_build
echo
echo "\$ build/bulwark simulate examples/lending.bwk --runs 1000 --steps 20 --seed 1"
status=0
build/bulwark simulate examples/lending.bwk --runs 1000 --steps 20 --seed 1 || status=$?
# Exit 1 means "a violation was found": the expected result for this example.
[ "$status" -eq 1 ] && exit 0
exit "$status"

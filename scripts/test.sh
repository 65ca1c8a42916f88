#!/usr/bin/env bash
# README command 2: install what is missing, build, and run the whole test suite.
cd "$(dirname "$0")/.."
source scripts/lib.sh
bulwark_install
bulwark_build
ctest --test-dir "${BULWARK_BUILD_DIR:-build}" --output-on-failure -j2 -LE slow

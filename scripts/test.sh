#!/usr/bin/env bash
# Every test of the project, from a fresh clone: installs what is missing, then runs the static
# checks, the native tests, the wasm suites (Chrome, Firefox, Node), the npm package checks and
# the edge proxy's integration tests.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)

scripts/setup.sh
source scripts/lib.sh

scripts/check.sh
step "native tests (unit, doc, fixture corpus, properties, wuts-local)"
cargo test --features local
scripts/test-wasm.sh

step "all tests passed in $(($(date +%s) - started))s"

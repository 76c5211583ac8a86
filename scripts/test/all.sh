#!/usr/bin/env bash
# Every test of the project, from a fresh clone: installs what is missing, then runs the static
# checks, the native tests, the OpenAPI check, a short fuzz run, the wasm suites (Chrome, Firefox, Node), the example Rust page
# in Chromium, the npm package checks, the crate as crates.io and docs.rs get it, and
# the edge proxy's integration tests under workerd, and the widget's end-to-end tests in Chromium.
set -euo pipefail
cd "$(dirname "$0")/../.."
started=$(date +%s)

scripts/setup.sh
source scripts/lib.sh

scripts/test/check.sh
step "native tests (unit, doc, fixture corpus, properties, wuts-local, Worker units)"
cargo test --all-features
step "the Worker's routes as production builds them (no test panic route)"
cargo test --features worker --lib worker::routes
step "the OpenAPI description: valid, and in agreement with the fixture corpus"
scripts/test/openapi.sh
step "fuzzing: a short run of every target (fuzz/README.md has the long run)"
scripts/test/fuzz.sh "${WUTS_FUZZ_SECONDS:-10}"
scripts/test/wasm.sh
scripts/test/example.sh
scripts/test/package.sh
scripts/test/registries.sh
scripts/test/edge.sh
scripts/test/e2e.sh

step "all tests passed in $(($(date +%s) - started))s"

#!/usr/bin/env bash
# The wasm suites: the fixture corpus, the browser client (feature `browser`) and the Rust client
# (feature `client`), compiled to wasm32 and run in headless Chrome, headless Firefox and Node,
# against a real wuts-local. One build with both features serves every suite.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib.sh

port=${WUTS_TEST_LOCAL_PORT:-18788}
export WUTS_LOCAL_URL="http://127.0.0.1:$port"
export WASM_BINDGEN_TEST_DRIVER_TIMEOUT=${WASM_BINDGEN_TEST_DRIVER_TIMEOUT:-60}
export WASM_BINDGEN_TEST_TIMEOUT=${WASM_BINDGEN_TEST_TIMEOUT:-120}

step "starting wuts-local on $WUTS_LOCAL_URL"
start_wuts_local "$port"

step "wasm tests in headless Chrome and Firefox"
wasm-pack test --headless --chrome --firefox . --features browser,client
step "wasm tests in Node"
wasm-pack test --node . --features browser,client

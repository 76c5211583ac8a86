#!/usr/bin/env sh
# Builds the edge proxy into build/worker/shim.mjs with worker-build (release, feature
# `worker`). wrangler.toml's [build] command; also run by scripts/test/edge.sh.
#
# Env: WUTS_WORKER_FEATURES, comma-separated features to build with besides `worker`. Only
# scripts/test/edge.sh sets it (`edge-test`, the panic route of the edge tests); a build
# without it, as wrangler and `make dev` run it, has no such route.
#
# worker-build downloads wasm-bindgen, wasm-opt and esbuild from GitHub unless told where they
# are; on machines without GitHub access the tools come from cargo and npm instead, and this
# points worker-build at them when they are installed.
set -eu
cd "$(dirname "$0")/../.."

if [ -z "${WASM_BINDGEN_BIN:-}" ] && command -v wasm-bindgen >/dev/null 2>&1; then
  WASM_BINDGEN_BIN=$(command -v wasm-bindgen); export WASM_BINDGEN_BIN
fi
if [ -z "${WASM_OPT_BIN:-}" ] && [ -x node_modules/.bin/wasm-opt ]; then
  WASM_OPT_BIN=$PWD/node_modules/.bin/wasm-opt; export WASM_OPT_BIN
fi
if [ -z "${ESBUILD_BIN:-}" ] && [ -x node_modules/.bin/esbuild ]; then
  ESBUILD_BIN=$PWD/node_modules/.bin/esbuild; export ESBUILD_BIN
fi
if ! command -v worker-build >/dev/null 2>&1; then
  cargo install -q worker-build --locked
fi
# The wasm keeps its name section (worker-build's wasm-opt keeps it with --debuginfo): V8's
# profiler then names the Rust functions of the build that ships, and wasm-bindgen returns
# values directly rather than through the stack pointer, a few calls fewer per request. The
# names cost bundle size only, which is not on a request's path.
export CARGO_PROFILE_RELEASE_STRIP=false
# Optimized for speed, not size (the crate's release profile is opt-level "z", for the npm
# package): at "z" LLVM does not vectorize, and the base64 check of a media body is then a
# byte-at-a-time loop (docs/benchmarks.md). A Worker's bundle size is not on a request's path.
export CARGO_PROFILE_RELEASE_OPT_LEVEL=3
# Unminified glue, for the same reason: profiles and stack traces name its functions. V8 runs
# it no slower; only the bundle grows.
export NO_MINIFY=1
exec worker-build --release --features "worker${WUTS_WORKER_FEATURES:+,$WUTS_WORKER_FEATURES}"

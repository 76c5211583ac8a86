#!/usr/bin/env bash
# Builds the npm package `wuts-status` into pkg/: wasm-pack (--target web, release, feature
# `browser`), then wasm-opt -Oz from the npm `binaryen` package and terser, then the package entry
# (index.js, index.d.ts), the composer widget (composer.js, composer/, their .d.ts) and a publishable
# package.json.
# wasm-pack never optimizes or downloads anything itself: wasm-opt runs here, from node_modules.
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

log() { printf '[build-package] %s\n' "$*" >&2; }

[ -x node_modules/.bin/wasm-opt ] && [ -x node_modules/.bin/terser ] && [ -x node_modules/.bin/esbuild ] || { log "installing npm tooling (binaryen's wasm-opt, terser, esbuild)"; npm ci --no-audit --no-fund --loglevel=error; }

# -Zbuild-std below compiles the standard library from source.
rustup component list --installed 2>/dev/null | grep -q '^rust-src' || { log "installing rust-src"; rustup component add rust-src; }

OUT=pkg
# From scratch: a snippet renamed or removed must not linger in the package.
rm -rf "$OUT"
log "wasm-pack build"
# The standard library is rebuilt for this build only, with panics as an immediate trap: the
# prebuilt one carries the panic and formatting machinery (messages, locations, the unwinding
# hooks), about 10 KB gzip of this package. Behaviour is unchanged: in wasm32-unknown-unknown a
# panic already ends in a trap whose message nobody sees, and the request path never panics.
# -Zbuild-std and -Cpanic=immediate-abort are unstable, hence RUSTC_BOOTSTRAP on this stable
# toolchain (it needs the rust-src component); legacy symbol names keep the glue's function
# names short. A target dir of its own, so these flags never rebuild the workspace's artifacts.
# Unstripped, so wasm-bindgen sees which wasm features the module uses; it and wasm-opt drop the
# names and debug sections themselves.
# The standard library's optimize_for_size feature picks its smaller implementations (sorting,
# searching, formatting integers): about 300 bytes gzip, same behaviour.
# Without reference types, wasm-bindgen keeps JavaScript values in a table in the glue instead
# of an externref table in the wasm, and drops the shim it generates around every export and
# import that moves one: about 650 bytes gzip less, and the module runs on engines without
# reference types.
RUSTC_BOOTSTRAP=1 CARGO_TARGET_DIR=target/package CARGO_PROFILE_RELEASE_STRIP=false \
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Csymbol-mangling-version=legacy -Zlocation-detail=none -Zfmt-debug=none -Ctarget-feature=-reference-types" \
  wasm-pack --quiet build . --target web --release --no-opt --no-pack --out-dir "$OUT" --out-name wuts_status \
  -- --features browser -Zbuild-std=std,panic_abort -Zbuild-std-features=optimize_for_size

# The features the module is built with: rustc's defaults for wasm32-unknown-unknown, less
# reference types, and simd128, which the base64 scan enables (src/rules/base64.rs) and LLVM's
# wasm backend then applies to the whole module. The stripped module does not list them
# itself, so each wasm-opt run is told.
WASM_FEATURES=(--enable-bulk-memory --enable-bulk-memory-opt --enable-nontrapping-float-to-int
  --enable-sign-ext --enable-mutable-globals --enable-multivalue --enable-simd)
log "wasm-opt -Oz"
# --converge repeats -Oz until the module stops shrinking (about 170 bytes gzip); flattening
# and re-looping the control flow, then -Oz twice more, finds about 300 bytes more.
# --low-memory-unused lets it fold constant offsets into loads and stores: the linker puts the
# 1 MiB stack first, growing down towards 0, and the data above it, so the low 1 KiB is touched
# only by a stack already within 1 KiB of overflowing.
wasm-opt --low-memory-unused -Oz --converge --flatten --rereloop -Oz -Oz --strip-debug --strip-producers "${WASM_FEATURES[@]}" \
  "$OUT/wuts_status_bg.wasm" -o "$OUT/wuts_status_bg.wasm.opt"
mv "$OUT/wuts_status_bg.wasm.opt" "$OUT/wuts_status_bg.wasm"

# Short import, export and module names in the .wasm, and the glue rewritten to match: the
# names wasm-bindgen gives imports end in 16-digit hashes, about 1 KB gzip across the two files.
# The target_features section goes too: engines do not read it.
log "short wasm import and export names"
mapping=$(mktemp)
wasm-opt --minify-imports-and-exports-and-modules --strip-target-features "${WASM_FEATURES[@]}" \
  "$OUT/wuts_status_bg.wasm" -o "$OUT/wuts_status_bg.wasm.min" > "$mapping"
mv "$OUT/wuts_status_bg.wasm.min" "$OUT/wuts_status_bg.wasm"
node scripts/build/minify-names.mjs "$mapping" "$OUT/wuts_status_bg.wasm" "$OUT/wuts_status.js" \
  "$OUT/wuts_status.d.ts" "$OUT/wuts_status_bg.wasm.d.ts"
rm -f "$mapping"

# Long ASCII strings (a caller's base64) copied into the wasm by the engine's encoder, not one
# character at a time.
node scripts/build/string-copy.mjs "$OUT/wuts_status.js"

# A class or function used before init() throws an error that says so.
node scripts/build/glue-not-ready.mjs "$OUT/wuts_status.js"

# The glue and the snippets (WutsError, the fetch client's input and output), minified with
# terser, which keeps class names (TextStatus, WutsError, ...) and mangles the rest: their
# comments are for this repository, and the .d.ts keeps the documentation. The snippet's lines
# are kept short, and the glue's not-initialized error gets a line of its own: Node prints the
# whole source line of an uncaught error's origin.
for js in "$OUT/wuts_status.js" "$OUT"/snippets/*/js/*.js; do
  format=(); [[ $js == */snippets/* ]] && format=(--format max_line_len=200)
  terser "$js" --module --compress passes=3 --mangle --keep-classnames "${format[@]}" --output "$js.min"
  mv "$js.min" "$js"
done
node scripts/build/glue-not-ready.mjs --own-line "$OUT/wuts_status.js"

# The raw ABI in InitOutput is typed `any` by wasm-bindgen; those values are opaque to callers,
# and `unknown` says so without an `any` in the public surface.
sed -i -E 's/\bany\b/unknown/g' "$OUT/wuts_status.d.ts" "$OUT/wuts_status_bg.wasm.d.ts"
# Declarations that type-check under any lib (DOM or Node-only) with skipLibCheck off.
node scripts/build/portable-types.mjs "$OUT/wuts_status.d.ts" "$OUT/wuts_status_bg.wasm.d.ts"

# The entry re-exports the wasm-bindgen module and WutsError from its snippet, so the class
# callers import is the very one the wasm throws (instanceof works), and adds
# MediaStatus.fromBlob.
snippet=$(cd "$OUT" && find snippets -name runtime.js | head -n1)
[ -n "$snippet" ] || { log "the runtime.js snippet is missing from $OUT/snippets"; exit 1; }
sed "s#@RUNTIME@#./$snippet#g" js/index.js | terser --module --compress passes=3 --mangle --format max_line_len=200 --output "$OUT/index.js"
cp js/index.d.ts "$OUT/index.d.ts"
# The composer widget, plain JavaScript over the entry, and the photo fitting it uses,
# `wuts-status/fit-photo`, minified like the rest, since import-map and CDN users load the files
# as they are. The element and the modules it imports from js/composer/ become one file,
# composer/element.js (`wuts-status/composer/element`), bundled by esbuild with the package's
# other modules left as imports, so a page loads each once; composer.js (`wuts-status/composer`)
# and composer/define.js register it.
# esbuild writes a bundle's classes as `var X = class`, whose name mangling would change: the
# element's is kept, as devtools and stack traces show it.
minify() { terser "$@" --module --compress passes=3 --keep-classnames --format max_line_len=200; }
mkdir -p "$OUT/composer"
esbuild js/composer/element.js --bundle --format=esm --log-level=warning \
  --external:../index.js --external:../fit-photo.js |
  minify --mangle reserved=[WutsStatusComposer] --output "$OUT/composer/element.js"
for f in composer composer/define fit-photo; do minify "js/$f.js" --mangle --output "$OUT/$f.js"; done
# The photo fitting's worker, with what it imports bundled in: a bundler that copies it as an
# asset (Rollup's import-meta-assets plugin) gets a file that runs alone.
esbuild js/fit-photo-worker.js --bundle --format=esm --log-level=warning | minify --mangle --output "$OUT/fit-photo-worker.js"
# react.d.ts (`wuts-status/react`, types only): the composer in React 19's JSX.
cp js/composer.d.ts js/fit-photo.d.ts js/react.d.ts "$OUT/"
cp js/composer/element.d.ts "$OUT/composer/"

version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n1)
node -e '
  const fs = require("fs");
  const pkg = JSON.parse(fs.readFileSync("js/package.json", "utf8"));
  pkg.version = process.argv[1];
  fs.writeFileSync(process.argv[2], JSON.stringify(pkg, null, 2) + "\n");
' "$version" "$OUT/package.json"
# The package's own README (the npm page): js/README.md, not the repository's.
cp js/README.md "$OUT/README.md"
rm -f "$OUT/.gitignore"
log "built $OUT/ (wuts-status $version)"

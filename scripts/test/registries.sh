#!/usr/bin/env bash
# The crate as crates.io and docs.rs get it:
# - `cargo package --list` holds only what a user compiles (src/, the JavaScript modules
#   wasm-bindgen imports, the OpenAPI description the Worker serves, Cargo.toml, the README, CHANGELOG.md and license files), and Cargo.toml says
#   where its documentation is;
# - `cargo package` with every feature: the packed crate, unpacked, builds on its own (it
#   fetches the dependencies from crates.io);
# - rustdoc as docs.rs runs it (Cargo.toml's [package.metadata.docs.rs]: every feature, `--cfg
#   docsrs`, so `doc_cfg` is on; RUSTC_BOOTSTRAP=1 lets this stable toolchain take the nightly
#   feature), and each feature-gated item's page says which feature it needs.
# The npm side (`npm publish --dry-run` of pkg/) is in scripts/test/package.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib.sh

log() { printf '[test-registries] %s\n' "$*" >&2; }
fail() { log "$*"; exit 1; }

log "cargo package --list: only what a user compiles"
list=$(cargo package --list --allow-dirty --quiet 2>/dev/null)
unexpected=$(grep -vxE 'src/.*\.rs|src/worker/edge\.js|js/runtime\.js|openapi/openapi\.yaml|Cargo\.toml|Cargo\.toml\.orig|Cargo\.lock|\.cargo_vcs_info\.json|README\.md|CHANGELOG\.md|LICENSE[-A-Z]*' <<<"$list" || true)
[ -z "$unexpected" ] || fail "the crate would ship files a user does not compile: $unexpected"
for f in src/lib.rs src/bin/wuts-local.rs src/worker/edge.js js/runtime.js openapi/openapi.yaml README.md CHANGELOG.md; do
  grep -qxF "$f" <<<"$list" || fail "the crate lacks $f"
done
log "  $(wc -l <<<"$list") files"
grep -qx 'documentation = "https://docs.rs/wuts-status"' Cargo.toml || fail "Cargo.toml has no docs.rs documentation link"

log "cargo package --all-features: the packed crate builds on its own"
cargo package --allow-dirty --all-features --quiet

log "cargo doc as docs.rs runs it: every feature, --cfg docsrs"
# A target dir of its own: RUSTC_BOOTSTRAP rebuilds every dependency, which would otherwise
# undo the workspace's own builds (and theirs this one).
RUSTC_BOOTSTRAP=1 RUSTDOCFLAGS="--cfg docsrs -D warnings" CARGO_TARGET_DIR=target/docsrs \
  cargo doc --quiet --no-deps --all-features
doc=target/docsrs/doc/wuts_status
for item in client/struct.Client.html client/index.html; do
  grep -q 'Available on <strong>crate feature <code>client</code></strong> only' "$doc/$item" ||
    fail "$doc/$item does not say it needs the client feature"
done
grep -q 'title="Available on crate feature `browser` only"' "$doc/index.html" ||
  fail "the crate's index does not mark the browser module with its feature"
for item in struct.Limits.html enum.ProblemCode.html; do
  [ -f "$doc/$item" ] || fail "rustdoc wrote no $doc/$item"
  if grep -q 'Available on' "$doc/$item"; then fail "$item, which needs no feature, is marked as needing one"; fi
done
log "  feature-gated items are marked"
log "ok"

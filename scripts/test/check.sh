#!/usr/bin/env bash
# Static checks: formatting, clippy with -D warnings for the native target and for wasm32 with
# each feature set, and rustdoc with -D warnings.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib.sh

step "cargo fmt --check"
cargo fmt --all -- --check
step "clippy, native (all targets, all features)"
cargo clippy --quiet --all-targets --all-features -- -D warnings
for features in "" browser client worker; do
  step "clippy, wasm32-unknown-unknown, features: ${features:-none}"
  cargo clippy --quiet --target wasm32-unknown-unknown --lib --tests ${features:+--features $features} -- -D warnings
done
step "clippy, wasm32-unknown-unknown, the example page (features: client)"
cargo clippy --quiet --target wasm32-unknown-unknown --features client --example publish_page -- -D warnings
step "rustdoc -D warnings"
RUSTDOCFLAGS="-D warnings" cargo doc --quiet --no-deps --all-features

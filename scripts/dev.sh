#!/usr/bin/env bash
# The local stack: wuts-local on 127.0.0.1:${WUTS_LOCAL_PORT:-8788}. Ctrl-C stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
source scripts/lib.sh

local_port=${WUTS_LOCAL_PORT:-8788}
step "building wuts-local"
cargo build --quiet --release --features local --bin wuts-local
echo "wuts-local: http://127.0.0.1:$local_port (control endpoints under /_local/)"
exec target/release/wuts-local --listen "127.0.0.1:$local_port"

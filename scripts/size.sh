#!/usr/bin/env bash
# Prints the size of the npm package's code, raw and gzip -9: the .wasm and the JavaScript that
# loads it (the wasm-bindgen glue, the entry and the WutsError snippet), against the budget and
# the target. Fails above the budget.
# Usage: scripts/size.sh [pkg-dir]   (build it first: scripts/build-package.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
PKG=${1:-pkg}
# The current budget: the package's size when it was set (43,563 bytes gzip) rounded up to the
# next whole KiB, plus 1 KiB of headroom, so that a regression fails the test. The issue's gate,
# 40 KiB, is not met yet; TARGET keeps it in the output until the budget reaches it.
BUDGET=${WUTS_SIZE_BUDGET:-45056} # 44 KiB gzip
TARGET=40960                      # 40 KiB gzip

[ -f "$PKG/wuts_status_bg.wasm" ] || { echo "no $PKG/wuts_status_bg.wasm: run scripts/build-package.sh" >&2; exit 1; }
mapfile -t js < <(cd "$PKG" && { echo wuts_status.js; echo index.js; find snippets -name '*.js' | sort; })

gz() { gzip -9 -c "$1" | wc -c; }
raw() { wc -c < "$1"; }

total_raw=0 total_gz=0
printf '%-58s %9s %9s\n' file raw gzip
for f in wuts_status_bg.wasm "${js[@]}"; do
  r=$(raw "$PKG/$f") g=$(gz "$PKG/$f")
  total_raw=$((total_raw + r)) total_gz=$((total_gz + g))
  printf '%-58s %9d %9d\n' "$f" "$r" "$g"
done
printf '%-58s %9d %9d\n' total "$total_raw" "$total_gz"
kib() { echo "$1 / 1024" | bc -l; }
printf '\nwuts-status: %.1f KiB gzip (%.1f KiB raw)\n' "$(kib "$total_gz")" "$(kib "$total_raw")"
printf 'budget:      %.0f KiB gzip (%d bytes), the current gate\n' "$(kib "$BUDGET")" "$BUDGET"
if [ "$total_gz" -gt "$TARGET" ]; then
  printf 'target:      %.0f KiB gzip (%d bytes), not met: %d bytes to go\n' "$(kib "$TARGET")" "$TARGET" "$((total_gz - TARGET))"
else
  printf 'target:      %.0f KiB gzip (%d bytes), met\n' "$(kib "$TARGET")" "$TARGET"
fi
if [ "$total_gz" -gt "$BUDGET" ]; then
  echo "over budget by $((total_gz - BUDGET)) bytes gzip" >&2
  exit 1
fi

#!/usr/bin/env bash
# Prints the size of the npm package's code, raw and gzip -9: the .wasm and the JavaScript that
# loads it (the wasm-bindgen glue, the entry and the runtime.js snippet), against the budget and
# the goal. Fails above the budget.
# Usage: scripts/test/size.sh [pkg-dir]   (build it first: scripts/build/package.sh)
set -euo pipefail
cd "$(dirname "$0")/../.."
PKG=${1:-pkg}
# The budget: 49.6 KB gzip, read strictly as 49,600 bytes: 43,000 until the exports moved their
# values through serde-wasm-bindgen (46,000), then media from a file was sent from its bytes in
# slices that yield (48,000; docs/benchmarks.md, "What the media path costs in bytes"), then
# WutsClient gained the edge proxy's scheduled statuses, their status checked by the publish
# rules before sending (49,600; docs/benchmarks.md, "What scheduling costs in bytes").
# The goal, 18 KB
# (half of what ky plus zod cost for the same rules), is printed beside it.
BUDGET=${WUTS_SIZE_BUDGET:-49600}
GOAL=18000

[ -f "$PKG/wuts_status_bg.wasm" ] || { echo "no $PKG/wuts_status_bg.wasm: run scripts/build/package.sh" >&2; exit 1; }
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
printf 'budget:      %d bytes gzip (%d KB): %d bytes under\n' "$BUDGET" "$((BUDGET / 1000))" "$((BUDGET - total_gz))"
printf 'goal:        %d bytes gzip (18 KB): %d bytes to go\n' "$GOAL" "$((total_gz - GOAL))"
if [ "$total_gz" -gt "$BUDGET" ]; then
  echo "over budget by $((total_gz - BUDGET)) bytes gzip" >&2
  exit 1
fi

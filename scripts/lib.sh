# Shared shell helpers for the project's scripts: sourced, not run.

export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
# Keep wrangler and workerd offline and quiet.
export WRANGLER_SEND_METRICS=false WRANGLER_SEND_ERROR_REPORTS=false CLOUDFLARE_CF_FETCH_ENABLED=false

step() { printf '\n==> %s\n' "$*" >&2; }

# Processes started by start_bg, stopped when the calling script exits.
BG_PIDS=()
stop_bg() {
  for pid in "${BG_PIDS[@]:-}"; do
    [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  done
  for pid in "${BG_PIDS[@]:-}"; do
    [ -n "$pid" ] && wait "$pid" 2>/dev/null || true
  done
}
trap stop_bg EXIT INT TERM

# wait_for_line FILE PATTERN SECONDS: waits until FILE holds a line matching PATTERN.
wait_for_line() {
  local file=$1 pattern=$2 seconds=$3 i
  for ((i = 0; i < seconds * 10; i++)); do
    grep -q -- "$pattern" "$file" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "timed out after ${seconds}s waiting for '$pattern' in $file:" >&2
  cat "$file" >&2
  return 1
}

# target_dir: where cargo puts build output (CARGO_TARGET_DIR, a cargo config's, or target/).
target_dir() {
  cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p'
}

# start_wuts_local PORT [PROFILE]: builds wuts-local and starts it on 127.0.0.1:PORT.
start_wuts_local() {
  local port=$1 profile=${2:-dev} log bin
  cargo build --quiet --profile "$profile" --features local --bin wuts-local
  case $profile in dev) bin=$(target_dir)/debug/wuts-local ;; *) bin=$(target_dir)/$profile/wuts-local ;; esac
  log=$(mktemp -t wuts-local.XXXXXX)
  "$bin" --listen "127.0.0.1:$port" >"$log" 2>&1 &
  BG_PIDS+=($!)
  wait_for_line "$log" "listening on" 30
}

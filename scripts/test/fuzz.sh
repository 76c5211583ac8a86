#!/usr/bin/env bash
# A short coverage-guided fuzzing run of every target in fuzz/ (cargo-fuzz, libFuzzer):
#
#   scripts/test/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]     # default: 20 s each, all targets
#
# Seeds the corpora from tests/fixtures, builds every target once, runs them one after the
# other (the machine's cores are shared), prints runs and execs/s per target, and fails when a
# target finds a crash; the input is then in fuzz/artifacts/<target>/. fuzz/README.md has the
# long run and how to turn a crash into a regression test.
#
# Env: FUZZ_SANITIZER (default none: the crate has no unsafe code, and runs without ASan are
# several times faster; `address` builds with ASan); FUZZ_FORK=N runs N worker processes per
# target (libFuzzer -fork), for long runs on a machine that is free for it.
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="$HOME/.cargo/bin:$PATH"

seconds=${1:-20}
shift || true
case $seconds in '' | *[!0-9]*) echo "usage: scripts/test/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]" >&2; exit 2 ;; esac
sanitizer=${FUZZ_SANITIZER:-none}
fork=${FUZZ_FORK:-}

command -v cargo-fuzz >/dev/null || {
  echo "cargo-fuzz is not installed: cargo install cargo-fuzz --locked (scripts/setup.sh does it)" >&2
  exit 1
}
# cargo-fuzz passes rustc -Z flags (the sanitizers need them); stable rustc takes them only with
# RUSTC_BOOTSTRAP. Nothing else in the build sees this variable.
export RUSTC_BOOTSTRAP=1
# Overflow checks on: an arithmetic overflow in a rule is a finding, not a wrap-around.
flags=(--sanitizer "$sanitizer" --debug-assertions)

python3 fuzz/seed.py
cargo fuzz build "${flags[@]}"

if [ $# -gt 0 ]; then targets=("$@"); else mapfile -t targets < <(cargo fuzz list); fi

# Per-target options: a dictionary of the input's words, and room past inspect's 4096-char
# chunks for the base64 target.
options() {
  case $1 in
    request_*) echo "-dict=fuzz/dicts/request.dict" ;;
    envelope) echo "-dict=fuzz/dicts/envelope.dict" ;;
    media_url) echo "-dict=fuzz/dicts/url.dict" ;;
    base64_sniff) echo "-max_len=16384" ;;
  esac
  if [ -n "$fork" ]; then echo "-fork=$fork"; fi
}

logs=fuzz/logs
mkdir -p "$logs"
failed=()
printf '%-16s %12s %10s %8s %s\n' target runs execs/s corpus result
for target in "${targets[@]}"; do
  log="$logs/$target.log"
  # Past findings are replayed on every run; new inputs go to the first folder only.
  corpora=("fuzz/corpus/$target")
  [ -d "fuzz/regressions/$target" ] && corpora+=("fuzz/regressions/$target")
  # shellcheck disable=SC2046 # the options are separate words on purpose
  if cargo fuzz run "${flags[@]}" "$target" "${corpora[@]}" -- \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    $(options "$target") >"$log" 2>&1; then
    result=ok
  else
    result="FAILED (see $log)"
    failed+=("$target")
  fi
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n1)
  # Fork mode prints no final stats; its last progress line says as much.
  if [ -z "$runs" ]; then
    runs=$(sed -n 's/^#\([0-9]*\):\{0,1\} .*/\1/p' "$log" | tail -n1)
    rate=$(sed -n 's/.*exec\/s: \([0-9]*\).*/\1/p' "$log" | tail -n1)
  fi
  corpus=$(find "fuzz/corpus/$target" -type f | wc -l)
  printf '%-16s %12s %10s %8s %s\n' "$target" "${runs:-?}" "${rate:-?}" "$corpus" "$result"
done

if [ ${#failed[@]} -gt 0 ]; then
  echo >&2
  for target in "${failed[@]}"; do
    echo "$target:" >&2
    grep -E "panicked at|^SUMMARY|Test unit written" "$logs/$target.log" >&2 || tail -n 20 "$logs/$target.log" >&2
  done
  echo "reproduce: RUSTC_BOOTSTRAP=1 cargo fuzz run ${flags[*]} <target> fuzz/artifacts/<target>/<file>" >&2
  exit 1
fi

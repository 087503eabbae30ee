#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan+UBSan, CMake preset "fuzz", its own build dir) and runs each
# one for a bounded time on a copy of its seed corpus. Exits non-zero when a target crashes, trips a
# sanitizer, times out on one input or fails to build. Environment: CXPILOT_FUZZ_BUILD_DIR (build-fuzz),
# CXPILOT_FUZZ_SECONDS (10 per target), CXPILOT_FUZZ_TARGETS (default: every target), CXPILOT_FUZZ_OUT
# (where new corpus entries and crash artifacts go; default a temporary folder, kept on failure).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUILD="${CXPILOT_FUZZ_BUILD_DIR:-$ROOT/build-fuzz}"
SECONDS_EACH="${CXPILOT_FUZZ_SECONDS:-10}"
TARGETS="${CXPILOT_FUZZ_TARGETS:-webhook_parser webhook_verifier chatwoot_json sse_parser jsonl_loader http_date}"
OUT="${CXPILOT_FUZZ_OUT:-$(mktemp -d /tmp/cxpilot-fuzz.XXXXXX)}"

if [ "${CXPILOT_FUZZ_SKIP_BUILD:-0}" != 1 ]; then
  echo "== fuzz: configure and build ($BUILD) =="
  cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
    -DCXPILOT_FUZZ=ON -DCXPILOT_BUILD_TESTS=OFF -DCXPILOT_BUILD_BENCH=OFF \
    -DCXPILOT_DEV_MODULES="foundation;chatwoot;llm;knowledge" >/dev/null
  cmake --build "$BUILD" -j"${CXPILOT_JOBS:-$(nproc)}" --target fuzz
fi

# ASan (with LeakSanitizer) and UBSan findings abort the run (-fno-sanitize-recover); the targets touch no
# GUI, so Qt's process-lifetime allocations do not show up as leaks.
export ASAN_OPTIONS="${ASAN_OPTIONS:-abort_on_error=1:symbolize=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
export QT_QPA_PLATFORM=offscreen LANG=C.UTF-8 LC_ALL=C.UTF-8

failed=()
for name in $TARGETS; do
  bin="$BUILD/fuzz/fuzz_$name"
  mkdir -p "$OUT/$name/corpus" "$OUT/$name/artifacts"
  echo "== fuzz_$name: ${SECONDS_EACH}s =="
  # New inputs go to $OUT/$name/corpus (first directory); the committed seeds are only read.
  if "$bin" -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
       -print_final_stats=1 -artifact_prefix="$OUT/$name/artifacts/" \
       "$OUT/$name/corpus" "$ROOT/tests/fuzz/$name/corpus" >"$OUT/$name/log.txt" 2>&1; then
    grep -E '^stat::number_of_executed_units|^stat::new_units_added' "$OUT/$name/log.txt" | tr '\n' ' '
    echo
  else
    echo "fuzz_$name FAILED; its log (tail) and the crashing input:"
    tail -n 40 "$OUT/$name/log.txt"
    ls -l "$OUT/$name/artifacts/"
    failed+=("$name")
  fi
done

if [ "${#failed[@]}" -gt 0 ]; then
  echo "fuzzing failed: ${failed[*]} (artifacts kept in $OUT)"
  exit 1
fi
[ -n "${CXPILOT_FUZZ_OUT:-}" ] || rm -rf "$OUT"
echo "fuzzing: all targets ran ${SECONDS_EACH}s without a finding"

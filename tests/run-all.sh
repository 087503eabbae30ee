#!/usr/bin/env bash
# Builds CX Pilot and runs the whole test suite with the real parts it needs:
#   - its own PostgreSQL cluster in a temporary folder (run as the postgres user when we are root:
#     PostgreSQL refuses to run as root), listening on 127.0.0.1 only;
#   - its own D-Bus session with an unlocked GNOME Keyring (Secret Service) for QtKeychain;
#   - a virtual X display (Xvfb) for the tests that open real windows.
# The services are started once and shared by every test run below.
#
# Stages (CXPILOT_STAGES, space-separated; default "tests", and "tests package asan fuzz" when CI=true):
#   tests  configure with -Werror, build, run the whole ctest suite;
#   asan   the same suite built with -fsanitize=address,undefined -fno-sanitize-recover=undefined
#          (build dir CXPILOT_ASAN_BUILD_DIR, default build-asan), run against the same services -- except
#          tst_crashrecovery: its hundreds of SIGKILLed driver processes at -O0 under ASan would take most of
#          the 40-minute budget; the approval path it drives is exercised under ASan by tst_outbox,
#          tst_recovery, tst_approvalflow and tst_appguarantees;
#   package  packaging/check-package.sh on the build dir of "tests" (only if its build passed; with "tests" left out
#          it builds what the packages need itself): cpack's two .deb packages, lintian, appstreamcli,
#          desktop-file-validate, then installed on this machine (apt-get, so as root or with sudo), run from /usr/bin
#          (the demo's first paint on the same Xvfb) and purged;
#   fuzz   tests/fuzz/run-fuzz.sh: the libFuzzer targets (clang), each for CXPILOT_FUZZ_SECONDS (10) s (the corpus in the repo carries what earlier runs found).
# Every stage runs even when an earlier one failed; the exit status is non-zero if any failed.
# Environment: CXPILOT_BUILD_DIR (default build-ci), CTEST_ARGS (extra ctest arguments, e.g.
# "-R tst_settings"), CXPILOT_BUILD_TARGETS (restrict the build step), CXPILOT_JOBS (default nproc).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${CXPILOT_BUILD_DIR:-$ROOT/build-ci}"
ASAN_BUILD="${CXPILOT_ASAN_BUILD_DIR:-$ROOT/build-asan}"
JOBS="${CXPILOT_JOBS:-$(nproc)}"
if [ "${CI:-}" = true ]; then STAGES="${CXPILOT_STAGES:-tests package asan fuzz}"; else STAGES="${CXPILOT_STAGES:-tests}"; fi
has_stage() { [[ " $STAGES " == *" $1 "* ]]; }

FAILED=()
TIMES=()
# stage NAME COMMAND...: runs a step, records its wall time, remembers a failure and carries on.
stage() {
  local name="$1" start rc=0
  shift
  start=$(date +%s)
  "$@" || rc=$?
  TIMES+=("$name: $(($(date +%s) - start)) s$([ "$rc" -eq 0 ] || echo " (FAILED, exit $rc)")")
  [ "$rc" -eq 0 ] || FAILED+=("$name")
  return 0
}

# A developer machine with ccache reuses objects between the normal and repeated builds (not installed by the
# bootstrap: a fresh machine builds without it).
if [ -z "${CMAKE_CXX_COMPILER_LAUNCHER:-}" ] && command -v ccache >/dev/null 2>&1; then
  export CMAKE_CXX_COMPILER_LAUNCHER=ccache CCACHE_BASEDIR="$ROOT" CCACHE_NOHASHDIR=1
fi

build_tests() {
  echo "== configure and build ($BUILD) =="
  cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCXPILOT_WERROR=ON \
    -DCXPILOT_DEV_MODULES="${CXPILOT_DEV_MODULES:-}"
  cmake --build "$BUILD" -j"$JOBS" ${CXPILOT_BUILD_TARGETS:+--target $CXPILOT_BUILD_TARGETS}
}

build_asan() {
  echo "== configure and build with ASan+UBSan ($ASAN_BUILD) =="
  cmake -S "$ROOT" -B "$ASAN_BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCXPILOT_SANITIZE=ON \
    -DCXPILOT_WERROR=ON -DCXPILOT_BUILD_BENCH=OFF -DCXPILOT_DEV_MODULES="${CXPILOT_DEV_MODULES:-}"
  cmake --build "$ASAN_BUILD" -j"$JOBS" ${CXPILOT_BUILD_TARGETS:+--target $CXPILOT_BUILD_TARGETS}
}

WORK="$(mktemp -d /tmp/cxpilot-tests.XXXXXX)"
chmod 755 "$WORK"
PGBIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
RUNAS=()
if [ "$(id -u)" -eq 0 ]; then RUNAS=(runuser -u postgres --); fi
SERVICE_PIDS=()

cleanup() {
  local pid
  for pid in "${SERVICE_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  if [ -f "$WORK/pg/postmaster.pid" ]; then
    "${RUNAS[@]}" "$PGBIN/pg_ctl" -D "$WORK/pg" -m immediate stop >/dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

start_postgresql() {
  echo "== PostgreSQL ($PGBIN) =="
  mkdir -p "$WORK/pg" "$WORK/sock"
  printf 'cxadmin\n' > "$WORK/pwfile"
  if [ "$(id -u)" -eq 0 ]; then chown -R postgres: "$WORK/pg" "$WORK/sock" "$WORK/pwfile"; fi
  "${RUNAS[@]}" "$PGBIN/initdb" -D "$WORK/pg" -U cxadmin --pwfile="$WORK/pwfile" --auth=scram-sha-256 \
    --encoding=UTF8 --locale=C.UTF-8 >"$WORK/initdb.log" 2>&1 || { cat "$WORK/initdb.log"; return 1; }
  local port="" candidate
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    candidate=$((20000 + RANDOM % 20000))
    if "${RUNAS[@]}" "$PGBIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg/server.log" -w -t 30 \
         -o "-p $candidate -k $WORK/sock -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" \
         start >/dev/null 2>&1; then
      port=$candidate; break
    fi
  done
  [ -n "$port" ] || { echo "PostgreSQL did not start"; cat "$WORK/pg/server.log" || true; return 1; }
  export CXPILOT_TEST_PG_URL="postgresql://cxadmin:cxadmin@127.0.0.1:$port/postgres"
  echo "PostgreSQL on 127.0.0.1:$port"
}

# A private session bus with an unlocked GNOME Keyring on it (what dbus-run-session + the keyring did,
# but kept alive across several ctest runs).
start_dbus_keyring() {
  echo "== D-Bus session + GNOME Keyring =="
  local pid
  pid="$(dbus-daemon --session --fork --nopidfile --address="unix:path=$WORK/bus" --print-pid=1)"
  SERVICE_PIDS+=("$pid")
  export DBUS_SESSION_BUS_ADDRESS="unix:path=$WORK/bus"
  printf "cxpilot-test\n" | gnome-keyring-daemon --foreground --unlock --components=secrets \
    >"$WORK/keyring.log" 2>&1 &
  SERVICE_PIDS+=("$!")
  # Ready when the Secret Service name has an owner on the bus.
  for _ in $(seq 1 100); do
    if dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
         org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q 'boolean true'; then
      return 0
    fi
    sleep 0.1
  done
  echo "GNOME Keyring did not appear on the session bus"; cat "$WORK/keyring.log"; return 1
}

start_xvfb() {
  echo "== Xvfb =="
  Xvfb -displayfd 5 -screen 0 1600x1000x24 -nolisten tcp 5>"$WORK/display" >"$WORK/xvfb.log" 2>&1 &
  SERVICE_PIDS+=("$!")
  for _ in $(seq 1 100); do
    if [ -s "$WORK/display" ]; then
      export DISPLAY=":$(tr -d '[:space:]' < "$WORK/display")"
      echo "Xvfb on $DISPLAY"
      return 0
    fi
    sleep 0.1
  done
  echo "Xvfb did not start"; cat "$WORK/xvfb.log"; return 1
}

run_ctest() {
  local dir="$1"
  # shellcheck disable=SC2086
  ctest --test-dir "$dir" --output-on-failure -j"$JOBS" --timeout 600 ${CTEST_ARGS:-}
}

run_ctest_asan() {
  # detect_leaks=0: Qt, fontconfig and the GL/X stack keep process-lifetime allocations that LeakSanitizer
  # reports at exit in nearly every GUI test; memory errors and undefined behaviour still fail the test.
  ASAN_OPTIONS="detect_leaks=0:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1:suppressions=$ROOT/tests/asan.supp" \
    UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" CTEST_ARGS="${CTEST_ARGS:-} -E tst_crashrecovery" \
    run_ctest "$ASAN_BUILD"
}

# The services start once, before the first test run, and serve every test run after it.
SERVICES=""
services_up() {
  if [ -z "$SERVICES" ]; then
    if start_postgresql && start_dbus_keyring && start_xvfb; then SERVICES=up; else SERVICES=failed; fi
    export CXPILOT_TEST_WORK="$WORK"
  fi
  [ "$SERVICES" = up ]
}

# test_stage NAME BUILD_STAGE RUNNER: runs the suite unless its build failed (nothing, or something stale,
# to test) or the services did not start.
test_stage() {
  if [[ " ${FAILED[*]} " == *" $2 "* ]]; then FAILED+=("$1 (not run: $2 failed)"); return 0; fi
  if ! services_up; then FAILED+=("$1 (not run: services did not start)"); return 0; fi
  stage "$1" "$3"
}

run_ctest_main() { run_ctest "$BUILD"; }
run_check_package() { CXPILOT_JOBS="$JOBS" bash "$ROOT/packaging/check-package.sh" "$BUILD"; }

if has_stage tests; then
  stage "build" build_tests
  test_stage "tests" "build" run_ctest_main
fi
has_stage package && test_stage "package" "build" run_check_package
if has_stage asan; then
  stage "build-asan" build_asan
  test_stage "tests-asan" "build-asan" run_ctest_asan
fi

has_stage fuzz && stage "fuzz" env CXPILOT_JOBS="$JOBS" bash "$ROOT/tests/fuzz/run-fuzz.sh"

echo "== summary =="
printf '  %s\n' "${TIMES[@]}"
if [ "${#FAILED[@]}" -gt 0 ]; then
  echo "FAILED: ${FAILED[*]}"
  exit 1
fi
echo "all stages passed: $STAGES"

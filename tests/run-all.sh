#!/usr/bin/env bash
# Builds CX Pilot and runs the whole test suite with the real parts it needs:
#   - its own PostgreSQL cluster in a temporary folder (run as the postgres user when we are root:
#     PostgreSQL refuses to run as root), listening on 127.0.0.1 only;
#   - its own D-Bus session with an unlocked GNOME Keyring (Secret Service) for QtKeychain;
#   - a virtual X display (Xvfb) for the tests that open real windows.
# Exits non-zero on any failure. Environment: CXPILOT_BUILD_DIR (default build-ci), CXPILOT_PRESET (ci),
# CTEST_ARGS (extra ctest arguments, e.g. "-R tst_settings").
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PRESET="${CXPILOT_PRESET:-ci}"
BUILD="${CXPILOT_BUILD_DIR:-$ROOT/build-ci}"
JOBS="$(nproc)"

echo "== configure and build ($PRESET) =="
cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCXPILOT_WERROR=ON -DCXPILOT_DEV_MODULES="${CXPILOT_DEV_MODULES:-}"
cmake --build "$BUILD" -j"$JOBS" ${CXPILOT_BUILD_TARGETS:+--target $CXPILOT_BUILD_TARGETS}

WORK="$(mktemp -d /tmp/cxpilot-tests.XXXXXX)"
chmod 755 "$WORK"
PGBIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
RUNAS=()
if [ "$(id -u)" -eq 0 ]; then RUNAS=(runuser -u postgres --); fi

cleanup() {
  if [ -f "$WORK/pg/postmaster.pid" ]; then
    "${RUNAS[@]}" "$PGBIN/pg_ctl" -D "$WORK/pg" -m immediate stop >/dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "== PostgreSQL ($PGBIN) =="
mkdir -p "$WORK/pg" "$WORK/sock"
printf 'cxadmin\n' > "$WORK/pwfile"
if [ "$(id -u)" -eq 0 ]; then chown -R postgres: "$WORK/pg" "$WORK/sock" "$WORK/pwfile"; fi
"${RUNAS[@]}" "$PGBIN/initdb" -D "$WORK/pg" -U cxadmin --pwfile="$WORK/pwfile" --auth=scram-sha-256 \
  --encoding=UTF8 --locale=C.UTF-8 >"$WORK/initdb.log" 2>&1 || { cat "$WORK/initdb.log"; exit 1; }
PORT=""
for _ in 1 2 3 4 5 6 7 8 9 10; do
  candidate=$((20000 + RANDOM % 20000))
  if "${RUNAS[@]}" "$PGBIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg/server.log" -w -t 30 \
       -o "-p $candidate -k $WORK/sock -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" \
       start >/dev/null 2>&1; then
    PORT=$candidate; break
  fi
done
[ -n "$PORT" ] || { echo "PostgreSQL did not start"; cat "$WORK/pg/server.log" || true; exit 1; }
export CXPILOT_TEST_PG_URL="postgresql://cxadmin:cxadmin@127.0.0.1:$PORT/postgres"
echo "PostgreSQL on 127.0.0.1:$PORT"

export CXPILOT_TEST_WORK="$WORK"
echo "== tests (D-Bus session + GNOME Keyring + Xvfb) =="
# shellcheck disable=SC2016
dbus-run-session -- bash -c '
  set -euo pipefail
  printf "cxpilot-test\n" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  xvfb-run -a -s "-screen 0 1600x1000x24" \
    ctest --test-dir "$0" --output-on-failure -j"$1" --timeout 600 $2
' "$BUILD" "$JOBS" "${CTEST_ARGS:-}"

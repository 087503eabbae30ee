#!/usr/bin/env bash
# Runs bench_qualitytracker on SQLite and on a throw-away PostgreSQL cluster (started like tests/run-all.sh:
# a temporary folder, 127.0.0.1 only, run as the postgres user when we are root). Prints both results.
#   tests/bench/metrics/run-bench.sh [BUILD_DIR] [-- bench args, default: --rows 1000000 --runs 5]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
BUILD="${1:-$ROOT/build-perf}"
shift || true
[ "${1:-}" = "--" ] && shift
ARGS=("$@")
[ ${#ARGS[@]} -gt 0 ] || ARGS=(--rows 1000000 --runs 5)
BENCH="$BUILD/tests/bench/metrics/bench_qualitytracker"
[ -x "$BENCH" ] || { echo "build bench_qualitytracker first ($BENCH)"; exit 1; }

echo "== SQLite =="
"$BENCH" "${ARGS[@]}" --database "sqlite:///tmp/cxpilot-bench-metrics.db"

WORK="$(mktemp -d /tmp/cxpilot-bench.XXXXXX)"
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
mkdir -p "$WORK/pg" "$WORK/sock"
printf 'cxadmin\n' > "$WORK/pwfile"
if [ "$(id -u)" -eq 0 ]; then chown -R postgres: "$WORK/pg" "$WORK/sock" "$WORK/pwfile"; fi
"${RUNAS[@]}" "$PGBIN/initdb" -D "$WORK/pg" -U cxadmin --pwfile="$WORK/pwfile" --auth=scram-sha-256 \
  --encoding=UTF8 --locale=C.UTF-8 >"$WORK/initdb.log" 2>&1 || { cat "$WORK/initdb.log"; exit 1; }
PORT=""
for _ in 1 2 3 4 5 6 7 8 9 10; do
  candidate=$((20000 + RANDOM % 20000))
  if "${RUNAS[@]}" "$PGBIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg/server.log" -w -t 30 \
       -o "-p $candidate -k $WORK/sock -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null 2>&1; then
    PORT=$candidate; break
  fi
done
[ -n "$PORT" ] || { echo "PostgreSQL did not start"; cat "$WORK/pg/server.log" || true; exit 1; }
echo "== PostgreSQL ($PGBIN, 127.0.0.1:$PORT, fsync=off) =="
"$BENCH" "${ARGS[@]}" --database "postgresql://cxadmin:cxadmin@127.0.0.1:$PORT/postgres"

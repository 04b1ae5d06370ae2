#!/usr/bin/env bash
# Benchmarks of the core: apply N migrations to an empty database, and a no-op `up` against the
# up-to-date database, whole-process wall time (median of RUNS), on SQLite and PostgreSQL, side by
# side with a floor measured in the same run: the same SQL through the sqlite3 CLI and `psql -f` (one
# transaction per migration), and `select 1` through each for the no-op. Both distributions of the
# CLI are measured: the Native AOT binary and the JIT-compiled dotnet tool. Writes bench/README.md.
#
#   bench/run.sh            # N=500 RUNS=5
#   N=100 RUNS=3 bench/run.sh
set -euo pipefail
N=${N:-500}
RUNS=${RUNS:-5}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
WORK=$(mktemp -d /tmp/cutover-bench.XXXXXX)
chmod 755 "$WORK"
cleanup() {
  [ -f "$WORK/pg/postmaster.pid" ] && runuser -u postgres -- "$PGBIN/pg_ctl" -D "$WORK/pg" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

command -v sqlite3 >/dev/null || { echo "bench: the sqlite3 CLI is missing (apt-get install sqlite3)" >&2; exit 2; }
[ -x "$PGBIN/initdb" ] || { echo "bench: PostgreSQL binaries not found (apt-get install postgresql)" >&2; exit 2; }

echo "building the CLI (Native AOT and JIT)…" >&2
dotnet publish "$ROOT/src/Cutover.Cli" -c Release -r linux-x64 -p:PublishAot=true -o "$WORK/aot" >/dev/null
dotnet build "$ROOT/src/Cutover.Cli" -c Release -o "$WORK/jit" >/dev/null
AOT="$WORK/aot/cutover"
JIT="$WORK/jit/Cutover.Cli"

echo "writing $N migrations…" >&2
mkdir -p "$WORK/migrations"
echo '{ "migrations": "migrations" }' > "$WORK/cutover.json"
base=$(date -u -d '2026-01-01 00:00:00' +%s)
: > "$WORK/floor.sql"
for i in $(seq 1 "$N"); do
  id=$(date -u -d "@$((base + i))" +%Y%m%d%H%M%S)
  up="CREATE TABLE t_$i (id integer PRIMARY KEY, v text);
INSERT INTO t_$i (id, v) VALUES (1, 'row $i');"
  printf -- '-- cutover:up\n%s\n-- cutover:down\nDROP TABLE t_%s;\n' "$up" "$i" > "$WORK/migrations/${id}_create_t_$i.sql"
  printf 'BEGIN;\n%s\nCOMMIT;\n' "$up" >> "$WORK/floor.sql"
done

echo "starting PostgreSQL…" >&2
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p "$WORK/pg" && chown postgres "$WORK/pg"
runuser -u postgres -- "$PGBIN/initdb" -D "$WORK/pg" -A trust -U postgres >/dev/null
runuser -u postgres -- "$PGBIN/pg_ctl" -D "$WORK/pg" -w -l "$WORK/pg/log" \
  -o "-c listen_addresses=127.0.0.1 -c port=$PORT -c unix_socket_directories=$WORK/pg" start >/dev/null
PSQL=(psql -X -q -h 127.0.0.1 -p "$PORT" -U postgres -v ON_ERROR_STOP=1)
PGCONN="Host=127.0.0.1;Port=$PORT;Username=postgres;Database=bench"

# median wall time in ms of a command run RUNS times; $1 is a setup command run (untimed) before each run
median_ms() {
  local setup=$1; shift
  local times=()
  for _ in $(seq 1 "$RUNS"); do
    eval "$setup"
    local t0 t1
    t0=$(date +%s%N)
    "$@" >/dev/null
    t1=$(date +%s%N)
    times+=($(( (t1 - t0) / 1000000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

sqlite_fresh() { rm -f "$WORK/bench.db" "$WORK/bench.db-journal" "$WORK/bench.db.cutover-lock"*; }
pg_fresh() { "${PSQL[@]}" -d postgres -c 'DROP DATABASE IF EXISTS bench' -c 'CREATE DATABASE bench' >/dev/null; }
SQLITE_CONN="Data Source=$WORK/bench.db"

# The machine is shared (test runs, mutation testing): the load when the measuring starts goes into the
# results line, so a reader can tell a quiet run from a busy one.
LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
echo "measuring…" >&2
declare -A R
R[sqlite_apply_floor]=$(median_ms sqlite_fresh sqlite3 "$WORK/bench.db" ".read $WORK/floor.sql")
R[sqlite_apply_aot]=$(median_ms sqlite_fresh "$AOT" up --connection "$SQLITE_CONN" --config "$WORK/cutover.json" --no-color)
R[sqlite_apply_jit]=$(median_ms sqlite_fresh "$JIT" up --connection "$SQLITE_CONN" --config "$WORK/cutover.json" --no-color)
R[sqlite_noop_floor]=$(median_ms : sqlite3 "$WORK/bench.db" 'select 1')
R[sqlite_noop_aot]=$(median_ms : "$AOT" up --connection "$SQLITE_CONN" --config "$WORK/cutover.json" --no-color)
R[sqlite_noop_jit]=$(median_ms : "$JIT" up --connection "$SQLITE_CONN" --config "$WORK/cutover.json" --no-color)
R[pg_apply_floor]=$(median_ms pg_fresh "${PSQL[@]}" -d bench -f "$WORK/floor.sql")
R[pg_apply_aot]=$(median_ms pg_fresh "$AOT" up --connection "$PGCONN" --config "$WORK/cutover.json" --no-color)
R[pg_apply_jit]=$(median_ms pg_fresh "$JIT" up --connection "$PGCONN" --config "$WORK/cutover.json" --no-color)
R[pg_noop_floor]=$(median_ms : "${PSQL[@]}" -d bench -c 'select 1')
R[pg_noop_aot]=$(median_ms : "$AOT" up --connection "$PGCONN" --config "$WORK/cutover.json" --no-color)
R[pg_noop_jit]=$(median_ms : "$JIT" up --connection "$PGCONN" --config "$WORK/cutover.json" --no-color)
R[version_aot]=$(median_ms : "$AOT" --version)
R[version_jit]=$(median_ms : "$JIT" --version)
R[version_floor]=$(median_ms : sqlite3 --version)

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) b = 1; printf "%.2fx", a / b }'; }
row() { # label floor aot jit target
  printf '| %s | %s ms | %s ms (%s) | %s ms (%s) | %s |\n' "$1" "$2" "$3" "$(ratio "$3" "$2")" "$4" "$(ratio "$4" "$2")" "$5"
}
{
  echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores (load average $LOAD at the start), $(sqlite3 --version | cut -d' ' -f1) CLI / Microsoft.Data.Sqlite, PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on loopback; median of $RUNS runs, whole-process wall time; N=$N migrations (each a CREATE TABLE and one INSERT)."
  echo
  echo "| case | floor | cutover (Native AOT) | cutover (dotnet tool, JIT) | target |"
  echo "|---|---|---|---|---|"
  row "SQLite: apply $N to an empty database (floor: sqlite3 CLI, one transaction per migration)" "${R[sqlite_apply_floor]}" "${R[sqlite_apply_aot]}" "${R[sqlite_apply_jit]}" "≤ 1.5x"
  row "SQLite: no-op \`up\` with $N applied (floor: \`sqlite3 file 'select 1'\`)" "${R[sqlite_noop_floor]}" "${R[sqlite_noop_aot]}" "${R[sqlite_noop_jit]}" "≤ 2x"
  row "PostgreSQL: apply $N to an empty database (floor: \`psql -f\`, one session, one transaction per migration)" "${R[pg_apply_floor]}" "${R[pg_apply_aot]}" "${R[pg_apply_jit]}" "≤ 1.5x"
  row "PostgreSQL: no-op \`up\` with $N applied (floor: \`psql -c 'select 1'\`)" "${R[pg_noop_floor]}" "${R[pg_noop_aot]}" "${R[pg_noop_jit]}" "≤ 2x"
  row "\`cutover --version\` startup (floor: \`sqlite3 --version\`)" "${R[version_floor]}" "${R[version_aot]}" "${R[version_jit]}" "–"
} > "$WORK/table.md"
cat "$WORK/table.md"

# Replace the results block of bench/README.md.
awk -v table="$WORK/table.md" '
  /<!-- results:start -->/ { print; while ((getline line < table) > 0) print line; skip = 1; next }
  /<!-- results:end -->/ { skip = 0 }
  !skip { print }
' "$ROOT/bench/README.md" > "$WORK/README.md" && cp "$WORK/README.md" "$ROOT/bench/README.md"

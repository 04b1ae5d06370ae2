#!/usr/bin/env bash
# A backfill step (`-- cutover:backfill items batch=auto`, Native AOT `cutover up`) filling a new column of a
# ROWS-row PostgreSQL table and a SQLITE_ROWS-row SQLite table, side by side with the floor of one
# `UPDATE items SET v = id * 2` of the whole table through psql / the sqlite3 CLI, in the same run, each on
# its own identical copy of the data. While each runs, a writer updates random rows at a steady RATE per
# second (pgbench -R on PostgreSQL, a python3 sqlite3 loop on SQLite); its latency is measured from each
# update's scheduled start, so waiting behind the bulk update counts. Writes the table into bench/README.md.
#
#   bench/backfill.sh                              # ROWS=10000000 SQLITE_ROWS=1000000 RATE=100 SQLITE_RATE=20 CLIENTS=10
#   ROWS=300000 SQLITE_ROWS=100000 bench/backfill.sh  # quick
set -euo pipefail
ROWS=${ROWS:-10000000}
SQLITE_ROWS=${SQLITE_ROWS:-1000000}
RATE=${RATE:-100}   # writer updates per second
SQLITE_RATE=${SQLITE_RATE:-20}   # SQLite syncs every commit with its rollback journal: 100 a second would outrun a small disk on its own
# pgbench connections sharing RATE. Each queues its own updates, so with few of them one update stuck behind a
# batch delays the next ones on that connection too; ten behave more like independent requests.
CLIENTS=${CLIENTS:-10}
IDLE=${IDLE:-5}     # seconds the writer runs alone before each update (its baseline)
# Seconds the writer keeps running after, so pgbench has written out its log of the window (a few hundred
# lines: its log is buffered) before it is stopped.
TAIL=$(( RATE >= 100 ? 3 : 300 / RATE + 1 ))
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
WORK=$(mktemp -d /tmp/cutover-backfill-bench.XXXXXX)
chmod 755 "$WORK"
WRITER=
cleanup() {
  [ -n "$WRITER" ] && kill "$WRITER" 2>/dev/null || true
  [ -f "$WORK/pg/postmaster.pid" ] && runuser -u postgres -- "$PGBIN/pg_ctl" -D "$WORK/pg" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

command -v sqlite3 >/dev/null || { echo "bench: the sqlite3 CLI is missing (apt-get install sqlite3)" >&2; exit 2; }
[ -x "$PGBIN/initdb" ] && [ -x "$PGBIN/pgbench" ] || { echo "bench: PostgreSQL binaries (initdb, pgbench) not found (apt-get install postgresql)" >&2; exit 2; }
START=$(date +%s)

echo "building the CLI (Native AOT)…" >&2
dotnet publish "$ROOT/src/Cutover.Cli" -c Release -r linux-x64 -p:PublishAot=true -o "$WORK/aot" >/dev/null
AOT="$WORK/aot/cutover"

# A project for database $2 in folder $1, as an application that already uses Cutover has one: the database
# is adopted with `cutover baseline` (which creates Cutover's own tables, once in a database's life, before
# the clock starts), then the migration under test is added: the column, then the backfill in keyset
# batches over the primary key.
project() {
  mkdir -p "$1/migrations"
  printf '{ "connection": "%s", "migrations": "migrations" }\n' "$2" > "$1/cutover.json"
  (cd "$1" && "$AOT" baseline --id 20251231000000 >/dev/null)
  cat > "$1/migrations/20260101000000_add_v.sql" <<'SQL'
-- why: benchmark: fill a new column in batches
-- cutover:up
ALTER TABLE items ADD COLUMN v bigint;
-- cutover:backfill items batch=auto
UPDATE items SET v = id * 2 WHERE {batch};
SQL
}

# The SQLite writer: one connection, default journal mode, one UPDATE of a random row every 1/RATE s on a
# fixed schedule until the stop file appears. Logs "scheduled_us end_us ok" per update.
cat > "$WORK/writer.py" <<'PY'
import os, random, sqlite3, sys, time
db, rows, rate, stop, out = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), sys.argv[4], sys.argv[5]
con = sqlite3.connect(db, timeout=30, isolation_level=None)
log, begin, i = [], time.time(), 0
while not os.path.exists(stop):
    scheduled = begin + i / rate
    i += 1
    if scheduled > time.time():
        time.sleep(scheduled - time.time())
    try:
        con.execute("UPDATE items SET w = w + 1 WHERE id = ?", (random.randint(1, rows),))
        ok = 1
    except sqlite3.OperationalError:
        ok = 0
    log.append(f"{int(scheduled * 1e6)} {int(time.time() * 1e6)} {ok}\n")
with open(out, "w") as f:
    f.writelines(log)
PY

# Writer latency over the updates that overlapped [t0, t1] (ns), or, with "before", those that ended before t0:
# "p50 / p99 / max ms (n)". Reads "scheduled_us end_us ok" lines, or pgbench -l lines (latency is then from
# the scheduled start: pgbench -R measures it so).
latency() {
  python3 - "$@" <<'PY'
import sys
mode, t0, t1, files = sys.argv[1], int(sys.argv[2]) // 1000, int(sys.argv[3]) // 1000, sys.argv[4:]
lat, failed, last = [], 0, 0
for name in files:
    for line in open(name):
        f = line.split()
        if not all(x.isdigit() for x in f):
            continue
        if len(f) == 3:                      # python writer
            start, end, ok = int(f[0]), int(f[1]), f[2] == "1"
        elif len(f) == 7:                    # pgbench -R: client tx latency_us script epoch_s us lag_us
            end = int(f[4]) * 1000000 + int(f[5]); start, ok = end - int(f[2]), True
        else:
            continue                         # a line cut short when the writer was stopped
        last = max(last, end)
        if (end < t0) if mode == "before" else (start <= t1 and end >= t0):
            lat.append((end - start) / 1000)
            failed += not ok
lat.sort()
if not lat or (mode != "before" and last < t1):
    sys.exit(f"bench: the writer's log {'is empty' if not lat else 'stops before the end of the window'}: {' '.join(files)}")
pick = lambda q: lat[min(len(lat) - 1, max(0, -(-len(lat) * q // 100) - 1))]
fails = f", {failed} failed" if failed else ""
print(f"{pick(50):.1f} / {pick(99):.1f} / {lat[-1]:.1f} ms (n={len(lat)}{fails})")
PY
}
ms() { echo $(( ($2 - $1) / 1000000 )); }
rate() { echo $(( $1 * 1000 / ($2 > 0 ? $2 : 1) )); }
cutover_up() { "$AOT" up > "$1" 2>&1 || { cat "$1" >&2; echo "bench: cutover up failed" >&2; return 1; }; }
ratio() { python3 -c 'import sys; print(f"{int(sys.argv[1]) / max(1, int(sys.argv[2])):.2f}x")' "$1" "$2"; }  # of rows/s: floor ms / cutover ms

# ---------------------------------------------------------------- PostgreSQL
echo "starting PostgreSQL and loading $ROWS rows…" >&2
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p "$WORK/pg" && chown postgres "$WORK/pg"
runuser -u postgres -- "$PGBIN/initdb" -D "$WORK/pg" -A trust -U postgres >/dev/null
runuser -u postgres -- "$PGBIN/pg_ctl" -D "$WORK/pg" -w -l "$WORK/pg/log" \
  -o "-c listen_addresses=127.0.0.1 -c port=$PORT -c unix_socket_directories=$WORK/pg -c max_wal_size=16GB -c checkpoint_timeout=1h -c log_autovacuum_min_duration=0 -c log_checkpoints=on" start >/dev/null
PSQL=(psql -X -q -h 127.0.0.1 -p "$PORT" -U postgres -v ON_ERROR_STOP=1)
"${PSQL[@]}" -d postgres -c 'CREATE DATABASE base'
"${PSQL[@]}" -d base -c "CREATE TABLE items (id bigint PRIMARY KEY, payload text, w bigint NOT NULL DEFAULT 0)" \
  -c "INSERT INTO items (id, payload) SELECT g, md5(g::text) FROM generate_series(1, $ROWS) g" -c "VACUUM ANALYZE items"
PG_SIZE=$("${PSQL[@]}" -d base -At -c "SELECT pg_size_pretty(pg_total_relation_size('items'))")
printf '\\set id random(1, %d)\nUPDATE items SET w = w + 1 WHERE id = :id;\n' "$ROWS" > "$WORK/writer.sql"

# Runs "$@" against database $1 (a fresh copy of base) while pgbench writes; sets T0, T1, WALL (ms) and LOG.
pg_run() {
  local db=$1; shift
  "${PSQL[@]}" -d postgres -c "CHECKPOINT"
  "$PGBIN/pgbench" -n -h 127.0.0.1 -p "$PORT" -U postgres -f "$WORK/writer.sql" -R "$RATE" -c "$CLIENTS" -j 2 -T 86400 \
    -l --log-prefix="$WORK/pgbench_$db" "$db" > "$WORK/pgbench-$db.out" 2>&1 & WRITER=$!
  sleep "$IDLE"
  T0=$(date +%s%N)
  "$@"
  T1=$(date +%s%N)
  sleep "$TAIL"
  kill "$WRITER" 2>/dev/null || true; wait "$WRITER" 2>/dev/null || true; WRITER=
  [ -n "${KEEP:-}" ] && mkdir -p "$KEEP" && cp "$WORK"/pgbench_"$db"* "$KEEP"/ && echo "$T0 $T1" > "$KEEP/window_$db" && cp "$WORK/pg/log" "$KEEP/pg.log"
  if grep -q aborted "$WORK/pgbench-$db.out"; then cat "$WORK/pgbench-$db.out" >&2; echo "bench: a pgbench client aborted" >&2; exit 1; fi
  WALL=$(ms "$T0" "$T1")
  LOG=("$WORK"/pgbench_"$db".*)
}
pg_check() {
  local wrong; wrong=$("${PSQL[@]}" -d "$1" -At -c "SELECT count(*) FROM items WHERE v IS DISTINCT FROM id * 2")
  [ "$wrong" = 0 ] || { echo "bench: $wrong rows of $1 were not filled" >&2; exit 1; }
}

echo "PostgreSQL floor: one UPDATE of the whole table…" >&2
"${PSQL[@]}" -d postgres -c 'CREATE DATABASE floor TEMPLATE base'
"${PSQL[@]}" -d floor -c 'ALTER TABLE items ADD COLUMN v bigint'
pg_run floor "${PSQL[@]}" -d floor -c 'UPDATE items SET v = id * 2'
pg_check floor
PG_FLOOR_MS=$WALL
PG_FLOOR_W=$(latency during "$T0" "$T1" "${LOG[@]}")
PG_IDLE=$(latency before "$T0" "$T0" "${LOG[@]}")
"${PSQL[@]}" -d postgres -c 'DROP DATABASE floor'

echo "PostgreSQL: cutover up with the backfill…" >&2
"${PSQL[@]}" -d postgres -c 'CREATE DATABASE cut TEMPLATE base'
project "$WORK/pgproject" "Host=127.0.0.1;Port=$PORT;Username=postgres;Database=cut"
cd "$WORK/pgproject"
pg_run cut cutover_up "$WORK/pg-up.log"
pg_check cut
PG_CUT_MS=$WALL
PG_CUT_W=$(latency during "$T0" "$T1" "${LOG[@]}")
IFS='|' read -r PG_DONE PG_CHANGED PG_BATCHES PG_BATCH PG_ELAPSED PG_STATE < <("${PSQL[@]}" -d cut -At \
  -c "SELECT rows_done, rows_changed, batches, batch_size, elapsed_ms, state FROM cutover_backfill")
[ "$PG_STATE" = done ] || { echo "bench: the PostgreSQL backfill is not done (state '$PG_STATE')" >&2; exit 1; }
cd "$ROOT"
runuser -u postgres -- "$PGBIN/pg_ctl" -D "$WORK/pg" -m fast stop >/dev/null

# ---------------------------------------------------------------- SQLite
echo "SQLite: loading $SQLITE_ROWS rows…" >&2
mkdir -p "$WORK/sqlite"
sqlite3 "$WORK/sqlite/base.db" \
  "CREATE TABLE items (id INTEGER PRIMARY KEY, payload TEXT, w INTEGER NOT NULL DEFAULT 0);
   WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < $SQLITE_ROWS)
   INSERT INTO items (id, payload) SELECT n, printf('%016x%016x', n * 2654435761, n * 40503) FROM g;
   ANALYZE;"
SQLITE_SIZE=$(( $(stat -c %s "$WORK/sqlite/base.db") / 1048576 ))

# Runs "$@" against SQLite file $1 (a fresh copy of base.db) while the python writer writes; sets T0, T1, WALL.
sqlite_run() {
  local db=$1; shift
  rm -f "$WORK/sqlite/stop"
  python3 "$WORK/writer.py" "$db" "$SQLITE_ROWS" "$SQLITE_RATE" "$WORK/sqlite/stop" "$db.writer" & WRITER=$!
  sleep "$IDLE"
  T0=$(date +%s%N)
  "$@"
  T1=$(date +%s%N)
  sleep "$TAIL"
  touch "$WORK/sqlite/stop"; wait "$WRITER"; WRITER=
  WALL=$(ms "$T0" "$T1")
}
sqlite_check() {
  local wrong; wrong=$(sqlite3 "$1" "SELECT count(*) FROM items WHERE v IS NOT id * 2")
  [ "$wrong" = 0 ] || { echo "bench: $wrong rows of $1 were not filled" >&2; exit 1; }
}

echo "SQLite floor: one UPDATE of the whole table…" >&2
cp "$WORK/sqlite/base.db" "$WORK/sqlite/floor.db"
sqlite3 "$WORK/sqlite/floor.db" "ALTER TABLE items ADD COLUMN v bigint"
sqlite_run "$WORK/sqlite/floor.db" sqlite3 -cmd ".timeout 30000" "$WORK/sqlite/floor.db" "UPDATE items SET v = id * 2"
sqlite_check "$WORK/sqlite/floor.db"
SQ_FLOOR_MS=$WALL
SQ_FLOOR_W=$(latency during "$T0" "$T1" "$WORK/sqlite/floor.db.writer")
SQ_IDLE=$(latency before "$T0" "$T0" "$WORK/sqlite/floor.db.writer")
rm -f "$WORK/sqlite/floor.db"

echo "SQLite: cutover up with the backfill…" >&2
cp "$WORK/sqlite/base.db" "$WORK/sqlite/cut.db"
project "$WORK/sqliteproject" "Data Source=$WORK/sqlite/cut.db"
cd "$WORK/sqliteproject"
sqlite_run "$WORK/sqlite/cut.db" cutover_up "$WORK/sqlite-up.log"
cd "$ROOT"
sqlite_check "$WORK/sqlite/cut.db"
SQ_CUT_MS=$WALL
SQ_CUT_W=$(latency during "$T0" "$T1" "$WORK/sqlite/cut.db.writer")
IFS='|' read -r SQ_DONE SQ_CHANGED SQ_BATCHES SQ_BATCH SQ_ELAPSED SQ_STATE < <(sqlite3 "$WORK/sqlite/cut.db" \
  "SELECT rows_done, rows_changed, batches, batch_size, elapsed_ms, state FROM cutover_backfill")
[ "$SQ_STATE" = done ] || { echo "bench: the SQLite backfill is not done (state '$SQ_STATE')" >&2; exit 1; }

# ---------------------------------------------------------------- the table
PG_VERSION=$("$PGBIN/postgres" --version | awk '{print $3}')
SQ_VERSION=$(sqlite3 --version | awk '{print $1}')
PG_FLOOR_RATE=$(rate "$ROWS" "$PG_FLOOR_MS"); PG_CUT_RATE=$(rate "$ROWS" "$PG_CUT_MS")
SQ_FLOOR_RATE=$(rate "$SQLITE_ROWS" "$SQ_FLOOR_MS"); SQ_CUT_RATE=$(rate "$SQLITE_ROWS" "$SQ_CUT_MS")
{
  echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores, PostgreSQL $PG_VERSION on loopback (items: $ROWS rows, $PG_SIZE), SQLite $SQ_VERSION CLI and Microsoft.Data.Sqlite, default journal mode (items: $SQLITE_ROWS rows, $SQLITE_SIZE MB); Native AOT; one run each; writer: random rows updated $RATE times a second by \`pgbench -R $RATE -c $CLIENTS\`, $SQLITE_RATE times a second by a python3 sqlite3 loop; its latency counts from each update's scheduled start."
  echo
  echo "| engine, rows | case | wall time | rows/s | ratio to floor | writer p50 / p99 / max | target |"
  echo "|---|---|---|---|---|---|---|"
  echo "| PostgreSQL, $ROWS | writer alone, ${IDLE} s before the floor | – | – | – | $PG_IDLE | – |"
  echo "| PostgreSQL, $ROWS | floor: \`psql -c 'UPDATE items SET v = id * 2'\` (one transaction) | $PG_FLOOR_MS ms | $PG_FLOOR_RATE | 1.00x | $PG_FLOOR_W | – |"
  echo "| PostgreSQL, $ROWS | \`cutover up\`: ADD COLUMN, then the backfill in $PG_BATCHES batches | $PG_CUT_MS ms | $PG_CUT_RATE | $(ratio "$PG_FLOOR_MS" "$PG_CUT_MS") | $PG_CUT_W | ≥ 0.8x; p99 < 50 ms |"
  echo "| SQLite, $SQLITE_ROWS | writer alone, ${IDLE} s before the floor | – | – | – | $SQ_IDLE | – |"
  echo "| SQLite, $SQLITE_ROWS | floor: \`sqlite3 app.db 'UPDATE items SET v = id * 2'\` (one transaction, .timeout 30000) | $SQ_FLOOR_MS ms | $SQ_FLOOR_RATE | 1.00x | $SQ_FLOOR_W | – |"
  echo "| SQLite, $SQLITE_ROWS | \`cutover up\`: ADD COLUMN, then the backfill in $SQ_BATCHES batches | $SQ_CUT_MS ms | $SQ_CUT_RATE | $(ratio "$SQ_FLOOR_MS" "$SQ_CUT_MS") | $SQ_CUT_W | ≥ 0.8x |"
  echo
  echo "From \`cutover_backfill\` after \`up\`: PostgreSQL $PG_DONE rows done ($PG_CHANGED changed) in $PG_BATCHES batches, elapsed_ms $PG_ELAPSED ($(rate "$PG_DONE" "$PG_ELAPSED") rows/s), last batch size $PG_BATCH, state $PG_STATE; SQLite $SQ_DONE rows done ($SQ_CHANGED changed) in $SQ_BATCHES batches, elapsed_ms $SQ_ELAPSED ($(rate "$SQ_DONE" "$SQ_ELAPSED") rows/s), last batch size $SQ_BATCH, state $SQ_STATE."
} > "$WORK/table.md"
cat "$WORK/table.md"
awk -v table="$WORK/table.md" '
  /<!-- backfill:start -->/ { print; while ((getline line < table) > 0) print line; skip = 1; next }
  /<!-- backfill:end -->/ { skip = 0 }
  !skip { print }
' "$ROOT/bench/README.md" > "$WORK/README.md" && cp "$WORK/README.md" "$ROOT/bench/README.md"
echo "done in $(( $(date +%s) - START )) s" >&2

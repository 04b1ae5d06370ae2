#!/usr/bin/env bash
# A backfill step (`-- cutover:backfill items batch=auto`, Native AOT `cutover up`) filling a new column of a
# ROWS-row PostgreSQL table and a SQLITE_ROWS-row SQLite table, side by side with the floor of one
# `UPDATE items SET v = id * 2` of the whole table through psql / the sqlite3 CLI, in the same run, each on
# its own identical copy of the data. While each runs, a writer updates random rows at a steady RATE per
# second (pgbench -R on PostgreSQL, a python3 sqlite3 loop on SQLite); its latency is measured from each
# update's scheduled start, so waiting behind the bulk update counts. Writes the table into the block
# <!-- SECTION:start --> … <!-- SECTION:end --> of bench/README.md (SECTION=backfill unless told).
#
#   bench/backfill.sh                                  # ROWS=10000000 SQLITE_ROWS=1000000 RATE=100 SQLITE_RATE=20 CLIENTS=10
#   ROWS=300000 SQLITE_ROWS=100000 bench/backfill.sh   # quick
#   RATE=0 SQLITE_RATE=0 SECTION=backfill-nowriter bench/backfill.sh        # no writer: throughput only
#   SQLITE_ROWS=0 DIRTY_EXPIRE_CS=9000 SECTION=backfill-dirty bench/backfill.sh  # PostgreSQL only, 90 s dirty expiry
#   SQLITE_ROWS=0 CLIENTS=2 SECTION=backfill-clients2 bench/backfill.sh     # PostgreSQL only, two writer connections
#   ROWS=0 SQLITE_JOURNAL=wal SECTION=backfill-sqlite-wal bench/backfill.sh  # SQLite only, the file in WAL mode
#   AOT_DIR=/tmp/aot bench/backfill.sh                 # with a Native AOT publish of src/Cutover.Cli already in /tmp/aot
set -euo pipefail
ROWS=${ROWS:-10000000}              # PostgreSQL rows; 0 leaves PostgreSQL out
SQLITE_ROWS=${SQLITE_ROWS:-1000000} # SQLite rows; 0 leaves SQLite out
RATE=${RATE:-100}   # writer updates per second on PostgreSQL; 0: no writer
SQLITE_JOURNAL=${SQLITE_JOURNAL:-delete}   # the SQLite file's journal mode: delete (SQLite's default rollback journal) or wal
SQLITE_RATE=${SQLITE_RATE:-20}   # SQLite syncs every commit with its rollback journal: 100 a second would outrun a small disk on its own; 0: no writer
# pgbench connections sharing RATE. Each queues its own updates, so with few of them one update stuck behind a
# batch delays the next ones on that connection too; ten behave more like independent requests.
CLIENTS=${CLIENTS:-10}
IDLE=${IDLE:-5}     # seconds the writer runs alone before each update (its baseline)
# vm.dirty_expire_centisecs for the length of the run (restored afterwards), to see how the kernel's writeback of
# the pages the update dirties shows in the writer's tail; unset: the machine's own setting.
DIRTY_EXPIRE_CS=${DIRTY_EXPIRE_CS:-}
SECTION=${SECTION:-backfill}
SLOW_MS=50          # the PostgreSQL writer's p99 target; the stall analysis counts the writes slower than this
# Seconds a writer keeps running after the update, so pgbench has written out its log of the window (a few
# hundred lines: its log is buffered) before it is stopped. No writer, no wait.
tail_s() { if [ "$1" -eq 0 ]; then echo 0; elif [ "$1" -ge 100 ]; then echo 3; else echo $(( 300 / $1 + 1 )); fi; }
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d /tmp/cutover-backfill-bench.XXXXXX)
chmod 755 "$WORK"
. "$ROOT/bench/lib/common.sh"
WRITER=
DIRTY_WAS=
cleanup() {
  [ -n "$WRITER" ] && kill "$WRITER" 2>/dev/null || true
  bench_pg_stop immediate
  # The setting is machine-wide: put it back whatever happened.
  [ -n "$DIRTY_WAS" ] && sysctl -q -w vm.dirty_expire_centisecs="$DIRTY_WAS" || true
  rm -rf "$WORK"
}
trap cleanup EXIT
bench_require_section "$SECTION"
[ "$ROWS" -gt 0 ] || [ "$SQLITE_ROWS" -gt 0 ] || { echo "bench: ROWS and SQLITE_ROWS are both 0: nothing to measure" >&2; exit 2; }
[ "$SQLITE_ROWS" -eq 0 ] || command -v sqlite3 >/dev/null || { echo "bench: the sqlite3 CLI is missing (apt-get install sqlite3)" >&2; exit 2; }
[ "$ROWS" -eq 0 ] || { [ -x "$PGBIN/initdb" ] && [ -x "$PGBIN/pgbench" ]; } || { echo "bench: PostgreSQL binaries (initdb, pgbench) not found (apt-get install postgresql)" >&2; exit 2; }
START=$(date +%s)
bench_aot   # AOT_DIR, or a build of its own
# Set after the build, so the machine-wide setting lasts only as long as the measuring.
if [ -n "$DIRTY_EXPIRE_CS" ]; then
  was=$(cat /proc/sys/vm/dirty_expire_centisecs)
  sysctl -q -w vm.dirty_expire_centisecs="$DIRTY_EXPIRE_CS" 2>/dev/null \
    || { echo "bench: vm.dirty_expire_centisecs is not writable here (needs root and a writable /proc/sys): DIRTY_EXPIRE_CS cannot be measured" >&2; exit 2; }
  DIRTY_WAS=$was
fi
DIRTY_NOW=$(cat /proc/sys/vm/dirty_expire_centisecs)

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
# the scheduled start: pgbench -R measures it so). With "stall SLOW_MS" before the files: where the writes
# slower than SLOW_MS in [t0, t1] fell — a stall of the whole server puts them all in one second, rows held by
# a batch would spread them over the run.
latency() {
  python3 - "$@" <<'PY'
import sys
mode, t0, t1 = sys.argv[1], int(sys.argv[2]) // 1000, int(sys.argv[3]) // 1000
slow_ms, files = (float(sys.argv[4]), sys.argv[5:]) if mode == "stall" else (None, sys.argv[4:])
lat, failed, last = [], 0, 0                 # lat: (scheduled start us, latency ms)
for name in files:
    for line in open(name):
        f = line.split()
        if not all(x.isdigit() for x in f):
            continue
        # The format goes by the file, not by the line: pgbench's last line can be cut short when it is
        # stopped, and a cut line of three numbers must not pass for one of the python writer's.
        if name.endswith(".writer") and len(f) == 3:   # python writer: scheduled_us end_us ok
            start, end, ok = int(f[0]), int(f[1]), f[2] == "1"
        elif not name.endswith(".writer") and len(f) == 7:  # pgbench -R: client tx latency_us script epoch_s us lag_us
            end = int(f[4]) * 1000000 + int(f[5]); start, ok = end - int(f[2]), True
        else:
            continue                         # a line cut short when the writer was stopped
        last = max(last, end)
        if (end < t0) if mode == "before" else (start <= t1 and end >= t0):
            lat.append((start, (end - start) / 1000))
            failed += not ok
if not lat or (mode != "before" and last < t1):
    sys.exit(f"bench: the writer's log {'is empty' if not lat else 'stops before the end of the window'}: {' '.join(files)}")
def summary(ms):
    ms = sorted(ms)
    pick = lambda q: ms[min(len(ms) - 1, max(0, -(-len(ms) * q // 100) - 1))]
    return f"{pick(50):.1f} / {pick(99):.1f} / {ms[-1]:.1f} ms (n={len(ms)}"
if mode != "stall":
    print(summary(l for _, l in lat) + (f", {failed} failed)" if failed else ")"))
    sys.exit()
# The one-second window (sliding, by scheduled start) holding the most slow writes, when it began, and the
# writer's latency outside it.
slow = sorted(s for s, l in lat if l > slow_ms)
if not slow:
    print(f"no write slower than {slow_ms:g} ms"); sys.exit()
best, at, j = 0, slow[0], 0
for i, s in enumerate(slow):
    while s - slow[j] >= 1000000:
        j += 1
    if i - j + 1 > best:
        best, at = i - j + 1, slow[j]
rest = [l for s, l in lat if not at <= s < at + 1000000]
print(f"{best} of the {len(slow)} writes slower than {slow_ms:g} ms were scheduled within one second, "
      f"{(at - t0) / 1e6:.1f} s after the start of `up`; outside that second the writer's p50 / p99 / max was "
      + summary(rest) + ")")
PY
}
ms() { echo $(( ($2 - $1) / 1000000 )); }
rate() { echo $(( $1 * 1000 / ($2 > 0 ? $2 : 1) )); }
cutover_up() { "$AOT" up > "$1" 2>&1 || { cat "$1" >&2; echo "bench: cutover up failed" >&2; return 1; }; }
ratio() { python3 -c 'import sys; print(f"{int(sys.argv[1]) / max(1, int(sys.argv[2])):.2f}x")' "$1" "$2"; }  # of rows/s: floor ms / cutover ms

# ---------------------------------------------------------------- PostgreSQL
if [ "$ROWS" -gt 0 ]; then
echo "starting PostgreSQL and loading $ROWS rows…" >&2
bench_pg_start -c max_wal_size=16GB -c checkpoint_timeout=1h -c log_autovacuum_min_duration=0 -c log_checkpoints=on
"${PSQL[@]}" -d postgres -c 'CREATE DATABASE base'
"${PSQL[@]}" -d base -c "CREATE TABLE items (id bigint PRIMARY KEY, payload text, w bigint NOT NULL DEFAULT 0)" \
  -c "INSERT INTO items (id, payload) SELECT g, md5(g::text) FROM generate_series(1, $ROWS) g" -c "VACUUM ANALYZE items"
PG_SIZE=$("${PSQL[@]}" -d base -At -c "SELECT pg_size_pretty(pg_total_relation_size('items'))")
printf '\\set id random(1, %d)\nUPDATE items SET w = w + 1 WHERE id = :id;\n' "$ROWS" > "$WORK/writer.sql"

# Runs "$@" against database $1 (a fresh copy of base) while pgbench writes (if RATE > 0); sets T0, T1, WALL (ms),
# LOG (pgbench's logs) and SERVER_LOG (what the server logged from T0 until the writer stopped).
pg_run() {
  local db=$1; shift
  "${PSQL[@]}" -d postgres -c "CHECKPOINT"
  if [ "$RATE" -gt 0 ]; then
    "$PGBIN/pgbench" -n -h 127.0.0.1 -p "$PORT" -U postgres -f "$WORK/writer.sql" -R "$RATE" -c "$CLIENTS" -j 2 -T 86400 \
      -l --log-prefix="$WORK/pgbench_$db" "$db" > "$WORK/pgbench-$db.out" 2>&1 & WRITER=$!
    sleep "$IDLE"
  fi
  local from; from=$(stat -c %s "$WORK/pg/log")
  T0=$(date +%s%N)
  "$@"
  T1=$(date +%s%N)
  LOG=()
  if [ "$RATE" -gt 0 ]; then
    sleep "$(tail_s "$RATE")"
    kill "$WRITER" 2>/dev/null || true; wait "$WRITER" 2>/dev/null || true; WRITER=
    [ -n "${KEEP:-}" ] && mkdir -p "$KEEP" && cp "$WORK"/pgbench_"$db"* "$KEEP"/ && echo "$T0 $T1" > "$KEEP/window_$db" && cp "$WORK/pg/log" "$KEEP/pg.log"
    if grep -q aborted "$WORK/pgbench-$db.out"; then cat "$WORK/pgbench-$db.out" >&2; echo "bench: a pgbench client aborted" >&2; exit 1; fi
    LOG=("$WORK"/pgbench_"$db".*)
  fi
  SERVER_LOG=$(tail -c +"$((from + 1))" "$WORK/pg/log")
  WALL=$(ms "$T0" "$T1")
}
pg_check() {
  local wrong; wrong=$("${PSQL[@]}" -d "$1" -At -c "SELECT count(*) FROM items WHERE v IS DISTINCT FROM id * 2")
  [ "$wrong" = 0 ] || { echo "bench: $wrong rows of $1 were not filled" >&2; exit 1; }
}

echo "PostgreSQL floor: one UPDATE of the whole table…" >&2
"${PSQL[@]}" -d postgres -c 'CREATE DATABASE floor TEMPLATE base'
"${PSQL[@]}" -d floor -c 'ALTER TABLE items ADD COLUMN v bigint'
PG_LOAD=$(bench_load)
pg_run floor "${PSQL[@]}" -d floor -c 'UPDATE items SET v = id * 2'
pg_check floor
PG_FLOOR_MS=$WALL
if [ "$RATE" -gt 0 ]; then
  PG_FLOOR_W=$(latency during "$T0" "$T1" "${LOG[@]}")
  PG_IDLE=$(latency before "$T0" "$T0" "${LOG[@]}")
fi
"${PSQL[@]}" -d postgres -c 'DROP DATABASE floor'

echo "PostgreSQL: cutover up with the backfill…" >&2
"${PSQL[@]}" -d postgres -c 'CREATE DATABASE cut TEMPLATE base'
project "$WORK/pgproject" "Host=127.0.0.1;Port=$PORT;Username=postgres;Database=cut"
cd "$WORK/pgproject"
pg_run cut cutover_up "$WORK/pg-up.log"
pg_check cut
PG_CUT_MS=$WALL
# The server's own account of the window: a checkpoint or an autovacuum of items would stall writers too.
PG_CHECKPOINTS=$(grep -c 'checkpoint starting' <<<"$SERVER_LOG" || true)
PG_AUTOVACUUMS=$(grep -Ec 'automatic (vacuum|analyze) of table "cut\.public\.items"' <<<"$SERVER_LOG" || true)
if [ "$RATE" -gt 0 ]; then
  PG_CUT_W=$(latency during "$T0" "$T1" "${LOG[@]}")
  PG_STALL=$(latency stall "$T0" "$T1" "$SLOW_MS" "${LOG[@]}")
fi
IFS='|' read -r PG_DONE PG_CHANGED PG_BATCHES PG_BATCH PG_ELAPSED PG_STATE < <("${PSQL[@]}" -d cut -At \
  -c "SELECT rows_done, rows_changed, batches, batch_size, elapsed_ms, state FROM cutover_backfill")
[ "$PG_STATE" = done ] || { echo "bench: the PostgreSQL backfill is not done (state '$PG_STATE')" >&2; exit 1; }
cd "$ROOT"
bench_pg_stop fast
fi

# ---------------------------------------------------------------- SQLite
if [ "$SQLITE_ROWS" -gt 0 ]; then
echo "SQLite: loading $SQLITE_ROWS rows…" >&2
mkdir -p "$WORK/sqlite"
sqlite3 "$WORK/sqlite/base.db" \
  "CREATE TABLE items (id INTEGER PRIMARY KEY, payload TEXT, w INTEGER NOT NULL DEFAULT 0);
   WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < $SQLITE_ROWS)
   INSERT INTO items (id, payload) SELECT n, printf('%016x%016x', n * 2654435761, n * 40503) FROM g;
   ANALYZE;"
# The mode is kept in the file, so every copy (floor and cutover) has it; checkpointed, so a copy needs no -wal file.
case "$SQLITE_JOURNAL" in
  delete) ;;
  wal) sqlite3 "$WORK/sqlite/base.db" "PRAGMA journal_mode=WAL; PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null ;;
  *) echo "bench: SQLITE_JOURNAL=$SQLITE_JOURNAL: use delete or wal" >&2; exit 2 ;;
esac
SQLITE_SIZE=$(( $(stat -c %s "$WORK/sqlite/base.db") / 1048576 ))

# Runs "$@" against SQLite file $1 (a fresh copy of base.db) while the python writer writes (if SQLITE_RATE > 0);
# sets T0, T1, WALL.
sqlite_run() {
  local db=$1; shift
  rm -f "$WORK/sqlite/stop"
  if [ "$SQLITE_RATE" -gt 0 ]; then
    python3 "$WORK/writer.py" "$db" "$SQLITE_ROWS" "$SQLITE_RATE" "$WORK/sqlite/stop" "$db.writer" & WRITER=$!
    sleep "$IDLE"
  fi
  T0=$(date +%s%N)
  "$@"
  T1=$(date +%s%N)
  if [ "$SQLITE_RATE" -gt 0 ]; then
    sleep "$(tail_s "$SQLITE_RATE")"
    touch "$WORK/sqlite/stop"; wait "$WRITER"; WRITER=
  fi
  WALL=$(ms "$T0" "$T1")
}
sqlite_check() {
  local wrong; wrong=$(sqlite3 "$1" "SELECT count(*) FROM items WHERE v IS NOT id * 2")
  [ "$wrong" = 0 ] || { echo "bench: $wrong rows of $1 were not filled" >&2; exit 1; }
}

echo "SQLite floor: one UPDATE of the whole table…" >&2
cp "$WORK/sqlite/base.db" "$WORK/sqlite/floor.db"
sqlite3 "$WORK/sqlite/floor.db" "ALTER TABLE items ADD COLUMN v bigint"
SQ_LOAD=$(bench_load)
sqlite_run "$WORK/sqlite/floor.db" sqlite3 -cmd ".timeout 30000" "$WORK/sqlite/floor.db" "UPDATE items SET v = id * 2"
sqlite_check "$WORK/sqlite/floor.db"
SQ_FLOOR_MS=$WALL
if [ "$SQLITE_RATE" -gt 0 ]; then
  SQ_FLOOR_W=$(latency during "$T0" "$T1" "$WORK/sqlite/floor.db.writer")
  SQ_IDLE=$(latency before "$T0" "$T0" "$WORK/sqlite/floor.db.writer")
fi
rm -f "$WORK/sqlite/floor.db"

echo "SQLite: cutover up with the backfill…" >&2
cp "$WORK/sqlite/base.db" "$WORK/sqlite/cut.db"
project "$WORK/sqliteproject" "Data Source=$WORK/sqlite/cut.db"
cd "$WORK/sqliteproject"
sqlite_run "$WORK/sqlite/cut.db" cutover_up "$WORK/sqlite-up.log"
cd "$ROOT"
sqlite_check "$WORK/sqlite/cut.db"
SQ_CUT_MS=$WALL
[ "$SQLITE_RATE" -gt 0 ] && SQ_CUT_W=$(latency during "$T0" "$T1" "$WORK/sqlite/cut.db.writer")
IFS='|' read -r SQ_DONE SQ_CHANGED SQ_BATCHES SQ_BATCH SQ_ELAPSED SQ_STATE < <(sqlite3 "$WORK/sqlite/cut.db" \
  "SELECT rows_done, rows_changed, batches, batch_size, elapsed_ms, state FROM cutover_backfill")
[ "$SQ_STATE" = done ] || { echo "bench: the SQLite backfill is not done (state '$SQ_STATE')" >&2; exit 1; }
fi

# ---------------------------------------------------------------- the table
# With no writer on either engine the writer column and rows are left out: the table is throughput only.
WRITERS=$(( RATE > 0 && ROWS > 0 || SQLITE_RATE > 0 && SQLITE_ROWS > 0 ))
# met / missed, so a target not reached says so in the table itself: $1 is "ratio" or "p99", $2 the value.
verdict() {
  python3 -c 'import sys; k, v = sys.argv[1], float(sys.argv[2].rstrip("x")); print("met" if (v >= 0.8 if k == "ratio" else v < 50) else "**missed**")' "$1" "$2"
}
p99() { awk -F' / ' '{print $2}' <<<"$1"; }
# One row: engine-rows, case, wall ms, rows, ratio ("" for the floor), writer cell ("" for none), target
row() {
  local rate; rate=$(rate "$4" "$3")
  if [ "$WRITERS" = 1 ]; then
    printf '| %s | %s | %s ms | %s | %s | %s | %s |\n' "$1" "$2" "$3" "$rate" "${5:-1.00x}" "${6:-no writer}" "$7"
  else
    printf '| %s | %s | %s ms | %s | %s | %s |\n' "$1" "$2" "$3" "$rate" "${5:-1.00x}" "$7"
  fi
}
{
  printf 'Measured %s on %s cores' "$(date -u +%Y-%m-%d)" "$(nproc)"
  [ "$ROWS" -gt 0 ] && printf ', PostgreSQL %s on loopback (items: %s rows, %s; load average %s at the start of its floor)' \
    "$(bench_pg_version)" "$ROWS" "$PG_SIZE" "$PG_LOAD"
  [ "$SQLITE_ROWS" -gt 0 ] && printf ', SQLite %s CLI and Microsoft.Data.Sqlite, %s (items: %s rows, %s MB; load average %s at the start of its floor)' \
    "$(sqlite3 --version | awk '{print $1}')" "$([ "$SQLITE_JOURNAL" = wal ] && echo 'WAL journal mode' || echo 'default journal mode (rollback, delete)')" \
    "$SQLITE_ROWS" "$SQLITE_SIZE" "$SQ_LOAD"
  printf '; vm.dirty_expire_centisecs=%s%s; Native AOT; one run each; ' "$DIRTY_NOW" "${DIRTY_EXPIRE_CS:+ (set by DIRTY_EXPIRE_CS for this run)}"
  if [ "$WRITERS" = 0 ]; then
    printf 'no writer.'
  else
    printf 'writer: random rows updated'
    [ "$ROWS" -gt 0 ] && { [ "$RATE" -gt 0 ] && printf ' %s times a second by `pgbench -R %s -c %s`' "$RATE" "$RATE" "$CLIENTS" || printf ' by no writer on PostgreSQL'; }
    [ "$ROWS" -gt 0 ] && [ "$SQLITE_ROWS" -gt 0 ] && printf ','
    [ "$SQLITE_ROWS" -gt 0 ] && { [ "$SQLITE_RATE" -gt 0 ] && printf ' %s times a second by a python3 sqlite3 loop' "$SQLITE_RATE" || printf ' by no writer on SQLite'; }
    printf "; its latency counts from each update's scheduled start."
  fi
  echo
  echo
  if [ "$WRITERS" = 1 ]; then
    echo "| engine, rows | case | wall time | rows/s | ratio to floor | writer p50 / p99 / max | target |"
    echo "|---|---|---|---|---|---|---|"
  else
    echo "| engine, rows | case | wall time | rows/s | ratio to floor | target |"
    echo "|---|---|---|---|---|---|"
  fi
  if [ "$ROWS" -gt 0 ]; then
    [ "$RATE" -gt 0 ] && echo "| PostgreSQL, $ROWS | writer alone, ${IDLE} s before the floor | – | – | – | $PG_IDLE | – |"
    row "PostgreSQL, $ROWS" "floor: \`psql -c 'UPDATE items SET v = id * 2'\` (one transaction)" "$PG_FLOOR_MS" "$ROWS" "" "${PG_FLOOR_W:-}" "–"
    r=$(ratio "$PG_FLOOR_MS" "$PG_CUT_MS")
    target="≥ 0.8x: $(verdict ratio "$r")"
    [ "$RATE" -gt 0 ] && target="$target; p99 < $SLOW_MS ms: $(verdict p99 "$(p99 "$PG_CUT_W" | cut -d' ' -f1)")"
    row "PostgreSQL, $ROWS" "\`cutover up\`: ADD COLUMN, then the backfill in $PG_BATCHES batches" "$PG_CUT_MS" "$ROWS" "$r" "${PG_CUT_W:-}" "$target"
  fi
  if [ "$SQLITE_ROWS" -gt 0 ]; then
    [ "$SQLITE_RATE" -gt 0 ] && echo "| SQLite, $SQLITE_ROWS | writer alone, ${IDLE} s before the floor | – | – | – | $SQ_IDLE | – |"
    row "SQLite, $SQLITE_ROWS" "floor: \`sqlite3 app.db 'UPDATE items SET v = id * 2'\` (one transaction, .timeout 30000)" "$SQ_FLOOR_MS" "$SQLITE_ROWS" "" "${SQ_FLOOR_W:-}" "–"
    r=$(ratio "$SQ_FLOOR_MS" "$SQ_CUT_MS")
    row "SQLite, $SQLITE_ROWS" "\`cutover up\`: ADD COLUMN, then the backfill in $SQ_BATCHES batches" "$SQ_CUT_MS" "$SQLITE_ROWS" "$r" "${SQ_CUT_W:-}" "≥ 0.8x: $(verdict ratio "$r")"
  fi
  echo
  # The backfill's own time (cutover_backfill.elapsed_ms: its batches, pauses and throttled waits) next to
  # the floor's whole process: the ratio without Cutover's process start, ADD COLUMN and busy waits.
  printf 'From `cutover_backfill` after `up`:'
  [ "$ROWS" -gt 0 ] && printf ' PostgreSQL %s rows done (%s changed) in %s batches, elapsed_ms %s (%s rows/s, %s the floor'"'"'s), last batch size %s, state %s%s' \
    "$PG_DONE" "$PG_CHANGED" "$PG_BATCHES" "$PG_ELAPSED" "$(rate "$PG_DONE" "$PG_ELAPSED")" "$(ratio "$PG_FLOOR_MS" "$PG_ELAPSED")" "$PG_BATCH" "$PG_STATE" "$([ "$SQLITE_ROWS" -gt 0 ] && echo ';' || echo '.')"
  [ "$SQLITE_ROWS" -gt 0 ] && printf ' SQLite %s rows done (%s changed) in %s batches, elapsed_ms %s (%s rows/s, %s the floor'"'"'s), last batch size %s, state %s.' \
    "$SQ_DONE" "$SQ_CHANGED" "$SQ_BATCHES" "$SQ_ELAPSED" "$(rate "$SQ_DONE" "$SQ_ELAPSED")" "$(ratio "$SQ_FLOOR_MS" "$SQ_ELAPSED")" "$SQ_BATCH" "$SQ_STATE"
  echo
  if [ "$ROWS" -gt 0 ]; then
    echo
    printf 'PostgreSQL during `cutover up` (%s), from the server log: %s checkpoint(s), %s autovacuum/autoanalyze run(s) of items' \
      "$([ "$RATE" -gt 0 ] && echo 'from its start until the writer stopped' || echo 'from its start to its end')" "$PG_CHECKPOINTS" "$PG_AUTOVACUUMS"
    [ "$RATE" -gt 0 ] && printf '; from the writer'"'"'s log: %s' "$PG_STALL"
    echo .
  fi
} > "$WORK/table.md"
cat "$WORK/table.md"
bench_write_section "$SECTION" "$WORK/table.md"
echo "done in $(( $(date +%s) - START )) s" >&2

#!/usr/bin/env bash
# A backfill step (`-- cutover:backfill items batch=auto`, Native AOT `cutover up`) filling a new column of a
# ROWS-row PostgreSQL table and a SQLITE_ROWS-row SQLite table, side by side with the floor of one
# `UPDATE items SET v = id * 2` of the whole table through psql / the sqlite3 CLI, each on its own identical
# copy of the data. Every case runs RUNS times (run 1 of every case, then run 2, …), and the table gives each
# result's median, its min–max and the runs' values, and how many runs met issue 17's targets.
# In the "writer" pass a writer updates random rows at a steady RATE per second (pgbench -R on PostgreSQL, a
# python3 sqlite3 loop on SQLite) while each case runs; its latency is measured from each update's scheduled
# start, so waiting behind the bulk update counts. With NOWRITER=1 the same cases run again without a writer
# (throughput only), in the same runs. With WORKERS > 1, PostgreSQL has a third case: `cutover up` with
# CUTOVER_BACKFILL_WORKERS=$WORKERS, compared with the floor and with the one-worker `up` of the same run.
# SQLITE_JOURNAL=both measures the SQLite file with the rollback journal and in WAL mode, side by side.
# Writes the table into the block <!-- SECTION:start --> … <!-- SECTION:end --> of bench/README.md
# (SECTION=backfill unless told).
#
#   bench/backfill.sh                                  # ROWS=10000000 SQLITE_ROWS=1000000 RUNS=3 NOWRITER=1 WORKERS=2 SQLITE_JOURNAL=both
#                                                      # RATE=100 SQLITE_RATE=20 CLIENTS=10: issue 17's measurement
#   ROWS=200000 SQLITE_ROWS=50000 RUNS=2 WORKERS=1 SECTION=backfill-scratch bench/backfill.sh  # quick: checks the script
#   WORKERS=1 bench/backfill.sh                        # without the several-worker case (a cutover without CUTOVER_BACKFILL_WORKERS)
#   NOWRITER=0 bench/backfill.sh                       # the writer pass only
#   RATE=0 SQLITE_RATE=0 SECTION=backfill-nowriter bench/backfill.sh        # no writer: throughput only
#   SQLITE_ROWS=0 DIRTY_EXPIRE_CS=9000 SECTION=backfill-dirty bench/backfill.sh  # PostgreSQL only, 90 s dirty expiry
#   SQLITE_ROWS=0 CLIENTS=2 SECTION=backfill-clients2 bench/backfill.sh     # PostgreSQL only, two writer connections
#   ROWS=0 SQLITE_JOURNAL=wal SECTION=backfill-sqlite-wal bench/backfill.sh  # SQLite only, the file in WAL mode
#   AOT_DIR=/tmp/aot bench/backfill.sh                 # with a Native AOT publish of src/Cutover.Cli already in /tmp/aot
#   SQLITE_ROWS=0 WORKERS=1 PG_MAX_WAL=1GB SECTION=backfill-checkpoints bench/backfill.sh   # PostgreSQL's default max_wal_size:
#                                                      # checkpoints start during the backfill (UP_ENV=CUTOVER_BACKFILL_CHECKPOINT_PAUSE_MS=0: no reaction)
set -euo pipefail
ROWS=${ROWS:-10000000}              # PostgreSQL rows; 0 leaves PostgreSQL out
SQLITE_ROWS=${SQLITE_ROWS:-1000000} # SQLite rows; 0 leaves SQLite out
RUNS=${RUNS:-3}                     # runs of every case; the table gives medians and min–max over them
NOWRITER=${NOWRITER:-1}             # 1: every case also runs without a writer (throughput only), in the same runs
WORKERS=${WORKERS:-2}               # > 1: PostgreSQL also runs `cutover up` with CUTOVER_BACKFILL_WORKERS=$WORKERS; 1: not
RATE=${RATE:-100}   # writer updates per second on PostgreSQL; 0: no writer
# The SQLite file's journal mode: delete (SQLite's default rollback journal), wal, or both (each case on a file of
# each mode, in the same runs).
SQLITE_JOURNAL=${SQLITE_JOURNAL:-both}
SQLITE_RATE=${SQLITE_RATE:-20}   # SQLite syncs every commit with its rollback journal: 100 a second would outrun a small disk on its own; 0: no writer
# pgbench connections sharing RATE. Each queues its own updates, so with few of them one update stuck behind a
# batch delays the next ones on that connection too; ten behave more like independent requests.
CLIENTS=${CLIENTS:-10}
IDLE=${IDLE:-5}     # seconds the writer runs alone before each case (its baseline)
# vm.dirty_expire_centisecs for the length of the run (restored afterwards), to see how the kernel's writeback of
# the pages the update dirties shows in the writer's tail; unset: the machine's own setting.
DIRTY_EXPIRE_CS=${DIRTY_EXPIRE_CS:-}
# The PostgreSQL server's max_wal_size and checkpoint_timeout: by default large enough that no checkpoint starts
# during a case, so the writer's tail is the backfill's own; PG_MAX_WAL=1GB is PostgreSQL's default.
PG_MAX_WAL=${PG_MAX_WAL:-16GB}
PG_CHECKPOINT_TIMEOUT=${PG_CHECKPOINT_TIMEOUT:-1h}
# NAME=value settings (space-separated) for every `cutover up`, e.g. UP_ENV=CUTOVER_BACKFILL_CHECKPOINT_PAUSE_MS=0.
UP_ENV=${UP_ENV:-}
SECTION=${SECTION:-backfill}
SLOW_MS=50          # the writer's p99 target; the stall analysis counts the writes slower than this
PG_TARGET=0.9       # issue 17: PostgreSQL throughput at least 0.9x the floor's, SQLite 0.8x
SQ_TARGET=0.8
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
[ "$RUNS" -ge 1 ] || { echo "bench: RUNS=$RUNS: at least 1" >&2; exit 2; }
[ "$WORKERS" -ge 1 ] || { echo "bench: WORKERS=$WORKERS: at least 1 (1: no several-worker case)" >&2; exit 2; }
case "$NOWRITER" in 0|1) ;; *) echo "bench: NOWRITER=$NOWRITER: use 0 or 1" >&2; exit 2 ;; esac
case "$SQLITE_JOURNAL" in
  delete|wal) JOURNALS=$SQLITE_JOURNAL ;;
  both) JOURNALS="delete wal" ;;
  *) echo "bench: SQLITE_JOURNAL=$SQLITE_JOURNAL: use delete, wal or both" >&2; exit 2 ;;
esac
[ "$SQLITE_ROWS" -eq 0 ] || command -v sqlite3 >/dev/null || { echo "bench: the sqlite3 CLI is missing (apt-get install sqlite3)" >&2; exit 2; }
[ "$ROWS" -eq 0 ] || { [ -x "$PGBIN/initdb" ] && [ -x "$PGBIN/pgbench" ]; } || { echo "bench: PostgreSQL binaries (initdb, pgbench) not found (apt-get install postgresql)" >&2; exit 2; }
# The passes an engine runs at writer rate $1: "w" (with the writer) unless the rate is 0, "n" (no writer) with
# NOWRITER=1 or when the rate is 0.
passes() {
  local p=
  if [ "$1" -gt 0 ]; then p=w; fi
  if [ "$NOWRITER" = 1 ] || [ "$1" -eq 0 ]; then p="$p n"; fi
  echo $p
}
START=$(date +%s)
bench_aot   # AOT_DIR, or a build of its own
# A cutover that does not know CUTOVER_BACKFILL_WORKERS would ignore it and pass one worker off as several: its
# name must be among the binary's strings (UTF-16, as .NET keeps them; Native AOT's compressed data can alter a
# string's last character, so the name without it: every CUTOVER_* variable of the source is found so).
if [ "$ROWS" -gt 0 ] && [ "$WORKERS" -gt 1 ]; then
  python3 -c 'import sys; sys.exit("CUTOVER_BACKFILL_WORKER".encode("utf-16-le") not in open(sys.argv[1], "rb").read())' "$AOT" \
    || { echo "bench: $AOT does not know CUTOVER_BACKFILL_WORKERS: run with WORKERS=1, or with a cutover that has backfill workers" >&2; exit 2; }
fi
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
# `cutover up --verbose` in the current folder, its output in $1, with the variables "${@:2}" (NAME=value) and UP_ENV
# set for it. --verbose logs each change of pace the pacer makes, with its reason (counted by paced_counts).
# shellcheck disable=SC2086
cutover_up() { local log=$1; shift; env "$@" $UP_ENV "$AOT" up --verbose > "$log" 2>&1 || { cat "$log" >&2; echo "bench: cutover up failed${*:+ ($*)}" >&2; return 1; }; }
# The pacer's reactions in `cutover up --verbose` output $1, by signal: "slow commit 2, checkpoint 1", or "none".
paced_counts() {
  local out= n kind pattern
  for kind in "slow commit:commit took" "slow WAL syncs:WAL syncs took" "checkpoint:started a checkpoint" "lock waits:for locks held by others"; do
    pattern=${kind#*:}
    n=$(grep -c "paced: .*$pattern" "$1" || true)
    [ "$n" -gt 0 ] && out="${out:+$out, }${kind%%:*} $n"
  done
  echo "${out:-none}"
}
# One line of WORK/runs.tsv per case measured: engine, pass (w: writer, n: none), case (floor, cut, workers),
# run, wall ms, rows, batches, last batch size, backfill elapsed_ms, writer during, writer alone before,
# load average at the start, checkpoints, autovacuums, stall analysis, the pacer's reactions ("" where it does not apply).
rec() { local IFS=$'\t'; echo "$*" >> "$WORK/runs.tsv"; }
: > "$WORK/runs.tsv"

# ---------------------------------------------------------------- PostgreSQL
if [ "$ROWS" -gt 0 ]; then
echo "starting PostgreSQL and loading $ROWS rows…" >&2
bench_pg_start -c max_wal_size="$PG_MAX_WAL" -c checkpoint_timeout="$PG_CHECKPOINT_TIMEOUT" -c log_autovacuum_min_duration=0 -c log_checkpoints=on
"${PSQL[@]}" -d postgres -c 'CREATE DATABASE base'
"${PSQL[@]}" -d base -c "CREATE TABLE items (id bigint PRIMARY KEY, payload text, w bigint NOT NULL DEFAULT 0)" \
  -c "INSERT INTO items (id, payload) SELECT g, md5(g::text) FROM generate_series(1, $ROWS) g" -c "VACUUM ANALYZE items"
PG_SIZE=$("${PSQL[@]}" -d base -At -c "SELECT pg_size_pretty(pg_total_relation_size('items'))")
printf '\\set id random(1, %d)\nUPDATE items SET w = w + 1 WHERE id = :id;\n' "$ROWS" > "$WORK/writer.sql"

# Runs "${@:3}" against database $2 (a fresh copy of base) while pgbench writes $1 updates a second (none if 0);
# sets T0, T1, WALL (ms), LOG (pgbench's logs) and SERVER_LOG (what the server logged from T0 until the writer stopped).
pg_run() {
  local rate=$1 db=$2; shift 2
  "${PSQL[@]}" -d postgres -c "CHECKPOINT"
  if [ "$rate" -gt 0 ]; then
    "$PGBIN/pgbench" -n -h 127.0.0.1 -p "$PORT" -U postgres -f "$WORK/writer.sql" -R "$rate" -c "$CLIENTS" -j 2 -T 86400 \
      -l --log-prefix="$WORK/pgbench_$db" "$db" > "$WORK/pgbench-$db.out" 2>&1 & WRITER=$!
    sleep "$IDLE"
  fi
  local from; from=$(stat -c %s "$WORK/pg/log")
  T0=$(date +%s%N)
  "$@"
  T1=$(date +%s%N)
  LOG=()
  if [ "$rate" -gt 0 ]; then
    sleep "$(tail_s "$rate")"
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
# Case $2 (floor, cut, workers) of pass $1 (w, n) in run $3, on its own copy of base; one line of runs.tsv.
pg_case() {
  local pass=$1 kind=$2 run=$3 rate=0 db=${2}_${1}${3} load w= idle= stall= ck= av= done= changed= batches= bsize= elapsed= state= paced=
  [ "$pass" = n ] || rate=$RATE
  echo "PostgreSQL run $run/$RUNS, $kind, $([ "$rate" -gt 0 ] && echo "writer at $RATE/s" || echo 'no writer')…" >&2
  "${PSQL[@]}" -d postgres -c "CREATE DATABASE $db TEMPLATE base"
  load=$(bench_load)
  if [ "$kind" = floor ]; then
    "${PSQL[@]}" -d "$db" -c 'ALTER TABLE items ADD COLUMN v bigint'
    pg_run "$rate" "$db" "${PSQL[@]}" -d "$db" -c 'UPDATE items SET v = id * 2'
  else
    rm -rf "$WORK/pgproject"
    project "$WORK/pgproject" "Host=127.0.0.1;Port=$PORT;Username=postgres;Database=$db"
    cd "$WORK/pgproject"
    if [ "$kind" = workers ]; then
      pg_run "$rate" "$db" cutover_up "$WORK/pg-up-$db.log" CUTOVER_BACKFILL_WORKERS="$WORKERS"
    else
      pg_run "$rate" "$db" cutover_up "$WORK/pg-up-$db.log"
    fi
    cd "$ROOT"
    paced=$(paced_counts "$WORK/pg-up-$db.log")
    # The server's own account of the window: a checkpoint or an autovacuum of items would stall writers too.
    ck=$(grep -c 'checkpoint starting' <<<"$SERVER_LOG" || true)
    av=$(grep -Ec "automatic (vacuum|analyze) of table \"$db\\.public\\.items\"" <<<"$SERVER_LOG" || true)
    # Summed over the rows, should several workers keep one each.
    IFS='|' read -r done changed batches bsize elapsed state < <("${PSQL[@]}" -d "$db" -At -c "SELECT sum(rows_done),
      sum(rows_changed), sum(batches), max(batch_size), max(elapsed_ms), string_agg(DISTINCT state, ',') FROM cutover_backfill")
    [ "$state" = done ] || { echo "bench: the PostgreSQL backfill of $db is not done (state '$state')" >&2; exit 1; }
    [ "$done" = "$ROWS" ] || { echo "bench: the PostgreSQL backfill of $db did $done rows of $ROWS" >&2; exit 1; }
  fi
  pg_check "$db"
  if [ "$rate" -gt 0 ]; then
    w=$(latency during "$T0" "$T1" "${LOG[@]}")
    idle=$(latency before "$T0" "$T0" "${LOG[@]}")
    [ "$kind" = floor ] || stall=$(latency stall "$T0" "$T1" "$SLOW_MS" "${LOG[@]}")
  fi
  rec pg "$pass" "$kind" "$run" "$WALL" "$ROWS" "$batches" "$bsize" "$elapsed" "$w" "$idle" "$load" "$ck" "$av" "$stall" "$paced"
  "${PSQL[@]}" -d postgres -c "DROP DATABASE $db WITH (FORCE)"
  rm -f "$WORK"/pgbench_"$db".*
}

PG_PASSES=$(passes "$RATE")
for run in $(seq 1 "$RUNS"); do
  for pass in $PG_PASSES; do
    pg_case "$pass" floor "$run"
    pg_case "$pass" cut "$run"
    if [ "$WORKERS" -gt 1 ]; then pg_case "$pass" workers "$run"; fi
  done
done
bench_pg_stop fast
fi

# ---------------------------------------------------------------- SQLite
if [ "$SQLITE_ROWS" -gt 0 ]; then
mkdir -p "$WORK/sqlite"
for mode in $JOURNALS; do
  echo "SQLite: loading $SQLITE_ROWS rows ($mode journal)…" >&2
  sqlite3 "$WORK/sqlite/base-$mode.db" \
    "CREATE TABLE items (id INTEGER PRIMARY KEY, payload TEXT, w INTEGER NOT NULL DEFAULT 0);
     WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < $SQLITE_ROWS)
     INSERT INTO items (id, payload) SELECT n, printf('%016x%016x', n * 2654435761, n * 40503) FROM g;
     ANALYZE;"
  # The mode is kept in the file, so every copy (floor and cutover) has it; checkpointed, so a copy needs no -wal file.
  if [ "$mode" = wal ]; then
    sqlite3 "$WORK/sqlite/base-$mode.db" "PRAGMA journal_mode=WAL; PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
  fi
  SQLITE_SIZE=$(( $(stat -c %s "$WORK/sqlite/base-$mode.db") / 1048576 ))
done

# Runs "${@:3}" against SQLite file $2 (a fresh copy of a base file) while the python writer writes $1 updates a
# second (none if 0); sets T0, T1, WALL.
sqlite_run() {
  local rate=$1 db=$2; shift 2
  rm -f "$WORK/sqlite/stop"
  if [ "$rate" -gt 0 ]; then
    python3 "$WORK/writer.py" "$db" "$SQLITE_ROWS" "$rate" "$WORK/sqlite/stop" "$db.writer" & WRITER=$!
    sleep "$IDLE"
  fi
  T0=$(date +%s%N)
  "$@"
  T1=$(date +%s%N)
  if [ "$rate" -gt 0 ]; then
    sleep "$(tail_s "$rate")"
    touch "$WORK/sqlite/stop"; wait "$WRITER"; WRITER=
  fi
  WALL=$(ms "$T0" "$T1")
}
sqlite_check() {
  local wrong; wrong=$(sqlite3 "$1" "SELECT count(*) FROM items WHERE v IS NOT id * 2")
  [ "$wrong" = 0 ] || { echo "bench: $wrong rows of $1 were not filled" >&2; exit 1; }
}
# Case $3 (floor, cut) of pass $2 (w, n) in run $4 on a copy of the $1-journal base file; one line of runs.tsv.
sqlite_case() {
  local mode=$1 pass=$2 kind=$3 run=$4 rate=0 load w= idle= done= changed= batches= bsize= elapsed= state= paced=
  local db="$WORK/sqlite/$mode-$kind-$pass$run.db"
  [ "$pass" = n ] || rate=$SQLITE_RATE
  echo "SQLite ($mode) run $run/$RUNS, $kind, $([ "$rate" -gt 0 ] && echo "writer at $SQLITE_RATE/s" || echo 'no writer')…" >&2
  cp "$WORK/sqlite/base-$mode.db" "$db"
  load=$(bench_load)
  if [ "$kind" = floor ]; then
    sqlite3 "$db" "ALTER TABLE items ADD COLUMN v bigint"
    sqlite_run "$rate" "$db" sqlite3 -cmd ".timeout 30000" "$db" "UPDATE items SET v = id * 2"
  else
    rm -rf "$WORK/sqliteproject"
    project "$WORK/sqliteproject" "Data Source=$db"
    cd "$WORK/sqliteproject"
    sqlite_run "$rate" "$db" cutover_up "$WORK/sqlite-up.log"
    cd "$ROOT"
    paced=$(paced_counts "$WORK/sqlite-up.log")
    IFS='|' read -r done changed batches bsize elapsed state < <(sqlite3 "$db" "SELECT sum(rows_done), sum(rows_changed),
      sum(batches), max(batch_size), max(elapsed_ms), group_concat(DISTINCT state) FROM cutover_backfill")
    [ "$state" = done ] || { echo "bench: the SQLite backfill of $db is not done (state '$state')" >&2; exit 1; }
    [ "$done" = "$SQLITE_ROWS" ] || { echo "bench: the SQLite backfill of $db did $done rows of $SQLITE_ROWS" >&2; exit 1; }
  fi
  sqlite_check "$db"
  if [ "$rate" -gt 0 ]; then
    w=$(latency during "$T0" "$T1" "$db.writer")
    idle=$(latency before "$T0" "$T0" "$db.writer")
  fi
  rec "sqlite-$mode" "$pass" "$kind" "$run" "$WALL" "$SQLITE_ROWS" "$batches" "$bsize" "$elapsed" "$w" "$idle" "$load" "" "" "" "$paced"
  rm -f "$db" "$db-wal" "$db-shm" "$db-journal" "$db.writer"
}

SQ_PASSES=$(passes "$SQLITE_RATE")
for run in $(seq 1 "$RUNS"); do
  for mode in $JOURNALS; do
    for pass in $SQ_PASSES; do
      sqlite_case "$mode" "$pass" floor "$run"
      sqlite_case "$mode" "$pass" cut "$run"
    done
  done
done
fi

# ---------------------------------------------------------------- the table
# The summary over the runs (median, min–max, each run's value; how many runs met the targets), then one row per
# case and run, then where the PostgreSQL writer's slow writes fell in each run.
render() {
  R_RUNS=$RUNS R_WORKERS=$WORKERS R_SLOW=$SLOW_MS R_IDLE=$IDLE R_PG_TARGET=$PG_TARGET R_SQ_TARGET=$SQ_TARGET \
    R_ROWS=$ROWS R_SQLITE_ROWS=$SQLITE_ROWS python3 - "$1" <<'PY'
import os, re, statistics, sys
E = os.environ
F = ["engine", "pass", "case", "run", "wall", "rows", "batches", "bsize", "elapsed", "w", "idle", "load", "ck", "av", "stall", "paced"]
recs = [dict(zip(F, l.rstrip("\n").split("\t"))) for l in open(sys.argv[1]) if l.strip()]
runs, workers, slow = int(E["R_RUNS"]), int(E["R_WORKERS"]), float(E["R_SLOW"])
target = {"pg": float(E["R_PG_TARGET"]), "sqlite-delete": float(E["R_SQ_TARGET"]), "sqlite-wal": float(E["R_SQ_TARGET"])}
name = {"pg": f"PostgreSQL, {E['R_ROWS']}", "sqlite-delete": f"SQLite, {E['R_SQLITE_ROWS']}, rollback journal",
        "sqlite-wal": f"SQLite, {E['R_SQLITE_ROWS']}, WAL"}
floor_sql = {"pg": "floor: `psql -c 'UPDATE items SET v = id * 2'` (one transaction)",
             "sqlite-delete": "floor: `sqlite3 app.db 'UPDATE items SET v = id * 2'` (one transaction, .timeout 30000)"}
floor_sql["sqlite-wal"] = floor_sql["sqlite-delete"]
engines = [e for e in ("pg", "sqlite-delete", "sqlite-wal") if any(r["engine"] == e for r in recs)]
has = lambda p: any(r["pass"] == p for r in recs)
def get(e, p, c, run):
    return next((r for r in recs if (r["engine"], r["pass"], r["case"], r["run"]) == (e, p, c, str(run))), None)
def lat(s):   # "p50 / p99 / max ms (n=…" -> (p50, p99, max)
    m = re.match(r"([\d.]+) / ([\d.]+) / ([\d.]+) ms", s or "")
    return tuple(map(float, m.groups())) if m else None
def ratio(e, p, c, run):   # rows per second against the floor's, in the same run and pass
    f, r = get(e, p, "floor", run), get(e, p, c, run)
    return int(f["wall"]) / max(1, int(r["wall"])) if f and r else None
def speedup(e, p, run):    # several workers against one, in the same run and pass
    one, many = get(e, p, "cut", run), get(e, p, "workers", run)
    return int(one["wall"]) / max(1, int(many["wall"])) if one and many else None
def spread(vals, digits, unit="", each=False):
    vals = [v for v in vals if v is not None]
    if not vals:
        return "–"
    f = lambda v: f"{v:.{digits}f}"
    s = f(statistics.median(vals)) + unit
    if len(vals) > 1:
        s += f" ({f(min(vals))}–{f(max(vals))}" + (f"; runs {', '.join(f(v) for v in vals)}" if each else "") + ")"
    return s
R = range(1, runs + 1)
def col(e, p, c, what):
    if not any(get(e, p, c, run) for run in R):
        return "–"
    if what == "wall":
        return spread([int(get(e, p, c, run)["wall"]) for run in R if get(e, p, c, run)], 0, " ms")
    if what == "ratio":
        if c == "floor":
            return "1.00x"
        s = spread([ratio(e, p, c, run) for run in R], 2, "x", each=True)
        if c == "workers":
            s += f"; speed-up over 1 worker {spread([speedup(e, p, run) for run in R], 2, 'x', each=True)}"
        return s
    i = {"p99": 1, "max": 2}[what]
    return spread([(lat(get(e, p, c, run)["w"]) or (None,) * 3)[i] for run in R if get(e, p, c, run)], 1, " ms")
def verdict(e, c):
    t, parts = target[e], []
    for p in ("w", "n"):
        ok = []
        for run in R:
            r, x = get(e, p, c, run), ratio(e, p, c, run)
            if r is None or x is None:
                continue
            l = lat(r["w"])
            ok.append(x >= t and (p == "n" or (l is not None and l[1] < slow)))
        if ok:
            met = f"met in {sum(ok)} of {len(ok)} runs"
            label = f"≥ {t:g}x, p99 < {slow:g} ms" if p == "w" else (f"no writer ≥ {t:g}x" if has("w") else f"≥ {t:g}x")
            parts.append(f"{label}: " + (met if all(ok) else f"**{met}**"))
    return "; ".join(parts) or "–"
def batches(e, c):
    out = []
    for p, label in (("w", "with the writer"), ("n", "without")):
        b = [int(get(e, p, c, run)["batches"]) for run in R if get(e, p, c, run)]
        if b:
            out.append(spread(b, 0) + (f" {label}" if has("w") and has("n") else ""))
    return ", ".join(out)

head = ["engine, rows", "case"]
if has("w"):
    head += ["with the writer: wall time", "ratio to floor (rows/s)", "writer p99", "writer max"]
if has("n"):
    head += ["no writer: wall time", "ratio to floor (rows/s)"]
head += ["target (issue 17)"]
print("| " + " | ".join(head) + " |")
print("|" + "---|" * len(head))
for e in engines:
    cases = [("floor", floor_sql[e]), ("cut", f"`cutover up`: ADD COLUMN, then the backfill; batches {batches(e, 'cut')}")]
    if any(r["engine"] == e and r["case"] == "workers" for r in recs):
        cases.append(("workers", f"`cutover up` with `CUTOVER_BACKFILL_WORKERS={workers}`; batches {batches(e, 'workers')}"))
    if has("w") and any(r["engine"] == e and r["idle"] for r in recs):
        idle = [lat(r["idle"]) for r in recs if r["engine"] == e and r["idle"]]
        cells = [name[e], f"writer alone, {E['R_IDLE']} s before each case ({len(idle)} cases)", "–", "–",
                 spread([l[1] for l in idle], 1, " ms"), spread([l[2] for l in idle], 1, " ms")]
        cells += ["–", "–"] if has("n") else []
        print("| " + " | ".join(cells + ["–"]) + " |")
    for c, label in cases:
        cells = [name[e], label]
        if has("w"):
            cells += [col(e, "w", c, "wall"), col(e, "w", c, "ratio"), col(e, "w", c, "p99"), col(e, "w", c, "max")]
        if has("n"):
            cells += [col(e, "n", c, "wall"), col(e, "n", c, "ratio")]
        cells.append("–" if c == "floor" else verdict(e, c))
        print("| " + " | ".join(cells) + " |")

print()
print("Each run (ratio: the floor's wall time in the same run and pass over the case's; the backfill's own time is "
      "`cutover_backfill.elapsed_ms`, from its first batch to its last, commits and pauses included, without process start and `ADD COLUMN`):")
print()
pg = "pg" in engines   # the server log's column is PostgreSQL's only
print("| engine | run | writer | case | wall time | ratio to floor | batches (last size) | backfill's own time (ratio) "
      "| writer p50 / p99 / max (n) | load average at the start | the pacer's reactions |" + (" checkpoints / autovacuums of items during `up` |" if pg else ""))
print("|" + "---|" * (12 if pg else 11))
label = {"floor": "floor", "cut": "`cutover up`", "workers": f"`cutover up`, {workers} workers"}
for e in engines:
    for run in R:
        for p in ("w", "n"):
            for c in ("floor", "cut", "workers"):
                r = get(e, p, c, run)
                if r is None:
                    continue
                f = get(e, p, "floor", run)
                own = (f"{r['elapsed']} ms ({int(f['wall']) / max(1, int(r['elapsed'])):.2f}x)" if r["elapsed"] and f else "–")
                x = ratio(e, p, c, run)
                print(f"| {name[e]} | {run} | {'yes' if p == 'w' else 'no'} | {label[c]} | {r['wall']} ms | "
                      f"{'–' if x is None else f'{x:.2f}x'} | {r['batches'] + ' (' + r['bsize'] + ')' if r['batches'] else '–'} | "
                      f"{own} | {r['w'] or '–'} | {r['load']} | {r.get('paced') or '–'} |" + (f" {r['ck'] + ' / ' + r['av'] if r['ck'] else '–'} |" if pg else ""))
stalls = [r for r in recs if r["stall"]]
if stalls:
    print()
    print(f"PostgreSQL, from the writer's log during `up`: the one second holding the most writes slower than {slow:g} ms "
          "(a stall of the whole server puts them all in one second, rows held by a batch spread them over the run):")
    print()
    for r in stalls:
        print(f"- run {r['run']}, {label[r['case']]}: {r['stall']}.")
PY
}
WRITERS=$(( RATE > 0 && ROWS > 0 || SQLITE_RATE > 0 && SQLITE_ROWS > 0 ))
{
  printf 'Measured %s on %s cores' "$(date -u +%Y-%m-%d)" "$(nproc)"
  if [ "$ROWS" -gt 0 ]; then
    printf ', PostgreSQL %s on loopback (items: %s rows, %s; max_wal_size %s, checkpoint_timeout %s)' "$(bench_pg_version)" "$ROWS" "$PG_SIZE" "$PG_MAX_WAL" "$PG_CHECKPOINT_TIMEOUT"
  fi
  if [ "$SQLITE_ROWS" -gt 0 ]; then
    printf ', SQLite %s CLI and Microsoft.Data.Sqlite (items: %s rows, %s MB), %s' "$(sqlite3 --version | awk '{print $1}')" \
      "$SQLITE_ROWS" "$SQLITE_SIZE" "$(case "$SQLITE_JOURNAL" in delete) echo 'default journal mode (rollback, delete)';;
        wal) echo 'WAL journal mode';; *) echo 'each case on a file with the rollback journal (delete) and on one in WAL mode';; esac)"
  fi
  printf '; vm.dirty_expire_centisecs=%s%s; Native AOT%s; ' "$DIRTY_NOW" "${DIRTY_EXPIRE_CS:+ (set by DIRTY_EXPIRE_CS for this run)}" "${UP_ENV:+, \`cutover up\` with $UP_ENV}"
  if [ "$RUNS" -gt 1 ]; then
    printf '%s runs of every case, each on a fresh copy of the data, run 1 of every case before run 2; ' "$RUNS"
  else
    printf 'one run of every case, each on a fresh copy of the data; '
  fi
  if [ "$WRITERS" = 0 ]; then
    printf 'no writer.'
  else
    printf 'writer: random rows updated'
    if [ "$ROWS" -gt 0 ]; then
      if [ "$RATE" -gt 0 ]; then printf ' %s times a second by `pgbench -R %s -c %s`' "$RATE" "$RATE" "$CLIENTS"; else printf ' by no writer on PostgreSQL'; fi
    fi
    if [ "$ROWS" -gt 0 ] && [ "$SQLITE_ROWS" -gt 0 ]; then printf ','; fi
    if [ "$SQLITE_ROWS" -gt 0 ]; then
      if [ "$SQLITE_RATE" -gt 0 ]; then printf ' %s times a second by a python3 sqlite3 loop' "$SQLITE_RATE"; else printf ' by no writer on SQLite'; fi
    fi
    printf "; its latency counts from each update's scheduled start"
    if [ "$NOWRITER" = 1 ]; then printf '; every case also ran without a writer in each run.'; else printf '.'; fi
  fi
  echo
  echo
  render "$WORK/runs.tsv"
} > "$WORK/table.md"
cat "$WORK/table.md"
bench_write_section "$SECTION" "$WORK/table.md"
echo "done in $(( $(date +%s) - START )) s" >&2

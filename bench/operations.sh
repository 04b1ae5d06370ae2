#!/usr/bin/env bash
# Story #5 of issue 13: a 30-column users table (ROWS rows on PostgreSQL, SQLITE_ROWS on SQLite) loses its 12 rarely
# read columns to a new 1:1 table user_profiles, while two writers keep writing: one in the OLD shape (updates and
# inserts through users with the 12 columns) and one in the NEW shape (user_profiles plus users' core columns). Two
# cases in the same run, each on its own identical copy of the data:
#   floor:   by hand, one transaction: CREATE TABLE user_profiles, INSERT … SELECT, 12 × DROP COLUMN, COMMIT;
#   cutover: a migration holding `-- cutover:op split-table users to user_profiles (…) key user_id`, then
#            `cutover up` (expand and backfill), `cutover verify <id>`, `cutover complete <id>` (Native AOT).
# Per phase: its duration; each writer's p50/p99/max latency, counted from each write's scheduled start, and its
# errors; on PostgreSQL the longest lock on users that blocks writers, from pg_locks sampled every ~20 ms by another
# connection. Writes one table per engine into <!-- SECTION:start --> … <!-- SECTION:end --> of bench/README.md.
#
#   bench/operations.sh                                 # ROWS=1000000 SQLITE_ROWS=100000 RATE=50 SQLITE_RATE=10
#   ROWS=100000 SQLITE_ROWS=10000 bench/operations.sh   # quick: checks the script, not the targets
#   AOT_DIR=/tmp/aot bench/operations.sh                # with a Native AOT publish of src/Cutover.Cli in /tmp/aot
#   KEEP=/tmp/ops-logs bench/operations.sh              # keeps the writers' logs, the phases, the samples and the server log
set -euo pipefail
ROWS=${ROWS:-1000000}               # PostgreSQL rows; 0 leaves PostgreSQL out
SQLITE_ROWS=${SQLITE_ROWS:-100000}  # SQLite rows; 0 leaves SQLite out
RATE=${RATE:-50}                    # writes per second of EACH PostgreSQL writer (pgbench -R)
CLIENTS=${CLIENTS:-5}               # pgbench connections of each PostgreSQL writer
SQLITE_RATE=${SQLITE_RATE:-10}      # writes per second of each SQLite writer (every SQLite commit is synced)
IDLE=${IDLE:-5}                     # seconds the old-shape writer runs alone before the change (its baseline)
WINDOW=${WINDOW:-10}                # seconds both versions write through the expanded window, before verify
AFTER=${AFTER:-5}                   # seconds the writers go on after COMMIT / complete
SECTION=${SECTION:-operations}
SLOW_MS=50                          # the writers' p99 target
LOCK_MS=1000                        # the longest lock on users allowed
ID=20260101000000                   # the migration's id; PostgreSQL's version schema is cutover_v$ID
NICHE="bio, avatar_url, theme, locale, timezone, twitter, github, website, signature, pronouns, birthday, marketing_opt_in"
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d /tmp/cutover-operations-bench.XXXXXX)
chmod 755 "$WORK"
. "$ROOT/bench/lib/common.sh"
STATS=(python3 "$ROOT/bench/lib/phase_stats.py")
PIDS=()     # the writers, stopped whatever happens
SAMPLER=    # the lock sampler's psql
cleanup() {
  if [ -n "${KEEP:-}" ]; then
    rm -rf "$KEEP"; mkdir -p "$KEEP"
    cp -r "$WORK/log/." "$WORK"/phases-* "$KEEP/" 2>/dev/null || true
    cp "$WORK/pg/log" "$KEEP/postgres.log" 2>/dev/null || true
  fi
  for pid in "${PIDS[@]}" $SAMPLER; do kill "$pid" 2>/dev/null || true; done
  bench_pg_stop immediate
  rm -rf "$WORK"
}
trap cleanup EXIT
bench_require_section "$SECTION"
[ "$ROWS" -gt 0 ] || [ "$SQLITE_ROWS" -gt 0 ] || { echo "bench: ROWS and SQLITE_ROWS are both 0: nothing to measure" >&2; exit 2; }
[ "$RATE" -gt 0 ] && [ "$SQLITE_RATE" -gt 0 ] || { echo "bench: RATE and SQLITE_RATE must be above 0: the writers are what this measures" >&2; exit 2; }
[ "$SQLITE_ROWS" -eq 0 ] || command -v sqlite3 >/dev/null || { echo "bench: the sqlite3 CLI is missing (apt-get install sqlite3)" >&2; exit 2; }
START=$(date +%s)
bench_aot
mkdir -p "$WORK/log"
# Machine-wide I/O stalls (Linux PSI), to tell them apart from waits Cutover causes with its locks and triggers.
if [ -r /proc/pressure/io ]; then
  python3 "$ROOT/bench/lib/io_pressure.py" "$WORK/log/io.pressure" & PIDS+=($!)
  export STALLS=$WORK/log/io.pressure
fi

now() { date +%s%N; }
ms() { echo $(( ($2 - $1) / 1000000 )); }
fail() { echo "bench: $*" >&2; exit 1; }

# Phases of the case in hand: "name t0_ns t1_ns" lines in $PHASES. `phase NAME CMD…` times CMD; `mark NAME T0`
# records a phase that began at T0 and ends now (a writer running alone, or a wait).
phase() { local name=$1 t0; shift; t0=$(now); "$@"; echo "$name $t0 $(now)" >> "$PHASES"; }
mark() { echo "$1 $2 $(now)" >> "$PHASES"; }
t0_of() { awk -v n="$1" '$1 == n { print $2 }' "$PHASES"; }
t1_of() { awk -v n="$1" '$1 == n { print $3 }' "$PHASES"; }
took() { ms "$(t0_of "$1")" "$(t1_of "$1")"; }

# A project for the database at connection string $2 in folder $1, adopted with `cutover baseline` (Cutover's own
# tables exist before the clock starts, as in any database it has migrated before), with the split-table migration.
# `up --dry-run` renders every phase of the operation against the live schema: a CLI that does not know the operation
# or refuses it for this table stops the run here, before minutes of measuring.
project() {
  mkdir -p "$1/migrations"
  printf '{ "connection": "%s", "migrations": "migrations" }\n' "$2" > "$1/cutover.json"
  (cd "$1" && "$AOT" baseline --id 20251231000000 >/dev/null)
  cat > "$1/migrations/${ID}_split_users.sql" <<SQL
-- why: benchmark (story #5): the 12 rarely read columns of users move to user_profiles
-- cutover:op split-table users to user_profiles ($NICHE) key user_id
SQL
  (cd "$1" && "$AOT" up --dry-run > "$WORK/dry-run.log" 2>&1) || {
    cat "$WORK/dry-run.log" >&2
    fail "the CLI refused the split-table operation (\`cutover up --dry-run\` above): this benchmark needs it"
  }
}
# `cutover <args>` in the project in the current directory, its output kept in $WORK/log/<first arg>-<engine>.log.
cutover() {
  local out="$WORK/log/$1-$ENGINE.log"
  local rc=0
  "$AOT" "$@" > "$out" 2>&1 || rc=$?
  [ "$rc" = 0 ] || { cat "$out" >&2; fail "\`cutover $*\` failed on $ENGINE (exit $rc)"; }
}

# The floor's SQL, one transaction: $1 is the key's type on the engine, $2 the definitions of the 12 columns.
floor_sql() {
  echo "BEGIN;"
  echo "CREATE TABLE user_profiles (user_id $1 PRIMARY KEY REFERENCES users (id), $2);"
  echo "INSERT INTO user_profiles (user_id, $NICHE) SELECT id, $NICHE FROM users;"
  for c in ${NICHE//,/}; do echo "ALTER TABLE users DROP COLUMN $c;"; done
  echo "COMMIT;"
}
# Both cases must end in the same place: users without the 12 columns, and every user with its profile.
check_shape() {  # $1 engine label, $2 columns of users, $3 users without a profile
  [ "$2" = 18 ] || fail "$1: users has $2 columns after the change, not 18"
  [ "$3" = 0 ] || fail "$1: $3 users have no row in user_profiles after the change"
}

# ---------------------------------------------------------------- report helpers
# One writer's cell for phase window [t0, t1]: sets CELL, P99, ERR (errors other than "column gone"), GONE.
writer_cell() {
  local t0=$1 t1=$2; shift 2
  local out
  out=$("${STATS[@]}" writer "$t0" "$t1" "$@") || fail "no latency figures for a writer (above)"
  IFS=$'\t' read -r CELL P99 ERR GONE CALM CAUGHT <<<"$out"
  GONE=${GONE:-0}
  ERR=$(( ERR - GONE ))
  local errors="$ERR errors"
  [ "$GONE" -gt 0 ] && errors="$errors + $GONE on the dropped columns (expected: the old shape is gone)"
  CELL="$CELL, $errors"
}
verdict() { if [ "$1" = 1 ]; then echo met; else echo '**missed**'; fi; }
row() { printf '| %s | %s | %s | %s | %s | %s |\n' "$@"; }
ratio() { python3 -c 'import sys; print(f"{int(sys.argv[1]) / max(1, int(sys.argv[2])):.2f}x")' "$1" "$2"; }
rate() { echo $(( $1 * 1000 / ($2 > 0 ? $2 : 1) )); }

# The rows of one case: $1 label, then the files of the old and the new writer in OLD_FILES / NEW_FILES, the
# lock samples in $LOCKS (PostgreSQL) or none, and the phases in $PHASES. The new writer is measured from
# the phase named $NEW_FROM on. Sets LIFE_LOCK, the longest lock held from expand through complete.
case_rows() {
  local label=$1 name t0 t1 old new lock held out started=0 seconds
  LIFE_LOCK=0
  while read -r name t0 t1; do
    writer_cell "$t0" "$t1" "${OLD_FILES[@]}"; old=$CELL
    [ "$name" = "$NEW_FROM" ] && started=1
    if [ "$started" = 1 ]; then writer_cell "$t0" "$t1" "${NEW_FILES[@]}"; new=$CELL; else new="not started: ${NOT_STARTED}"; fi
    lock="–"
    if [ -n "${LOCKS:-}" ]; then
      out=$("${STATS[@]}" locks "$t0" "$t1" "$LOCKS") || fail "no lock figures (above)"
      IFS=$'\t' read -r lock held _ _ <<<"$out"
      case "$name" in expand|window|verify|complete) [ "$held" -gt "$LIFE_LOCK" ] && LIFE_LOCK=$held ;; esac
    fi
    seconds=$(ms "$t0" "$t1")
    row "$label" "$(describe "$name")" "$seconds ms$(extra "$name")" "$old" "$new" "$lock"
  done < "$PHASES"
}

# ---------------------------------------------------------------- PostgreSQL
if [ "$ROWS" -gt 0 ]; then
ENGINE=postgres
echo "starting PostgreSQL and loading $ROWS users…" >&2
bench_pg_start -c max_wal_size=16GB -c checkpoint_timeout=1h -c log_checkpoints=on -c log_autovacuum_min_duration=0
"${PSQL[@]}" -d postgres -c 'CREATE DATABASE base'
"${PSQL[@]}" -d base <<SQL
CREATE SEQUENCE bench_user_ids START $(( ROWS + 1 ));
CREATE TABLE users (
  id bigint PRIMARY KEY, email text NOT NULL, name text NOT NULL, password_hash text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(), last_login_at timestamptz,
  status text NOT NULL DEFAULT 'active', role text NOT NULL DEFAULT 'member', plan text NOT NULL DEFAULT 'free',
  country text, phone text, company text, login_count integer NOT NULL DEFAULT 0, score integer NOT NULL DEFAULT 0,
  is_verified boolean NOT NULL DEFAULT false, referral_code text, deleted_at timestamptz,
  bio text, avatar_url text, theme text NOT NULL DEFAULT 'light', locale text, timezone text, twitter text, github text,
  website text, signature text, pronouns text, birthday date, marketing_opt_in boolean NOT NULL DEFAULT false);
INSERT INTO users SELECT g, 'user' || g || '@example.com', 'User ' || g, md5(g::text),
  now() - (g % 1000) * interval '1 day', now() - (g % 100) * interval '1 hour',
  CASE WHEN g % 3 > 0 THEN now() - (g % 50) * interval '1 day' END, 'active', CASE WHEN g % 50 = 0 THEN 'admin' ELSE 'member' END,
  (ARRAY['free', 'pro', 'team'])[1 + g % 3], (ARRAY['DE', 'FR', 'US', 'JP', 'BR'])[1 + g % 5], '+1555' || lpad((g % 10000000)::text, 7, '0'),
  CASE WHEN g % 4 = 0 THEN 'Company ' || (g % 5000) END, g % 300, g % 1000, g % 7 <> 0, substr(md5((g * 7)::text), 1, 10), NULL,
  'Hello, I am user ' || g || '. ' || md5((g * 3)::text), 'https://cdn.example.com/avatars/' || md5((g * 5)::text) || '.png',
  CASE WHEN g % 2 = 0 THEN 'dark' ELSE 'light' END, (ARRAY['en-US', 'de-DE', 'fr-FR', 'ja-JP'])[1 + g % 4],
  (ARRAY['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Tokyo'])[1 + g % 4], '@user' || g, 'user' || g,
  'https://user' || g || '.example.com', '-- user ' || g, (ARRAY['she/her', 'he/him', 'they/them', NULL])[1 + g % 4],
  date '1970-01-01' + (g % 15000), g % 5 = 0
FROM generate_series(1, $ROWS) g;
VACUUM ANALYZE users;
SQL
PG_SIZE=$("${PSQL[@]}" -d base -At -c "SELECT pg_size_pretty(pg_total_relation_size('users'))")

# The writers: pgbench scripts of DO blocks. A statement error would end a pgbench client (and its share of the
# writes); inside a DO block it is caught, the transaction's work undone, and reported as a WARNING with its time and
# SQLSTATE on pgbench's stderr, where phase_stats.py counts it in the phase it happened in. Each block is one
# transaction; its latency, from its scheduled start (-R), is in pgbench's -l log either way.
do_block() {  # $1 declarations, $2 statements
  printf 'DO $$ %s BEGIN\n%s\nEXCEPTION WHEN OTHERS THEN RAISE WARNING '"'"'bench-error %% %% %%'"'"', extract(epoch FROM clock_timestamp()), SQLSTATE, SQLERRM;\nEND $$;\n' "$1" "$2"
}
NICHE_VALUES="'bio of ' || i, 'https://cdn.example.com/a/' || i || '.png', 'dark', 'en-US', 'UTC', '@u' || i, 'u' || i, 'https://u' || i || '.example.com', '-- ' || i, 'they/them', date '1990-01-01', random() < 0.2"
CORE_VALUES="i, 'user' || i || '@example.com', 'User ' || i, md5(i::text)"
{ printf '\\set id random(1, %d)\n' "$ROWS"
  do_block "" "UPDATE users SET bio = 'bio ' || md5(random()::text), theme = CASE WHEN theme = 'dark' THEN 'light' ELSE 'dark' END, website = 'https://' || md5(random()::text) || '.example.com', updated_at = now(), login_count = login_count + 1 WHERE id = :id;"
} > "$WORK/old_update.sql"
do_block "DECLARE i bigint := nextval('bench_user_ids');" "INSERT INTO users (id, email, name, password_hash, $NICHE) VALUES ($CORE_VALUES, $NICHE_VALUES);" > "$WORK/old_insert.sql"
{ printf '\\set id random(1, %d)\n' "$ROWS"
  do_block "" "UPDATE user_profiles SET bio = 'bio ' || md5(random()::text), theme = CASE WHEN theme = 'dark' THEN 'light' ELSE 'dark' END, locale = 'de-DE' WHERE user_id = :id;
UPDATE users SET last_login_at = now(), login_count = login_count + 1 WHERE id = :id;"
} > "$WORK/new_update.sql"
do_block "DECLARE i bigint := nextval('bench_user_ids');" "INSERT INTO users (id, email, name, password_hash) VALUES ($CORE_VALUES);
INSERT INTO user_profiles (user_id, $NICHE) VALUES (i, $NICHE_VALUES);" > "$WORK/new_insert.sql"

# pg_writer DB SHAPE [search_path]: four updates to one insert, RATE a second over CLIENTS connections, until stopped.
pg_writer() {
  local prefix="$WORK/log/$1_$2"
  PGOPTIONS=${3:+-c search_path=$3} "$PGBIN/pgbench" -n -h 127.0.0.1 -p "$PORT" -U postgres \
    -f "$WORK/$2_update.sql@4" -f "$WORK/$2_insert.sql@1" -R "$RATE" -c "$CLIENTS" -j 1 -T 86400 \
    -l --log-prefix="$prefix" "$1" > "$prefix.out" 2> "$prefix.err" & PIDS+=($!)
}
# Stops the writers after a few more seconds (pgbench buffers its log; the tail must cover the last phase).
pg_stop_writers() {
  sleep $(( RATE >= 50 ? 4 : 200 / RATE + 1 ))
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  PIDS=()
  if grep -l aborted "$WORK/log/$1"_*.out 2>/dev/null; then fail "a pgbench client aborted on $1 (its output above): the writer's log is incomplete"; fi
}
# The lock sampler: from the postgres database, every ~20 ms, the locks on database $1's users that block writers
# (Share, ShareRowExclusive, Exclusive, AccessExclusive), granted or waited for, plus a row with no lock as the
# sample's heartbeat; committed each time so that stopping it loses nothing.
pg_sampler() {
  local db rel
  db=$("${PSQL[@]}" -d postgres -At -c "SELECT oid FROM pg_database WHERE datname = '$1'")
  rel=$("${PSQL[@]}" -d "$1" -At -c "SELECT 'users'::regclass::oid")
  "${PSQL[@]}" -d postgres -c "SET client_min_messages = warning" -c "DROP TABLE IF EXISTS lock_samples, lock_stop" \
    -c "CREATE TABLE lock_samples (at float8, pid int, vxid text, mode text, granted bool)" -c "CREATE TABLE lock_stop ()"
  PGOPTIONS='-c synchronous_commit=off' "${PSQL[@]}" -d postgres -c "DO \$\$ DECLARE t float8; BEGIN LOOP
    t := extract(epoch FROM clock_timestamp());
    INSERT INTO lock_samples VALUES (t, NULL, NULL, NULL, NULL);
    INSERT INTO lock_samples SELECT t, pid, virtualtransaction, mode, granted FROM pg_locks
      WHERE locktype = 'relation' AND database = $db AND relation = $rel
        AND mode IN ('ShareLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock');
    COMMIT;
    EXIT WHEN EXISTS (SELECT FROM lock_stop);
    PERFORM pg_sleep(0.02);
  END LOOP; END \$\$" & SAMPLER=$!
}
pg_sampler_stop() {
  "${PSQL[@]}" -d postgres -c "INSERT INTO lock_stop DEFAULT VALUES"
  wait "$SAMPLER" || fail "the lock sampler failed"
  "${PSQL[@]}" -d postgres -At -F'|' -c "SELECT at, pid, vxid, mode, granted FROM lock_samples ORDER BY at" > "$1"
}
pg_shape() {
  check_shape "PostgreSQL $1" "$("${PSQL[@]}" -d "$1" -At -c "SELECT count(*) FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'users'")" \
    "$("${PSQL[@]}" -d "$1" -At -c "SELECT count(*) FROM users u WHERE NOT EXISTS (SELECT FROM user_profiles p WHERE p.user_id = u.id)")"
}

# The project first: a CLI without the operation fails the run before the floor is measured.
"${PSQL[@]}" -d postgres -c 'CREATE DATABASE cut TEMPLATE base' -c 'CREATE DATABASE floor TEMPLATE base'
project "$WORK/pgproject" "Host=127.0.0.1;Port=$PORT;Username=postgres;Database=cut"
floor_sql bigint "bio text, avatar_url text, theme text NOT NULL DEFAULT 'light', locale text, timezone text, twitter text, github text, website text, signature text, pronouns text, birthday date, marketing_opt_in boolean NOT NULL DEFAULT false" > "$WORK/floor.sql"

echo "PostgreSQL floor: one transaction…" >&2
PHASES=$WORK/phases-pg-floor
PG_LOAD=$(bench_load)
"${PSQL[@]}" -d postgres -c CHECKPOINT
pg_sampler floor
pg_writer floor old
t=$(now); sleep "$IDLE"; mark idle "$t"
phase floor "${PSQL[@]}" -d floor -f "$WORK/floor.sql"
pg_writer floor new
t=$(now); sleep "$AFTER"; mark after "$t"
pg_stop_writers floor
pg_sampler_stop "$WORK/log/floor.locks"
pg_shape floor
PG_FLOOR_MS=$(took floor)
PG_FLOOR_PHASES=$PHASES

echo "PostgreSQL: cutover up, verify, complete…" >&2
PHASES=$WORK/phases-pg-cut
PG_CUT_LOAD=$(bench_load)
cd "$WORK/pgproject"
"${PSQL[@]}" -d postgres -c CHECKPOINT
pg_sampler cut
pg_writer cut old
t=$(now); sleep "$IDLE"; mark idle "$t"
phase expand cutover up
# The new version reads and writes through the migration's schema of views from here on (after complete the
# schema is gone and the same search_path finds the tables themselves).
pg_writer cut new "cutover_v$ID,public"
t=$(now); sleep "$WINDOW"; mark window "$t"
phase verify cutover verify "$ID"
phase complete cutover complete "$ID"
t=$(now); sleep "$AFTER"; mark after "$t"
pg_stop_writers cut
pg_sampler_stop "$WORK/log/cut.locks"
cd "$ROOT"
pg_shape cut
grep -q ' 0 mismatching' "$WORK/log/verify-postgres.log" || { cat "$WORK/log/verify-postgres.log" >&2; fail "PostgreSQL verify did not report 0 mismatching rows"; }
PG_VERIFY=$(head -n 1 "$WORK/log/verify-postgres.log")
IFS='|' read -r PG_DONE PG_BATCHES PG_ELAPSED PG_STATE < <("${PSQL[@]}" -d cut -At \
  -c "SELECT rows_done, batches, elapsed_ms, state FROM cutover_backfill ORDER BY elapsed_ms DESC LIMIT 1")
[ "$PG_STATE" = done ] || fail "the PostgreSQL backfill is not done (state '$PG_STATE')"
PG_CUT_PHASES=$PHASES
PG_SERVER_LOG=$(grep -Ec 'checkpoint starting|automatic (vacuum|analyze) of table "cut\.public\.(users|user_profiles)"' "$WORK/pg/log" || true)
bench_pg_stop fast
fi

# ---------------------------------------------------------------- SQLite
if [ "$SQLITE_ROWS" -gt 0 ]; then
ENGINE=sqlite
echo "SQLite: loading $SQLITE_ROWS users…" >&2
mkdir -p "$WORK/sqlite"
sqlite3 "$WORK/sqlite/base.db" <<SQL
CREATE TABLE users (
  id INTEGER PRIMARY KEY, email TEXT NOT NULL, name TEXT NOT NULL, password_hash TEXT NOT NULL,
  created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP, updated_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP, last_login_at TEXT,
  status TEXT NOT NULL DEFAULT 'active', role TEXT NOT NULL DEFAULT 'member', plan TEXT NOT NULL DEFAULT 'free',
  country TEXT, phone TEXT, company TEXT, login_count INTEGER NOT NULL DEFAULT 0, score INTEGER NOT NULL DEFAULT 0,
  is_verified BOOLEAN NOT NULL DEFAULT 0, referral_code TEXT, deleted_at TEXT,
  bio TEXT, avatar_url TEXT, theme TEXT NOT NULL DEFAULT 'light', locale TEXT, timezone TEXT, twitter TEXT, github TEXT,
  website TEXT, signature TEXT, pronouns TEXT, birthday DATE, marketing_opt_in BOOLEAN NOT NULL DEFAULT 0);
WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < $SQLITE_ROWS)
INSERT INTO users SELECT n, 'user' || n || '@example.com', 'User ' || n, printf('%016x%016x', n * 2654435761, n * 40503),
  datetime('now', '-' || (n % 1000) || ' days'), datetime('now', '-' || (n % 100) || ' hours'),
  CASE WHEN n % 3 > 0 THEN datetime('now', '-' || (n % 50) || ' days') END, 'active', CASE WHEN n % 50 = 0 THEN 'admin' ELSE 'member' END,
  CASE n % 3 WHEN 0 THEN 'free' WHEN 1 THEN 'pro' ELSE 'team' END, substr('DEFRUSJPBR', 1 + 2 * (n % 5), 2), printf('+1555%07d', n % 10000000),
  CASE WHEN n % 4 = 0 THEN 'Company ' || (n % 5000) END, n % 300, n % 1000, n % 7 <> 0, printf('%010x', n * 7919), NULL,
  'Hello, I am user ' || n || '. ' || printf('%016x', n * 48271), 'https://cdn.example.com/avatars/' || printf('%016x', n * 69621) || '.png',
  CASE WHEN n % 2 = 0 THEN 'dark' ELSE 'light' END, CASE n % 4 WHEN 0 THEN 'en-US' WHEN 1 THEN 'de-DE' WHEN 2 THEN 'fr-FR' ELSE 'ja-JP' END,
  CASE n % 4 WHEN 0 THEN 'UTC' WHEN 1 THEN 'Europe/Berlin' WHEN 2 THEN 'America/New_York' ELSE 'Asia/Tokyo' END, '@user' || n, 'user' || n,
  'https://user' || n || '.example.com', '-- user ' || n, CASE n % 4 WHEN 0 THEN 'she/her' WHEN 1 THEN 'he/him' WHEN 2 THEN 'they/them' END,
  date('1970-01-01', '+' || (n % 15000) || ' days'), n % 5 = 0
FROM g;
ANALYZE;
SQL
SQ_SIZE=$(( $(stat -c %s "$WORK/sqlite/base.db") / 1048576 ))
cp "$WORK/sqlite/base.db" "$WORK/sqlite/floor.db"
cp "$WORK/sqlite/base.db" "$WORK/sqlite/cut.db"
project "$WORK/sqliteproject" "Data Source=$WORK/sqlite/cut.db"
floor_sql INTEGER "bio TEXT, avatar_url TEXT, theme TEXT NOT NULL DEFAULT 'light', locale TEXT, timezone TEXT, twitter TEXT, github TEXT, website TEXT, signature TEXT, pronouns TEXT, birthday DATE, marketing_opt_in BOOLEAN NOT NULL DEFAULT 0" \
  | sed 's/^BEGIN;/BEGIN IMMEDIATE;/' > "$WORK/floor-sqlite.sql"

# sqlite_writer DB SHAPE: a python3 sqlite3 writer (bench/lib/sqlite_writer.py) until $WORK/sqlite/stop appears.
sqlite_writer() {
  python3 "$ROOT/bench/lib/sqlite_writer.py" "$WORK/sqlite/$1.db" "$2" "$SQLITE_ROWS" "$SQLITE_RATE" "$WORK/sqlite/stop" "$WORK/log/sqlite_$1_$2.writer" & PIDS+=($!)
}
sqlite_stop_writers() {
  sleep 1; touch "$WORK/sqlite/stop"
  for pid in "${PIDS[@]}"; do wait "$pid" || fail "a SQLite writer failed"; done
  PIDS=(); rm -f "$WORK/sqlite/stop"
}
sqlite_shape() {
  check_shape "SQLite $1" "$(sqlite3 "$WORK/sqlite/$1.db" "SELECT count(*) FROM pragma_table_info('users')")" \
    "$(sqlite3 "$WORK/sqlite/$1.db" "SELECT count(*) FROM users u WHERE NOT EXISTS (SELECT 1 FROM user_profiles p WHERE p.user_id = u.id)")"
}

echo "SQLite floor: one transaction…" >&2
PHASES=$WORK/phases-sqlite-floor
SQ_LOAD=$(bench_load)
sqlite_writer floor old
t=$(now); sleep "$IDLE"; mark idle "$t"
phase floor sqlite3 -bail -cmd ".timeout 30000" "$WORK/sqlite/floor.db" ".read $WORK/floor-sqlite.sql"
sqlite_writer floor new
t=$(now); sleep "$AFTER"; mark after "$t"
sqlite_stop_writers
sqlite_shape floor
SQ_FLOOR_MS=$(took floor)
SQ_FLOOR_PHASES=$PHASES

echo "SQLite: cutover up, verify, complete…" >&2
PHASES=$WORK/phases-sqlite-cut
SQ_CUT_LOAD=$(bench_load)
cd "$WORK/sqliteproject"
sqlite_writer cut old
t=$(now); sleep "$IDLE"; mark idle "$t"
phase expand cutover up
sqlite_writer cut new
t=$(now); sleep "$WINDOW"; mark window "$t"
phase verify cutover verify "$ID"
phase complete cutover complete "$ID"
t=$(now); sleep "$AFTER"; mark after "$t"
sqlite_stop_writers
cd "$ROOT"
sqlite_shape cut
grep -q ' 0 mismatching' "$WORK/log/verify-sqlite.log" || { cat "$WORK/log/verify-sqlite.log" >&2; fail "SQLite verify did not report 0 mismatching rows"; }
SQ_VERIFY=$(head -n 1 "$WORK/log/verify-sqlite.log")
IFS='|' read -r SQ_DONE SQ_BATCHES SQ_ELAPSED SQ_STATE < <(sqlite3 "$WORK/sqlite/cut.db" \
  "SELECT rows_done, batches, elapsed_ms, state FROM cutover_backfill ORDER BY elapsed_ms DESC LIMIT 1")
[ "$SQ_STATE" = done ] || fail "the SQLite backfill is not done (state '$SQ_STATE')"
SQ_CUT_PHASES=$PHASES
fi

# ---------------------------------------------------------------- the tables
describe() {
  case "$CASE/$1" in
    floor/idle) echo "old-shape writer alone, ${IDLE} s before" ;;
    floor/floor) echo "one transaction: CREATE TABLE user_profiles, INSERT … SELECT, 12 × DROP COLUMN, COMMIT" ;;
    floor/after) echo "after COMMIT, ${AFTER} s" ;;
    cut/idle) echo "old-shape writer alone, ${IDLE} s before" ;;
    cut/expand) echo "\`cutover up\`: expand (user_profiles, triggers, views) and the backfill in $BATCHES batches" ;;
    cut/window) echo "expanded, both versions writing, ${WINDOW} s" ;;
    cut/verify) echo "\`cutover verify $ID\`" ;;
    cut/complete) echo "\`cutover complete $ID\` (archive, drop the old shape)" ;;
    cut/after) echo "after complete, ${AFTER} s" ;;
  esac
}
extra() {
  case "$CASE/$1" in
    floor/floor) echo " ($(rate "$ROWS_NOW" "$FLOOR_MS") rows/s)" ;;
    cut/expand) echo " ($(rate "$ROWS_NOW" "$(took expand)") rows/s, $(ratio "$FLOOR_MS" "$(took expand)") the floor's)" ;;
  esac
}
# The whole lifecycle, expand through complete, against the targets: no writer error (other than an old-shape write
# after complete dropped its columns), p99 under SLOW_MS for each writer, no lock on users held over LOCK_MS (PostgreSQL),
# expand and backfill at least half the floor's throughput.
lifecycle_row() {
  local t0 t1 tn old new errors=0 slow=1 calm=1 caught=0 target
  t0=$(t0_of expand); t1=$(t1_of complete); tn=$(t0_of window)
  writer_cell "$t0" "$t1" "${OLD_FILES[@]}"; old=$CELL; errors=$(( errors + ERR ))
  python3 -c "import sys; sys.exit(float(sys.argv[1]) >= $SLOW_MS)" "$P99" || slow=0
  [ "${CAUGHT:-0}" -gt 0 ] && { old="$old; p99 $CALM ms without the $CAUGHT write(s) caught in machine-wide I/O stalls"; caught=$(( caught + CAUGHT )); }
  python3 -c "import sys; sys.exit(float(sys.argv[1]) >= $SLOW_MS)" "${CALM:-$P99}" || calm=0
  writer_cell "$tn" "$t1" "${NEW_FILES[@]}"; new="$CELL (from the end of expand)"; errors=$(( errors + ERR ))
  python3 -c "import sys; sys.exit(float(sys.argv[1]) >= $SLOW_MS)" "$P99" || slow=0
  [ "${CAUGHT:-0}" -gt 0 ] && { new="$new; p99 $CALM ms without the $CAUGHT write(s) caught in machine-wide I/O stalls"; caught=$(( caught + CAUGHT )); }
  python3 -c "import sys; sys.exit(float(sys.argv[1]) >= $SLOW_MS)" "${CALM:-$P99}" || calm=0
  target="0 errors: $(verdict $(( errors == 0 ))); p99 < $SLOW_MS ms: $(verdict $slow)"
  [ -n "${STALLS:-}" ] && [ "$caught" -gt 0 ] && target="$target ($(verdict $calm | tr -d '*') without the writes caught in machine-wide I/O stalls)"
  local lock="–"
  if [ -n "${LOCKS:-}" ]; then
    lock="longest held: $LIFE_LOCK ms"
    target="$target; lock < $LOCK_MS ms: $(verdict $(( LIFE_LOCK < LOCK_MS )))"
    STEP=$("${STATS[@]}" locks "$t0" "$t1" "$LOCKS" | cut -f4)
  fi
  target="$target; throughput ≥ 0.5x: $(verdict "$(python3 -c "print(int($FLOOR_MS / max(1, $(took expand)) >= 0.5))")")"
  row "$1" "**whole lifecycle, expand → complete** (targets: $target)" "$(ms "$t0" "$t1") ms" "$old" "$new" "$lock"
}
header() {
  echo "| engine, rows | case: phase | duration | old-shape writer p50 / p99 / max, errors | new-shape writer p50 / p99 / max, errors | longest lock on users (blocking writers) |"
  echo "|---|---|---|---|---|---|"
}
{
  printf 'Measured %s on %s cores, Native AOT, one run; writers: an old-shape and a new-shape one, four updates to one insert each' "$(date -u +%Y-%m-%d)" "$(nproc)"
  [ "$ROWS" -gt 0 ] && printf '; PostgreSQL %s on loopback, users %s rows (%s), each writer `pgbench -R %s -c %s`, load average %s at the start of its floor' \
    "$(bench_pg_version)" "$ROWS" "$PG_SIZE" "$RATE" "$CLIENTS" "$PG_LOAD"
  [ "$SQLITE_ROWS" -gt 0 ] && printf '; SQLite %s, users %s rows (%s MB), default journal mode, each writer a python3 sqlite3 loop at %s a second, load average %s at the start of its floor' \
    "$(sqlite3 --version | awk '{print $1}')" "$SQLITE_ROWS" "$SQ_SIZE" "$SQLITE_RATE" "$SQ_LOAD"
  echo .
  echo
  if [ "$ROWS" -gt 0 ]; then
    header
    ROWS_NOW=$ROWS; FLOOR_MS=$PG_FLOOR_MS; BATCHES=$PG_BATCHES; NEW_FROM=after
    OLD_FILES=("$WORK"/log/floor_old.[0-9]* "$WORK/log/floor_old.err"); NEW_FILES=("$WORK"/log/floor_new.[0-9]* "$WORK/log/floor_new.err")
    CASE=floor PHASES=$PG_FLOOR_PHASES LOCKS=$WORK/log/floor.locks NOT_STARTED="user_profiles appears at COMMIT" case_rows "PostgreSQL, $ROWS"
    NEW_FROM=window
    OLD_FILES=("$WORK"/log/cut_old.[0-9]* "$WORK/log/cut_old.err"); NEW_FILES=("$WORK"/log/cut_new.[0-9]* "$WORK/log/cut_new.err")
    CASE=cut PHASES=$PG_CUT_PHASES LOCKS=$WORK/log/cut.locks NOT_STARTED="its shape is created by expand" case_rows "PostgreSQL, $ROWS"
    PHASES=$PG_CUT_PHASES LOCKS=$WORK/log/cut.locks lifecycle_row "PostgreSQL, $ROWS"
    echo
    printf 'PostgreSQL: the backfill (from `cutover_backfill`) copied %s rows in %s batches, elapsed_ms %s (%s rows/s, %s the floor'"'"'s); verify: %s; pg_locks %s through the lifecycle; load average %s at the start of the Cutover case; the server logged %s checkpoint(s) and autovacuum/autoanalyze run(s) of users or user_profiles during the run; %s from expand through complete.\n' \
      "$PG_DONE" "$PG_BATCHES" "$PG_ELAPSED" "$(rate "$PG_DONE" "$PG_ELAPSED")" "$(ratio "$PG_FLOOR_MS" "$PG_ELAPSED")" "$PG_VERIFY" "$STEP" "$PG_CUT_LOAD" "$PG_SERVER_LOG" \
      "$(PHASES=$PG_CUT_PHASES; "${STATS[@]}" stalls "$(t0_of expand)" "$(t1_of complete)")"
    echo
  fi
  if [ "$SQLITE_ROWS" -gt 0 ]; then
    header
    ROWS_NOW=$SQLITE_ROWS; FLOOR_MS=$SQ_FLOOR_MS; BATCHES=$SQ_BATCHES; NEW_FROM=after
    OLD_FILES=("$WORK/log/sqlite_floor_old.writer"); NEW_FILES=("$WORK/log/sqlite_floor_new.writer")
    CASE=floor PHASES=$SQ_FLOOR_PHASES LOCKS= NOT_STARTED="user_profiles appears at COMMIT" case_rows "SQLite, $SQLITE_ROWS"
    NEW_FROM=window
    OLD_FILES=("$WORK/log/sqlite_cut_old.writer"); NEW_FILES=("$WORK/log/sqlite_cut_new.writer")
    CASE=cut PHASES=$SQ_CUT_PHASES LOCKS= NOT_STARTED="its shape is created by expand" case_rows "SQLite, $SQLITE_ROWS"
    PHASES=$SQ_CUT_PHASES LOCKS= lifecycle_row "SQLite, $SQLITE_ROWS"
    echo
    printf 'SQLite: the backfill copied %s rows in %s batches, elapsed_ms %s (%s rows/s, %s the floor'"'"'s); verify: %s; load average %s at the start of the Cutover case; %s from expand through complete.\n' \
      "$SQ_DONE" "$SQ_BATCHES" "$SQ_ELAPSED" "$(rate "$SQ_DONE" "$SQ_ELAPSED")" "$(ratio "$SQ_FLOOR_MS" "$SQ_ELAPSED")" "$SQ_VERIFY" "$SQ_CUT_LOAD" \
      "$(PHASES=$SQ_CUT_PHASES; "${STATS[@]}" stalls "$(t0_of expand)" "$(t1_of complete)")"
  fi
} > "$WORK/table.md"
cat "$WORK/table.md"
bench_write_section "$SECTION" "$WORK/table.md"
echo "done in $(( $(date +%s) - START )) s" >&2

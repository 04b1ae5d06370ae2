#!/usr/bin/env bash
# The dashboard's page time (issue 15): with 1,000 migrations and 10,000 audit entries, each page's server time is
# under 200 ms. On SQLite and on PostgreSQL: 1,000 migration files applied by the real `cutover up` (Native AOT), of
# which one fails and four stay pending behind it, with a backfill, an operation migration in its window and a
# rollout among them; the audit log brought to 10,000 entries by real activity (`down`/`up` cycles over the plain
# migrations, then `rollout` changes). Then `cutover serve` answers every page N times, round after round, and the
# script reads each answer's `Server-Timing: app;dur=` header (the page handler's time, set by the dashboard) and
# curl's time_total. The floor in the same run: the same server answering a small embedded asset (no database read),
# and the whole `cutover status` process. Writes the table into bench/README.md.
#
#   bench/dashboard.sh              # N=50
#   N=10 bench/dashboard.sh         # quicker
#   AOT_DIR=/tmp/aot bench/dashboard.sh   # reuse a Native AOT publish of src/Cutover.Cli
set -euo pipefail
N=${N:-50}
WARMUP=${WARMUP:-5}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d /tmp/cutover-dashboard-bench.XXXXXX)
chmod 755 "$WORK"
. "$ROOT/bench/lib/common.sh"
SERVE_PID=
cleanup() {
  [ -n "$SERVE_PID" ] && kill "$SERVE_PID" 2>/dev/null || true
  bench_pg_stop immediate
  rm -rf "$WORK"
}
trap cleanup EXIT
bench_require_section dashboard
command -v sqlite3 >/dev/null || { echo "bench: the sqlite3 CLI is missing (apt-get install sqlite3)" >&2; exit 2; }

# Migration ids: one second apart from 2026-01-01. 1–990 create a table each (the down/up cycles run over these);
# then the backfill, the operation and the failure; the last four stay pending behind the failure.
PLAIN=990
BACKFILL_ID=20260101001631   # 991: items, with a column filled by a backfill (992)
OPERATION_ID=20260101001634  # 994: split-table users → user_profiles, left expanded with a rollout
FAILED_ID=20260101001636     # 996: fails (no such table); 997–1000 pending
AUDIT_TARGET=10000
id_of() { date -u -d "@$(( $(date -u -d '2026-01-01 00:00:00' +%s) + $1 ))" +%Y%m%d%H%M%S; }
ONE_PLAIN=$(id_of 500)

# The pages, one a line: label, then the path. A new page is one line here.
PAGES=(
  "overview|/"
  "migrations|/migrations"
  "schema|/schema"
  "one migration (applied)|/migrations/$ONE_PLAIN"
  "one migration (failed)|/migrations/$FAILED_ID"
  "audit, unfiltered|/audit"
  "audit, ?migration= (one migration)|/audit?migration=$ONE_PLAIN"
  "audit, ?action=rollout|/audit?action=rollout"
  "live|/live"
  "live.json|/live.json"
  "rehearsals|/rehearsals"
)
FLOOR_PAGE="floor: the asset dashboard/live.js (no database read)|/assets/dashboard/live.js"

bench_aot

# The migration files: $1 is the project folder, $2..$3 the range of numbers to write.
write_migrations() {
  local dir=$1/migrations i id
  mkdir -p "$dir"
  for i in $(seq "$2" "$3"); do
    id=$(id_of "$i")
    case $i in
      991) printf -- '-- why: benchmark: a table for the backfill\n-- cutover:up\nCREATE TABLE items (id integer PRIMARY KEY, v bigint);\nINSERT INTO items (id) WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000) SELECT i FROM n;\n-- cutover:down\nDROP TABLE items;\n' > "$dir/${id}_create_items.sql" ;;
      992) printf -- '-- why: benchmark: a column filled in batches\n-- cutover:up\nALTER TABLE items ADD COLUMN w bigint;\n-- cutover:backfill items batch=auto\nUPDATE items SET w = id * 2 WHERE {batch};\n' > "$dir/${id}_backfill_items_w.sql" ;;
      993) printf -- '-- why: benchmark: a table for the operation\n-- cutover:up\nCREATE TABLE users (user_id integer PRIMARY KEY, name text, bio text, theme text);\nINSERT INTO users (user_id, name) WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000) SELECT i, '"'"'user '"'"' || i FROM n;\n-- cutover:down\nDROP TABLE users;\n' > "$dir/${id}_create_users.sql" ;;
      994) printf -- '-- why: benchmark: an operation left in its window\n-- cutover:op split-table users to user_profiles (bio, theme) key user_id\n' > "$dir/${id}_split_users.sql" ;;
      996) printf -- '-- why: benchmark: a migration that fails\n-- cutover:up\nCREATE TABLE f_%s (id integer);\nINSERT INTO no_such_table VALUES (1);\n-- cutover:down\nDROP TABLE f_%s;\n' "$i" "$i" > "$dir/${id}_fails.sql" ;;
      *) printf -- '-- cutover:up\nCREATE TABLE t_%s (id integer PRIMARY KEY, v text);\n-- cutover:down\nDROP TABLE t_%s;\n' "$i" "$i" > "$dir/${id}_create_t_$i.sql" ;;
    esac
  done
}

# `cutover <args>` in project $PROJECT; its output goes to a log, shown if it fails (unless the failure is expected).
run_cutover() {
  local log="$WORK/$ENGINE-cutover.log"
  (cd "$PROJECT" && "$AOT" "$@" --no-color) >>"$log" 2>&1 || { echo "bench: cutover $* failed:" >&2; tail -n 20 "$log" >&2; exit 1; }
}

# Seeds project $PROJECT (engine $ENGINE) as the header says; $1 is a command printing the audit log's row count.
seed() {
  local count=$1
  echo "$ENGINE: applying $PLAIN migrations and cycling down/up…" >&2
  write_migrations "$PROJECT" 1 "$PLAIN"
  run_cutover up
  # One down of every plain migration and one up again add 2 × PLAIN real entries; stop short of the target to leave
  # room for the rest of the story, then top up with rollout changes (one entry each).
  while [ $(( $($count) + 2 * PLAIN )) -le $(( AUDIT_TARGET - 20 )) ]; do
    run_cutover down --to 0 --accept-data-loss
    run_cutover up
  done
  # A part cycle, newest first, for most of what is left (process starts are the slow part of rollout changes).
  local steps=$(( (AUDIT_TARGET - 20 - $($count)) / 2 ))
  if [ "$steps" -gt 0 ]; then
    run_cutover down --steps "$steps" --accept-data-loss
    run_cutover up
  fi
  write_migrations "$PROJECT" 991 993
  run_cutover up
  write_migrations "$PROJECT" 994 994
  run_cutover up
  run_cutover rollout "$OPERATION_ID" --users ada,grace
  run_cutover rollout "$OPERATION_ID" --groups beta
  local percent=0
  while [ "$($count)" -lt $(( AUDIT_TARGET - 1 )) ]; do
    percent=$(( (percent + 7) % 100 ))
    run_cutover rollout "$OPERATION_ID" --percent "$percent"
  done
  write_migrations "$PROJECT" 995 1000
  # Stops at 996 (expected: it fails, exit 1), leaving 997–1000 pending; its failure is the last audit entry.
  (cd "$PROJECT" && "$AOT" up --no-color) >>"$WORK/$ENGINE-cutover.log" 2>&1 && { echo "bench: the failing migration did not fail" >&2; exit 1; } || true
  echo "$ENGINE: $($count) audit entries" >&2
}

# Every page N times after WARMUP untimed rounds, round after round (so a change of load hits every page alike).
# Prints "label<TAB>server_ms<TAB>total_ms<TAB>bytes" per timed request.
measure_pages() {
  local round entry label path headers out status server
  for round in $(seq 1 $(( WARMUP + N ))); do
    for entry in "${PAGES[@]}" "$FLOOR_PAGE"; do
      label=${entry%%|*} path=${entry#*|}
      headers="$WORK/headers"
      out=$(curl -s -o /dev/null -D "$headers" -w '%{http_code} %{time_total} %{size_download}' "http://127.0.0.1:$SERVE_PORT$path")
      read -r status total bytes <<<"$out"
      [ "$status" = 200 ] || { echo "bench: $path answered $status" >&2; exit 1; }
      server=$(sed -n 's/^Server-Timing: app;dur=\([0-9.]*\).*/\1/Ip' "$headers" | tr -d '\r')
      [ -n "$server" ] || { echo "bench: $path has no Server-Timing header" >&2; exit 1; }
      if [ "$round" -gt "$WARMUP" ]; then
        printf '%s\t%s\t%s\t%s\n' "$label" "$server" "$(awk -v t="$total" 'BEGIN { printf "%.1f", t * 1000 }')" "$bytes"
      fi
    done
  done
}

# Starts `cutover serve` in $PROJECT on a free port, measures, stops it; then times `cutover status`.
measure() {
  SERVE_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  (cd "$PROJECT" && exec "$AOT" serve --port "$SERVE_PORT" --no-color) >"$WORK/$ENGINE-serve.log" 2>&1 &
  SERVE_PID=$!
  for _ in $(seq 1 100); do curl -sf -o /dev/null "http://127.0.0.1:$SERVE_PORT/assets/dashboard/live.js" && break; sleep 0.1; done
  LOAD[$ENGINE]=$(bench_load)
  echo "$ENGINE: measuring ${#PAGES[@]} pages and the floor, $N times each…" >&2
  measure_pages | sed "s/^/$ENGINE\t/" >> "$WORK/samples.tsv"
  kill "$SERVE_PID" && wait "$SERVE_PID" 2>/dev/null || true
  SERVE_PID=
  local times=() t0 t1
  for _ in $(seq 1 11); do
    t0=$(date +%s%N); (cd "$PROJECT" && "$AOT" status --no-color >/dev/null 2>&1 || true); t1=$(date +%s%N)
    times+=($(( (t1 - t0) / 1000000 )))
  done
  STATUS_MS[$ENGINE]=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
}

declare -A LOAD STATUS_MS
: > "$WORK/samples.tsv"

ENGINE=SQLite PROJECT="$WORK/sqlite"
mkdir -p "$PROJECT" && printf '{ "connection": "Data Source=%s/bench.db", "migrations": "migrations" }\n' "$PROJECT" > "$PROJECT/cutover.json"
sqlite_count() { sqlite3 "$WORK/sqlite/bench.db" 'SELECT count(*) FROM cutover_log'; }
seed sqlite_count
SQLITE_AUDIT=$(sqlite_count)
measure

ENGINE=PostgreSQL PROJECT="$WORK/postgres"
echo "starting PostgreSQL…" >&2
bench_pg_start
"${PSQL[@]}" -d postgres -c 'CREATE DATABASE bench'
mkdir -p "$PROJECT" && printf '{ "connection": "Host=127.0.0.1;Port=%s;Username=postgres;Database=bench", "migrations": "migrations" }\n' "$PORT" > "$PROJECT/cutover.json"
pg_count() { "${PSQL[@]}" -d bench -At -c 'SELECT count(*) FROM cutover_log'; }
seed pg_count
PG_AUDIT=$(pg_count)
measure

# The table: median and p95 (nearest rank) of the server time, the median of curl's time_total and of the size.
python3 - "$WORK/samples.tsv" "${#PAGES[@]}" > "$WORK/rows.md" <<'PY'
import math, statistics, sys
from collections import OrderedDict
rows = OrderedDict()
for line in open(sys.argv[1]):
    engine, label, server, total, size = line.rstrip("\n").split("\t")
    rows.setdefault((engine, label), []).append((float(server), float(total), int(size)))
for (engine, label), samples in rows.items():
    p95 = lambda values: sorted(values)[math.ceil(0.95 * len(values)) - 1]
    server = [s for s, _, _ in samples]
    total = [t for _, t, _ in samples]
    size = int(statistics.median(b for _, _, b in samples))
    floor = label.startswith("floor")
    # Judged on curl's total: a long page is sent while it renders, after its Server-Timing header went out.
    met = "–" if floor else ("met" if p95(total) < 200 else "**missed**")
    print(f"| {engine} | {label} | {statistics.median(server):.1f} / {p95(server):.1f} ms | {statistics.median(total):.1f} / {p95(total):.1f} ms"
          f" | {size / 1024:.0f} KB | {'–' if floor else '< 200 ms'} | {met} |")
PY
{
  echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores, Native AOT \`cutover serve\`; SQLite $(sqlite3 --version | cut -d' ' -f1) (load average ${LOAD[SQLite]} at the start of its pages), PostgreSQL $(bench_pg_version) on loopback (load average ${LOAD[PostgreSQL]}); 1000 migration files (995 applied, 1 failed, 4 pending; a backfill, an operation in its window with a rollout), audit entries: SQLite $SQLITE_AUDIT, PostgreSQL $PG_AUDIT; each page $N times after $WARMUP untimed rounds, round after round."
  echo
  echo "| engine | page | server time (Server-Timing), median / p95 | curl time_total, median / p95 | size | target (p95 of time_total) | met? |"
  echo "|---|---|---|---|---|---|---|"
  cat "$WORK/rows.md"
  echo "| SQLite | reference: the whole \`cutover status\` process (median of 11) | – | ${STATUS_MS[SQLite]} ms | – | – | – |"
  echo "| PostgreSQL | reference: the whole \`cutover status\` process (median of 11) | – | ${STATUS_MS[PostgreSQL]} ms | – | – | – |"
} > "$WORK/table.md"
cat "$WORK/table.md"
bench_write_section dashboard "$WORK/table.md"

#!/usr/bin/env bash
# `cutover rehearse` of a PostgreSQL database of about SIZE_GB gigabytes with one trivial pending migration
# (Native AOT): total time and its split by phase, side by side with a hand-run
# `pg_dump -Fc | pg_restore` of the same database in the same run (the floor for the copy). Run twice:
# with a client connected to the source (so the copy goes through pg_dump/pg_restore) and with nobody
# connected (the CREATE DATABASE … TEMPLATE fast path). Writes the table into bench/README.md.
#
#   bench/rehearse.sh            # SIZE_GB=1
set -euo pipefail
SIZE_GB=${SIZE_GB:-1}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
WORK=$(mktemp -d /tmp/cutover-rehearse-bench.XXXXXX)
chmod 755 "$WORK"
cleanup() {
  [ -n "${HOLDER:-}" ] && kill "$HOLDER" 2>/dev/null || true
  [ -f "$WORK/pg/postmaster.pid" ] && runuser -u postgres -- "$PGBIN/pg_ctl" -D "$WORK/pg" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "building the CLI (Native AOT)…" >&2
dotnet publish "$ROOT/src/Cutover.Cli" -c Release -r linux-x64 -p:PublishAot=true -o "$WORK/aot" >/dev/null
AOT="$WORK/aot/cutover"

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p "$WORK/pg" && chown postgres "$WORK/pg"
runuser -u postgres -- "$PGBIN/initdb" -D "$WORK/pg" -A trust -U postgres >/dev/null
runuser -u postgres -- "$PGBIN/pg_ctl" -D "$WORK/pg" -w -l "$WORK/pg/log" \
  -o "-c listen_addresses=127.0.0.1 -c port=$PORT -c unix_socket_directories=$WORK/pg -c max_wal_size=4GB -c checkpoint_timeout=30min" start >/dev/null
PSQL=(psql -X -q -h 127.0.0.1 -p "$PORT" -U postgres -v ON_ERROR_STOP=1)
"${PSQL[@]}" -d postgres -c 'CREATE DATABASE source'
CONN="Host=127.0.0.1;Port=$PORT;Username=postgres;Database=source"

# About SIZE_GB of data: rows of ~130 bytes on disk, an index on two of the tables.
ROWS=$(( SIZE_GB * 7000000 ))
echo "loading $ROWS rows (about ${SIZE_GB} GB)…" >&2
mkdir -p "$WORK/project/migrations"
cat > "$WORK/project/migrations/20260101000000_create_events.sql" <<'SQL'
-- cutover:up
CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE events (id bigint PRIMARY KEY, customer_id bigint NOT NULL REFERENCES customers (id), kind text NOT NULL, payload text, at timestamptz NOT NULL);
-- cutover:down
DROP TABLE events;
DROP TABLE customers;
SQL
cd "$WORK/project"
"$AOT" up --connection "$CONN" >/dev/null
"${PSQL[@]}" -d source -c "INSERT INTO customers (id, name) SELECT g, 'customer ' || g FROM generate_series(1, 100000) g"
"${PSQL[@]}" -d source -c "INSERT INTO events SELECT g, 1 + g % 100000, 'kind' || (g % 7), md5(g::text) || md5((g * 7)::text), now() - (g % 1000) * interval '1 hour' FROM generate_series(1, $ROWS) g"
"${PSQL[@]}" -d source -c "CREATE INDEX events_customer ON events (customer_id)" -c "VACUUM ANALYZE"
SIZE=$("${PSQL[@]}" -d source -At -c "SELECT pg_size_pretty(pg_database_size('source'))")
cat > "$WORK/project/migrations/20260102000000_add_note.sql" <<'SQL'
-- why: a trivial pending migration
-- cutover:up
ALTER TABLE customers ADD COLUMN note text;
-- cutover:down
ALTER TABLE customers DROP COLUMN note;
SQL
"$AOT" sum >/dev/null

ms() { echo $(( ($2 - $1) / 1000000 )); }
echo "floor: pg_dump -Fc | pg_restore…" >&2
"${PSQL[@]}" -d postgres -c 'CREATE DATABASE floor_copy'
t0=$(date +%s%N)
pg_dump -h 127.0.0.1 -p "$PORT" -U postgres -Fc source | pg_restore -h 127.0.0.1 -p "$PORT" -U postgres --no-owner -d floor_copy
t1=$(date +%s%N)
FLOOR=$(ms "$t0" "$t1")
"${PSQL[@]}" -d postgres -c 'DROP DATABASE floor_copy'

phase() { python3 -c 'import json,sys; r=json.load(sys.stdin); print(sum(p["elapsedMs"] for p in r["phases"] if p["name"] in sys.argv[1:]))' "$@"; }
run() {
  local t0 t1 json
  t0=$(date +%s%N)
  json=$("$AOT" rehearse --from "$CONN" --json 2>/dev/null)
  t1=$(date +%s%N)
  TOTAL=$(ms "$t0" "$t1")
  METHOD=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["copyMethod"])' <<<"$json")
  PASSED=$(python3 -c 'import json,sys; r=json.load(sys.stdin); print("passed" if not r["failures"] else "FAILED")' <<<"$json")
  CLONE=$(phase clone <<<"$json"); AUDIT=$(phase audit <<<"$json"); APPLY=$(phase apply <<<"$json")
  DRILL=$(phase drill <<<"$json"); CONTRACTS=$(phase "contracts before" "contracts after" <<<"$json"); SNAP=$(phase snapshot <<<"$json")
  echo "| $METHOD | $TOTAL ms | $CLONE ms | $SNAP ms | $AUDIT ms | $APPLY ms | $DRILL ms | $CONTRACTS ms | $PASSED |"
}
echo "rehearse with a client connected (pg_dump/pg_restore path)…" >&2
"${PSQL[@]}" -d source -c 'SELECT pg_sleep(100000)' >/dev/null 2>&1 & HOLDER=$!
sleep 1
BUSY=$(run)
kill "$HOLDER"; wait "$HOLDER" 2>/dev/null || true; HOLDER=
# pg_sleep does not notice its client is gone: end the backend, or the source stays busy.
"${PSQL[@]}" -d postgres -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'source'" >/dev/null
sleep 1
echo "rehearse with nobody connected (template path)…" >&2
IDLE=$(run)
{
  echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores, PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on loopback; source database $SIZE ($ROWS events, 100,000 customers, 3 indexes); one pending migration (ADD COLUMN); Native AOT; one run each."
  echo
  echo "| copy made with | total | clone | snapshot | audit | apply | drill | contracts | result |"
  echo "|---|---|---|---|---|---|---|---|---|"
  echo "$BUSY"
  echo "$IDLE"
  echo
  echo "Floor for the copy, same run: \`pg_dump -Fc source | pg_restore -d copy\` by hand: $FLOOR ms."
} > "$WORK/table.md"
cat "$WORK/table.md"
awk -v table="$WORK/table.md" '
  /<!-- rehearse:start -->/ { print; while ((getline line < table) > 0) print line; skip = 1; next }
  /<!-- rehearse:end -->/ { skip = 0 }
  !skip { print }
' "$ROOT/bench/README.md" > "$WORK/README.md" && cp "$WORK/README.md" "$ROOT/bench/README.md"

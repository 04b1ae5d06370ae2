#!/usr/bin/env bash
# Schema introspection on PostgreSQL: TABLES tables (10 columns, 2 indexes and 1 foreign key each),
# `cutover schema dump` (Native AOT) — the introspection itself as logged by --verbose, and the whole
# process — side by side with `pg_dump --schema-only` of the same database in the same run (the floor
# for describing a schema). Median of RUNS. How many statements the read sends, and in how many transactions,
# is counted on the server (log_statement=all for one untimed run, once with no tables and once with TABLES).
# Writes the table into bench/README.md.
#
#   bench/schema.sh              # TABLES=1000 RUNS=5
set -euo pipefail
TABLES=${TABLES:-1000}
RUNS=${RUNS:-5}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
WORK=$(mktemp -d /tmp/cutover-schema-bench.XXXXXX)
chmod 755 "$WORK"
cleanup() {
  [ -f "$WORK/pg/postmaster.pid" ] && runuser -u postgres -- "$PGBIN/pg_ctl" -D "$WORK/pg" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "building the CLI (Native AOT)…" >&2
dotnet publish "$ROOT/src/Cutover.Cli" -c Release -r linux-x64 -p:PublishAot=true -o "$WORK/aot" >/dev/null
AOT="$WORK/aot/cutover"

echo "starting PostgreSQL and creating $TABLES tables…" >&2
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p "$WORK/pg" && chown postgres "$WORK/pg"
runuser -u postgres -- "$PGBIN/initdb" -D "$WORK/pg" -A trust -U postgres >/dev/null
runuser -u postgres -- "$PGBIN/pg_ctl" -D "$WORK/pg" -w -l "$WORK/pg/log" \
  -o "-c listen_addresses=127.0.0.1 -c port=$PORT -c unix_socket_directories=$WORK/pg -c max_locks_per_transaction=1024 -c log_line_prefix='%a|%v|'" start >/dev/null
PSQL=(psql -X -q -h 127.0.0.1 -p "$PORT" -U postgres -v ON_ERROR_STOP=1)
"${PSQL[@]}" -d postgres -c 'CREATE DATABASE bench'
CONN="Host=127.0.0.1;Port=$PORT;Username=postgres;Database=bench"

# The statements one `cutover schema dump` sends, from the server's log: log_statement=all for the database
# during one untimed run, the run's connection told apart by its application name. Prints "catalog total
# transactions": the statements that read a catalog (FROM pg_…) in the transaction that holds them, all the
# process's statements, and the implicit transactions (one per batch sent, %v in the log prefix) they ran in.
count_statements() {
  "${PSQL[@]}" -d postgres -c "ALTER DATABASE bench SET log_statement = 'all'"
  local from; from=$(stat -c %s "$WORK/pg/log")
  "$AOT" schema dump --connection "$CONN;Application Name=bench-count" >/dev/null
  "${PSQL[@]}" -d postgres -c "ALTER DATABASE bench RESET log_statement"
  tail -c +"$((from + 1))" "$WORK/pg/log" | python3 -c '
import re, sys, collections
text = sys.stdin.read()
# One entry per executed statement: "bench-count|<vxid>|LOG:  statement: …" (simple protocol) or
# "… execute <name>: …" (extended); a statement runs on over the following lines, which have no prefix.
entries = re.split(r"^(?=bench-count\|)", text, flags=re.M)
by_tx = collections.OrderedDict()
for e in entries:
    m = re.match(r"bench-count\|([^|]*)\|LOG:  (?:statement|execute [^:]*): (.*)", e, re.S)
    if m:
        by_tx.setdefault(m.group(1), []).append(m.group(2))
catalog = max((sum(bool(re.search(r"\bFROM pg_", q)) for q in qs) for qs in by_tx.values()), default=0)
print(catalog, sum(len(qs) for qs in by_tx.values()), len(by_tx))'
}
echo "counting the statements of one read…" >&2
read -r Q0_CATALOG Q0_TOTAL Q0_TX < <(count_statements)
{
  echo "CREATE TABLE t_0 (id bigint PRIMARY KEY, c1 text, c2 integer, c3 numeric(10,2), c4 timestamptz, c5 boolean, c6 text, c7 integer, c8 text, parent_id bigint);"
  for i in $(seq 1 $((TABLES - 1))); do
    echo "CREATE TABLE t_$i (id bigint PRIMARY KEY, c1 text NOT NULL DEFAULT '', c2 integer, c3 numeric(10,2), c4 timestamptz DEFAULT now(), c5 boolean, c6 text, c7 integer, c8 text, parent_id bigint REFERENCES t_$((i - 1)) (id));"
    echo "CREATE INDEX t_${i}_c1 ON t_$i (c1); CREATE INDEX t_${i}_c2_c4 ON t_$i (c2, c4 DESC);"
  done
  echo "CREATE INDEX t_0_c1 ON t_0 (c1); CREATE INDEX t_0_c2_c4 ON t_0 (c2, c4 DESC);"
} > "$WORK/schema.sql"
"${PSQL[@]}" -d bench -f "$WORK/schema.sql"
read -r Q_CATALOG Q_TOTAL Q_TX < <(count_statements)
[ "$Q_CATALOG" -gt 0 ] || { echo "bench: no catalog query found in the server log" >&2; exit 1; }

# The machine is shared: the load when the timing starts goes into the results line.
LOAD=$(cut -d' ' -f1-3 /proc/loadavg)

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
introspect=(); whole=(); floor=()
for _ in $(seq 1 "$RUNS"); do
  t0=$(date +%s%N)
  log=$("$AOT" schema dump --connection "$CONN" --verbose 2>&1 >/dev/null)
  t1=$(date +%s%N)
  whole+=($(( (t1 - t0) / 1000000 )))
  introspect+=($(sed -n 's/.*Read the schema ([0-9]* tables) in \([0-9]*\) ms.*/\1/p' <<<"$log"))
  t0=$(date +%s%N)
  pg_dump --schema-only -h 127.0.0.1 -p "$PORT" -U postgres bench >/dev/null
  t1=$(date +%s%N)
  floor+=($(( (t1 - t0) / 1000000 )))
done
I=$(printf '%s\n' "${introspect[@]}" | median)
W=$(printf '%s\n' "${whole[@]}" | median)
F=$(printf '%s\n' "${floor[@]}" | median)
{
  echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores (load average $LOAD at the start), PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on loopback; $TABLES tables (10 columns, 2 indexes, 1 foreign key each); median of $RUNS runs."
  echo
  echo "| case | floor: \`pg_dump --schema-only\` | cutover | catalog queries (counted in the server log) | target |"
  echo "|---|---|---|---|---|"
  echo "| introspection into the model (logged by \`schema dump --verbose\`) | – | $I ms | $Q_CATALOG in one transaction ($Q_TOTAL statements in $Q_TX transaction(s) by the whole process); with no tables: $Q0_CATALOG ($Q0_TOTAL in $Q0_TX) | < 1 s |"
  echo "| whole \`cutover schema dump\` process (start, connect, read, render, print) | $F ms | $W ms | | – |"
} > "$WORK/table.md"
cat "$WORK/table.md"
awk -v table="$WORK/table.md" '
  /<!-- schema:start -->/ { print; while ((getline line < table) > 0) print line; skip = 1; next }
  /<!-- schema:end -->/ { skip = 0 }
  !skip { print }
' "$ROOT/bench/README.md" > "$WORK/README.md" && cp "$WORK/README.md" "$ROOT/bench/README.md"

# Shared by the bench scripts that start their own PostgreSQL server, run the Native AOT CLI and write a block of
# bench/README.md. Sourced, not run: the caller sets ROOT (the repository) and WORK (its temp dir, chmod 755, removed
# by its own EXIT trap, which calls bench_pg_stop).
PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}

# Fails unless bench/README.md has the block <!-- $1:start --> … <!-- $1:end --> to write into: checked before
# minutes of measuring, not after.
bench_require_section() {
  grep -q "<!-- $1:start -->" "$ROOT/bench/README.md" && grep -q "<!-- $1:end -->" "$ROOT/bench/README.md" \
    || { echo "bench: bench/README.md has no <!-- $1:start --> … <!-- $1:end --> block to write into" >&2; exit 2; }
}

# Replaces the inside of block $1 of bench/README.md with the contents of file $2.
bench_write_section() {
  awk -v table="$2" -v start="<!-- $1:start -->" -v end="<!-- $1:end -->" '
    index($0, start) { print; while ((getline line < table) > 0) print line; skip = 1; next }
    index($0, end) { skip = 0 }
    !skip { print }
  ' "$ROOT/bench/README.md" > "$WORK/README.md" && cp "$WORK/README.md" "$ROOT/bench/README.md"
}

# Sets AOT to a Native AOT `cutover`: the one in AOT_DIR (a publish of this tree's src/Cutover.Cli, to run several
# times without building each time: on a loaded 2-core machine a build takes minutes), or one built into WORK.
bench_aot() {
  if [ -n "${AOT_DIR:-}" ]; then
    AOT="$AOT_DIR/cutover"
    [ -x "$AOT" ] || { echo "bench: no cutover binary in AOT_DIR=$AOT_DIR" >&2; exit 2; }
  else
    echo "building the CLI (Native AOT)…" >&2
    dotnet publish "$ROOT/src/Cutover.Cli" -c Release -r linux-x64 -p:PublishAot=true -o "$WORK/aot" >/dev/null
    AOT="$WORK/aot/cutover"
  fi
}

# Starts a private server in WORK/pg on a free loopback port with the extra settings "$@" (-c name=value …); sets
# PORT and PSQL (psql as the superuser, stopping at the first error). Its log is WORK/pg/log.
bench_pg_start() {
  [ -x "$PGBIN/initdb" ] && [ -x "$PGBIN/pgbench" ] || { echo "bench: PostgreSQL binaries (initdb, pgbench) not found (apt-get install postgresql)" >&2; exit 2; }
  PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  mkdir -p "$WORK/pg" && chown postgres "$WORK/pg"
  runuser -u postgres -- "$PGBIN/initdb" -D "$WORK/pg" -A trust -U postgres >/dev/null
  runuser -u postgres -- "$PGBIN/pg_ctl" -D "$WORK/pg" -w -l "$WORK/pg/log" \
    -o "-c listen_addresses=127.0.0.1 -c port=$PORT -c unix_socket_directories=$WORK/pg $*" start >/dev/null
  PSQL=(psql -X -q -h 127.0.0.1 -p "$PORT" -U postgres -v ON_ERROR_STOP=1)
}

# Stops the server of bench_pg_start, if it runs: $1 is the shutdown mode (immediate from an EXIT trap).
bench_pg_stop() {
  [ -f "$WORK/pg/postmaster.pid" ] && runuser -u postgres -- "$PGBIN/pg_ctl" -D "$WORK/pg" -m "${1:-fast}" stop >/dev/null 2>&1 || true
}

bench_load() { cut -d' ' -f1-3 /proc/loadavg; }
bench_pg_version() { "$PGBIN/postgres" --version | awk '{print $3}'; }

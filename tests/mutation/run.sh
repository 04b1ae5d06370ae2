#!/usr/bin/env bash
# Mutation testing of the safety-critical engine code (Running/, History/, LockRetryPolicy.cs, Backfill/,
# Files/) with Stryker.NET, pinned in .config/dotnet-tools.json. Slow (tens of minutes): run it by hand,
# never from CI. What it mutates and what it leaves out is in stryker-config.json and REPORT.md.
#
#   tests/mutation/run.sh                     all five parts, then rewrite the "latest run" part of REPORT.md
#   tests/mutation/run.sh History Running     only those parts (Running History LockRetryPolicy Backfill Files):
#                                             a run over everything takes hours on a busy 2-core machine
#   tests/mutation/run.sh --report            only rewrite REPORT.md from the newest StrykerOutput/ run
#   FILTER=sqlite tests/mutation/run.sh Running
#                                             only the in-process SQLite and unit tests (minutes, not hours); then
#   tests/mutation/run.sh $(python3 tests/mutation/spans.py)
#                                             retests only that run's survivors against every engine test
#
# Output: tests/mutation/StrykerOutput/<timestamp>/reports/mutation-report.{json,html} (git-ignored).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$here"

if [ "${1:-}" = "--report" ]; then
  latest=$(ls -d StrykerOutput/*/ 2>/dev/null | sort | tail -n 1)
  [ -n "$latest" ] || { echo "no StrykerOutput/ run to report" >&2; exit 2; }
  python3 "$here/report.py" "$latest/reports/mutation-report.json" "$here/REPORT.md" \
    --seconds "$(cat "$latest/wall-seconds" 2>/dev/null || echo 0)" --commit "$(cat "$latest/commit" 2>/dev/null || echo unknown)" \
    --parts "$(cat "$latest/parts" 2>/dev/null || echo all)"
  exit 0
fi

# The parts to mutate: all of them (the "mutate" list of stryker-config.json) unless named.
mutate=()
parts=()
for part in "$@"; do
  # The folder (or LockRetryPolicy) a pattern names, for the report's per-part counts.
  name=${part#\*\*/}; parts+=("${name%%/*}")
  case "$part" in
    LockRetryPolicy|LockRetryPolicy.cs) mutate+=(--mutate "**/LockRetryPolicy.cs") ;;
    Running|History|Backfill|Files) mutate+=(--mutate "**/$part/**/*.cs") ;;
    # A Stryker pattern as is, e.g. a file with character spans: '**/Running/StepExecutor.cs{1233..1275}{1439..1552}'.
    # spans.py writes such patterns for the survivors of a run, to retest just them against more tests.
    */*) mutate+=(--mutate "$part") ;;
    *) echo "unknown part '$part': use Running, History, LockRetryPolicy, Backfill, Files or a Stryker pattern" >&2; exit 2 ;;
  esac
done

started=$(date +%s)
stamp=$(date -u +%Y-%m-%d.%H-%M-%S)
out="$here/StrykerOutput/$stamp"
mkdir -p "$out"
commit=$(git -C "$root" rev-parse --short HEAD)
if [ -n "$(git -C "$root" status --porcelain -- src tests/Cutover.Tests)" ]; then commit="$commit+uncommitted"; fi
echo "$commit" > "$out/commit"
echo "${parts[*]:-Running History LockRetryPolicy Backfill Files}" | tr ' ' '\n' | sed 's/{.*//' | sort -u | tr '\n' ' ' | sed 's/ $//' > "$out/parts"
echo "${FILTER:-engine}" > "$out/tests"

(cd "$root" && dotnet tool restore >/dev/null)

# One PostgreSQL server for the whole run, handed to the tests through CUTOVER_TEST_POSTGRES. Without it every
# test host Stryker starts would initdb a server of its own. Set up like the suite's own (trust for the
# superuser, a password role for the wrong-password test).
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$pg_bin/initdb" ] || { echo "PostgreSQL binaries not found under /usr/lib/postgresql/*/bin" >&2; exit 2; }
pg_root=$(mktemp -d /tmp/cutover-mutation-pg.XXXXXX)
as_pg=()
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
  chown postgres "$pg_root"
  as_pg=(runuser -u postgres --)
fi
pg_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"${as_pg[@]}" "$pg_bin/initdb" -D "$pg_root/data" -A trust -U postgres --no-sync >/dev/null
cat > "$pg_root/data/pg_hba.conf" <<EOF
local all all trust
host all cutover_pw 127.0.0.1/32 scram-sha-256
host all all 127.0.0.1/32 trust
EOF
"${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg_root/data" -w -t 60 -l "$pg_root/server.log" -o \
  "-c listen_addresses=127.0.0.1 -c port=$pg_port -c unix_socket_directories=$pg_root -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
  start >/dev/null
psql=("$pg_bin/psql" -X -q -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -v ON_ERROR_STOP=1)
"${psql[@]}" -c "CREATE ROLE cutover_pw LOGIN PASSWORD 'right-password'"
export CUTOVER_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres;Pooling=false"

# Every test makes a database of its own and none drops it; over thousands of mutant runs that would fill the
# disk. A janitor drops databases first seen more than 10 minutes ago (far longer than any test under Stryker).
janitor() {
  declare -A seen=()
  while sleep 60; do
    now=$(date +%s)
    while read -r db; do
      [ -n "$db" ] || continue
      if [ -z "${seen[$db]:-}" ]; then seen[$db]=$now
      elif [ $((now - seen[$db])) -gt 600 ]; then
        "${psql[@]}" -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null 2>&1 || true
        unset "seen[$db]"
      fi
    done < <("${psql[@]}" -At -c "SELECT datname FROM pg_database WHERE datname NOT IN ('postgres','template0','template1')" 2>/dev/null)
  done
}
janitor &
janitor_pid=$!
cleanup() {
  kill "$janitor_pid" 2>/dev/null || true
  # Stryker writes the mutated Cutover.dll into the test bin folder and keeps the original beside it; put the
  # original back, so that a later `dotnet test --no-build` (or an interrupted run) never tests the mutated build.
  find "$root/tests/Cutover.Tests/bin" -name '*.stryker-unchanged' 2>/dev/null | while read -r f; do mv -f "$f" "${f%.stryker-unchanged}"; done
  "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg_root/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$pg_root"
}
trap cleanup EXIT

status=0
filter=()
if [ "${FILTER:-}" = sqlite ]; then
  # The engine's SQLite and unit test classes: a few seconds a mutant instead of a minute.
  filter=(--test-case-filter "(FullyQualifiedName~Cutover.Tests.Specification.Sqlite|FullyQualifiedName~Cutover.Tests.Backfill.|FullyQualifiedName~Cutover.Tests.Files.|FullyQualifiedName~Cutover.Tests.Planning.|FullyQualifiedName~Cutover.Tests.Locking.|FullyQualifiedName~Cutover.Tests.Hosting.|FullyQualifiedName~Cutover.Tests.HistoryTables.Sqlite)&FullyQualifiedName!~Postgres&FullyQualifiedName!~A_runner_killed&FullyQualifiedName!~A_killed_runner&FullyQualifiedName!~Pause_resume_and_cancel_from_another_process")
fi
dotnet dotnet-stryker --config-file stryker-config.json --output "$out" --skip-version-check --concurrency "${CONCURRENCY:-1}" "${filter[@]}" "${mutate[@]}" || status=$?

seconds=$(( $(date +%s) - started ))
echo "$seconds" > "$out/wall-seconds"
printf 'mutation run took %d min %d s (wall clock)\n' $((seconds / 60)) $((seconds % 60))
if [ -f "$out/reports/mutation-report.json" ]; then
  python3 "$here/report.py" "$out/reports/mutation-report.json" "$here/REPORT.md" --seconds "$seconds" --commit "$commit" --parts "$(cat "$out/parts")"
  echo "REPORT.md updated; HTML report: $out/reports/mutation-report.html"
fi
exit "$status"

#!/usr/bin/env bash
# Two builds of `cutover` side by side: runs each binary alternately RUNS times on the same inputs and prints the
# medians, so that load on a shared machine hits both alike (single runs move by more than a refactoring changes).
# Inputs: FILES migrations for `check` (bench/check_files.py, as bench/check.sh writes them) and a SQLite database
# with N applied migrations for a no-op `up`.
#
#   bench/ab.sh BEFORE/cutover AFTER/cutover        # RUNS=21 FILES=1000 N=500
#   (build each with: dotnet publish src/Cutover.Cli -c Release -r linux-x64 -p:PublishAot=true -o DIR)
set -euo pipefail
BEFORE=$(realpath "$1"); AFTER=$(realpath "$2")
RUNS=${RUNS:-21}; FILES=${FILES:-1000}; N=${N:-500}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d /tmp/cutover-ab.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/check/migrations" "$WORK/up/migrations"
python3 "$ROOT/bench/check_files.py" "$WORK/check/migrations" "$FILES"
(cd "$WORK/check" && "$AFTER" sum >/dev/null)
python3 - "$WORK/up/migrations" "$N" <<'PY'
import sys, datetime, os
folder, n = sys.argv[1], int(sys.argv[2])
start = datetime.datetime(2026, 1, 1)
for i in range(n):
    id = (start + datetime.timedelta(minutes=i)).strftime("%Y%m%d%H%M%S")
    open(os.path.join(folder, f"{id}_m{i}.sql"), "w").write(
        f"-- cutover:up\nCREATE TABLE t{i} (id integer PRIMARY KEY, v text);\nINSERT INTO t{i} VALUES (1, 'x');\n-- cutover:down\nDROP TABLE t{i};\n")
PY
DB="Data Source=$WORK/up/app.db"
(cd "$WORK/up" && "$AFTER" up --connection "$DB" >/dev/null)

ms() { local t0 t1; t0=$(date +%s%N); "$@" >/dev/null 2>&1 || true; t1=$(date +%s%N); echo $(( (t1 - t0) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
declare -A times
for _ in $(seq 1 "$RUNS"); do
  for side in before after; do
    bin=$BEFORE; [ "$side" = after ] && bin=$AFTER
    times[check-$side]+="$(cd "$WORK/check" && ms "$bin" check --dialect postgres --json) "
    times[lint-$side]+="$(cd "$WORK/check" && "$bin" check --dialect postgres --json 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)["lintMs"])') "
    times[noop-$side]+="$(cd "$WORK/up" && ms "$bin" up --connection "$DB") "
  done
done
echo "| case (median of $RUNS, alternating) | before | after |"
echo "|---|---|---|"
for case in "check:\`check\` whole process ($FILES files)" "lint:\`check\` lint time" "noop:SQLite no-op \`up\` ($N applied)"; do
  key=${case%%:*}
  echo "| ${case#*:} | $(tr ' ' '\n' <<<"${times[$key-before]}" | grep . | median) ms | $(tr ' ' '\n' <<<"${times[$key-after]}" | grep . | median) ms |"
done

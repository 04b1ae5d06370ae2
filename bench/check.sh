#!/usr/bin/env bash
# `cutover check` over FILES migration files of 10 statements each (Native AOT, no database): whole-process
# wall time, and the share spent reading/lexing and linting (from --json), side by side with the floor of
# reading the same files (`cat`) and of lexing-free statement counting (`grep -c ';'`) in the same run.
# Median of RUNS. Writes the table into bench/README.md.
#
#   bench/check.sh              # FILES=1000 RUNS=5
set -euo pipefail
FILES=${FILES:-1000}
RUNS=${RUNS:-5}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d /tmp/cutover-check-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

echo "building the CLI (Native AOT)…" >&2
dotnet publish "$ROOT/src/Cutover.Cli" -c Release -r linux-x64 -p:PublishAot=true -o "$WORK/aot" >/dev/null
AOT="$WORK/aot/cutover"

echo "writing $FILES migrations…" >&2
mkdir -p "$WORK/project/migrations"
python3 - "$WORK/project/migrations" "$FILES" <<'PY'
import sys, datetime, os
folder, n = sys.argv[1], int(sys.argv[2])
start = datetime.datetime(2026, 1, 1)
for i in range(n):
    id = (start + datetime.timedelta(minutes=i)).strftime("%Y%m%d%H%M%S")
    t = f"t_{i}"
    up = [
        f"CREATE TABLE {t} (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL, total numeric(12,2), created_at timestamptz DEFAULT now())",
        f"CREATE INDEX {t}_name ON {t} (name)",
        f"ALTER TABLE {t} ADD COLUMN note text",
        f"ALTER TABLE {t} ADD CONSTRAINT {t}_total CHECK (total >= 0) NOT VALID",
        f"INSERT INTO {t} (name, total) VALUES ('a', 1), ('b', 2)",
        f"COMMENT ON TABLE {t} IS 'benchmark table {i}'",
        f"ALTER TABLE {t} ALTER COLUMN note SET DEFAULT ''",
        f"UPDATE {t} SET note = 'x' WHERE id < 10",
    ]
    down = [f"DROP INDEX {t}_name", f"DROP TABLE {t}"]
    body = "-- why: benchmark\n-- cutover:up\n" + ";\n".join(up) + ";\n-- cutover:down\n" + ";\n".join(down) + ";\n"
    open(os.path.join(folder, f"{id}_create_{t}.sql"), "w").write(body)
PY
cd "$WORK/project"
"$AOT" sum >/dev/null

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
whole=(); parse=(); lint=(); cat_floor=(); grep_floor=()
for _ in $(seq 1 "$RUNS"); do
  t0=$(date +%s%N)
  json=$("$AOT" check --dialect postgres --json || true)
  t1=$(date +%s%N)
  whole+=($(( (t1 - t0) / 1000000 )))
  parse+=($(python3 -c 'import json,sys; print(json.load(sys.stdin)["parseMs"])' <<<"$json"))
  lint+=($(python3 -c 'import json,sys; print(json.load(sys.stdin)["lintMs"])' <<<"$json"))
  t0=$(date +%s%N); cat migrations/*.sql >/dev/null; t1=$(date +%s%N)
  cat_floor+=($(( (t1 - t0) / 1000000 )))
  t0=$(date +%s%N); grep -c ';' migrations/*.sql >/dev/null; t1=$(date +%s%N)
  grep_floor+=($(( (t1 - t0) / 1000000 )))
done
STATEMENTS=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["statements"])' <<<"$json")
W=$(printf '%s\n' "${whole[@]}" | median)
P=$(printf '%s\n' "${parse[@]}" | median)
L=$(printf '%s\n' "${lint[@]}" | median)
C=$(printf '%s\n' "${cat_floor[@]}" | median)
G=$(printf '%s\n' "${grep_floor[@]}" | median)
{
  echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores; $FILES files, $STATEMENTS statements; median of $RUNS runs; Native AOT."
  echo
  echo "| case | floor | cutover | target |"
  echo "|---|---|---|---|"
  echo "| whole \`cutover check --dialect postgres\` process (start, integrity file, read, lex, lint, print) | \`cat\` of the files: $C ms; \`grep -c ';'\`: $G ms | $W ms | < 1 s |"
  echo "| of which reading, lexing and splitting the files (parallel) | – | $P ms | – |"
  echo "| of which linting every statement | – | $L ms | – |"
} > "$WORK/table.md"
cat "$WORK/table.md"
awk -v table="$WORK/table.md" '
  /<!-- check:start -->/ { print; while ((getline line < table) > 0) print line; skip = 1; next }
  /<!-- check:end -->/ { skip = 0 }
  !skip { print }
' "$ROOT/bench/README.md" > "$WORK/README.md" && cp "$WORK/README.md" "$ROOT/bench/README.md"

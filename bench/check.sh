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
python3 "$ROOT/bench/check_files.py" "$WORK/project/migrations" "$FILES"
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

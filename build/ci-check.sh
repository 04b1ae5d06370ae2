#!/usr/bin/env bash
# The commands of the CI recipes in docs/ci.md, in one script, so a pipeline and a developer run the same thing:
#   1. cutover check   — before merge, no database: cutover.sum, the base branch's rules, the lint that knows the locks;
#   2. cutover rehearse — only when STAGING_DATABASE_URL is set: the pending migrations on a copy of staging.
#
# Usage: build/ci-check.sh [project folder, default .]   (the folder holding cutover.json and migrations/)
# Environment:
#   CUTOVER               how to run the tool (default: cutover; e.g. "dotnet /path/Cutover.Cli.dll")
#   CUTOVER_BASE          the git ref new migrations must be newer than (default origin/main; empty: no branch rules)
#   CUTOVER_CHECK_FORMAT  text (default), github (annotations) or sarif (written to CUTOVER_SARIF_FILE)
#   CUTOVER_SARIF_FILE    where the SARIF log goes (default cutover.sarif in the project folder)
#   CUTOVER_STRICT        1 to fail on lint warnings too
#   STAGING_DATABASE_URL  a connection string of a staging copy to rehearse on (it is only read, never written)
# Exit code: the first failing command's (docs/exit-codes.md), 0 when all passed.
set -euo pipefail

cd "${1:-.}"
# Word-split on purpose: CUTOVER may be a command with arguments ("dotnet Cutover.Cli.dll").
read -r -a cutover <<<"${CUTOVER:-cutover}"
base=${CUTOVER_BASE-origin/main}
format=${CUTOVER_CHECK_FORMAT:-text}

check=(check --format "$format")
[ -n "$base" ] && check+=(--base "$base")
[ "${CUTOVER_STRICT:-0}" = 1 ] && check+=(--strict)

echo "== cutover ${check[*]}" >&2
status=0
if [ "$format" = sarif ]; then
  # The SARIF log is the upload's input, so it goes to a file even when check fails; the exit code still tells.
  "${cutover[@]}" "${check[@]}" >"${CUTOVER_SARIF_FILE:-cutover.sarif}" || status=$?
else
  "${cutover[@]}" "${check[@]}" || status=$?
fi
if [ "$status" -ne 0 ]; then
  echo "cutover check failed (exit $status)" >&2
  exit "$status"
fi

if [ -n "${STAGING_DATABASE_URL:-}" ]; then
  echo "== cutover rehearse --from \$STAGING_DATABASE_URL" >&2
  # --from is read and copied, never written; the copy is dropped afterwards and the one-pagers land in docs/migrations.
  "${cutover[@]}" rehearse --from "$STAGING_DATABASE_URL" || status=$?
    if [ "$status" -ne 0 ]; then
    echo "cutover rehearse failed (exit $status)" >&2
    exit "$status"
  fi
else
  echo "STAGING_DATABASE_URL is not set: rehearse skipped" >&2
fi

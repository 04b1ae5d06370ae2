#!/usr/bin/env bash
# Story #3, permissions reshaped: a flat JSON array becomes a nested object while v1 and v2 both serve
# /admin/permissions, and the contract queries in contracts/ guard that page in `cutover rehearse`.
# ENGINE=sqlite (default) or ENGINE=postgres.
set -euo pipefail
STORY=story3
source "$(dirname "$0")/scripts/walk.sh"
split=20261202090000
nest=20261203090000

# compare_permissions: the admin page's text for every user, from v1 and from v2 (signed in as the given user).
compare_permissions() {
  local v1 v2
  v1="$(permissions_of "$V1_PORT" "$1")"
  v2="$(permissions_of "$V2_PORT" "$1")"
  if [[ -n "$v1" && "$v1" == "$v2" ]]; then
    echo "  v1 and v2 (as $1) show the same permissions for $(wc -l <<<"$v1") users, e.g. $(head -1 <<<"$v1")"
  else
    echo "  v1 and v2 (as $1) differ:"
    diff <(echo "$v1") <(echo "$v2") | head -5 || true
  fi
}

build
reset_database

step "the database as production has it: story #5 is done (users + user_profiles), permissions are flat arrays"
cutover up --to "$split" | tail -1
cutover verify "$split"
cutover complete "$split" | tail -1

step "rehearse the reshape as it first went wrong (naive/: one in-place UPDATE) on a copy: the contracts catch it"
# A copy of this engine's migrations with the naive file in place of the declared operation, checked by the same contracts.
naive="$run/naive-$ENGINE"
rm -rf "$naive" && mkdir -p "$naive"
cp -r "$(dirname "$config")/migrations/$ENGINE" "$naive/migrations"
cp "$here/naive/$ENGINE/$nest"_*.sql "$naive/migrations/"
printf '{ "connection": "%s", "migrations": "migrations" }\n' "$CUTOVER_CONNECTION" >"$naive/cutover.json"
"$cli" sum --config "$naive/cutover.json" >/dev/null
echo "\$ cutover rehearse --contracts contracts   # with naive/$ENGINE/${nest}_nest_permissions.sql"
set +e
"$cli" rehearse --config "$naive/cutover.json" --contracts "$here/contracts" --docs "$naive/docs" --no-color >"$naive/report.md" 2>/dev/null
naive_exit=$?
set -e
grep -E '^# Rehearsal|^- contract' "$naive/report.md" | cut -c1-150
echo "  exit $naive_exit: the rows the deployed admin page reads changed, and it would have found no grants in them"

step "rehearse the declared operation (migrations/$ENGINE) on a copy: the same contracts hold"
cutover rehearse --contracts "$here/contracts" --docs "$run/rehearsal-$ENGINE" 2>/dev/null | grep -E '^# Rehearsal|^\| admin_permission|^\| [0-9]+_nest_permissions'

start_app v1 "$V1_PORT"
start_app v2 "$V2_PORT"
look "$V1_PORT" /admin/permissions
look "$V2_PORT" /admin/permissions ada
compare_permissions ada

step "expand: a nested copy of permissions, kept in step with the flat one by triggers"
cutover up | tail -1
look "$V1_PORT" /admin/permissions
look "$V2_PORT" /admin/permissions ada
on_new_shape "$V2_PORT" /admin/permissions

for percent in 10 50 100; do
  step "rollout $percent%"
  cutover rollout "$nest" --percent "$percent" | tail -1
  settle
  on_new_shape "$V2_PORT" /admin/permissions
  look "$V1_PORT" /admin/permissions ada
  look "$V2_PORT" /admin/permissions ada
  compare_permissions ada
done

step "verify: the nested and the flat permissions agree on every row"
cutover verify "$nest"

step "complete (contract): permissions holds the nested object; the flat array is archived"
cutover complete "$nest" | tail -1
settle
look "$V2_PORT" /admin/permissions ada
on_new_shape "$V2_PORT" /admin/permissions
echo "  ada as v2 sees: $(permissions_of "$V2_PORT" ada | head -1)"
echo "  v1 must be gone by now: it reads a flat array and fails visibly, not with an empty table"
look "$V1_PORT" /admin/permissions ada

step "stop both apps"
stop_apps
echo "story 3 walked through on $ENGINE"

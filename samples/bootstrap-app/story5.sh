#!/usr/bin/env bash
# Story #5, the thirty-column users table: the profile columns move to user_profiles while v1 (the old build) and v2
# (the new build) both serve the pages from one database. ENGINE=sqlite (default) or ENGINE=postgres.
set -euo pipefail
STORY=story5
source "$(dirname "$0")/scripts/walk.sh"
split=20261202090000

build
reset_database

step "the database as production has it: the wide users table and its 40 users"
cutover up --to 20261201090100 | tail -1
start_app v1 "$V1_PORT"
start_app v2 "$V2_PORT"
look "$V1_PORT" /users
look "$V2_PORT" /users ada

step "expand: user_profiles is created and backfilled; triggers keep both shapes in step"
cutover up --to "$split" | tail -1
look "$V1_PORT" /users
look "$V2_PORT" /users ada
on_new_shape "$V2_PORT" /users

for percent in 10 50 100; do
  step "rollout $percent%"
  cutover rollout "$split" --percent "$percent" | tail -1
  settle
  on_new_shape "$V2_PORT" /users
  look "$V1_PORT" /users ada
  look "$V2_PORT" /users ada
done

step "a write through each shape is seen through the other"
look "$V2_PORT" /users/1 ada
"$here/scripts/save-profile.sh" "$V2_PORT" 1 ada "location=Paris (saved by v2)"
echo "  v1 reads ada's location: $(cell "$V1_PORT" /users ada location)"
"$here/scripts/save-profile.sh" "$V1_PORT" 2 grace "location=Oslo (saved by v1)"
echo "  v2 reads grace's location: $(cell "$V2_PORT" /users grace location)"

step "verify: both shapes agree on every row"
cutover verify "$split"

step "complete (contract): the moved columns leave users; rolloutSoakMinutes is 0 in this sample's config"
cutover complete "$split"
settle
look "$V2_PORT" /users ada
look "$V2_PORT" /users/1 ada
on_new_shape "$V2_PORT" /users
echo "  v1 must be gone by now: the old shape no longer exists"
look "$V1_PORT" /users ada

step "stop both apps"
stop_apps
echo "story 5 walked through on $ENGINE"

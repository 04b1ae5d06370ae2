# Helpers shared by story5.sh and story3.sh: the engine and its scratch database, the cutover CLI, the two app
# processes, and a look at a page. Sourced, not run.

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
repo="$(cd "$here/../.." && pwd)"
run="$here/.run"
mkdir -p "$run"

ENGINE="${ENGINE:-sqlite}"
V1_PORT="${V1_PORT:-5101}"
V2_PORT="${V2_PORT:-5102}"
cli="$repo/src/Cutover.Cli/bin/Debug/net10.0/Cutover.Cli"
app_dll="$here/bin/Debug/net10.0/BootstrapApp.dll"
pids=()

# The engine decides the config (each has its own migrations folder) and the scratch database the story runs on;
# CUTOVER_CONNECTION points both the CLI and the apps at it.
case "$ENGINE" in
  sqlite)
    config="$here/cutover.json"
    database_file="$run/$STORY.db"
    export CUTOVER_CONNECTION="Data Source=$database_file"
    ;;
  postgres)
    config="$here/cutover.postgres.json"
    export PGHOST="${PGHOST:-/tmp}" PGPORT="${PGPORT:-55432}" PGUSER="${PGUSER:-postgres}"
    database_name="bootstrap_$STORY"
    export CUTOVER_CONNECTION="Host=$PGHOST;Port=$PGPORT;Username=$PGUSER;Database=$database_name"
    psql_bin="$(command -v psql || ls /usr/lib/postgresql/*/bin/psql 2>/dev/null | sort -V | tail -1)"
    ;;
  *)
    echo "ENGINE must be sqlite or postgres, not '$ENGINE'" >&2
    exit 2
    ;;
esac

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

cutover() {
  echo "\$ cutover $*"
  "$cli" "$@" --config "$config" --no-color
}

build() {
  step "build the CLI and the app"
  dotnet build "$repo/src/Cutover.Cli" -nologo -v q | tail -1
  dotnet build "$here" -nologo -v q | tail -1
}

# A fresh, empty database for the story.
reset_database() {
  step "fresh $ENGINE database"
  if [[ "$ENGINE" == sqlite ]]; then
    rm -f "$database_file" "$database_file-wal" "$database_file-shm"
    echo "$database_file"
  else
    "$psql_bin" -q -d postgres -c "DROP DATABASE IF EXISTS $database_name WITH (FORCE)" -c "CREATE DATABASE $database_name"
    echo "$database_name on $PGHOST:$PGPORT"
  fi
}

# start_app v1|v2 port: one build of the app, in the background, logging to .run/<story>-<version>.log.
start_app() {
  local version="$1" port="$2"
  (cd "$here" && APP_VERSION="$version" exec dotnet "$app_dll" --urls "http://127.0.0.1:$port") >"$run/$STORY-$version.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 100); do
    if curl -s -o /dev/null "http://127.0.0.1:$port/error"; then
      echo "$version listening on http://127.0.0.1:$port (pid $!)"
      return 0
    fi
    sleep 0.2
  done
  echo "$version did not start; see $run/$STORY-$version.log" >&2
  return 1
}

# Stops only the processes this script started.
stop_apps() {
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  done
  pids=()
}

# look <port> <path> [user]: fetches a page (signed in as user, if given) and prints its status, version and shape.
look() {
  local port="$1" path="$2" user="${3:-}" url body status version shape
  url="http://127.0.0.1:$port$path"
  [[ -n "$user" ]] && url="$url?as=$user"
  body="$run/page.html"
  status="$(curl -s -o "$body" -w '%{http_code}' "$url")"
  version="$(grep -o 'data-app-version="[^"]*"' "$body" | head -1 | cut -d'"' -f2)"
  shape="$(grep -o 'data-shape="[^"]*"' "$body" | head -1 | cut -d'"' -f2)"
  printf '  %-28s HTTP %s  served by %s on the %s shape' "$path${user:+ as $user}" "$status" "${version:-?}" "${shape:-?}"
  [[ "$status" == 500 ]] && printf '  (error page: %s)' "$(grep -o 'id="error-message">[^<]*' "$body" | cut -d'>' -f2 | sed "s/&quot;/\"/g; s/&#x27;/'/g; s/&amp;/\&/g; s/&#xA;/ /g" | cut -c1-90)"
  printf '\n'
}

# cell <port> <path> <user> <column>: the text of one cell of the signed-in user's row.
cell() {
  curl -s "http://127.0.0.1:$1$2?as=$3" | tr -d '\n' | grep -o "<tr data-user=\"$3\">.*" \
    | grep -o "<td data-col=\"$4\">[^<]*" | head -1 | cut -d'>' -f2
}

# on_new_shape <port> <path>: how many of the 40 seeded users v2 serves the new shape, signed in as each.
on_new_shape() {
  local count=0 name
  for name in $(curl -s "http://127.0.0.1:$1/users" | grep -o 'tr data-user="[^"]*"' | cut -d'"' -f2); do
    # Not `curl | grep -q`: grep stops at the first match, and pipefail would count curl's broken pipe as a miss.
    [[ "$(curl -s "http://127.0.0.1:$1$2?as=$name")" == *'data-shape="new"'* ]] && count=$((count + 1))
  done
  echo "  v2 $2: $count of 40 users on the new shape"
}

# Lets a rollout change reach v2: it rereads rollouts every second, answering from the last read meanwhile, so one
# request after the interval starts the read the next requests see.
settle() {
  sleep 1.5
  curl -s -o /dev/null "http://127.0.0.1:$V2_PORT/users"
  sleep 0.5
}

trap stop_apps EXIT

# permissions_of <port> <user>: "name: permissions" for every row of /admin/permissions, signed in as user.
permissions_of() {
  curl -s "http://127.0.0.1:$1/admin/permissions?as=$2" | tr -d '\n' | sed 's#<tr #\n<tr #g' \
    | sed -n 's#^<tr data-user="\([^"]*\)">.*<td data-col="permissions">\([^<]*\)</td>.*#\1: \2#p'
}

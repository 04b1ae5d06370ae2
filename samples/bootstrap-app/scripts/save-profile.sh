#!/usr/bin/env bash
# save-profile.sh <port> <id> <user> <field=value>…: submits the profile form as a browser would (with its antiforgery
# token and cookie), keeping the other fields as the page shows them, and prints whether #saved appeared.
set -euo pipefail
port="$1" id="$2" user="$3"
shift 3
jar="$(mktemp)"
page="$(mktemp)"
trap 'rm -f "$jar" "$page"' EXIT
base="http://127.0.0.1:$port/users/$id"
curl -s -c "$jar" -b "$jar" -o "$page" "$base?as=$user"
token="$(grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' "$page" | cut -d'"' -f6)"
fields=()
for name in display_name bio location company website theme; do
  value="$(grep -o "name=\"$name\" value=\"[^\"]*\"" "$page" | cut -d'"' -f4)"
  for change in "$@"; do
    [[ "${change%%=*}" == "$name" ]] && value="${change#*=}"
  done
  fields+=(--data-urlencode "$name=$value")
done
status="$(curl -s -c "$jar" -b "$jar" -o "$page" -w '%{http_code}' -L "${fields[@]}" --data-urlencode "__RequestVerificationToken=$token" "$base")"
if grep -q 'id="saved"' "$page"; then
  echo "  saved through port $port as $user: $* (HTTP $status)"
else
  echo "  NOT saved through port $port as $user (HTTP $status)" >&2
  exit 1
fi

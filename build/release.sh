#!/usr/bin/env bash
# Release artifacts in one folder: the Native AOT `cutover` binary for each RID that can be built on this machine,
# the NuGet packages (the libraries and the dotnet tool), and SHA256SUMS over all of them.
#
#   build/release.sh [OUT]        (default OUT: artifacts/release; emptied first)
#
# Native AOT does not cross-compile between operating systems, and across architectures only with the target's
# C toolchain and sysroot (and, for linux-arm64, the arm64 libsqlite3.a): on a linux-x64 build machine that is
# linux-x64 alone. RIDS="linux-x64 linux-arm64" asks for more where the toolchain is there.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$(mkdir -p "${1:-$ROOT/artifacts/release}" && cd "${1:-$ROOT/artifacts/release}" && pwd)
RIDS=${RIDS:-linux-x64}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

find "$OUT" -mindepth 1 -delete

# Packed first: the tool package's name gives the version the binaries are named with, however the build sets it.
echo "release: NuGet packages…" >&2
dotnet pack "$ROOT/Cutover.slnx" -c Release -o "$OUT" >"$WORK/pack.log" || { cat "$WORK/pack.log" >&2; exit 1; }
version=$(cd "$OUT" && ls Cutover.Cli.*.nupkg | grep -v '\.symbols\.nupkg$' | sed 's/^Cutover\.Cli\.\(.*\)\.nupkg$/\1/')
[ -n "$version" ] || { echo "release: no Cutover.Cli package was packed" >&2; exit 1; }

for rid in $RIDS; do
  echo "release: Native AOT cutover for $rid…" >&2
  # --artifacts-path: a publish of its own, apart from the developer's bin/ and obj/.
  dotnet publish "$ROOT/src/Cutover.Cli" -c Release -r "$rid" -p:PublishAot=true \
    --artifacts-path "$WORK/artifacts" -o "$WORK/aot-$rid" >"$WORK/publish-$rid.log" \
    || { cat "$WORK/publish-$rid.log" >&2; exit 1; }
  # One file to copy: SQLite is linked in (src/Cutover.Cli/SqliteStatic.targets). A native library beside the
  # binary would be one the user has to know to copy (the .pdb, .xml and .dbg files beside it are not needed).
  extra=$(find "$WORK/aot-$rid" -mindepth 1 \( -name '*.so' -o -name '*.dylib' -o -name '*.dll' \) -printf '%f ')
  [ -z "$extra" ] || { echo "release: the $rid binary needs native libraries beside it: $extra" >&2; exit 1; }
  name="cutover-$version-$rid"
  cp "$WORK/aot-$rid/cutover" "$WORK/cutover"
  tar -czf "$OUT/$name.tar.gz" -C "$WORK" cutover
  rm "$WORK/cutover"
done


# SHA256SUMS in the format `sha256sum -c` reads, names relative to OUT.
(cd "$OUT" && find . -maxdepth 1 -type f ! -name SHA256SUMS -printf '%f\n' | sort | xargs sha256sum > SHA256SUMS)
echo "release: $(wc -l < "$OUT/SHA256SUMS") artifacts in $OUT" >&2
ls -l "$OUT" >&2

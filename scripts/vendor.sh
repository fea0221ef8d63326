#!/usr/bin/env bash
# make vendor: fetches the vendored front-end files from npm with `npm pack`
# (npm checks each tarball against the registry's integrity hash), checks
# each file against the sha256 pinned below, and copies it into the tree.
# A file whose sum differs stops the script before anything is copied, so a
# changed upstream tarball cannot slip into the binary unnoticed.
#
# To update: change a version below and run `scripts/vendor.sh --update`.
# It copies the new files without checking them and prints their sums;
# paste those into this script and into web/static/VENDORED.md, read the
# upstream changelog, and run the browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."

HTMX_VERSION=2.0.11
AXE_VERSION=4.14.1

# package:path-in-tarball  destination  sha256
files=(
  "htmx.org@$HTMX_VERSION:package/dist/htmx.min.js web/static/htmx.min.js d6fdc75f204e6bdefa99b69bf1e6d4ac69b8a364f77929f45c13476b4000f717"
  "htmx.org@$HTMX_VERSION:package/LICENSE web/static/htmx.LICENSE d3d2456f76414f2456104660ebd65aff1c04cd7966b942bdabd63f3cdb316a38"
  "axe-core@$AXE_VERSION:package/axe.min.js internal/browsertest/axe.min.js 29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"
  "axe-core@$AXE_VERSION:package/LICENSE internal/browsertest/axe.LICENSE af175b9d96ee93c21a036152e1b905b0b95304d4ae8c2c921c7609100ba8df7e"
  "axe-core@$AXE_VERSION:package/LICENSE-3RD-PARTY.txt internal/browsertest/axe.LICENSE-3RD-PARTY.txt 4f8563870d0fca38bbc3e00b6f670cb7fa9f380ba9f26a7f7d1184a6b18b1653"
)

update=false
if [ "${1:-}" = "--update" ]; then update=true; fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# unpack fetches one package into its own directory, once.
unpack() {
  local dir="$work/$1"
  if [ ! -d "$dir" ]; then
    mkdir -p "$dir"
    (cd "$dir" && npm pack --silent "$1" >/dev/null && tar xzf ./*.tgz)
  fi
  echo "$dir"
}

failed=false
for entry in "${files[@]}"; do
  read -r source dest want <<<"$entry"
  dir="$(unpack "${source%%:*}")"
  got="$(sha256sum "$dir/${source#*:}" | cut -d' ' -f1)"
  if $update; then
    echo "$got  $dest"
  elif [ "$got" != "$want" ]; then
    echo "sha256 mismatch for $source: got $got, want $want" >&2
    failed=true
  fi
done
if $failed; then exit 1; fi

for entry in "${files[@]}"; do
  read -r source dest _ <<<"$entry"
  cp "$(unpack "${source%%:*}")/${source#*:}" "$dest"
done
if ! $update; then echo "vendored files match their pinned sha256"; fi

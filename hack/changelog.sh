#!/usr/bin/env bash
# `make changelog`: write CHANGELOG.rst (or the file named by $1) as the next release's notes
# would read, from changelogs/changelog.yaml plus the pending fragments, without consuming
# them. The release itself (`antsibull-changelog release`, which removes the fragments) is
# done once, by whoever tags the version in galaxy.yml.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=$(realpath -m "${VENV:-.venv}")/bin
out=$(realpath -m "${1:-CHANGELOG.rst}")
version=$(sed -n 's/^version: *//p' galaxy.yml)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r changelogs galaxy.yml plugins meta "$work/"
# release lists new plugins through ansible-doc, which must find kaas.cloud somewhere
export ANSIBLE_COLLECTIONS_PATH=${ANSIBLE_COLLECTIONS_PATH:-$PWD/.build/collections}
export PATH="$BIN:$PATH"
(cd "$work" && "$BIN/antsibull-changelog" release --version "$version" --date "$(date -u +%F)" >/dev/null)
cp "$work/CHANGELOG.rst" "$out"
echo "==> $out: release notes of $version (pending fragments kept)"

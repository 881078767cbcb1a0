#!/usr/bin/env bash
# `make changelog`: write CHANGELOG.rst (or the file named by $1) as the next release's notes
# would read, from changelogs/changelog.yaml plus the pending fragments, without consuming
# them. The output depends on the checkout only, never on the day it runs: the release date
# is the one recorded for galaxy.yml's version in changelogs/changelog.yaml, so running this
# on a clean checkout leaves `git status` clean. The release itself (`antsibull-changelog
# release`, which removes the fragments) is done once, by whoever tags the version in
# galaxy.yml; they set the real date in changelogs/changelog.yaml first.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=$(realpath -m "${VENV:-.venv}")/bin
out=$(realpath -m "${1:-CHANGELOG.rst}")
version=$(sed -n 's/^version: *//p' galaxy.yml)
date=$("$BIN/python" - "$version" <<'PY'
import sys
import yaml
version = sys.argv[1]
with open("changelogs/changelog.yaml", encoding="utf-8") as f:
    releases = yaml.safe_load(f).get("releases") or {}
print((releases.get(version) or {}).get("release_date", ""))
PY
)
if [[ -z $date ]]; then
    echo "changelogs/changelog.yaml records no release_date for $version (galaxy.yml's version);" >&2
    echo "add 'releases: {$version: {release_date: YYYY-MM-DD}}' with the planned date" >&2
    exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# roles/ too: antsibull-changelog lists new roles from their meta/argument_specs.yml
cp -r changelogs galaxy.yml plugins meta roles "$work/"
# release lists new plugins and roles through ansible-doc, which must find kaas.cloud somewhere
export ANSIBLE_COLLECTIONS_PATH=${ANSIBLE_COLLECTIONS_PATH:-$PWD/.build/collections}
export PATH="$BIN:$PATH"
# The version is already in changelog.yaml (its date), so antsibull-changelog warns that it
# "already exists": expected here, and the only line dropped from its error output.
(cd "$work" && "$BIN/antsibull-changelog" release --version "$version" --date "$date" \
    2> >(grep -v "WARNING release $version already exists" >&2) >/dev/null)
cp "$work/CHANGELOG.rst" "$out"
echo "==> $out: release notes of $version, $date (pending fragments kept)"

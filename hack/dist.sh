#!/usr/bin/env bash
# `make dist`: what a release publishes, in dist/ (or the directory named by $1):
#   kaas-cloud-<version>.tar.gz            the collection (galaxy.yml's build_ignore keeps
#                                          tests, the emulator, hack and virtualenvs out)
#   kaas_emulator-<version>-py3-none-any.whl  kaas-emulator, a Python package of its own
# The wheel is built by `python -m build` in an isolated environment (setuptools from
# PyPI), from a copy of tests/emulator: building in place would leave build/ and
# *.egg-info in the checkout.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=$(realpath -m "${VENV:-.venv}")/bin
out=$(realpath -m "${1:-dist}")
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$BIN/ansible-galaxy" collection build --force --output-path "$out" . >"$work/galaxy.log" 2>&1 \
    || { cat "$work/galaxy.log"; exit 1; }

mkdir "$work/emulator"
cp -r tests/emulator/pyproject.toml tests/emulator/README.md tests/emulator/src "$work/emulator/"
find "$work/emulator" \( -name __pycache__ -o -name '*.egg-info' \) -prune -exec rm -rf {} +
"$BIN/python" -m build --wheel --outdir "$out" "$work/emulator" >"$work/build.log" 2>&1 \
    || { tail -n 30 "$work/build.log"; exit 1; }

version=$(sed -n 's/^version: *//p' galaxy.yml)
echo "==> $out/kaas-cloud-$version.tar.gz (ansible-galaxy collection install <it>)"
for wheel in "$out"/kaas_emulator-*.whl; do
    echo "==> $wheel (pip install <it>; then: kaas-emulator serve)"
done

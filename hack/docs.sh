#!/usr/bin/env bash
# `make docs`: the collection's docs site (plugin pages + docs/docsite extra docs) with
# antsibull-docs and Sphinx, into .build/docs/build/html.
#
# The build is offline-safe: Sphinx cannot fetch the intersphinx inventories of
# docs.ansible.com here, so references into ansible-core's docs (common return values,
# ansible.builtin plugins, configuration settings) stay unresolved. Those warnings are
# expected; any other warning fails the build.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=$(realpath -m "${VENV:-.venv}")/bin
export PATH="$BIN:$PATH"
export ANSIBLE_COLLECTIONS_PATH=${ANSIBLE_COLLECTIONS_PATH:-$PWD/.build/collections}
DEST=.build/docs
rm -rf "$DEST"
mkdir -p -m 700 "$DEST"   # antsibull-docs refuses a directory others can write to
"$BIN/antsibull-docs" sphinx-init --use-current --fail-on-error --lenient --dest-dir "$DEST" \
  --project kaas.cloud --title "kaas.cloud" kaas.cloud >/dev/null
log=$PWD/$DEST/build.log
(
  cd "$DEST"
  "$BIN/antsibull-docs" --config-file antsibull-docs.cfg collection --cleanup everything --fail-on-error \
    --use-current --dest-dir rst kaas.cloud
  "$BIN/sphinx-build" -M html rst build -c . --keep-going
) >"$log" 2>&1 || { tail -n 40 "$log"; exit 1; }
unexpected=$(grep -E 'WARNING|ERROR' "$log" \
  | grep -vE "failed to reach any of the inventories|undefined label: '(ansible_configuration_settings|common_return_values|ansible_collections\.ansible\.builtin\.[a-z_]+)'" \
  || true)
if [ -n "$unexpected" ]; then
  echo "$unexpected"
  echo "==> the docs site built with warnings (log: $log)"
  exit 1
fi
echo "==> docs site: $DEST/build/html/index.html"

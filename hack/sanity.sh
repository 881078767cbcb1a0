#!/usr/bin/env bash
# Run `ansible-test sanity` (all default tests, Python 3.11) for this collection.
#
# Usage: hack/sanity.sh [VENV_DIR]      run from the repo root; VENV_DIR defaults to .venv
#                                       and must already contain ansible-core (ansible-test).
# Env:   SANITY_ARGS="--test pylint"    extra ansible-test arguments (e.g. run one test)
#        SANITY_KEEP=1                  keep the temporary copy (path is printed)
#
# What it does (see hack/README.md):
#   1. seeds ~/.ansible/test/cache with a get-pip replacement (ansible-test would otherwise
#      download get-pip.py from a host outside PyPI); ansible-test then builds one venv per
#      sanity test under ~/.ansible/test/venv from PyPI and reuses them on later runs;
#   2. copies the git-tracked + untracked-not-ignored files, minus galaxy.yml build_ignore
#      entries (except tests/, which ansible-test needs) and minus tests/emulator, into
#      $TMP/ansible_collections/<namespace>/<name>;
#   3. installs shellcheck via apt-get when shell scripts are present and it is missing
#      (ansible-test would otherwise only warn and skip the shellcheck test);
#   4. runs `ansible-test sanity --local --python 3.11`, exits non-zero on any failure and
#      repeats the failure lines at the end.
set -euo pipefail

VENV_DIR="${1:-.venv}"
if [[ ! -x "$VENV_DIR/bin/ansible-test" ]]; then
  echo "sanity.sh: $VENV_DIR/bin/ansible-test not found (create the venv first)" >&2
  exit 2
fi
VENV_DIR="$(cd "$VENV_DIR" && pwd)"
PY="$VENV_DIR/bin/python"
if [[ ! -f galaxy.yml ]]; then
  echo "sanity.sh: run from the repo root (galaxy.yml not found)" >&2
  exit 2
fi
REPO_ROOT="$(pwd)"

# --- 1. pip bootstrap for ansible-test's per-test venvs ----------------------------------
# ansible-test creates each sanity venv with `python -m venv --without-pip`, then runs
# ~/.ansible/test/cache/get_pip_<ver>.py, downloading it from ci-files.testing.ansible.com
# when absent (fails without that host). The documented workaround is to pre-seed that
# file; ours runs pip from the official pip wheel fetched from PyPI (what get-pip.py does).
PIP_VER="$("$PY" -c 'import types
from ansible_test._internal.python_requirements import get_venv_packages
print(get_venv_packages(types.SimpleNamespace(version="3.11"))["pip"])')"
AT_CACHE="$HOME/.ansible/test/cache"
SHIM="$AT_CACHE/get_pip_${PIP_VER//./_}.py"
WHEEL="$AT_CACHE/pip-${PIP_VER}-py3-none-any.whl"
if [[ ! -s "$WHEEL" ]]; then
  mkdir -p "$AT_CACHE"
  if ! out="$("$PY" -m pip download -q --no-deps --only-binary=:all: -d "$AT_CACHE" "pip==$PIP_VER" 2>&1)"; then
    echo "$out" >&2
    exit 2
  fi
fi
if [[ ! -s "$SHIM" ]] || ! grep -q 'written by hack/sanity.sh' "$SHIM"; then
  mkdir -p "$AT_CACHE"
  cat > "$SHIM.tmp" <<PYEOF
# get-pip.py replacement written by hack/sanity.sh: installs pip from the wheel beside it.
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "pip-${PIP_VER}-py3-none-any.whl"))
from pip._internal.cli.main import main  # noqa: E402

args = [a for a in sys.argv[1:] if a not in ("--no-setuptools", "--no-wheel")]
sys.exit(main(["install", "--upgrade", "--force-reinstall"] + args))
PYEOF
  mv "$SHIM.tmp" "$SHIM"
fi

# --- 2. copy the collection into ansible_collections/<namespace>/<name> ------------------
TMP_ROOT="$(mktemp -d)"
cleanup() {
  if [[ -n "${SANITY_KEEP:-}" ]]; then
    echo "sanity.sh: kept $TMP_ROOT" >&2
  else
    rm -rf "$TMP_ROOT"
  fi
}
trap cleanup EXIT

# Prints "<namespace>/<name>" then a NUL-separated list of files to copy on fd 3.
FILE_LIST="$TMP_ROOT/files"
COLL="$(git ls-files -z -co --exclude-standard | "$PY" -c '
import fnmatch, os, sys, yaml

with open("galaxy.yml") as f:
    galaxy = yaml.safe_load(f)
patterns = [str(p).rstrip("/") for p in galaxy.get("build_ignore") or []]

def excluded(path):
    # Kept whatever build_ignore says: tests/ (ansible-test reads tests/sanity/ignore-*.txt,
    # lints tests/unit and tests/integration) and galaxy.yml (collection version).
    # Always dropped: tests/emulator (dev-only Flask app, not collection content).
    if path == "galaxy.yml":
        return False
    if path == "tests/emulator" or path.startswith("tests/emulator/"):
        return True
    if path == "tests" or path.startswith("tests/"):
        return False
    parts = path.split("/")
    prefixes = ["/".join(parts[:i]) for i in range(1, len(parts) + 1)]
    return any(fnmatch.fnmatch(p, pat) for p in prefixes for pat in patterns)

files = [p for p in sys.stdin.read().split("\0") if p and os.path.isfile(p) and not excluded(p)]
with open(sys.argv[1], "w") as out:
    out.write("\0".join(files))
print("%s/%s" % (galaxy["namespace"], galaxy["name"]))
' "$FILE_LIST")"
DEST="$TMP_ROOT/ansible_collections/$COLL"
mkdir -p "$DEST"
tar --null -T "$FILE_LIST" -cf - | tar -xf - -C "$DEST"
# No `git init` needed: without a VCS ansible-test lists every file under the collection
# root (its "unversioned" source provider), which here is exactly the copied set.

# --- 3. shellcheck ------------------------------------------------------------------------
if [[ -n "$(find "$DEST" -name '*.sh' -type f -print -quit)" ]] && ! command -v shellcheck > /dev/null; then
  if [[ "$(id -u)" == 0 ]] && command -v apt-get > /dev/null; then
    echo "sanity.sh: installing shellcheck (needed by the shellcheck sanity test)" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq shellcheck > /dev/null 2>&1 \
      || { apt-get update -qq && apt-get install -y -qq shellcheck > /dev/null; }
  else
    echo "sanity.sh: shellcheck is required for the *.sh files (apt-get install shellcheck)" >&2
    exit 2
  fi
fi

# --- 4. run -------------------------------------------------------------------------------
LOG="$TMP_ROOT/sanity.log"
cd "$DEST"
set +e
# shellcheck disable=SC2086 # SANITY_ARGS is intentionally word-split
"$VENV_DIR/bin/ansible-test" sanity --local --python 3.11 --color no ${SANITY_ARGS:-} 2>&1 \
  | grep --line-buffered -v "^WARNING: Location 'file:" | tee "$LOG"
rc="${PIPESTATUS[0]}"
set -e
cd "$REPO_ROOT"

if [[ "$rc" != 0 ]]; then
  echo
  echo "================ sanity failures (ansible-test exit $rc) ================"
  grep -E '^(ERROR|FATAL):' "$LOG" | grep -v 'See documentation' || true
  echo "Paths are relative to the repo root. Run one test: SANITY_ARGS='--test NAME' $0"
  exit "$rc"
fi
echo "sanity: all tests passed"

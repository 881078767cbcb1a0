#!/usr/bin/env bash
# make live PROVIDER=<nks|itcare|deployme|ecns>: smoke-test the collection against a real account.
#
# Read-only by default (sign in, list clusters, the *_info modules, the inventory plugin);
# the full lifecycle (create the smallest cluster, a node group, wait, delete) only with
# KAAS_LIVE_LIFECYCLE=yes. Connection and credentials are the KAAS_* variables the modules
# already read; without them this prints what to set and exits 0. See docs/live-testing.md.
set -euo pipefail

cd "$(dirname "$0")/.."
provider="${1:-${KAAS_PROVIDER:-}}"
bin="${KAAS_LIVE_BIN:-.venv/bin}"
# The modules run with the Python that has the collection's requirements.
python="$bin/python"
export ANSIBLE_COLLECTIONS_PATH="${ANSIBLE_COLLECTIONS_PATH:-$PWD/.build/collections}"
export ANSIBLE_NOCOLOR=1

# What each provider needs (the modules' own KAAS_* variables; docs/live-testing.md).
needs() {
    case "$1" in
        nks) echo "KAAS_AUTH_USERNAME KAAS_AUTH_PASSWORD KAAS_AUTH_PROJECT_ID" ;;
        itcare) echo "KAAS_AUTH_CLIENT_ID KAAS_AUTH_CLIENT_SECRET" ;;
        deployme) echo "KAAS_AUTH_TOKEN" ;;
        ecns) echo "KAAS_API_URL KAAS_AUTH_USERNAME KAAS_AUTH_PASSWORD KAAS_AUTH_PROJECT_ID KAAS_AUTH_AUTH_URL KAAS_LIVE_ECNS_CLUSTER" ;;
        *) return 1 ;;
    esac
}

usage() {
    cat <<TEXT
make live PROVIDER=<nks|itcare|deployme|ecns> runs a read-only smoke test against a real account.
Nothing was run: set these variables first (docs/live-testing.md):

  nks       KAAS_AUTH_USERNAME, KAAS_AUTH_PASSWORD, KAAS_AUTH_PROJECT_ID
            (optional: KAAS_REGION, KAAS_API_URL, KAAS_AUTH_AUTH_URL)
  itcare    KAAS_AUTH_CLIENT_ID, KAAS_AUTH_CLIENT_SECRET (optional: KAAS_API_URL, KAAS_AUTH_AUTH_URL)
  deployme  KAAS_AUTH_TOKEN (optional: KAAS_API_URL)
  ecns      KAAS_API_URL, KAAS_AUTH_USERNAME, KAAS_AUTH_PASSWORD, KAAS_AUTH_PROJECT_ID,
            KAAS_AUTH_AUTH_URL, KAAS_LIVE_ECNS_CLUSTER (an existing cluster)

The lifecycle (creates the smallest cluster, then deletes it: the provider bills for it
meanwhile) runs only with KAAS_LIVE_LIFECYCLE=yes, and takes the account's settings
(networks, flavors, images) from the YAML file named by KAAS_LIVE_SETTINGS.
TEXT
}

if [ -z "$provider" ] || ! needs "$provider" >/dev/null; then
    [ -n "$provider" ] && echo "unknown provider '$provider'" >&2
    usage
    exit 0
fi
missing=()
for name in $(needs "$provider"); do
    [ -n "${!name:-}" ] || missing+=("$name")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "provider $provider: ${missing[*]} not set"
    usage
    exit 0
fi
export KAAS_PROVIDER="$provider"

echo "==> $provider: read-only smoke test (sign in, clusters, *_info)"
"$bin/ansible-playbook" -i localhost, -e "ansible_python_interpreter=$python" tests/live/smoke.yml
if [ "$provider" != ecns ]; then
    echo "==> $provider: inventory plugin"
    "$bin/ansible-inventory" -i tests/live/live.kaas.yml --graph
fi

if [ "${KAAS_LIVE_LIFECYCLE:-}" = yes ]; then
    KAAS_LIVE_RUN_ID="$(date -u +%Y%m%d%H%M%S)-$$"
    export KAAS_LIVE_RUN_ID
    echo "==> $provider: lifecycle of kaas-live-$KAAS_LIVE_RUN_ID (created, then always deleted)"
    "$bin/ansible-playbook" -i localhost, -e "ansible_python_interpreter=$python" tests/live/lifecycle.yml
else
    echo "==> lifecycle skipped (set KAAS_LIVE_LIFECYCLE=yes to create and delete a cluster)"
fi

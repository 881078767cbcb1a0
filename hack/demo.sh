#!/usr/bin/env bash
# `make demo`: start kaas-emulator on a free loopback port, run playbooks/demo.yml against it
# twice, require the second run to change nothing, then tear the demo down with
# playbooks/demo_teardown.yml (twice too: the second run must change nothing), stop the emulator.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=hack/emulator.sh
. hack/emulator.sh
start_emulator

recap() { grep -E '^localhost +:' "$1" | sed -E 's/ +/ /g; s/^localhost : //' | cut -d' ' -f1-4; }

for run in 1 2; do
  log="$WORK/run$run.log"
  if ! "$BIN/ansible-playbook" playbooks/demo.yml -e "emulator_url=$url" -e "kubeconfig_dir=$PWD/$WORK" >"$log" 2>&1; then
    cat "$log"
    echo "==> run $run of playbooks/demo.yml failed (log: $log)"
    exit 1
  fi
  echo "==> run $run: $(recap "$log")"
done
grep -E '^localhost +:' "$WORK/run2.log" | grep -q ' changed=0 ' || {
  echo "==> the second run changed something: the playbook is not idempotent (log: $WORK/run2.log)"
  exit 1
}
grep -h '"msg":' "$WORK/run2.log" | sed -E 's/^ *"msg": "?//; s/"$//' | sed 's/^/    /'
echo "==> second run changed nothing; kubeconfig files written to $WORK/ (mode 0600)"

for run in 1 2; do
  log="$WORK/teardown$run.log"
  if ! "$BIN/ansible-playbook" playbooks/demo_teardown.yml -e "emulator_url=$url" -e "kubeconfig_dir=$PWD/$WORK" >"$log" 2>&1; then
    cat "$log"
    echo "==> run $run of playbooks/demo_teardown.yml failed (log: $log)"
    exit 1
  fi
  echo "==> teardown run $run: $(recap "$log")"
done
grep -E '^localhost +:' "$WORK/teardown2.log" | grep -q ' changed=0 ' || {
  echo "==> the second teardown changed something: it is not idempotent (log: $WORK/teardown2.log)"
  exit 1
}
echo "==> demo torn down (clusters, node groups, load balancer, workload, kubeconfig files); emulator stopped"

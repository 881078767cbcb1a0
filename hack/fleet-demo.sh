#!/usr/bin/env bash
# `make fleet-demo`: start kaas-emulator on a free loopback port and run the fleet of
# docs/examples/fleet-demo.yml through playbooks/fleet.yml: the plan (--check --diff), the
# converge, a second plan that must find every cluster unchanged, the fleet report with its
# drift (.build/demo/fleet-report.html), then a prune down to no cluster; stop the emulator.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=hack/emulator.sh
. hack/emulator.sh
start_emulator

# The example names the emulator's default port; the copy names the one it listens on.
"$BIN/python" hack/fleet_demo.py files "$url" "$WORK"
fleet="$WORK/fleet-demo.yml"
empty="$WORK/fleet-empty.yml"

# playbook NAME ARGS...: run ansible-playbook, its output in $WORK/fleet-NAME.log; stop on failure.
playbook() {
  local name=$1
  shift
  if ! "$BIN/ansible-playbook" "$@" >"$WORK/fleet-$name.log" 2>&1; then
    tail -n 60 "$WORK/fleet-$name.log"
    echo "==> $name failed (log: $WORK/fleet-$name.log)"
    exit 1
  fi
}
# The plan's lines of a run, one line per cluster and the summary (the keys are in the log).
plan_lines() {
  sed -n '/^TASK \[Plan\]/,/^}/p' "$WORK/fleet-$1.log" | grep -E '^ {8}"' | sed -E 's/^ +"//; s/",?$//' |
    grep -v '^ ' | sed 's/^/    /'
}
fleet_run() {
  local name=$1 file=$2
  shift 2
  playbook "$name" -i localhost, playbooks/fleet.yml -e "fleet=$file" -e "fleet_plan_output=$PWD/$WORK/fleet-$name.json" \
    -e fleet_poll_interval=0.2 "$@"
}

fleet_run plan "$fleet" --check --diff
echo "==> plan (ansible-playbook playbooks/fleet.yml -e fleet=$fleet --check --diff): no write"
plan_lines plan
# Five clusters to create; the ECNS cluster exists (its console built it) and gets its namespace.
"$BIN/python" hack/fleet_demo.py only create,change "$WORK/fleet-plan.json"

fleet_run converge "$fleet"
echo "==> converge (ansible-playbook playbooks/fleet.yml -e fleet=$fleet)"
plan_lines converge

fleet_run replan "$fleet" --check --diff
echo "==> plan again: nothing left to do"
plan_lines replan | tail -n 1
"$BIN/python" hack/fleet_demo.py only unchanged "$WORK/fleet-replan.json" || {
  echo "==> the plan after the converge is not all unchanged (log: $WORK/fleet-replan.log)"
  exit 1
}

KAAS_EMULATOR_URL=$url playbook report -i docs/examples/demo.kaas.yml playbooks/fleet_report.yml \
  -e "@$WORK/fleet-report-connections.yml" -e "fleet=$fleet" -e "fleet_report_path=$PWD/$WORK/fleet-report.html"
echo "==> report (playbooks/fleet_report.yml -e fleet=$fleet): $WORK/fleet-report.html"
grep -h -E '"msg": "(plan of|[0-9]+ clusters reported)' "$WORK/fleet-report.log" | sed -E 's/^ *"msg": "//; s/"$//; s/^/    /'

fleet_run prune "$empty" -e fleet_prune=true
echo "==> prune (a fleet file with the connections and no cluster, -e fleet_prune=true)"
plan_lines prune
fleet_run after "$empty" --check
"$BIN/python" hack/fleet_demo.py only none "$WORK/fleet-after.json" || {
  echo "==> the accounts still hold clusters after the prune (log: $WORK/fleet-after.log)"
  exit 1
}
echo "==> fleet torn down (ECNS clusters are EasyStack's: their namespace and workload stay); emulator stopped"

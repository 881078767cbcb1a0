#!/usr/bin/env python
"""The files `make fleet-demo` derives from docs/examples/fleet-demo.yml, and its checks of a plan.

fleet_demo.py files URL DIR   DIR/fleet-demo.yml (the example on the emulator at URL),
                              DIR/fleet-empty.yml (its connections, no cluster: what a prune
                              tears down to) and DIR/fleet-report-connections.yml (the
                              report's fleet_report_connections)
fleet_demo.py only ACTIONS PLAN  fail unless every cluster of the plan file has one of
                                these actions (comma-separated; `none`: no cluster at all)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import yaml

EXAMPLE = Path(__file__).resolve().parents[1] / "docs" / "examples" / "fleet-demo.yml"
#: Where the example expects kaas-emulator: `kaas-emulator serve` with its default port.
EXAMPLE_URL = "http://127.0.0.1:8480"


def files(url: str, directory: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8").replace(EXAMPLE_URL, url.rstrip("/"))
    (directory / "fleet-demo.yml").write_text(text, encoding="utf-8")
    connections = yaml.safe_load(text)["connections"]
    empty = {"connections": connections, "clusters": []}
    (directory / "fleet-empty.yml").write_text(yaml.safe_dump(empty, sort_keys=False), encoding="utf-8")
    by_provider = {c["provider"]: {k: v for k, v in c.items() if k != "provider"} for c in connections.values()}
    report = {"fleet_report_connections": by_provider}
    (directory / "fleet-report-connections.yml").write_text(yaml.safe_dump(report), encoding="utf-8")


def only(actions: str, plan_file: Path) -> int:
    plan = json.loads(plan_file.read_text(encoding="utf-8"))
    others = {name: count for name, count in plan["summary"].items() if name not in actions.split(",") and count}
    if others:
        print(f"==> expected only {actions} in {plan_file}, got {plan['summary']}")
        return 1
    return 0


def main(argv: list[str]) -> int:
    if len(argv) == 3 and argv[0] == "files":
        files(argv[1], Path(argv[2]))
        return 0
    if len(argv) == 3 and argv[0] == "only":
        return only(argv[1], Path(argv[2]))
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

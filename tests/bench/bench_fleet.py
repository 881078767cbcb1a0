"""Benchmark of ``playbooks/fleet.yml``: the plan and an unchanged converge of a fleet of 200 clusters.

Run with ``make bench`` (or ``python tests/bench/bench_fleet.py [clusters per provider] [forks]``).
The emulator holds 66 clusters on each of NKS, ITCare and deployme (created through their
APIs) plus its two ECNS clusters, and the fleet file declares exactly what they are, so the
plan is "unchanged" everywhere. Every provider request waits 20 ms (a ``delay_ms`` fault).
For each run the table gives:

- requests: what reached the emulator (its request log), and per cluster;
- writes: the writes the providers accepted (signing in and ITCare's dry runs are none);
- changed: the sum of ``changed=`` over the play recap (an unchanged fleet must show 0);
- wall s: the whole ``ansible-playbook`` run;
- floor s: the longer of ``requests x 20 ms / forks`` (the requests if the pool is never
  idle) and the same run with no latency (what the controller and the module processes
  cost on this machine); the target is a wall within 2x of it.

Nothing is asserted about time; the figures go to ``.build/bench/fleet.json``.
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / ".build" / "collections"))

from bench_modules import table  # noqa: E402

from kaas_emulator.server import EmulatorServer  # noqa: E402
from support.fleet import ECNS_CLUSTERS, connections, run_fleet, write, writes  # noqa: E402
from support.harness import Cloud  # noqa: E402
from support.inventory import (  # noqa: E402
    ITCARE_NETWORKS,
    NKS_CLUSTER,
    SEED_TIME_SCALE,
    seed_deployme,
    seed_itcare,
    seed_nks,
)

PER_PROVIDER = 66  # x 3 providers + the 2 ECNS clusters = 200
FORKS = 20
LATENCY_MS = 20
NODES = 3
CHANGED = re.compile(r"changed=(\d+)")
# Ids and names in paths, so that requests group by kind.
ID = re.compile(r"(?<=/)(bench-[a-z]+-\d+|ecns-(east|west)|[0-9a-f-]{8,}|\d+|cls_[0-9a-f]+)(?=/|$)")


def create_clusters(cloud: Cloud, per_provider: int) -> list[dict[str, Any]]:
    """The clusters, created through the providers' APIs, and their declaration in the fleet file."""
    labels = NKS_CLUSTER["labels"]
    clusters: list[dict[str, Any]] = [
        {"name": name, "connection": "ecns-demo", "namespaces": [{"name": "default"}]} for name in ECNS_CLUSTERS
    ]
    for number in range(per_provider):
        seed_nks(cloud, f"bench-nks-{number:03d}", NODES)
        seed_itcare(cloud, f"bench-it-{number:03d}", NODES, number)
        seed_deployme(cloud, f"bench-dm-{number:03d}", NODES)
        clusters += [
            {
                "name": f"bench-nks-{number:03d}",
                "connection": "nks-demo",
                "version": labels["kube_tag"],
                "node_count": NODES,
                "node_size": NKS_CLUSTER["flavor_id"],
            },
            {
                "name": f"bench-it-{number:03d}",
                "connection": "itcare-demo",
                "node_count": NODES,
                "node_size": "2cpu4gb",
                "itcare": {"network_id": ITCARE_NETWORKS[number % len(ITCARE_NETWORKS)]},
            },
            {
                "name": f"bench-dm-{number:03d}",
                "connection": "deployme-demo",
                "node_count": NODES,
                "node_size": "small",
            },
        ]
    return clusters


def run(cloud: Cloud, fleet_file: Path, home: Path, forks: int, *extra: str) -> dict[str, Any]:
    cloud.clear_log()
    started = time.monotonic()
    proc, plan = run_fleet(fleet_file, home, *extra, forks=forks, env={"ANSIBLE_DISPLAY_OK_HOSTS": "false"})
    wall = time.monotonic() - started
    if not plan:
        raise RuntimeError(f"fleet.yml failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-2000:]}")
    recap = proc.stdout[proc.stdout.rfind("PLAY RECAP") :]
    log = cloud.requests()
    kinds = Counter(f"{r['provider']} {r['method']} {ID.sub('{id}', r['path'])}" for r in log)
    return {
        "requests_by_kind": dict(kinds.most_common()),
        "clusters": len(plan["clusters"]),
        "summary": plan["summary"],
        "requests": len(cloud.requests()),
        "writes": len(writes(cloud)),
        "changed": sum(int(n) for n in CHANGED.findall(recap)),
        "wall": wall,
        "rc": proc.returncode,
    }


def progress(name: str, runs: dict[str, Any]) -> None:
    """Each run's figures as soon as it ends: a 200-cluster run takes minutes."""
    got = runs[name]
    print(
        f"{name}: {got['requests']} requests, {got['writes']} writes, changed={got['changed']}, {got['wall']:.1f} s",
        flush=True,
    )


def main() -> int:
    per_provider = int(sys.argv[1]) if len(sys.argv) > 1 else PER_PROVIDER
    forks = int(sys.argv[2]) if len(sys.argv) > 2 else FORKS
    figures: dict[str, Any] = {"forks": forks, "latency_ms": LATENCY_MS, "runs": {}}
    with EmulatorServer(time_scale=SEED_TIME_SCALE) as emulator, tempfile.TemporaryDirectory() as tmp:
        cloud = Cloud(emulator.url)
        cloud.reset()
        started = time.monotonic()
        clusters = create_clusters(cloud, per_provider)
        print(f"created {len(clusters)} clusters in {time.monotonic() - started:.1f} s", flush=True)
        home = Path(tmp)
        fleet_file = write(home / "fleet.yml", {"connections": connections(emulator.url), "clusters": clusters})
        runs = figures["runs"]
        cloud.faults({"delay_ms": LATENCY_MS, "times": None})
        runs["plan"] = run(cloud, fleet_file, home, forks, "--check", "--diff")
        progress("plan", runs)
        runs["converge (unchanged)"] = run(cloud, fleet_file, home, forks)
        progress("converge (unchanged)", runs)
        cloud.clear_faults()
        runs["plan, no latency"] = run(cloud, fleet_file, home, forks, "--check", "--diff")
        progress("plan, no latency", runs)
        cpu_floor = runs["plan, no latency"]["wall"]
        rows = []
        for name, got in runs.items():
            latency = 0 if name.endswith("no latency") else LATENCY_MS
            floor = max(got["requests"] * latency / 1000 / forks, cpu_floor)
            got["floor"] = floor
            rows.append(
                [
                    name,
                    got["clusters"],
                    got["requests"],
                    f"{got['requests'] / got['clusters']:.1f}",
                    got["writes"],
                    got["changed"],
                    f"{got['wall']:.1f}",
                    f"{floor:.1f}",
                    f"{got['wall'] / floor:.2f}",
                    json.dumps(got["summary"]),
                ]
            )
        print(
            table(
                f"Fleet: {len(clusters)} clusters, {LATENCY_MS} ms per request, forks {forks}",
                [
                    "run",
                    "clusters",
                    "requests",
                    "per cluster",
                    "writes",
                    "changed",
                    "wall s",
                    "floor s",
                    "wall/floor",
                    "plan",
                ],
                rows,
            )
        )
    out = REPO / ".build" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    (out / "fleet.json").write_text(json.dumps(figures, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark of the ``kaas.cloud.clusters`` inventory: requests, wall time and the concurrency floor.

Run with ``make bench`` (or ``python tests/bench/bench_inventory.py [clusters per provider]``).
The emulator holds N clusters of 10 nodes for each of the four providers: NKS (10
workers), deployme (1 control plane + 9 workers; deployme exposes no nodes), ITCare
(2 ingress + 8 workers) and ECNS (1 controller + 9 workers, seeded through the
emulator's control API, plus its two fixed clusters), and every provider request
waits 20 ms (a ``delay_ms`` fault). For each ``max_workers`` the table gives:

- requests: what reached the emulator (its request log);
- listing s: the plugin's listing time (its ``-vv`` line), plugin s: the listing plus
  building hosts and groups, wall s: the whole ``ansible-inventory --graph`` process,
  interpreter start included;
- floor s: ``requests x 20 ms / max_workers``, the time the requests need if the
  pool is never idle; the target is a listing within 2x of it;
- then a cached run, which must send no request.

Nothing is asserted about time; the figures go to ``.build/bench/inventory.json``.
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / ".build" / "collections"))

from bench_modules import table  # noqa: E402

from kaas_emulator.server import EmulatorServer  # noqa: E402
from support.harness import Cloud  # noqa: E402
from support.inventory import (  # noqa: E402
    SEED_TIME_SCALE,
    deployme_entry,
    ecns_entry,
    itcare_entry,
    nks_entry,
    run_inventory,
    seed_deployme,
    seed_ecns,
    seed_itcare,
    seed_nks,
    write_source,
)

CLUSTERS = 250
NODES = 10
LATENCY_MS = 20
WORKERS = (8, 16, 32)
LISTED = re.compile(r"listed with (\d+) requests in ([0-9.]+) s")
PARSED = re.compile(r"(\d+) hosts from .* in ([0-9.]+) s \(([0-9.]+) s of CPU\)")


def seed(cloud: Cloud, clusters: int) -> float:
    started = time.monotonic()
    for number in range(clusters):
        seed_nks(cloud, f"nks-{number:04d}", NODES)
        seed_deployme(cloud, f"dm-{number:04d}", NODES - 1)
        seed_itcare(cloud, f"it-{number:04d}", NODES, number)
    seed_ecns(cloud, {f"ecns-{number:04d}": NODES for number in range(clusters)})
    return time.monotonic() - started


def run(cloud: Cloud, source: Path) -> dict[str, float]:
    """Figures of one ``ansible-inventory --graph -vv``: requests, hosts, listing, plugin and wall seconds."""
    cloud.clear_log()
    started = time.monotonic()
    proc = run_inventory(source, "--graph", "-vv")
    wall = time.monotonic() - started
    if proc.returncode != 0:
        raise RuntimeError(f"ansible-inventory failed:\n{proc.stderr[-3000:]}")
    output = proc.stdout + proc.stderr
    listing = LISTED.search(output)  # absent when the cache answered
    plugin = PARSED.search(output)
    return {
        "requests": len(cloud.requests()),
        "hosts": int(plugin.group(1)),
        "listing": float(listing.group(2)) if listing else 0.0,
        "plugin": float(plugin.group(2)),
        "plugin_cpu": float(plugin.group(3)),
        "wall": wall,
    }


def row(got: dict[str, float]) -> list[object]:
    listing = f"{got['listing']:.2f}" if got["requests"] else "-"
    return [
        got["hosts"],
        got["requests"],
        listing,
        f"{got['plugin']:.2f}",
        f"{got['plugin_cpu']:.2f}",
        f"{got['wall']:.2f}",
    ]


def main() -> int:
    clusters = int(sys.argv[1]) if len(sys.argv) > 1 else CLUSTERS
    figures: dict[str, list] = {"runs": []}
    with EmulatorServer(time_scale=SEED_TIME_SCALE) as emulator, tempfile.TemporaryDirectory() as tmp:
        cloud = Cloud(emulator.url)
        cloud.reset()
        seconds = seed(cloud, clusters)
        print(f"seeded {clusters} clusters of {NODES} nodes for each of 4 providers in {seconds:.1f} s")
        cloud.faults({"delay_ms": LATENCY_MS, "times": None})
        providers = [nks_entry(cloud.url), deployme_entry(cloud.url), itcare_entry(cloud.url), ecns_entry(cloud.url)]
        rows = []
        for workers in WORKERS:
            source = write_source(Path(tmp), providers, name=f"w{workers}.kaas.yml", hosts="both", max_workers=workers)
            got = run(cloud, source)
            floor = got["requests"] * LATENCY_MS / 1000 / workers
            rows.append([workers, *row(got), f"{floor:.2f}", f"{got['listing'] / floor:.2f}"])
        cache = {"cache": True, "cache_plugin": "ansible.builtin.jsonfile", "cache_connection": str(Path(tmp, "cache"))}
        source = write_source(Path(tmp), providers, name="cached.kaas.yml", hosts="both", **cache)
        run(cloud, source)
        rows.append(["cached", *row(run(cloud, source)), "0.00", "-"])
        figures["runs"] = rows
        print(
            table(
                f"Inventory: {clusters} clusters x {NODES} nodes per provider, {LATENCY_MS} ms per request",
                [
                    "max_workers",
                    "hosts",
                    "requests",
                    "listing s",
                    "plugin s",
                    "plugin CPU s",
                    "wall s",
                    "floor s",
                    "listing/floor",
                ],
                rows,
            )
        )
    out = REPO / ".build" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    (out / "inventory.json").write_text(json.dumps(figures, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())

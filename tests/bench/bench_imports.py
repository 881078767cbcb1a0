"""Where a module process spends its time: ``python -X importtime`` on real AnsiballZ payloads.

Builds the payloads the way ``ansible-playbook`` does (ansible-core's ``modify_module``,
arguments embedded), for ``ansible.builtin.ping``, ``ansible.builtin.uri`` and unchanged
runs of ``kaas.cloud.k8s_cluster`` and ``kaas.cloud.k8s_cluster_info`` on deployme
(the cluster exists first), and runs each ``RUNS`` times with ``-X importtime``.

For each payload the table gives the process wall time and CPU time (user + system;
min and median) and the import time by origin, each the minimum over the runs of the sum of the modules' own times:
ansible-core's module_utils, ``requests`` with its dependencies, the collection's
module_utils and module, and the rest of the standard library. The second table lists
the collection's modules by own import time (compiling from the zip, running their
top level). Figures in milliseconds. Run through ``make bench`` or on its own.
"""

from __future__ import annotations

import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
#: The collection timed: this checkout, or another one (a directory holding ansible_collections/kaas/cloud).
COLLECTIONS = Path(os.environ.get("BENCH_COLLECTIONS", REPO / ".build" / "collections"))
sys.path.insert(0, str(REPO / "tests"))

from ansible.utils.collection_loader._collection_finder import _AnsibleCollectionFinder  # noqa: E402

_AnsibleCollectionFinder(paths=[str(COLLECTIONS)])._install()

from ansible.executor import module_common  # noqa: E402
from ansible.parsing.dataloader import DataLoader  # noqa: E402
from ansible.plugins.loader import module_loader  # noqa: E402
from ansible.template import Templar  # noqa: E402
from bench_modules import table  # noqa: E402

from kaas_emulator.server import EmulatorServer  # noqa: E402

RUNS = int(os.environ.get("BENCH_IMPORT_RUNS", "15"))
CLUSTER = "bench-imports"
IMPORT_LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)")
REQUESTS_STACK = ("requests", "urllib3", "idna", "charset_normalizer", "certifi")
ORIGINS = ("ansible-core", "requests stack", "kaas.cloud", "stdlib and other")


def origin(module: str) -> str:
    top = module.split(".")[0]
    if module.startswith(("ansible_collections.kaas", "ansible.legacy.kaas")):
        return "kaas.cloud"
    if top in ("ansible", "ansible_collections"):
        return "ansible-core"
    if top in REQUESTS_STACK:
        return "requests stack"
    return "stdlib and other"


def short_name(module: str) -> str:
    """A collection module's name inside ``module_utils``; packages above it keep their full name."""
    prefix = "ansible_collections.kaas.cloud.plugins.module_utils."
    return module[len(prefix) :] if module.startswith(prefix) else module


def payload(name: str, args: dict) -> bytes:
    """The AnsiballZ payload ansible-playbook would send for module ``name`` with ``args``."""
    path = module_loader.find_plugin(name)
    built = module_common.modify_module(
        module_name=name,
        module_path=path,
        module_args=args,
        templar=Templar(loader=DataLoader()),
        task_vars={"ansible_python_interpreter": sys.executable},
    )
    return built.b_module_data


def run(script: Path) -> tuple[float, float, dict[str, int], dict[str, int], dict]:
    """(wall s, CPU s, µs per origin, µs per kaas.cloud module, result) of one run of a payload.

    The CPU time (user + system of the process) moves much less than wall times when
    other work shares the machine: it is the figure to compare two versions by.
    """
    started = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", str(script)], capture_output=True, text=True, check=False
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = time.perf_counter() - started
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    by_origin = dict.fromkeys(ORIGINS, 0)
    ours: dict[str, int] = {}
    for match in IMPORT_LINE.finditer(proc.stderr):
        own, module = int(match[1]), match[4]
        by_origin[origin(module)] += own
        if origin(module) == "kaas.cloud":
            ours[short_name(module)] = own
    return wall, cpu, by_origin, ours, json.loads(proc.stdout)


def measure(scripts: dict[str, Path]) -> tuple[list[list[object]], dict[str, dict[str, int]]]:
    """Rows of the first table, and the minimum own time of each collection module per payload.

    The payloads run in turn, one run of each per round, so that load on the machine
    reaches them alike.
    """
    walls: dict[str, list[float]] = {kind: [] for kind in scripts}
    cpus: dict[str, list[float]] = {kind: [] for kind in scripts}
    origins: dict[str, dict[str, list[int]]] = {kind: {o: [] for o in ORIGINS} for kind in scripts}
    ours: dict[str, dict[str, list[int]]] = {kind: {} for kind in scripts}
    for _round in range(RUNS):
        for kind, script in scripts.items():
            wall, cpu, by_origin, own, result = run(script)
            if result.get("failed") or result.get("changed"):
                raise RuntimeError(f"{kind} did not run unchanged: {result.get('msg')}")
            walls[kind].append(wall)
            cpus[kind].append(cpu)
            for name, micro in by_origin.items():
                origins[kind][name].append(micro)
            for name, micro in own.items():
                ours[kind].setdefault(name, []).append(micro)
    rows = []
    for kind in scripts:
        best = {name: min(values) / 1000 for name, values in origins[kind].items()}
        rows.append(
            [
                kind,
                f"{min(walls[kind]) * 1000:.0f}",
                f"{statistics.median(walls[kind]) * 1000:.0f}",
                f"{min(cpus[kind]) * 1000:.0f}",
                f"{statistics.median(cpus[kind]) * 1000:.0f}",
                *(f"{best[name]:.0f}" for name in ORIGINS),
                f"{sum(best.values()):.0f}",
            ]
        )
    return rows, {kind: {name: min(values) for name, values in own.items()} for kind, own in ours.items()}


def main() -> int:
    with EmulatorServer(time_scale=60.0) as emulator, tempfile.TemporaryDirectory() as tmp:
        connection = {"provider": "deployme", "api_url": f"{emulator.url}/deployme", "auth": {"token": "demo"}}
        cluster = {**connection, "name": CLUSTER, "node_count": 1, "node_size": "small"}
        create = Path(tmp, "create.py")
        create.write_bytes(payload("kaas.cloud.k8s_cluster", cluster))
        subprocess.run([sys.executable, str(create)], check=True, capture_output=True)
        uri = {"url": f"{emulator.url}/deployme/v1/clusters", "headers": {"Authorization": "Bearer demo"}}
        kinds = {
            "ping": ("ansible.builtin.ping", {}),
            "uri (one GET)": ("ansible.builtin.uri", uri),
            "k8s_cluster unchanged": ("kaas.cloud.k8s_cluster", cluster),
            "k8s_cluster_info one": ("kaas.cloud.k8s_cluster_info", {**connection, "name": CLUSTER}),
        }
        scripts = {}
        for kind, (name, args) in kinds.items():
            scripts[kind] = Path(tmp, f"{name}.py")
            scripts[kind].write_bytes(payload(name, args))
        rows, ours = measure(scripts)
    print(
        table(
            f"Module process time and import time by origin (ms; min or median of {RUNS} runs)",
            ["payload", "wall min", "wall median", "CPU min", "CPU median", *ORIGINS, "imports"],
            rows,
        )
    )
    names = sorted({n for own in ours.values() for n in own}, key=lambda n: -max(o.get(n, 0) for o in ours.values()))
    kaas = [k for k in ours if k.startswith("k8s")]
    print(
        table(
            "kaas.cloud modules by own import time (ms, min of the runs; '-' = not imported)",
            ["module", *kaas],
            [[name, *(f"{ours[k][name] / 1000:.1f}" if name in ours[k] else "-" for k in kaas)] for name in names],
        )
    )
    out = REPO / ".build" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    (out / "imports.json").write_text(json.dumps({"runs": RUNS, "payloads": rows, "kaas_modules": ours}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Benchmarks of the modules against kaas-emulator: requests per task, time per task, waiting.

Time per task: ``ansible.builtin.ping``, ``ansible.builtin.uri`` (the GET an unchanged
``k8s_cluster`` task sends) and unchanged ``k8s_cluster`` / ``k8s_cluster_info`` tasks
on deployme and NKS, run in the task's worker process, and the deployme ``k8s_cluster``
task once more in a module process (``kaas_in_process: false``), interleaved one task
at a time in one ``ansible-playbook`` run on clusters created beforehand,
``BENCH_ROUNDS`` rounds (20 by default); min and median per kind, ratios of the
medians, and the sign-ins the run sent.

Run with ``make bench``. Figures are printed as tables and written to
``.build/bench/modules.json``; nothing here asserts a timing, because timings
belong to a benchmark, not to a unit test. What is asserted is exact: request
counts, which the emulator's log makes deterministic.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "tests" / "faults"))
sys.path.insert(0, str(REPO / ".build" / "collections"))

from bench_requests import SIGN_IN, requests_per_module  # noqa: E402

from ansible_collections.kaas.cloud.plugins.modules import k8s_cluster, k8s_cluster_info, kubeconfig  # noqa: E402
from fault_scenarios import PROVIDERS, module_main  # noqa: E402
from kaas_emulator.server import EmulatorServer  # noqa: E402
from support.harness import WRITE_METHODS, Cloud, run_module  # noqa: E402


def table(title: str, header: list[str], rows: list[list[object]]) -> str:
    widths = [max(len(str(x)) for x in column) for column in zip(header, *rows, strict=False)]

    def line(cells: list[object]) -> str:
        return "  ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=True))

    return "\n".join([f"\n{title}", line(header), line(["-" * w for w in widths]), *map(line, rows)])


def counted(cloud: Cloud, main, args: dict, **kw) -> tuple[int, int]:
    """(reads, writes) one module run sent; a failed run stops the benchmark."""
    cloud.clear_log()
    result = run_module(main, args, **kw)
    if result.get("failed"):
        raise RuntimeError(f"benchmark step failed: {result.get('msg')}")
    log = cloud.requests()
    writes = sum(1 for r in log if r["method"] in WRITE_METHODS)
    return len(log) - writes, writes


def requests_per_task(cloud: Cloud, base: dict, workdir: str) -> list[list[object]]:
    """Reads and writes of each module, unchanged and changing; the targets are in the rows."""
    cluster = {**base, "name": "bench", "node_count": 2, "node_size": "medium"}
    rows = []
    reads, writes = counted(cloud, k8s_cluster.main, {**cluster, "wait": False})
    rows.append(["k8s_cluster", "create (wait: false)", reads, writes, "1 list + 1 POST"])
    counted(cloud, k8s_cluster.main, cluster)
    reads, writes = counted(cloud, k8s_cluster.main, cluster)
    rows.append(["k8s_cluster", "unchanged", reads, writes, "1 read, 0 writes"])
    reads, writes = counted(cloud, k8s_cluster.main, {**cluster, "node_count": 3, "wait": False})
    rows.append(["k8s_cluster", "scale (wait: false)", reads, writes, "1 read + 1 PATCH"])
    counted(cloud, k8s_cluster.main, {**cluster, "node_count": 3})
    dest = os.path.join(workdir, "bench.yaml")
    counted(cloud, kubeconfig.main, {**base, "cluster": "bench", "dest": dest})
    reads, writes = counted(cloud, kubeconfig.main, {**base, "cluster": "bench", "dest": dest})
    rows.append(["kubeconfig", "unchanged", reads, writes, "find + fetch, 0 writes"])
    connection = {k: v for k, v in base.items() if k not in ("poll_interval", "wait_timeout")}
    reads, writes = counted(cloud, k8s_cluster_info.main, connection)
    rows.append(["k8s_cluster_info", "list all", reads, writes, "1 read per page"])
    reads, writes = counted(cloud, k8s_cluster.main, {**base, "name": "bench", "state": "absent"})
    rows.append(["k8s_cluster", "delete + wait", reads, writes, "1 DELETE, polls until 404"])
    return rows


def waiting(cloud: Cloud, base: dict, scale: float) -> list[list[object]]:
    """Delay between the cluster becoming running and the task returning, and polls per minute."""
    rows = []
    for interval in (1.0, 2.0, 5.0):
        cloud.reset()
        started = time.time()
        result = run_module(
            k8s_cluster.main, {**base, "name": "wait", "node_count": 1, "node_size": "small", "poll_interval": interval}
        )
        returned = time.time()
        provisioning = 240 / scale
        delay = returned - (started + provisioning)
        polls = sum(1 for r in cloud.requests() if r["method"] == "GET" and r["path"].startswith("/v1/clusters/"))
        rows.append(
            [
                interval,
                f"{provisioning:.1f}",
                f"{delay:.2f}",
                polls,
                f"{polls / provisioning * 60:.0f}",
                "ok" if result.get("cluster", {}).get("status") == "running" and delay <= interval + 0.2 else "MISSED",
            ]
        )
    return rows


#: The collection the playbook of section 2 runs: this checkout, or another one to compare
#: (``BENCH_COLLECTIONS``: a directory holding ``ansible_collections/kaas/cloud``).
TIMED_COLLECTIONS = os.environ.get("BENCH_COLLECTIONS", str(REPO / ".build" / "collections"))
#: Rounds of the task-overhead benchmark (one task of each kind per round), after one warm-up round.
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "20"))
OVERHEAD_CLUSTER = "bench-overhead"
MODULE_PROCESS = "k8s_cluster (module process)"
#: Target of an unchanged k8s_cluster task (median): at most this many times a ping, and a uri GET.
TARGETS = {"ping": 1.35, "uri": 0.9}


def overhead_kinds(cloud: Cloud) -> dict[str, dict]:
    """The tasks compared, by kind: ping, uri doing the GET an unchanged task sends, and the modules.

    The clusters exist before anything is timed (created and waited for here), so
    every module task is an unchanged run: deployme with its token, NKS signing in
    with a password (its sign-ins are counted apart).
    """
    deployme, nks = (next(p for p in PROVIDERS if p.name == name) for name in ("deployme", "nks"))
    kinds: dict[str, dict] = {}
    for provider in (deployme, nks):
        connection = provider.connection(cloud.url)
        created = run_module(module_main("k8s_cluster"), {**connection, **provider.create(OVERHEAD_CLUSTER)})
        if created.get("failed"):
            raise RuntimeError(f"benchmark cluster not created: {created.get('msg')}")
        # The unchanged run states the cluster as it is; NKS names only the cluster.
        wanted = provider.create(OVERHEAD_CLUSTER) if provider.name == "deployme" else {"name": OVERHEAD_CLUSTER}
        kinds[f"k8s_cluster {provider.name}"] = {"kaas.cloud.k8s_cluster": {**connection, **wanted}}
        kinds[f"k8s_cluster_info {provider.name}"] = {
            "kaas.cloud.k8s_cluster_info": {**connection, "name": OVERHEAD_CLUSTER}
        }
    # The one GET an unchanged deployme k8s_cluster task sends, sent by ansible.builtin.uri.
    cloud.clear_log()
    run_module(module_main("k8s_cluster"), {**deployme.connection(cloud.url), **deployme.create(OVERHEAD_CLUSTER)})
    (sent,) = cloud.requests()
    query = f"?{sent['query']}" if sent.get("query") else ""
    uri = {"url": f"{cloud.url}/{sent['provider']}{sent['path']}{query}", "headers": {"Authorization": "Bearer demo"}}
    # The same unchanged task in a module process of its own, as before plugins/plugin_utils/in_process.py.
    kinds[f"{MODULE_PROCESS} deployme"] = {**kinds["k8s_cluster deployme"], "vars": {"kaas_in_process": False}}
    return {"ping": {"ansible.builtin.ping": {}}, "uri": {"ansible.builtin.uri": uri}, **kinds}


def overhead(cloud: Cloud) -> tuple[list[list[object]], dict[str, object]]:
    """Per-task time of each kind, interleaved one task at a time in one ansible-playbook run.

    Each round runs one task of every kind, in an order rotated from round to round,
    so that load changes on the machine reach every kind alike; the first round warms
    up the controller's module cache and is left out. Rows: min and median per kind
    and the ratios of the medians to ping and to uri.
    """
    kinds = overhead_kinds(cloud)
    names = list(kinds)
    tasks = []
    for number in range(ROUNDS + 1):
        shift = number % len(names)
        for kind in names[shift:] + names[:shift]:
            tasks.append({"name": f"{number} {kind}", **kinds[kind]})
    playbook = [{"hosts": "localhost", "connection": "local", "gather_facts": False, "tasks": tasks}]
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "play.yml").write_text(json.dumps(playbook))
        timing = Path(tmp, "timing.json")
        env = {
            **os.environ,
            "ANSIBLE_COLLECTIONS_PATH": TIMED_COLLECTIONS,
            "ANSIBLE_CALLBACK_PLUGINS": str(HERE / "callback_plugins"),
            "ANSIBLE_CALLBACKS_ENABLED": "bench_timing",
            "ANSIBLE_PYTHON_INTERPRETER": sys.executable,
            "ANSIBLE_LOCALHOST_WARNING": "false",
            "ANSIBLE_INVENTORY_UNPARSED_WARNING": "false",
            "BENCH_TIMING_FILE": str(timing),
            # An empty token cache of the run's own: its sign-ins are the run's, not an earlier one's.
            "KAAS_TOKEN_CACHE_DIR": str(Path(tmp, "tokens")),
        }
        cloud.clear_log()
        subprocess.run(
            [str(Path(sys.executable).parent / "ansible-playbook"), "-i", "localhost,", "play.yml"],
            cwd=tmp,
            env=env,
            check=True,
            capture_output=True,
            timeout=3600,
        )
        timed = json.loads(timing.read_text())
    log = cloud.requests()
    sign_ins = sum(1 for r in log if any(p in r["path"] for p in SIGN_IN))
    writes = sum(1 for r in log if r["method"] in WRITE_METHODS and not any(p in r["path"] for p in SIGN_IN))
    if writes or any(t["failed"] for t in timed):
        raise RuntimeError(f"overhead tasks were not all unchanged ({writes} writes): {timed}")
    seconds: dict[str, list[float]] = {kind: [] for kind in names}
    for task in timed:
        number, kind = task["name"].split(" ", 1)
        if int(number) > 0:
            seconds[kind].append(task["seconds"])
    medians = {kind: statistics.median(values) for kind, values in seconds.items()}
    rows = [
        [
            kind,
            len(values),
            f"{min(values):.3f}",
            f"{medians[kind]:.3f}",
            f"{medians[kind] / medians['ping']:.2f}",
            f"{medians[kind] / medians['uri']:.2f}",
        ]
        for kind, values in seconds.items()
    ]
    unchanged = medians["k8s_cluster deployme"]
    summary = {
        "rounds": ROUNDS,
        "sign_ins": sign_ins,
        "nks_tasks": 2 * ROUNDS + 2,
        "ping_target": f"{unchanged / medians['ping']:.2f} <= {TARGETS['ping']}: "
        + ("met" if unchanged <= TARGETS["ping"] * medians["ping"] else "not met"),
        "uri_target": f"{unchanged / medians['uri']:.2f} <= {TARGETS['uri']}: "
        + ("met" if unchanged <= TARGETS["uri"] * medians["uri"] else "not met"),
    }
    return rows, summary


def main() -> int:
    scale = 60.0
    figures: dict[str, list] = {}
    with EmulatorServer(time_scale=scale) as emulator, tempfile.TemporaryDirectory() as workdir:
        cloud = Cloud(emulator.url)
        cloud.reset()
        base = {
            "provider": "deployme",
            "api_url": f"{emulator.url}/deployme",
            "auth": {"token": "demo"},
            "poll_interval": 1.0,
            "wait_timeout": 120,
        }
        figures["requests"] = requests_per_task(cloud, base, workdir)
        print(
            table(
                "1. Requests per task (deployme)", ["module", "run", "reads", "writes", "target"], figures["requests"]
            )
        )
        figures["requests_every_module"] = requests_per_module(cloud)
        print(
            table(
                "1b. Requests per task, every module (sign-ins apart; change runs with wait: false)",
                ["module", "provider", "run", "sign-in", "reads", "writes", "target"],
                figures["requests_every_module"],
            )
        )
        cloud.reset()
        figures["overhead"], figures["overhead_summary"] = overhead(cloud)
        print(
            table(
                f"2. Time per task, {ROUNDS} rounds interleaved in one ansible-playbook run (unchanged runs)",
                ["task", "runs", "min s", "median s", "median/ping", "median/uri"],
                figures["overhead"],
            )
        )
        summary = figures["overhead_summary"]
        print(f"unchanged k8s_cluster (deployme) median/ping {summary['ping_target']}")
        print(f"unchanged k8s_cluster (deployme) median/uri {summary['uri_target']}")
        print(f"sign-ins in the run: {summary['sign_ins']} for {summary['nks_tasks']} NKS tasks")
        figures["waiting"] = waiting(cloud, base, scale)
        print(
            table(
                f"3. Waiting (time scale {scale:g}: provisioning = 240 s nominal)",
                ["poll_interval s", "operation s", "delay s", "polls", "polls/min", "within 1 interval"],
                figures["waiting"],
            )
        )
    out = REPO / ".build" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    (out / "modules.json").write_text(json.dumps(figures, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())

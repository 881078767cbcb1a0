"""Benchmarks of the modules against kaas-emulator: requests per task, task overhead, waiting.

Run with ``make bench``. Figures are printed as tables and written to
``.build/bench/modules.json``; nothing here asserts a timing, because timings
belong to a benchmark, not to a unit test. What is asserted is exact: request
counts, which the emulator's log makes deterministic.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / ".build" / "collections"))

from bench_requests import requests_per_module  # noqa: E402

from ansible_collections.kaas.cloud.plugins.modules import k8s_cluster, k8s_cluster_info, kubeconfig  # noqa: E402
from kaas_emulator.server import EmulatorServer  # noqa: E402
from support.harness import WRITE_METHODS, Cloud, run_module  # noqa: E402

TASKS = 50


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


def overhead(url: str) -> list[list[object]]:
    """50 unchanged k8s_cluster tasks against 50 ping tasks in the same playbook run."""
    playbook = f"""- hosts: localhost
  connection: local
  gather_facts: false
  vars:
    ansible_python_interpreter: "{{{{ ansible_playbook_python }}}}"
  module_defaults:
    group/kaas.cloud.all: {{provider: deployme, api_url: "{url}/deployme", auth: {{token: demo}}}}
  tasks:
    - ansible.builtin.set_fact: {{t0: "{{{{ lookup('ansible.builtin.pipe', 'date +%s.%N') }}}}"}}
    - ansible.builtin.ping:
      loop: "{{{{ range({TASKS}) | list }}}}"
    - ansible.builtin.set_fact: {{t1: "{{{{ lookup('ansible.builtin.pipe', 'date +%s.%N') }}}}"}}
    - kaas.cloud.k8s_cluster: {{name: overhead, node_count: 1, node_size: small}}
      loop: "{{{{ range({TASKS}) | list }}}}"
    - ansible.builtin.set_fact: {{t2: "{{{{ lookup('ansible.builtin.pipe', 'date +%s.%N') }}}}"}}
    - ansible.builtin.copy:
        dest: "{{{{ out }}}}"
        content: "{{{{ {{'ping': t1|float - t0|float, 'kaas': t2|float - t1|float}} | to_json }}}}"
        mode: "0644"
"""
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "play.yml").write_text(playbook)
        out = Path(tmp, "out.json")
        env = {
            **os.environ,
            "ANSIBLE_COLLECTIONS_PATH": str(REPO / ".build" / "collections"),
            "ANSIBLE_LOCALHOST_WARNING": "false",
            "ANSIBLE_INVENTORY_UNPARSED_WARNING": "false",
        }
        bin_dir = Path(sys.executable).parent
        subprocess.run(
            [str(bin_dir / "ansible-playbook"), "-i", "localhost,", "play.yml", "-e", f"out={out}"],
            cwd=tmp,
            env=env,
            check=True,
            capture_output=True,
            timeout=900,
        )
        times = json.loads(out.read_text())
    ratio = times["kaas"] / times["ping"]
    return [[TASKS, f"{times['ping']:.2f}", f"{times['kaas']:.2f}", f"{ratio:.2f}", "<= 1.3"]]


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
        figures["overhead"] = overhead(emulator.url)
        print(
            table(
                "2. Task overhead (one ansible-playbook run)",
                ["tasks", "ping s", "k8s_cluster s", "ratio", "target"],
                figures["overhead"],
            )
        )
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

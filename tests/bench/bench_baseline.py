"""kaas.cloud against hand-written ``ansible.builtin.uri`` playbooks, on the same lifecycles.

For deployme and NKS, ``baseline/kaas_lifecycle.yml`` (three k8s_cluster tasks) and
``baseline/<provider>_uri.yml`` (uri + until loops, looking the cluster up by name
so that it can be re-run) each run the lifecycle create, wait, scale, wait, delete,
wait. Then each runs without the delete twice: the second run is the idempotent
re-run. For every run the table gives the tasks that ran (the play recap's ok), the
requests the emulator received, the sign-ins (identity requests) and the writes among
them, and the wall time of the ansible-playbook process. Both sides poll every ``POLL`` seconds.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
for path in (REPO / "tests", REPO / "tests" / "faults", REPO / ".build" / "collections"):
    sys.path.insert(0, str(path))

from fault_scenarios import NKS_CREATE_BLOCK  # noqa: E402
from kaas_emulator.server import EmulatorServer  # noqa: E402
from support.harness import SIGN_IN_PATHS, WRITE_METHODS, Cloud  # noqa: E402

BASELINE = HERE / "baseline"
SCALE = 120.0  # deployme creation 2 s, NKS creation 5 s
POLL = 1
RERUN = "2-node cluster, re-run"
#: (run, start from 1 node, delete at the end): the lifecycle, then "a 2-node cluster exists" twice.
RUNS = (
    ("lifecycle", True, True),
    ("2-node cluster, first run", False, False),
    (RERUN, False, False),
)
RECAP = re.compile(r"ok=(\d+)\s+changed=(\d+)")


def connection(url: str, provider: str) -> dict[str, Any]:
    if provider == "nks":
        auth = {"username": "demo", "password": "demo", "project_id": "demo", "auth_url": f"{url}/nks/identity/v2.0"}
    else:
        auth = {"token": "demo"}
    return {"api_url": f"{url}/{provider}", "auth": auth}


CREATE = {
    "deployme": {"node_size": "small"},
    "nks": {"version": "v1.28.3", "node_size": "6ef27f21-c774-4c0e-84ff-7dd4a762571f", "nks": NKS_CREATE_BLOCK},
}


def play(cloud: Cloud, playbook: str, extra: dict[str, Any]) -> list[object]:
    """[tasks, requests, sign-ins among them, writes, wall s] of one ansible-playbook run."""
    cloud.clear_log()
    env = {
        **os.environ,
        "ANSIBLE_COLLECTIONS_PATH": str(REPO / ".build" / "collections"),
        "ANSIBLE_LOCALHOST_WARNING": "false",
        "ANSIBLE_INVENTORY_UNPARSED_WARNING": "false",
        "ANSIBLE_PYTHON_INTERPRETER": sys.executable,
    }
    command = [
        str(Path(sys.executable).parent / "ansible-playbook"),
        "-i",
        "localhost,",
        str(BASELINE / playbook),
        "-e",
        json.dumps({**extra, "poll": POLL}),
    ]
    started = time.monotonic()
    proc = subprocess.run(command, env=env, capture_output=True, text=True, timeout=900, check=False)
    wall = time.monotonic() - started
    if proc.returncode != 0:
        raise RuntimeError(f"{playbook} failed:\n{proc.stdout[-3000:]}")
    ok = int(RECAP.search(proc.stdout).group(1))
    log = cloud.requests()
    sign_ins = sum(1 for r in log if r["path"].startswith(SIGN_IN_PATHS))
    writes = sum(1 for r in log if r["method"] in WRITE_METHODS and not r["path"].startswith(SIGN_IN_PATHS))
    return [ok, len(log), sign_ins, writes, f"{wall:.1f}"]


def compare(cloud: Cloud, provider: str) -> list[list[object]]:
    kaas = {"provider": provider, "connection": connection(cloud.url, provider), "create": CREATE[provider]}
    uri = {"api": f"{cloud.url}/{provider}"}
    rows = []
    for name, playbook, extra in (("kaas.cloud", "kaas_lifecycle.yml", kaas), ("uri", f"{provider}_uri.yml", uri)):
        for run, create, delete in RUNS:
            if run != RERUN:
                cloud.reset()
            flags = {"lifecycle_create": create, "lifecycle_delete": delete}
            rows.append([provider, name, run, *play(cloud, playbook, {**extra, **flags})])
    return rows


def versus_uri() -> list[list[object]]:
    with EmulatorServer(time_scale=SCALE) as emulator:
        cloud = Cloud(emulator.url)
        return [row for provider in ("deployme", "nks") for row in compare(cloud, provider)]


if __name__ == "__main__":
    from bench_modules import table

    print(
        table(
            f"kaas.cloud vs ansible.builtin.uri (time scale {SCALE:g}, polls every {POLL} s)",
            ["provider", "playbook", "run", "tasks", "requests", "sign-ins", "writes", "wall s"],
            versus_uri(),
        )
    )

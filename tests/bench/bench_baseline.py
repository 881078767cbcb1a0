"""kaas.cloud against hand-written ``ansible.builtin.uri`` playbooks, on the same lifecycles.

For every provider, a kaas.cloud playbook (``baseline/kaas_lifecycle.yml``: three
k8s_cluster tasks; ECNS, whose clusters are given, ``kaas_workload_lifecycle.yml``: three
workload tasks) and ``baseline/<provider>_uri.yml`` (uri + until loops, looking the
resource up by name so that it can be re-run) each run the lifecycle create, wait,
scale, wait, delete, wait. Then each runs without the delete twice: the second run is
the idempotent re-run. For every run the table gives the tasks that ran (the play
recap's ok), the requests the emulator received, the sign-ins (identity requests) and
the writes among them, and the wall time of the ansible-playbook process. Both sides
poll every ``POLL`` seconds.

Each kaas.cloud scenario starts with an empty token cache of its own, so its first run
signs in once (as the uri playbook does) and its re-run finds the token a moment-old
cache holds. The whole comparison is repeated ``BENCH_BASELINE_ROUNDS`` times (default
3), the two playbooks of a provider in turn and in alternating order, and the table
gives the median requests and the min and median wall time over the rounds.
"""

from __future__ import annotations

import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
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
SCALE = 120.0  # deployme creation 2 s, NKS and ITCare creation 5 s
POLL = 1
ROUNDS = int(os.environ.get("BENCH_BASELINE_ROUNDS", "3"))
PROVIDERS = ("deployme", "nks", "itcare", "ecns")
LIFECYCLE = "lifecycle"
FIRST = "2-node cluster, first run"
RERUN = "2-node cluster, re-run"
#: (run, start small, delete at the end): the lifecycle, then "the scaled resource exists" twice.
RUNS = ((LIFECYCLE, True, True), (FIRST, False, False), (RERUN, False, False))
RECAP = re.compile(r"ok=(\d+)\s+changed=(\d+)")


@dataclass(frozen=True)
class Run:
    tasks: int
    requests: int
    sign_ins: int
    writes: int
    wall: float


def connection(url: str, provider: str) -> dict[str, Any]:
    if provider == "nks":
        auth = {"username": "demo", "password": "demo", "project_id": "demo", "auth_url": f"{url}/nks/identity/v2.0"}
    elif provider == "itcare":
        token_url = f"{url}/itcare/auth/realms/cloud/protocol/openid-connect/token"
        auth = {"client_id": "demo", "client_secret": "demo", "auth_url": token_url}
    elif provider == "ecns":
        auth = {"username": "demo", "password": "demo", "project_id": "demo", "auth_url": f"{url}/ecns/identity/v3"}
        return {"api_url": f"{url}/ecns", "auth": auth, "cluster": "ecns-east"}
    else:
        auth = {"token": "demo"}
    return {"api_url": f"{url}/{provider}", "auth": auth}


CREATE = {
    "deployme": {"node_size": "small"},
    "nks": {"version": "v1.28.3", "node_size": "6ef27f21-c774-4c0e-84ff-7dd4a762571f", "nks": NKS_CREATE_BLOCK},
    "itcare": {
        "node_size": "2cpu4gb",
        "itcare": {"region": "EB", "network_id": 1125, "service_id": 124, "ingress_provider": "NGINX"},
    },
}
#: Node counts (before, after) where a provider's cluster cannot start from 1 node.
COUNTS = {"itcare": {"nodes_before": 3, "nodes_after": 4}}


def kaas_side(cloud: Cloud, provider: str) -> tuple[str, dict[str, Any]]:
    if provider == "ecns":
        return "kaas_workload_lifecycle.yml", {"connection": connection(cloud.url, provider)}
    extra = {"provider": provider, "connection": connection(cloud.url, provider), "create": CREATE[provider]}
    return "kaas_lifecycle.yml", {**extra, **COUNTS.get(provider, {})}


def play(cloud: Cloud, playbook: str, extra: dict[str, Any], cache: str) -> Run:
    """One ansible-playbook run: its tasks, the requests it sent and its wall time."""
    cloud.clear_log()
    env = {
        **os.environ,
        "ANSIBLE_COLLECTIONS_PATH": str(REPO / ".build" / "collections"),
        "ANSIBLE_LOCALHOST_WARNING": "false",
        "ANSIBLE_INVENTORY_UNPARSED_WARNING": "false",
        "ANSIBLE_PYTHON_INTERPRETER": sys.executable,
        "KAAS_TOKEN_CACHE_DIR": cache,
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
    return Run(ok, len(log), sign_ins, writes, wall)


def scenario(cloud: Cloud, playbook: str, extra: dict[str, Any]) -> dict[str, Run]:
    """The three runs of one playbook, from an empty emulator and an empty token cache."""
    runs = {}
    with tempfile.TemporaryDirectory(prefix="kaas-bench-tokens-") as cache:
        for run, create, delete in RUNS:
            if run != RERUN:
                cloud.reset()
            runs[run] = play(cloud, playbook, {**extra, "lifecycle_create": create, "lifecycle_delete": delete}, cache)
    return runs


def measure(cloud: Cloud, rounds: int) -> dict[tuple[str, str, str], list[Run]]:
    """{(provider, playbook, run): one Run per round}; the two playbooks alternate which goes first."""
    found: dict[tuple[str, str, str], list[Run]] = {}
    for round_number in range(rounds):
        for provider in PROVIDERS:
            uri = ("uri", f"{provider}_uri.yml", {"api": f"{cloud.url}/{provider}"})
            sides = [("kaas.cloud", *kaas_side(cloud, provider)), uri]
            if round_number % 2:
                sides.reverse()
            for name, playbook, extra in sides:
                for run, result in scenario(cloud, playbook, extra).items():
                    found.setdefault((provider, name, run), []).append(result)
    return found


def median(values: list[float]) -> float:
    return statistics.median(values)


def rows(found: dict[tuple[str, str, str], list[Run]]) -> list[list[object]]:
    table = []
    for (provider, name, run), runs in found.items():
        requests = [r.requests for r in runs]
        walls = [r.wall for r in runs]
        spread = f"{min(requests)}-{max(requests)}" if min(requests) != max(requests) else str(requests[0])
        table.append(
            [
                provider,
                name,
                run,
                runs[0].tasks,
                f"{median(requests):g}",
                spread,
                runs[0].sign_ins,
                runs[0].writes,
                f"{min(walls):.1f}",
                f"{median(walls):.1f}",
            ]
        )
    return table


def verdicts(found: dict[tuple[str, str, str], list[Run]]) -> list[list[object]]:
    """Per provider and run: kaas.cloud against uri (median requests, median wall), and the targets."""
    table = []
    for provider in PROVIDERS:
        for run, _create, _delete in RUNS:
            kaas, uri = found[(provider, "kaas.cloud", run)], found[(provider, "uri", run)]
            requests = (median([r.requests for r in kaas]), median([r.requests for r in uri]))
            walls = (median([r.wall for r in kaas]), median([r.wall for r in uri]))
            if run == RERUN:
                target = "uri / kaas.cloud wall >= 2"
                met = walls[1] / walls[0] >= 2
            else:
                target = "fewer requests and less wall"
                met = requests[0] < requests[1] and walls[0] < walls[1]
            table.append(
                [
                    provider,
                    run,
                    f"{requests[0]:g} / {requests[1]:g}",
                    f"{walls[0]:.1f} / {walls[1]:.1f}",
                    f"{walls[1] / walls[0]:.2f}",
                    target,
                    "met" if met else "NOT met",
                ]
            )
    return table


if __name__ == "__main__":
    from bench_modules import table

    with EmulatorServer(time_scale=SCALE) as emulator:
        measured = measure(Cloud(emulator.url), ROUNDS)
    title = f"kaas.cloud vs ansible.builtin.uri (time scale {SCALE:g}, polls every {POLL} s, {ROUNDS} rounds)"
    print(
        table(
            title,
            ["provider", "playbook", "run", "tasks", "requests", "range", "sign-ins", "writes", "min s", "median s"],
            rows(measured),
        )
    )
    print(
        table(
            "Targets (medians; kaas.cloud / uri)",
            ["provider", "run", "requests", "wall s", "uri/kaas wall", "target", "verdict"],
            verdicts(measured),
        )
    )

"""kaas.cloud against hand-written ``ansible.builtin.uri`` playbooks, on the same lifecycles.

For every provider, a kaas.cloud playbook (``baseline/kaas_lifecycle.yml``: three
k8s_cluster tasks; ECNS, whose clusters are given, ``kaas_workload_lifecycle.yml``: three
workload tasks) and ``baseline/<provider>_uri.yml`` (uri + until loops, looking the
resource up by name so that it can be re-run) each run the lifecycle create, wait,
scale, wait, delete, wait. Then each runs without the delete twice: the second run is
the idempotent re-run. For every run the table gives the tasks that ran (the play
recap's ok), the requests the emulator received, the sign-ins (identity requests) and
the writes among them, the polls (the reads of a wait: after a write, the reads of one
path in a row) and the wall time of the ansible-playbook process.

Both sides poll as often: the uri playbook with ``delay: POLL``, though it reads less often
than that, since each retry costs one more task; kaas.cloud with ``poll_interval`` set to
the median gap between the uri play's polls in its latest scenario on the same provider,
or in every uri scenario so far where none of that provider's waits took two polls (the
``gap s`` column). Each side then returns as soon after an operation ends, and the
request counts compare what each pays for that. In every other round kaas.cloud goes first
and takes the gap the previous round measured; the first round runs the uri playbook
first.

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
from datetime import datetime
from itertools import pairwise
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
    polls: int
    #: Seconds between two polls of one wait, for every pair of polls in a row.
    gaps: tuple[float, ...]
    wall: float


def waits(log: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """The polls of each wait in a request log: after a write, the GETs of one path in a row.

    Both sides read the resource (or ITCare's action) until the operation ends, then
    move on to another path or write again, so a wait's last poll is the one that saw
    the end. Sign-ins are left out: a token refresh may fall inside a wait.
    """
    found: list[list[dict[str, Any]]] = []
    current: list[dict[str, Any]] = []
    after_write = False
    for entry in log:
        if entry["path"].startswith(SIGN_IN_PATHS):
            continue
        if entry["method"] == "GET" and after_write and (not current or current[-1]["path"] == entry["path"]):
            current.append(entry)
            continue
        if current:
            found.append(current)
        current = []
        after_write = entry["method"] in WRITE_METHODS
    if current:
        found.append(current)
    return found


def gaps(wait: list[dict[str, Any]]) -> list[float]:
    times = [datetime.fromisoformat(entry["time"]).timestamp() for entry in wait]
    return [later - earlier for earlier, later in pairwise(times)]


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


def play(cloud: Cloud, playbook: str, extra: dict[str, Any], cache: str, poll: float) -> Run:
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
        json.dumps({**extra, "poll": poll}),
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
    polled = waits(log)
    between = tuple(gap for wait in polled for gap in gaps(wait))
    return Run(ok, len(log), sign_ins, writes, sum(len(wait) for wait in polled), between, wall)


def scenario(cloud: Cloud, playbook: str, extra: dict[str, Any], poll: float) -> dict[str, Run]:
    """The three runs of one playbook, from an empty emulator and an empty token cache."""
    runs = {}
    with tempfile.TemporaryDirectory(prefix="kaas-bench-tokens-") as cache:
        for run, create, delete in RUNS:
            if run != RERUN:
                cloud.reset()
            flags = {"lifecycle_create": create, "lifecycle_delete": delete}
            runs[run] = play(cloud, playbook, {**extra, **flags}, cache, poll)
    return runs


def uri_interval(own: list[float], everyone: list[float]) -> float:
    """The uri play's real poll interval, to 0.01 s: the median gap between its polls.

    ``own`` are the gaps of the provider's latest uri scenario. Where none of its waits
    took two polls (ECNS workloads end within the task that follows the write), the
    gaps of every uri scenario so far stand in: a retry costs the same task there.
    """
    gaps = own or everyone
    return round(median(gaps), 2) if gaps else float(POLL)


def measure(cloud: Cloud, rounds: int) -> tuple[dict[tuple[str, str, str], list[Run]], dict[str, list[float]]]:
    """{(provider, playbook, run): one Run per round}, and per provider the poll interval given to kaas.cloud."""
    found: dict[tuple[str, str, str], list[Run]] = {}
    matched: dict[str, list[float]] = {}
    own: dict[str, list[float]] = {}
    everyone: list[float] = []
    for round_number in range(rounds):
        for provider in PROVIDERS:
            uri = ("uri", f"{provider}_uri.yml", {"api": f"{cloud.url}/{provider}"})
            sides = [uri, ("kaas.cloud", *kaas_side(cloud, provider))]
            if round_number % 2:
                sides.reverse()
            for name, playbook, extra in sides:
                if name == "uri":
                    runs = scenario(cloud, playbook, extra, POLL)
                    own[provider] = [gap for run in runs.values() for gap in run.gaps]
                    everyone.extend(own[provider])
                else:
                    interval = uri_interval(own.get(provider, []), everyone)
                    runs = scenario(cloud, playbook, extra, interval)
                    matched.setdefault(provider, []).append(interval)
                for run, result in runs.items():
                    found.setdefault((provider, name, run), []).append(result)
    return found, matched


def median(values: list[float]) -> float:
    return statistics.median(values)


def rows(found: dict[tuple[str, str, str], list[Run]]) -> list[list[object]]:
    table = []
    for (provider, name, run), runs in found.items():
        requests = [r.requests for r in runs]
        walls = [r.wall for r in runs]
        between = [gap for r in runs for gap in r.gaps]
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
                f"{median([r.polls for r in runs]):g}",
                f"{median(between):.2f}" if between else "-",
                f"{min(walls):.1f}",
                f"{median(walls):.1f}",
            ]
        )
    return table


def verdicts(found: dict[tuple[str, str, str], list[Run]]) -> list[list[object]]:
    """Per provider and run: kaas.cloud against uri (median requests, polls, wall), and the targets."""
    table = []
    for provider in PROVIDERS:
        for run, _create, _delete in RUNS:
            kaas, uri = found[(provider, "kaas.cloud", run)], found[(provider, "uri", run)]
            requests = (median([r.requests for r in kaas]), median([r.requests for r in uri]))
            polls = (median([r.polls for r in kaas]), median([r.polls for r in uri]))
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
                    f"{polls[0]:g} / {polls[1]:g}",
                    f"{requests[0] - polls[0]:g} / {requests[1] - polls[1]:g}",
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
        measured, matched = measure(Cloud(emulator.url), ROUNDS)
    given = ", ".join(f"{p} {'/'.join(f'{g:g}' for g in matched[p])}" for p in PROVIDERS)
    title = (
        f"kaas.cloud vs ansible.builtin.uri (time scale {SCALE:g}, {ROUNDS} rounds; uri delay {POLL} s, "
        f"kaas.cloud poll_interval per round: {given})"
    )
    print(
        table(
            title,
            [
                "provider",
                "playbook",
                "run",
                "tasks",
                "requests",
                "range",
                "sign-ins",
                "writes",
                "polls",
                "gap s",
                "min s",
                "median s",
            ],
            rows(measured),
        )
    )
    print(
        table(
            "Targets (medians; kaas.cloud / uri)",
            ["provider", "run", "requests", "polls", "other requests", "wall s", "uri/kaas wall", "target", "verdict"],
            verdicts(measured),
        )
    )

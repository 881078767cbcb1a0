"""Waiting returns within one poll_interval of the operation's end, on every provider, for little requests.

The emulator runs on a manual clock that only the reconciler's sleeps move, so an
operation of known duration (the emulator's nominal one, time scale 1) ends at a known
moment and no test sleeps. For each provider's create and delete: the wait returns no
earlier than the end and at most one interval after it, and its looks number at most
one per interval of the operation, plus the shorter delays a wait starts with where an
operation may be quick (the pacer's ramp) and the reads that finish the view.
"""

from __future__ import annotations

import itertools
import math
import time
from dataclasses import dataclass
from typing import Any, Callable

import pytest

from ansible_collections.kaas.cloud.plugins.module_utils.providers.connection import Connection
from ansible_collections.kaas.cloud.plugins.module_utils.providers.deployme.api import DeploymeApi
from ansible_collections.kaas.cloud.plugins.module_utils.providers.deployme.cluster import DeploymeCluster
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.api import EcnsApi
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.workload import EcnsWorkload
from ansible_collections.kaas.cloud.plugins.module_utils.providers.itcare.api import ItcareApi
from ansible_collections.kaas.cloud.plugins.module_utils.providers.itcare.cluster import ItcareCluster
from ansible_collections.kaas.cloud.plugins.module_utils.providers.nks.api import NksApi
from ansible_collections.kaas.cloud.plugins.module_utils.providers.nks.cluster import NksCluster
from ansible_collections.kaas.cloud.plugins.module_utils.reconcile import Reconciler
from ansible_collections.kaas.cloud.plugins.module_utils.waiting import Pacer, WaitOptions
from kaas_emulator.core.clock import ManualClock
from kaas_emulator.providers.deployme.model import DURATIONS as DEPLOYME_DURATIONS
from kaas_emulator.providers.ecns.catalog import DELETE_SECONDS as ECNS_DELETE
from kaas_emulator.providers.ecns.catalog import POD_READY_SECONDS
from kaas_emulator.providers.itcare.actions import KINDS as ITCARE_ACTIONS
from kaas_emulator.providers.nks.catalog import DURATIONS as NKS_DURATIONS
from kaas_emulator.server import EmulatorServer
from support.harness import SIGN_IN_PATHS, Cloud

NKS_CREATE = {
    "version": "v1.28.3",
    "node_count": 1,
    "node_size": "6ef27f21-c774-4c0e-84ff-7dd4a762571f",
    "nks": {
        "keypair": "wait-keypair",
        "fixed_network": "eb212079-b6ec-430c-ba57-14280a457bcb",
        "fixed_subnet": "4fdf5b80-3d35-43f5-a5c1-010a3b6c8e90",
        "availability_zone": "kr2-pub-b",
        "node_image": "f462a2a5-ba24-46d6-b7a1-9a9febcd3cfc",
        "boot_volume_type": "General HDD",
        "boot_volume_size": 20,
    },
}
ITCARE_CREATE = {
    "node_count": 3,
    "node_size": "2cpu4gb",
    "itcare": {"region": "EB", "network_id": 1125, "service_id": 124, "ingress_provider": "NGINX"},
}
ECNS_CREATE = {
    "cluster": "ecns-east",
    "namespace": "default",
    "replicas": 1,
    "containers": [{"name": "nginx", "type": "worker", "image": {"image": "nginx", "image_version": "1.25"}}],
}


@dataclass(frozen=True)
class Case:
    provider: str
    adapter: Callable[[str], Any]
    desired: dict[str, Any]
    #: Nominal seconds of the create and of the delete in the emulator.
    create: float
    delete: float
    #: Reads after the last look that the view needs (an NKS cluster's default worker group).
    finishing_reads: int = 0


def deployme(url: str) -> Any:
    return DeploymeCluster(
        DeploymeApi(Connection(provider="deployme", auth={"token": "demo"}, api_url=f"{url}/deployme"))
    )


def nks(url: str) -> Any:
    auth = {"username": "demo", "password": "demo", "project_id": "demo", "auth_url": f"{url}/nks/identity/v2.0"}
    return NksCluster(NksApi(Connection(provider="nks", auth=auth, api_url=f"{url}/nks", token_cache=False)))


def itcare(url: str) -> Any:
    return ItcareCluster(ItcareApi(Connection(provider="itcare", auth={"token": "demo"}, api_url=f"{url}/itcare")))


def ecns(url: str) -> Any:
    auth = {"username": "demo", "password": "demo", "project_id": "demo", "auth_url": f"{url}/ecns/identity/v3"}
    return EcnsWorkload(EcnsApi(Connection(provider="ecns", auth=auth, api_url=f"{url}/ecns", token_cache=False)))


CASES = (
    Case("deployme", deployme, {"node_count": 1, "node_size": "small"}, DEPLOYME_DURATIONS["create"], 60.0),
    Case(
        "nks",
        nks,
        NKS_CREATE,
        NKS_DURATIONS["CLUSTER_CREATE"],
        NKS_DURATIONS["CLUSTER_DELETE"],
        finishing_reads=1,
    ),
    Case("itcare", itcare, ITCARE_CREATE, ITCARE_ACTIONS["create"][2], ITCARE_ACTIONS["delete"][2], 1),
    Case("ecns", ecns, ECNS_CREATE, POD_READY_SECONDS, ECNS_DELETE),
)
INTERVALS = (20.0, 45.0)


@pytest.fixture(scope="module")
def emulator():
    clock = ManualClock(time.time())  # tokens expire by the real clock on the client side
    with EmulatorServer(time_scale=1.0, clock=clock) as server:
        yield server, clock


def timed(emulator, case: Case, interval: float, state: str) -> tuple[float, int]:
    """(seconds from the write to the return, API reads after the write) of one create or delete."""
    server, clock = emulator
    cloud = Cloud(server.url)
    wait = WaitOptions(timeout=7200, max_interval=interval)
    reconciler = Reconciler(case.adapter(server.url), wait=wait, clock=clock.now, sleep=clock.advance)
    desired = {"name": f"wait-{case.provider}", **case.desired}
    cloud.clear_log()
    outcome = reconciler.absent(desired) if state == "absent" else reconciler.present(desired)
    assert outcome.changed
    log = [r for r in cloud.requests() if not r["path"].startswith(SIGN_IN_PATHS)]
    write = max(i for i, r in enumerate(log) if r["method"] != "GET")
    written_at = _seconds(log[write]["time"])
    return clock.now() - written_at, len(log) - write - 1


def _seconds(stamp: str) -> float:
    from datetime import datetime

    return datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp()


@pytest.mark.parametrize("interval", INTERVALS)
@pytest.mark.parametrize("case", CASES, ids=lambda case: case.provider)
def test_the_wait_returns_within_one_interval_of_the_end_with_one_look_per_interval(emulator, case, interval):
    Cloud(emulator[0].url).reset()
    for state, duration in (("present", case.create), ("absent", case.delete)):
        took, reads = timed(emulator, case, interval, state)
        # The request log keeps milliseconds: allow that much either side.
        assert duration - 0.002 <= took <= duration + interval + 0.002, (state, took, duration)
        # One look per interval once the delays reach it, plus those before (the pacer's ramp).
        ramp = ramp_up(interval, case)
        looks = len(ramp) + math.ceil(max(duration - sum(ramp), 0) / interval) + 1
        extra = case.finishing_reads if state == "present" else 0
        assert reads <= looks + extra, (state, reads, looks)


def ramp_up(interval: float, case: Case) -> list[float]:
    """The delays shorter than the interval a wait starts with, for this provider's resource."""
    pacer = Pacer(WaitOptions(max_interval=interval), case.adapter("http://unused").shortest_operation)
    delays = list(itertools.takewhile(lambda delay: delay < interval, (pacer.next_delay() for _step in range(100))))
    return delays

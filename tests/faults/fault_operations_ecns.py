"""Fault-suite operations of the ECNS storage, PVC, job and cronjob modules.

Each creates its object in namespace ``default`` of ``ecns-east`` under :data:`SUBSET`
of the faults; the judges read the emulator's ECNS API with the demo token (whose
session is that namespace), never through the collection. Storage classes, claims
and cronjobs are made at once by ECNS (no operation runs after the answer), so the
fault "operation ends failed" is tried on jobs only, whose run can fail.
"""

from __future__ import annotations

from typing import Any, Callable

from fault_operations import ECNS, ECNS_API, SUBSET
from fault_scenarios import WAIT, Census, Operation
from support.harness import Cloud

BUSYBOX = [{"name": "task", "image": {"image": "busybox", "image_version": "1.36"}}]
IMMEDIATE = SUBSET - {"operation ends failed"}


def _storage(cloud: Cloud, kind: str, key: str) -> list[dict[str, Any]]:
    query = {"type": kind, "cluster_selector": "current"}
    return cloud.ecns("GET", f"{ECNS_API}/kubernetes/storage/", params=query).json()[key]


def class_census(cloud: Cloud, name: str) -> Census:
    found = [c for c in _storage(cloud, "StorageClass", "storage_class") if c["class_name"] == name]
    return Census(len(found), len(found) == 1)


def claim_census(cloud: Cloud, name: str) -> Census:
    found = [c for c in _storage(cloud, "PVC", "pvc") if c["name"] == name]
    return Census(len(found), len(found) == 1 and found[0]["status"] == "Bound")


def job_census(cloud: Cloud, name: str) -> Census:
    found = [j for j in cloud.ecns("GET", f"{ECNS_API}/jobs/").json()["jobs"] if j["name"] == name]
    return Census(len(found), len(found) == 1 and found[0]["job_status"]["status"] == "Complete")


def cronjob_census(cloud: Cloud, name: str) -> Census:
    listed = cloud.ecns("GET", f"{ECNS_API}/cronjobs/").json()["cronjobs_status"]
    found = [c for c in listed if c["name"] == name]
    return Census(len(found), len(found) == 1 and found[0]["status"] == "Running")


def present(census: Callable[[Cloud, str], Census]) -> Callable[..., tuple[bool, int, str]]:
    def judge(cloud: Cloud, name: str, result: dict[str, Any], tmp: Any) -> tuple[bool, int, str]:
        seen = census(cloud, name)
        return seen.count == 1 and seen.ready, seen.count, f"{seen}"

    return judge


def nothing(cloud: Cloud, connection: dict[str, Any], name: str) -> None:
    return None


def create(
    module: str,
    write: str,
    options: dict[str, Any],
    census: Callable[[Cloud, str], Census],
    faults: frozenset[str],
    waits: bool = True,
) -> Operation:
    def args(conn: dict[str, Any], name: str, tmp: Any) -> dict[str, Any]:
        return {**conn, **(WAIT if waits else {}), "name": name, **options}

    return Operation(f"{module} create (ecns)", ECNS, module, write, nothing, args, present(census), (), faults)


ECNS_OBJECT_OPERATIONS = [
    create("storage_class", "POST", {"volume_type": "ssd"}, class_census, IMMEDIATE, waits=False),
    create("pvc", "POST", {"storage_class": "standard", "capacity": "1Gi"}, claim_census, IMMEDIATE),
    create("job", "POST", {"completions": 2, "containers": BUSYBOX}, job_census, SUBSET),
    create(
        "cronjob", "POST", {"schedule": "*/5 * * * *", "containers": BUSYBOX}, cronjob_census, IMMEDIATE, waits=False
    ),
]

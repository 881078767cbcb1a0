"""Storage classes, claims and volumes.

ECNS API reference, 1.20 存储管理 (storage management) and 1.15 持久卷声明 (PVC).

Storage classes and persistent volumes belong to a cluster, claims (PVCs) to a
namespace, as in Kubernetes. Every catalog cluster starts with one default class,
``standard``, and one pre-provisioned ``Available`` volume, so that a claim can be
made and a volume deleted without any set-up. A claim is provisioned dynamically:
it is ``Pending`` for ``PROVISION_SECONDS`` nominal seconds, then ``Bound`` to a new
volume ``pvc-<hash>`` whose reclaim policy is ``Delete`` (the Cinder CSI default),
so deleting the claim deletes the volume. Choices: ``docs/providers/ecns-storage.md``.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from kaas_emulator.core.clock import iso8601
from kaas_emulator.providers.ecns import catalog, model, model_jobs, preloaded

CLASSES_KEY = "storage_classes"
CLAIMS_KEY = "pvcs"
VOLUMES_KEY = "pvs"
#: Nominal seconds between a claim's creation and its binding to a new volume.
PROVISION_SECONDS = 5.0
PROVISIONER = "cinder.csi.openstack.org"
DOMAIN = "Default"
ACCESS_MODES = ("ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany")
STORAGE_TYPES = ("StorageClass", "PVC", "PV")
DEFAULT_CLASS = "standard"
#: Cinder volume types (``GET /volumes/``); ``_access_modes`` is what a class of that
#: type can provision: block devices attach to one node, CephFS shares to many.
VOLUME_TYPES: tuple[dict[str, Any], ...] = (
    {
        "id": "3b3c1d0e-9f41-4c55-8a6e-0f3c6a7c1a01",
        "name": "hdd",
        "type": "ceph-hdd",
        "_access_modes": ("ReadWriteOnce", "ReadOnlyMany"),
    },
    {
        "id": "8d2a6b0c-51e7-4f0e-9a0b-4c1e5d6f7a02",
        "name": "ssd",
        "type": "ceph-ssd",
        "_access_modes": ("ReadWriteOnce", "ReadOnlyMany"),
    },
    {
        "id": "c41f7e2d-6a83-4b9c-b1d4-7e8f9a0b1c03",
        "name": "cephfs",
        "type": "cephfs",
        "_access_modes": ACCESS_MODES,
    },
)
DEFAULT_VOLUME_TYPE = "hdd"
#: A capacity: a whole number of Mi, Gi or Ti; a bare number means Gi (the example of 1.21 负载,
#: ``{"class_name": "general", "capacity": "10"}``).
CAPACITY = re.compile(r"^([1-9][0-9]{0,6})(Mi|Gi|Ti)?$")


def public_volume_type(entry: dict[str, Any]) -> dict[str, Any]:
    """A volume type as ``GET /volumes/`` shows it."""
    return {key: value for key, value in entry.items() if not key.startswith("_")}


def volume_type(wanted: str) -> dict[str, Any] | None:
    """The volume type named (or with the id) ``wanted``."""
    return next((t for t in VOLUME_TYPES if wanted in (t["name"], t["id"])), None)


def capacity(value: str) -> str:
    """A valid capacity with its unit (``10`` -> ``10Gi``)."""
    match = CAPACITY.match(value)
    if match is None:
        raise ValueError(value)
    return f"{match.group(1)}{match.group(2) or 'Gi'}"


def _fill(state: dict[str, Any], now: float) -> None:
    """The catalog clusters' default class and spare volume, on first use."""
    if CLASSES_KEY in state:
        return
    state[CLASSES_KEY] = {
        f"{cluster}/{DEFAULT_CLASS}": new_class(cluster, DEFAULT_CLASS, DEFAULT_VOLUME_TYPE, now)
        | {"is_default": True}
        for cluster in catalog.CLUSTERS
    }
    state[CLAIMS_KEY] = {}
    state[VOLUMES_KEY] = {
        f"{cluster}/{cluster}-spare-0": {
            "name": f"{cluster}-spare-0",
            "cluster": cluster,
            "storage_class_name": DEFAULT_CLASS,
            "capacity": "20Gi",
            "access_modes": ["ReadWriteOnce"],
            "reclaim_policy": "Retain",
            "pvc": None,
            "created_at": now,
            "delay": 0.0,
        }
        for cluster in catalog.CLUSTERS
    }


def storage(state: dict[str, Any], now: float) -> dict[str, dict[str, Any]]:
    """The classes, claims and volumes (filled on first use)."""
    _fill(state, now)
    return {key: state[key] for key in (CLASSES_KEY, CLAIMS_KEY, VOLUMES_KEY)}


def new_class(cluster: str, name: str, type_name: str, now: float) -> dict[str, Any]:
    """A storage class record backed by the volume type ``type_name``."""
    return {
        "name": name,
        "cluster": cluster,
        "volume_type": type_name,
        "is_default": False,
        "created_at": now,
    }


def class_access_modes(record: dict[str, Any]) -> list[str]:
    """Access modes the class's volume type can provision."""
    found = volume_type(record["volume_type"]) or {}
    return list(found.get("_access_modes", ("ReadWriteOnce",)))


def volume_name(cluster: str, namespace: str, claim: str, now: float) -> str:
    """The name the provisioner gives a claim's volume (stable for one claim)."""
    digest = hashlib.sha256(f"{cluster}/{namespace}/{claim}/{now}".encode()).hexdigest()
    return f"pvc-{digest[:8]}-{digest[8:12]}-{digest[12:16]}-{digest[16:20]}-{digest[20:32]}"


def is_provisioned(volume: dict[str, Any], now: float, time_scale: float) -> bool:
    """True once the provisioner created the volume (it is listed from then on)."""
    return (now - volume["created_at"]) * time_scale >= volume["delay"]


def claim_status(claim: dict[str, Any], now: float, time_scale: float) -> str:
    """``Pending`` while provisioning, then ``Bound``."""
    return "Bound" if (now - claim["created_at"]) * time_scale >= PROVISION_SECONDS else "Pending"


def attached_workloads(
    state: dict[str, Any], cluster: str, namespace: str, claim: str
) -> list[dict[str, Any]]:
    """Workloads and jobs of the namespace with a ``PVC`` volume of this claim."""
    users = [
        (r["type"], r["name"], r["created_at"], r["spec"])
        for key, r in state.get(model.WORKLOADS_KEY, {}).items()
        if key.startswith(f"{cluster}/{namespace}/")
    ]
    users += [
        ("Job", r["name"], r["created_at"], r["spec"])
        for key, r in state.get(model_jobs.JOBS_KEY, {}).items()
        if key.startswith(f"{cluster}/{namespace}/")
    ]
    return [
        {"name": name, "type": kind, "attached_time": iso8601(created)}
        for kind, name, created, spec in sorted(users, key=lambda u: u[2])
        if any(
            isinstance(v, dict)
            and v.get("type") == "PVC"
            and isinstance(v.get("pvc"), dict)
            and v["pvc"].get("name") == claim
            for v in spec.get("volumes") or []
        )
    ]


def _place(cluster: str, state: dict[str, Any]) -> dict[str, Any]:
    return {
        "domain": DOMAIN,
        "project": catalog.PROJECT_NAME,
        "cluster": cluster,
        "cluster_addr": preloaded.all_clusters(state)[cluster]["cluster_addr"],
    }


def class_view(record: dict[str, Any], state: dict[str, Any]) -> dict[str, Any]:
    """ECNS's storage_class Type (``capacity`` is 0 in lists, as its API reference says)."""
    return {
        "class_name": record["name"],
        "capacity": 0,
        **_place(record["cluster"], state),
        "provisioner": PROVISIONER,
        "is_default": record["is_default"],
        "creation_time": iso8601(record["created_at"]),
        "access_modes": class_access_modes(record),
    }


def claim_view(
    claim: dict[str, Any], state: dict[str, Any], now: float, time_scale: float
) -> dict[str, Any]:
    """ECNS's pvc Type, plus ``namespace`` (the documented Type has none, see the docs)."""
    return {
        "name": claim["name"],
        "namespace": claim["namespace"],
        **_place(claim["cluster"], state),
        "storage_class_name": claim["storage_class_name"],
        "capacity": claim["capacity"],
        "access_modes": list(claim["access_modes"]),
        "attached_workloads": attached_workloads(
            state, claim["cluster"], claim["namespace"], claim["name"]
        ),
        "status": claim_status(claim, now, time_scale),
        "creation_time": iso8601(claim["created_at"]),
    }


def volume_view(volume: dict[str, Any], state: dict[str, Any]) -> dict[str, Any]:
    """The API reference's pv Type: ``Bound`` to a live claim, ``Released`` once it is gone."""
    claim = volume["pvc"]
    claims = state[CLAIMS_KEY]
    bound = claim is not None and f"{volume['cluster']}/{claim[0]}/{claim[1]}" in claims
    return {
        "name": volume["name"],
        **_place(volume["cluster"], state),
        "storage_class_name": volume["storage_class_name"],
        "capacity": volume["capacity"],
        "pvc_name": claim[1] if claim else None,
        "pvc_namespace": claim[0] if claim else None,
        "access_modes": list(volume["access_modes"]),
        "status": "Bound" if bound else "Released" if claim else "Available",
        "reclaim_policy": volume["reclaim_policy"],
        "creation_time": iso8601(volume["created_at"]),
    }


def is_available(view: dict[str, Any]) -> bool:
    """``filter=available``: a claim a new workload can mount.

    The API reference's wording ("没有挂载到pod且access_mode不是ReadWriteMany") describes the
    claims that are NOT offered; a claim no pod mounts, or a ReadWriteMany one
    (many pods may share it), is offered.
    """
    return not view["attached_workloads"] or "ReadWriteMany" in view["access_modes"]

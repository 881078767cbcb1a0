"""Workload records, their revisions and their rollout, all derived from timestamps.

A record keeps the workload as created (``spec``, the API reference's workload Type without
its read-only parts), the pod-template revisions, and the rollout in flight as a
core operation: ``ready_replicas`` climbs from where the rollout started to its
target as nominal time passes (``POD_READY_SECONDS`` per pod), so a client sees a
workload go ``Pending`` then ``Running`` exactly as it would watch a real rollout.
"""

from __future__ import annotations

import copy
import hashlib
import math
from typing import Any

from kaas_emulator.core import operations
from kaas_emulator.core.clock import iso8601
from kaas_emulator.providers.ecns import catalog

WORKLOADS_KEY = "workloads"
#: Parts of the workload Type that belong to the pod template: changing them is a revision.
TEMPLATE_KEYS = ("containers", "volumes")
#: Read-only parts of the workload Type ("前端不填"): never stored from a request.
READ_ONLY_KEYS = ("Pods_status", "workload_status")
ROLLOUT = "rollout"
DELETE = "delete"


def new_state() -> dict[str, Any]:
    """An empty ECNS cloud: no workloads, no sessions."""
    return {WORKLOADS_KEY: {}}


def event(
    record: dict[str, Any], now: float, reason: str, message: str, kind: str = "Normal"
) -> None:
    """Append a Kubernetes-style event (newest last, at most 50 kept)."""
    record["events"].append(
        {"type": kind, "reason": reason, "message": message, "update_time": iso8601(now)}
    )
    del record["events"][:-50]


def new_record(
    body: dict[str, Any], product_type: str, cluster: str, namespace: str, now: float
) -> dict[str, Any]:
    """A workload record from one validated ``workloads[]`` item."""
    spec = {k: copy.deepcopy(v) for k, v in body.items() if k not in READ_ONLY_KEYS}
    if product_type == "security" and not spec.get("runtime_class_name"):
        spec["runtime_class_name"] = catalog.SECURE_RUNTIME_CLASS
    base = spec["workload_base"]
    record: dict[str, Any] = {
        "name": base["name"],
        "type": base["type"],
        "cluster": cluster,
        "namespace": namespace,
        "product_type": product_type,
        "spec": spec,
        "revisions": [],
        "current_revision": 0,
        "stopped": False,
        "created_at": now,
        "ready": 0,
        "failure": None,
        "restarts": 0,
        "events": [],
    }
    add_revision(record, now)
    return record


def template(spec: dict[str, Any]) -> dict[str, Any]:
    """The pod template of a spec: what a revision records."""
    return {key: copy.deepcopy(spec.get(key)) for key in TEMPLATE_KEYS}


def add_revision(record: dict[str, Any], now: float) -> int:
    """Record the current pod template as a new revision and make it current."""
    version = max((r["version"] for r in record["revisions"]), default=0) + 1
    record["revisions"].append(
        {"version": version, "template": template(record["spec"]), "created_at": now}
    )
    record["current_revision"] = version
    return version


def revision(record: dict[str, Any], version: int) -> dict[str, Any] | None:
    """The revision numbered ``version``, if kept."""
    return next((r for r in record["revisions"] if r["version"] == version), None)


def target_replicas(record: dict[str, Any]) -> int:
    """Pods the workload should run now: 0 when stopped, one per worker node for a DaemonSet."""
    if record["stopped"]:
        return 0
    if record["type"] == "DaemonSet":
        return len(catalog.schedulable_workers(record["cluster"]))
    return int(record["spec"]["workload_base"].get("replicas") or 0)


def start_rollout(
    record: dict[str, Any],
    now: float,
    time_scale: float,
    replace_pods: bool,
    error: str | None = None,
) -> None:
    """Begin moving towards :func:`target_replicas`.

    ``replace_pods`` is a pod-template change or a redeploy: every pod is replaced,
    all at once for the ``recreate`` strategy, one by one otherwise.
    """
    settle(record, now, time_scale)
    current_ready = ready_replicas(record, now, time_scale)
    target = target_replicas(record)
    if replace_pods:
        strategy = (record["spec"].get("update_strategy") or {}).get("type")
        start = 0 if strategy == "recreate" else max(0, target - 1)
        pods_to_start = max(1, target)
    else:
        start = min(current_ready, target)
        pods_to_start = max(1, target - start)
    record["ready"] = start
    record["failure"] = None
    record["_rollout"] = {"from": start, "target": target}
    operations.begin(record, ROLLOUT, catalog.POD_READY_SECONDS * pods_to_start, now, error)


def _on_done(
    record: operations.Resource, operation: operations.Operation, finished_at: float
) -> bool:
    if operation.kind == DELETE:
        return True
    rollout = record.pop("_rollout", {"from": record["ready"], "target": target_replicas(record)})
    if operation.error:
        record["failure"] = operation.error
        event(record, finished_at, "FailedCreate", operation.error, "Warning")
        return False
    record["ready"] = rollout["target"]
    event(
        record,
        finished_at,
        "RolloutComplete",
        f"{rollout['target']} of {rollout['target']} pods are ready",
    )
    return False


def settle(record: dict[str, Any], now: float, time_scale: float) -> bool:
    """Complete a due operation; True when the record must be removed."""
    return operations.settle(record, now, time_scale, _on_done)


def settle_all(workloads: dict[str, Any], now: float, time_scale: float) -> None:
    """Settle every workload, dropping finished deletions."""
    operations.settle_all(workloads, now, time_scale, _on_done)


def ready_replicas(record: dict[str, Any], now: float, time_scale: float) -> int:
    """Ready pods now: interpolated along the rollout in flight."""
    operation = operations.current(record)
    rollout = record.get("_rollout")
    if operation is None or operation.kind != ROLLOUT or rollout is None or operation.error:
        return int(record["ready"])
    progress = operation.progress(now, time_scale)
    if rollout["target"] <= rollout["from"]:
        return int(rollout["target"])
    return int(rollout["from"] + math.floor(progress * (rollout["target"] - rollout["from"])))


def status(record: dict[str, Any], now: float, time_scale: float) -> str:
    """The workload_status ``status``: Removing, Failed, Stopped, Pending or Running."""
    operation = operations.current(record)
    if operation is not None and operation.kind == DELETE:
        return "Removing"
    if record["failure"]:
        return "Failed"
    if record["stopped"] and (operation is None or ready_replicas(record, now, time_scale) == 0):
        return "Stopped"
    if operation is not None or ready_replicas(record, now, time_scale) < target_replicas(record):
        return "Pending"
    return "Running"


def is_removing(record: dict[str, Any]) -> bool:
    """True while a batch delete is in flight."""
    operation = operations.current(record)
    return operation is not None and operation.kind == DELETE


def pod_hash(record: dict[str, Any]) -> str:
    """The pod-template hash of the current revision (stable, like a ReplicaSet's)."""
    key = f"{record['cluster']}/{record['namespace']}/{record['name']}/{record['current_revision']}"
    return hashlib.sha256(key.encode()).hexdigest()[:10]

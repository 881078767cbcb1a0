"""NKS cloud model: clusters, node groups, events and their asynchronous operations.

A cluster runs at most one operation at a time (every update is refused unless the
cluster is ``*_COMPLETE``), so the operation, whichever resource it targets, is kept
on the cluster record: the core's ``_operation`` for timing plus ``_op`` for what to
apply when it ends. Requested changes become visible when the operation succeeds; a
failed operation keeps the previous values, so repeating the request retries it.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from kaas_emulator.core import operations
from kaas_emulator.providers.nks import catalog, changes, nodes

OP_KEY = "_op"


def new_state() -> dict[str, Any]:
    """Empty NKS cloud."""
    return {"clusters": {}, "counters": {}, "ip_next": {}}


def stamp(epoch: float) -> str:
    """NKS timestamp: ``2021-08-05T01:48:39+00:00``."""
    return datetime.fromtimestamp(epoch, tz=UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")


def next_id(state: dict[str, Any], kind: str) -> int:
    """Next integer id of ``kind`` (events and node groups have integer ids)."""
    counters: dict[str, int] = state.setdefault("counters", {})
    counters[kind] = counters.get(kind, 0) + 1
    return counters[kind]


def settle(state: dict[str, Any], now: float, time_scale: float) -> dict[str, Any]:
    """Bring every cluster up to date; return the clusters dict keyed by uuid."""
    clusters: dict[str, Any] = state["clusters"]

    def on_done(cluster: Any, operation: operations.Operation, finished_at: float) -> bool:
        return _finish(state, cluster, operation, finished_at)

    operations.settle_all(clusters, now, time_scale, on_done)
    return clusters


def find_clusters(
    clusters: dict[str, Any], ident: str, by_name: bool = True
) -> list[dict[str, Any]]:
    """Clusters matching ``ident``: the one with that uuid, else (``by_name``) by name.

    Names are not unique (Magnum allows duplicates), hence a list.
    """
    if ident in clusters:
        return [clusters[ident]]
    if not by_name:
        return []
    return [cluster for cluster in clusters.values() if cluster["name"] == ident]


def find_nodegroup(cluster: dict[str, Any], ident: str) -> dict[str, Any] | None:
    """Node group of ``cluster`` by uuid or name."""
    groups: dict[str, Any] = cluster["nodegroups"]
    if ident in groups:
        found: dict[str, Any] = groups[ident]
        return found
    return next((ng for ng in groups.values() if ng["name"] == ident), None)


def worker_groups(cluster: dict[str, Any]) -> list[dict[str, Any]]:
    """Worker node groups in creation order."""
    groups = [ng for ng in cluster["nodegroups"].values() if ng["role"] == "worker"]
    return sorted(groups, key=lambda ng: ng["id"])


def default_worker(cluster: dict[str, Any]) -> dict[str, Any]:
    """The cluster's ``default-worker`` group."""
    found = find_nodegroup(cluster, catalog.DEFAULT_WORKER)
    assert found is not None  # created with the cluster, never deletable
    return found


def new_nodegroup(
    state: dict[str, Any],
    cluster: dict[str, Any],
    name: str,
    role: str,
    spec: dict[str, Any],
    now: float,
) -> dict[str, Any]:
    """A node group record (``spec``: flavor_id, image_id, labels, node_count)."""
    group: dict[str, Any] = {
        "uuid": str(uuid.uuid4()),
        "id": next_id(state, "nodegroup"),
        "name": name,
        "role": role,
        "is_default": name in (catalog.DEFAULT_WORKER, catalog.DEFAULT_MASTER),
        "flavor_id": spec["flavor_id"],
        "image_id": spec["image_id"],
        "labels": dict(spec["labels"]),
        "node_count": spec["node_count"],
        "stack_id": str(uuid.uuid4()),
        "status": "CREATE_IN_PROGRESS",
        "status_reason": None,
        "created_at": stamp(now),
        "updated_at": None,
        "nodes": [],
        "_node_prefix": nodes.node_prefix(cluster["name"], name),
        "_next_node": 0,
    }
    if role == "worker":
        nodes.add_nodes(state, group, cluster["fixed_subnet"], spec["node_count"], "BUILD")
    cluster["nodegroups"][group["uuid"]] = group
    return group


def add_event(
    state: dict[str, Any],
    cluster: dict[str, Any],
    kind: str,
    target: dict[str, Any] | None,
    now: float,
) -> dict[str, Any]:
    """Record an ``IN_PROGRESS`` event for an operation on the cluster or a node group."""
    resource = target or cluster
    event = {
        "id": next_id(state, "event"),
        "uuid": str(uuid.uuid4()),
        "project_id": catalog.PROJECT_ID,
        "cluster_uuid": cluster["uuid"],
        "cluster_name": cluster["name"],
        "resource_uuid": resource["uuid"],
        "resource_name": resource["name"],
        "resource_type": "nodegroup" if target is not None else "cluster",
        "type": kind,
        "state": "IN_PROGRESS",
        "contents": None,
        "created_at": stamp(now),
        "updated_at": None,
    }
    cluster["events"].append(event)
    return event


def _action(kind: str) -> str:
    if kind in ("CLUSTER_CREATE", "NODEGROUP_CREATE"):
        return "CREATE"
    if kind in ("CLUSTER_DELETE", "NODEGROUP_DELETE"):
        return "DELETE"
    return "UPDATE"


def start(
    state: dict[str, Any],
    cluster: dict[str, Any],
    kind: str,
    target: dict[str, Any] | None,
    change: dict[str, Any],
    now: float,
    error: str | None,
) -> None:
    """Begin operation ``kind`` (an event type) on the cluster or node group ``target``.

    The cluster goes ``UPDATE_IN_PROGRESS`` for anything but its own create/delete; the
    targeted node group goes ``<ACTION>_IN_PROGRESS``.
    """
    _interrupt(cluster, now)
    action = _action(kind)
    if kind in ("CLUSTER_CREATE", "CLUSTER_DELETE"):
        cluster_action, groups = action, list(cluster["nodegroups"].values())
    else:
        cluster_action, groups = "UPDATE", [target] if target is not None else []
    for group in groups:
        group["status"] = f"{action}_IN_PROGRESS"
        group["status_reason"] = None
        group["updated_at"] = stamp(now)
    cluster["status"] = f"{cluster_action}_IN_PROGRESS"
    cluster["status_reason"] = None
    cluster["updated_at"] = stamp(now) if kind != "CLUSTER_CREATE" else None
    event = add_event(state, cluster, kind, target, now)
    cluster[OP_KEY] = {
        "kind": kind,
        "target": target["uuid"] if target is not None else None,
        "event": event["uuid"],
        "change": change,
    }
    operations.begin(cluster, kind, catalog.DURATIONS[kind], now, error)


def _interrupt(cluster: dict[str, Any], now: float) -> None:
    """A deletion replacing a running operation fails that operation's event."""
    pending = cluster.pop(OP_KEY, None)
    if pending is not None:
        _close_event(cluster, pending["event"], "Interrupted by the cluster deletion", now)


def _close_event(cluster: dict[str, Any], event_uuid: str, error: str | None, at: float) -> None:
    for event in cluster["events"]:
        if event["uuid"] == event_uuid:
            event["state"] = "FAIL" if error is not None else "SUCCESS"
            event["contents"] = error
            event["updated_at"] = stamp(at)


def _finish(
    state: dict[str, Any], cluster: dict[str, Any], operation: operations.Operation, at: float
) -> bool:
    """Apply a completed operation; True when the cluster is gone."""
    pending = cluster.pop(OP_KEY)
    kind, error = pending["kind"], operation.error
    _close_event(cluster, pending["event"], error, at)
    target = cluster["nodegroups"].get(pending["target"]) if pending["target"] else None
    action = _action(kind)
    if error is None and kind == "CLUSTER_DELETE":
        return True
    if kind in ("CLUSTER_CREATE", "CLUSTER_DELETE"):
        groups = list(cluster["nodegroups"].values())
        cluster_action = action
    else:
        groups = [target] if target is not None else []
        cluster_action = "UPDATE"
    if error is None:
        changes.apply(state, cluster, target, kind, pending["change"], at)
        if kind == "NODEGROUP_DELETE" and target is not None:
            del cluster["nodegroups"][target["uuid"]]
            groups = []
    outcome = "FAILED" if error is not None else "COMPLETE"
    for group in groups:
        group["status"] = f"{action}_{outcome}"
        group["status_reason"] = error or f"Stack {action} completed successfully"
        group["updated_at"] = stamp(at)
        if kind in ("CLUSTER_CREATE", "NODEGROUP_CREATE"):
            nodes.set_status(group, "ERROR" if error else "ACTIVE")
    cluster["status"] = f"{cluster_action}_{outcome}"
    cluster["status_reason"] = error
    cluster["updated_at"] = stamp(at)
    return False

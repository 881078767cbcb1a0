"""ITCare *actions*: the asynchronous tasks every write answers with (202).

An action carries the core operation (``_operation``) of the work it stands for, so
its status is derived from the clock like any emulated operation: IN_PROGRESS until
the scaled nominal duration has elapsed, then SUCCESS or ERROR (when an
``async_error`` fault planned a failure). Completing an action calls back into the
model (``finish``) to apply the change to the cluster; actions are kept afterwards,
so a caller can still read how a deletion ended.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kaas_emulator.core import operations
from kaas_emulator.core.clock import iso8601

STATUSES = ("IN_PROGRESS", "SUCCESS", "ERROR")
FAMILY = "KUBERNETES"
CLUSTER_TYPE = "KUBERNETES"
LB_TYPE = "LOADBALANCER"
INTERNAL_OFFSET = 1_000_000

#: kind -> (process code, what is done, nominal duration in provider seconds).
KINDS: dict[str, tuple[str, str, float]] = {
    "create": ("CREATE_K8S_CLUSTER", "creation of the Kubernetes cluster", 600.0),
    "delete": ("DELETE_K8S_CLUSTER", "deletion of the Kubernetes cluster", 300.0),
    "create_nodes": ("CREATE_K8S_NODES", "creation of nodes", 300.0),
    "delete_nodes": ("DELETE_K8S_NODES", "deletion of nodes", 180.0),
    "delete_node": ("DELETE_K8S_NODE", "deletion of a node", 180.0),
    "enable_ha": ("ENABLE_K8S_HA", "activation of high availability", 600.0),
    "update_patch_party": ("UPDATE_PATCH_PARTY", "update of the patch party plan", 10.0),
    "upgrade": ("UPGRADE_K8S_CLUSTER", "upgrade of the Kubernetes cluster", 900.0),
    "create_loadbalancer": ("CREATE_K8S_LOADBALANCER", "creation of a load balancer", 120.0),
}

#: Applies a completed action to the model: (state, action, error or None, finished at).
Finish = Callable[[dict[str, Any], dict[str, Any], str | None, float], None]


def _sentence(label: str) -> str:
    return label[:1].upper() + label[1:]


def _record(
    kind: str, ident: int | None, target: dict[str, Any], resource_type: str, now: float
) -> dict[str, Any]:
    process, label, _ = KINDS[kind]
    stamp = iso8601(now)
    return {
        "id": ident,
        "internalId": None if ident is None else ident + INTERNAL_OFFSET,
        "family": FAMILY,
        "process": process,
        "status": "IN_PROGRESS",
        "message": f"{_sentence(label)} {target['name']} in progress",
        "resourceId": target["id"],
        "resourceName": target["name"],
        "resourceType": resource_type,
        "submittedAt": stamp,
        "lastUpdatedAt": stamp,
        "completedAt": None,
    }


def submit(
    state: dict[str, Any],
    kind: str,
    cluster: dict[str, Any],
    payload: dict[str, Any],
    now: float,
    error: str | None,
    target: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Record a new action on ``cluster`` (or on ``target``, e.g. a load balancer).

    The cluster remembers it as its action in flight: ITCare runs one action at a
    time per cluster.
    """
    state["seq"]["action"] += 1
    ident = state["seq"]["action"]
    resource_type = CLUSTER_TYPE if target is None else LB_TYPE
    action = _record(kind, ident, target or cluster, resource_type, now)
    action.update({"_kind": kind, "_cluster": cluster["id"], "_payload": payload})
    operations.begin(action, kind, KINDS[kind][2], now, error)
    state["actions"][str(ident)] = action
    cluster["_action"] = ident
    return action


def preview(
    kind: str, cluster: dict[str, Any], now: float, target: dict[str, Any] | None = None
) -> dict[str, Any]:
    """What a dry run answers: the action that would be submitted, with no id."""
    action = _record(
        kind, None, target or cluster, CLUSTER_TYPE if target is None else LB_TYPE, now
    )
    label = KINDS[kind][1]
    action["status"] = "SUCCESS"
    action["message"] = f"Dry run: {label} {action['resourceName']} would be accepted"
    action["completedAt"] = action["submittedAt"]
    action["dryRun"] = True
    return action


def settle(state: dict[str, Any], now: float, time_scale: float, finish: Finish) -> None:
    """Complete every due action, in submission order, applying it with ``finish``."""

    def on_done(action: Any, operation: operations.Operation, finished_at: float) -> bool:
        stamp = iso8601(finished_at)
        label = KINDS[operation.kind][1]
        action["status"] = "ERROR" if operation.error else "SUCCESS"
        action["message"] = operation.error or (
            f"{_sentence(label)} {action['resourceName']} completed"
        )
        action["lastUpdatedAt"] = action["completedAt"] = stamp
        finish(state, action, operation.error, finished_at)
        return False

    for key in sorted(state["actions"], key=int):
        operations.settle(state["actions"][key], now, time_scale, on_done)


def render(action: dict[str, Any]) -> dict[str, Any]:
    """Public view of an action."""
    return operations.public_view(action)

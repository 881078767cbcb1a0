"""JSON views of NKS records, field for field as the API guide's examples show them.

Records keep internal keys (``_``-prefixed) and raw values; rendering adds derived
fields (``api_address``, ``node_addresses``, health, links, ``kube_version_status``) so
they can never drift from the state they are derived from.
"""

from __future__ import annotations

from typing import Any

from flask import request

from kaas_emulator.core.runtime import current_provider
from kaas_emulator.providers.nks import catalog, fields, model, nodes

CLUSTER_SORT_KEYS = frozenset({"uuid", "name", "status", "created_at", "updated_at"})
NODEGROUP_SORT_KEYS = frozenset({"uuid", "name", "status", "role", "created_at", "updated_at"})
EVENT_SORT_KEYS = frozenset({"uuid", "type", "state", "created_at", "updated_at"})


def base_url() -> str:
    """Absolute root of the emulated NKS API (``http://host:port/nks``)."""
    return request.host_url.rstrip("/") + current_provider().prefix


def _links(path: str) -> list[dict[str, str]]:
    root = base_url()
    return [
        {"href": f"{root}/v1/{path}", "rel": "self"},
        {"href": f"{root}/{path}", "rel": "bookmark"},
    ]


def _version_status(version: str | None) -> str:
    return "LATEST" if version == catalog.latest_version() else "NEED_UPGRADE"


def _cluster_labels(cluster: dict[str, Any]) -> dict[str, Any]:
    labels = dict(cluster["labels"])
    labels["kube_version_status"] = _version_status(labels.get("kube_tag"))
    return dict(sorted(labels.items()))


def _health(cluster: dict[str, Any]) -> tuple[str, dict[str, str]]:
    if not cluster.get("_provisioned"):
        return "UNKNOWN", {}
    reason = {"api": "ok"}
    healthy = True
    for group in model.worker_groups(cluster):
        for node in group["nodes"]:
            ready = node["status"] == "ACTIVE"
            healthy = healthy and ready
            reason[f"{node['name']}.Ready"] = str(ready)
    return ("HEALTHY" if healthy else "UNHEALTHY"), reason


def cluster_summary(cluster: dict[str, Any]) -> dict[str, Any]:
    """A ``GET /v1/clusters`` item."""
    worker = model.default_worker(cluster)
    return {
        "cluster_template_id": cluster["cluster_template_id"],
        "create_timeout": cluster["create_timeout"],
        "docker_volume_size": None,
        "flavor_id": worker["flavor_id"],
        "health_status": _health(cluster)[0],
        "keypair": cluster["keypair"],
        "labels": _cluster_labels(cluster),
        "links": _links(f"clusters/{cluster['uuid']}"),
        "name": cluster["name"],
        "node_count": sum(g["node_count"] for g in model.worker_groups(cluster)),
        "stack_id": cluster["stack_id"],
        "status": cluster["status"],
        "uuid": cluster["uuid"],
    }


def cluster_detail(cluster: dict[str, Any]) -> dict[str, Any]:
    """``GET /v1/clusters/{id}``: the summary plus addresses, network, health, times."""
    health, health_reason = _health(cluster)
    short = cluster["uuid"][:8]
    detail = {
        **cluster_summary(cluster),
        "api_address": (
            f"https://{short}-{catalog.REGION.lower()}-k8s.container.cloud.toast.com:6443"
            if cluster.get("_provisioned")
            else None
        ),
        "coe_version": cluster["labels"]["kube_tag"],
        "container_version": "1.12.6",
        "created_at": cluster["created_at"],
        "fixed_network": cluster["fixed_network"],
        "fixed_subnet": cluster["fixed_subnet"],
        "floating_ip_enabled": False,
        "health_status": health,
        "health_status_reason": health_reason,
        "node_addresses": [a for g in model.worker_groups(cluster) for a in nodes.addresses(g)],
        "project_id": catalog.PROJECT_ID,
        "status_reason": cluster["status_reason"],
        "updated_at": cluster["updated_at"],
        "user_id": catalog.USER_ID,
    }
    return dict(sorted(detail.items()))


def _bounds(group: dict[str, Any]) -> tuple[int, int | None]:
    labels = group["labels"]
    if fields.as_bool(labels.get("ca_enable")):
        return int(labels["ca_min_node_count"]), int(labels["ca_max_node_count"])
    return catalog.NODE_COUNT_MIN, None


def resize_bounds(group: dict[str, Any]) -> tuple[int, int]:
    """Allowed node counts of a resize: the autoscaler's range when it is on, else 1..10."""
    low, high = _bounds(group)
    return low, high if high is not None else catalog.NODE_COUNT_MAX


def nodegroup_summary(group: dict[str, Any]) -> dict[str, Any]:
    """A ``GET .../nodegroups`` item."""
    low, high = _bounds(group)
    return {
        "flavor_id": group["flavor_id"],
        "image_id": group["image_id"],
        "is_default": group["is_default"],
        "max_node_count": high,
        "min_node_count": low,
        "name": group["name"],
        "node_count": group["node_count"],
        "role": group["role"],
        "stack_id": group["stack_id"],
        "status": group["status"],
        "uuid": group["uuid"],
    }


def nodegroup_detail(cluster: dict[str, Any], group: dict[str, Any]) -> dict[str, Any]:
    """``GET .../nodegroups/{id}``, plus ``nodes`` (uuid, name, status, address)."""
    labels = dict(group["labels"])
    labels["kube_version_status"] = _version_status(labels.get("kube_tag"))
    detail = {
        **nodegroup_summary(group),
        "cluster_id": cluster["uuid"],
        "created_at": group["created_at"],
        "docker_volume_size": None,
        "id": group["id"],
        "labels": dict(sorted(labels.items())),
        "links": _links(f"clusters/{cluster['uuid']}/nodegroups/{group['uuid']}"),
        "node_addresses": nodes.addresses(group),
        "nodes": [dict(node) for node in group["nodes"]],
        "project_id": catalog.PROJECT_ID,
        "status_reason": group["status_reason"],
        "updated_at": group["updated_at"],
        "version": None,
    }
    return dict(sorted(detail.items()))


def autoscaler(group: dict[str, Any]) -> dict[str, Any]:
    """``GET .../autoscale``: typed values (booleans, integers) as in the API guide's example."""
    labels = {**catalog.AUTOSCALER_DEFAULTS, **group["labels"]}
    view: dict[str, Any] = {"ca_image": catalog.CA_IMAGE, "clusterautoscale": "nodegroupfeature"}
    for key in fields.AUTOSCALER_BOOLS:
        view[key] = bool(fields.as_bool(labels[key]))
    for key in fields.AUTOSCALER_RANGES:
        view[key] = int(labels[key])
    return dict(sorted(view.items()))


def ipacl(cluster: dict[str, Any]) -> dict[str, Any]:
    """``GET .../api_ep_ipacl``: only ``cluster_uuid`` and ``enable`` when disabled."""
    acl = cluster["ipacl"]
    view: dict[str, Any] = {
        "cluster_uuid": cluster["uuid"],
        "enable": "true" if acl["enable"] else "false",
    }
    if acl["enable"]:
        view["action"] = acl["action"]
        view["ipacl_targets"] = [dict(target) for target in acl["ipacl_targets"]]
    return view


def event(record: dict[str, Any]) -> dict[str, Any]:
    """An event as stored (all of its keys are public)."""
    return dict(record)

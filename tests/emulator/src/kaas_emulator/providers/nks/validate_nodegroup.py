"""Validation of node-group requests: create, resize, upgrade, flavor, user script,
autoscaler and node stop/start.

Like the cluster validators, each collects every problem and raises a single 400; the
state-dependent rules (bounds, versions, node membership) take the records they need.
"""

from __future__ import annotations

from typing import Any

from kaas_emulator.core.validation import is_int, unknown_fields
from kaas_emulator.providers.nks import catalog, fields, magnum_fields, render, worker_labels
from kaas_emulator.providers.nks.errors import bad_request

NODEGROUP_FIELDS = frozenset({"name", "node_count", "flavor_id", "image_id", "labels"}) | frozenset(
    magnum_fields.NODEGROUP
)
ROLLING = frozenset({"num_buffer_nodes", "num_max_unavailable_nodes"})


def _raise(problems: list[str]) -> None:
    if problems:
        raise bad_request(problems)


def validate_create(body: dict[str, Any], kube_tag: str) -> dict[str, Any]:
    """A node group spec (name, flavor_id, image_id, labels, node_count)."""
    problems = [f"{key}: unknown field" for key in unknown_fields(body, NODEGROUP_FIELDS)]
    for key in ("name", "flavor_id", "image_id", "labels"):
        if key not in body:
            problems.append(f"{key}: is required")
    if "name" in body:
        fields.check_name("name", body["name"], problems)
    for key in ("flavor_id", "image_id"):
        if key in body:
            fields.check_uuid(key, body[key], problems)
    count = fields.check_node_count("node_count", body.get("node_count", 1), problems)
    magnum_fields.check_nodegroup(body, count, problems)
    labels = body.get("labels", {})
    if not isinstance(labels, dict):
        problems.append("labels: must be an object")
        labels = {}
    checked = worker_labels.check(labels, problems)
    _raise(problems)
    return {
        "name": body["name"],
        "flavor_id": body["flavor_id"],
        "image_id": body["image_id"],
        "node_count": count,
        "labels": worker_labels.for_group(checked, kube_tag),
    }


def validate_resize(body: dict[str, Any], group: dict[str, Any]) -> dict[str, Any]:
    """Resize of ``group`` (already resolved from ``nodegroup``); the stored change."""
    problems = [
        f"{key}: unknown field"
        for key in unknown_fields(body, {"nodegroup", "node_count", "nodes_to_remove"})
    ]
    count = body.get("node_count")
    low, high = render.resize_bounds(group)
    if not is_int(count):
        problems.append("node_count: is required and must be an integer")
    elif not low <= count <= high:
        problems.append(
            f"node_count: resizing {group['name']} outside the allowed range: "
            f"min_node_count = {low}, max_node_count = {high}"
        )
    remove = body.get("nodes_to_remove", [])
    if not isinstance(remove, list) or not all(isinstance(item, str) for item in remove):
        problems.append("nodes_to_remove: must be a list of node UUIDs")
        remove = []
    known = {node["uuid"] for node in group["nodes"]}
    unknown = [item for item in remove if item not in known]
    if unknown:
        problems.append(f"nodes_to_remove: not nodes of {group['name']}: {', '.join(unknown)}")
    if remove and is_int(count) and len(set(remove)) > group["node_count"] - count:
        problems.append(
            f"nodes_to_remove: names {len(set(remove))} nodes but resizing from "
            f"{group['node_count']} to {count} removes {max(0, group['node_count'] - count)}"
        )
    _raise(problems)
    return {"node_count": count, "remove": sorted(set(remove))}


def _check_version_step(version: str, current: str, problems: list[str]) -> None:
    new, old = catalog.version_key(version), catalog.version_key(current)
    if new <= old:
        problems.append(f"version: {version} is not newer than the current version {current}")
    elif new[:1] != old[:1] or new[1:2] != tuple(v + 1 for v in old[1:2]):
        problems.append(f"version: upgrade one minor version at a time (from {current})")


def validate_upgrade(
    body: dict[str, Any],
    cluster: dict[str, Any],
    group: dict[str, Any],
    workers: list[dict[str, Any]],
) -> str:
    """Upgrade of the control plane (``default-master``) or of a worker group; the version."""
    problems = [f"{key}: unknown field" for key in unknown_fields(body, {"version"} | ROLLING)]
    version = body.get("version")
    control = cluster["labels"]["kube_tag"]
    if not isinstance(version, str):
        problems.append("version: is required")
    elif not catalog.SUPPORTED_K8S.get(version, False):
        problems.append(f"version: {version} is not a supported upgrade target (see /v1/supports)")
    elif group["role"] == "master":
        _check_version_step(version, control, problems)
        behind = [w["name"] for w in workers if w["labels"].get("kube_tag") != control]
        if behind:
            problems.append(
                f"version: upgrade the worker node groups ({', '.join(behind)}) to {control} "
                "before upgrading the control plane again"
            )
    elif version != control:
        problems.append(
            f"version: worker node groups follow the control plane; upgrade "
            f"{catalog.DEFAULT_MASTER} to {version} first (control plane is {control})"
        )
    elif group["labels"].get("kube_tag") == version:
        problems.append(f"version: node group {group['name']} is already at {version}")
    if group["role"] == "worker":
        count = group["node_count"]
        fields.check_rolling(body, catalog.NODE_COUNT_MAX - count, count, problems)
    _raise(problems)
    return str(version)


def validate_flavor(body: dict[str, Any], group: dict[str, Any]) -> str:
    """Flavor change (``type: flavor_id``); the new flavor id."""
    problems = [
        f"{key}: unknown field" for key in unknown_fields(body, {"type", "flavor_id"} | ROLLING)
    ]
    if body.get("type") != "flavor_id":
        problems.append('type: must be "flavor_id"')
    fields.check_uuid("flavor_id", body.get("flavor_id"), problems)
    count = group["node_count"]
    fields.check_rolling(body, catalog.NODE_COUNT_MAX - count, count, problems)
    _raise(problems)
    return str(body["flavor_id"])


def validate_userscript(body: dict[str, Any]) -> str:
    """User script change; the new script (may be empty to clear it)."""
    problems = [f"{key}: unknown field" for key in unknown_fields(body, {"contents"})]
    if not isinstance(body.get("contents"), str):
        problems.append("contents: is required and must be a string")
    _raise(problems)
    return str(body["contents"])


def validate_autoscale(body: dict[str, Any], group: dict[str, Any]) -> dict[str, str]:
    """Autoscaler settings; the ``ca_*`` labels to store (merged rules checked)."""
    problems = [f"{key}: unknown field" for key in unknown_fields(body, fields.AUTOSCALER_FIELDS)]
    values = fields.check_autoscaler(body, "", True, problems)
    merged = {**catalog.AUTOSCALER_DEFAULTS, **group["labels"], **values}
    if not problems and int(merged["ca_min_node_count"]) > int(merged["ca_max_node_count"]):
        problems.append(
            f"ca_min_node_count: {merged['ca_min_node_count']} exceeds ca_max_node_count "
            f"{merged['ca_max_node_count']}"
        )
    _raise(problems)
    return values


def validate_node_list(body: dict[str, Any], group: dict[str, Any], start: bool) -> list[str]:
    """``node_list`` of node UUIDs (``:``-separated) to start (SHUTOFF) or stop (ACTIVE)."""
    problems = [f"{key}: unknown field" for key in unknown_fields(body, {"node_list"})]
    raw = body.get("node_list")
    wanted = raw.split(":") if isinstance(raw, str) and raw else []
    if not wanted:
        problems.append("node_list: is required: node UUIDs separated by ':'")
    by_uuid = {node["uuid"]: node for node in group["nodes"]}
    expected = "SHUTOFF" if start else "ACTIVE"
    for item in wanted:
        node = by_uuid.get(item)
        if node is None:
            problems.append(f"node_list: {item} is not a node of {group['name']}")
        elif node["status"] != expected:
            problems.append(f"node_list: node {node['name']} is {node['status']}, not {expected}")
    _raise(problems)
    return sorted(set(wanted))

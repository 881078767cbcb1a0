"""Views of ``/compute/containers/kubernetes``: list, create, detail, update, delete.

Every write validates fully first (404, then 409 busy, then 400), then either answers
a dry run (``ITCare-DryRun: true``: 200 with the would-be action, nothing stored) or
submits an action and answers 202 with it.
"""

from __future__ import annotations

from typing import Any

from flask import Response

from kaas_emulator.core.runtime import now, provider_state, take_async_error, time_scale
from kaas_emulator.core.validation import json_object_body
from kaas_emulator.providers.itcare import actions, model, render
from kaas_emulator.providers.itcare.filters import cluster_filter
from kaas_emulator.providers.itcare.patch_ops import validate_patch
from kaas_emulator.providers.itcare.validation import validate_create, validate_delete
from kaas_emulator.providers.itcare.web import (
    blueprint,
    busy,
    invalid,
    is_dry_run,
    not_found,
    page_request,
    reject,
    respond,
    sort_items,
    sort_request,
    spring_page,
)

BASE = "/compute/containers/kubernetes"
CLUSTER = BASE + "/<int:cluster_id>"
#: Properties ``sort`` accepts: the scalar fields a user plausibly orders by.
SORTABLE = frozenset(
    {
        "id", "name", "label", "status", "environment", "creationTime", "version",
        "versionDetailed", "productVersion", "productCode", "topology", "nodeCount",
        "serviceId", "serviceKey", "serviceName", "cloudId", "ipAddress", "region",
        "area", "supportLevel", "ingressProvider", "technicalId", "backupStatus",
        "replicationStatus", "includedInPatchParty",
    }
)  # fmt: skip


def get_cluster(state: dict[str, Any], cluster_id: int) -> dict[str, Any]:
    """The settled cluster record, or 404."""
    cluster: dict[str, Any] | None = model.settle(state, now(), time_scale()).get(str(cluster_id))
    if cluster is None:
        raise not_found("Kubernetes cluster", cluster_id)
    return cluster


def require_idle(cluster: dict[str, Any]) -> None:
    """409 unless the cluster is ACTIVE with no action running (one at a time)."""
    if cluster["_action"] is not None or cluster["status"] != model.ACTIVE:
        running = f" (action {cluster['_action']} in progress)" if cluster["_action"] else ""
        raise busy(
            f"Kubernetes cluster {cluster['id']} is {cluster['status']}{running}; "
            "it must be ACTIVE with no action in progress"
        )


def submit(
    state: dict[str, Any],
    kind: str,
    cluster: dict[str, Any],
    payload: dict[str, Any],
    target: dict[str, Any] | None = None,
) -> Response:
    """Submit the action and answer 202 with it."""
    model.begin(cluster, kind)
    action = actions.submit(state, kind, cluster, payload, now(), take_async_error(), target)
    return respond(actions.render(action), 202)


def dry_run(kind: str, cluster: dict[str, Any], target: dict[str, Any] | None = None) -> Response:
    """The dry-run answer: 200 with the action that would have been submitted."""
    return respond(actions.preview(kind, cluster, now(), target), 200)


@blueprint.get(BASE)
def list_clusters() -> Response:
    """Filtered, sorted (one criterion, default ``id,asc``), Spring-paged clusters."""
    page, size = page_request()
    prop, descending = sort_request("id,asc", SORTABLE.__contains__)
    match = cluster_filter()
    with provider_state() as state:
        clusters = model.settle(state, now(), time_scale())
        views = [(record, render.cluster(record)) for record in clusters.values()]
        selected = [view for record, view in views if match(record, view)]
    return respond(spring_page(sort_items(selected, prop, descending), page, size))


@blueprint.post(BASE)
def create_cluster() -> Response:
    """Validate, refuse a duplicate name (409), then 202 with the creation action."""
    body = json_object_body()
    problems, resolved = validate_create(body)
    if problems:
        raise reject(problems)
    with provider_state() as state:
        clusters = model.settle(state, now(), time_scale())
        if any(c["name"] == resolved["name"] for c in clusters.values()):
            raise invalid(
                "name",
                f"name: a Kubernetes cluster named {resolved['name']!r} already exists",
                409,
                "RESOURCE_ALREADY_EXISTS",
            )
        needed = 1 + resolved["instanceCount"]
        if model.free_addresses(state, resolved["networkId"]) < needed:
            raise invalid("networkId", f"networkId: not enough free IP addresses ({needed})")
        if is_dry_run():
            return dry_run("create", {"id": None, "name": resolved["name"]})
        cluster = model.build_cluster(state, resolved, now())
        clusters[str(cluster["id"])] = cluster
        return submit(state, "create", cluster, {})


@blueprint.get(CLUSTER)
def show_cluster(cluster_id: int) -> Response:
    """The K8s Container object."""
    with provider_state() as state:
        return respond(render.cluster(get_cluster(state, cluster_id)))


@blueprint.patch(CLUSTER)
def update_cluster(cluster_id: int) -> Response:
    """One of the five operations; all of them are asynchronous actions."""
    with provider_state() as state:
        cluster = get_cluster(state, cluster_id)
        body = json_object_body()
        require_idle(cluster)
        problems, operation, payload = validate_patch(body, cluster)
        if problems or operation is None:
            raise reject(problems)
        if operation == "create_nodes":
            needed = sum(group["nodesNb"] for group in payload["nodes"])
            if model.free_addresses(state, cluster["networkId"]) < needed:
                raise invalid("networkId", "networkId: not enough free IP addresses")
        if is_dry_run():
            return dry_run(operation, cluster)
        if operation == "create_nodes":
            ids = model.add_nodes(state, cluster, payload["nodes"], payload["ingress"], now())
            payload = {"nodeIds": ids}
        elif operation == "delete_nodes":
            for node_id in payload["nodeIds"]:
                cluster["_nodes"][str(node_id)]["status"] = "DELETING"
        return submit(state, operation, cluster, payload)


@blueprint.delete(CLUSTER)
def delete_cluster(cluster_id: int) -> Response:
    """Delete an ACTIVE or ERROR cluster; repeating it while DELETING answers the
    deletion action already running (202) instead of starting another."""
    with provider_state() as state:
        cluster = get_cluster(state, cluster_id)
        problems, reference = validate_delete(json_object_body(allow_empty=True))
        if problems:
            raise reject(problems)
        if cluster["status"] == "DELETING":
            action = state["actions"][str(cluster["_action"])]
            return respond(actions.render(action), 202)
        if cluster["status"] != model.ERROR:
            require_idle(cluster)
        if is_dry_run():
            return dry_run("delete", cluster)
        payload = {"previous": cluster["status"], "changeReference": reference}
        return submit(state, "delete", cluster, payload)

"""Node group views: list, get, create, delete, node stop/start, autoscaler, upgrade,
user script and flavor change."""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify, request

from kaas_emulator.core.errors import ApiError
from kaas_emulator.core.runtime import now, provider_state, time_scale
from kaas_emulator.core.validation import json_object_body
from kaas_emulator.providers.nks import catalog, model, render, validate_nodegroup
from kaas_emulator.providers.nks.errors import bad_request, no_content
from kaas_emulator.providers.nks.paging import paginate
from kaas_emulator.providers.nks.views_clusters import accepted, begin
from kaas_emulator.providers.nks.web import (
    blueprint,
    get_cluster,
    get_nodegroup,
    require_complete,
    require_worker,
)

BASE = "/v1/clusters/<ident>/nodegroups"
ITEM = BASE + "/<ng>"


def _resolve(ident: str, ng: str, state: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    cluster = get_cluster(model.settle(state, now(), time_scale()), ident)
    return cluster, get_nodegroup(cluster, ng)


@blueprint.get(BASE)
def list_nodegroups(ident: str) -> Response:
    """Worker node groups (the control plane's ``default-master`` is not listed).

    Magnum's ``role`` filter applies to what is listed: ``role=master`` finds nothing.
    """
    role = request.args.get("role")
    with provider_state() as state:
        cluster = get_cluster(model.settle(state, now(), time_scale()), ident)
        url = f"{render.base_url()}/v1/clusters/{cluster['uuid']}/nodegroups"
        groups = [g for g in model.worker_groups(cluster) if role is None or g["role"] == role]
        page, next_url = paginate_groups(groups, url)
        body: dict[str, Any] = {"nodegroups": [render.nodegroup_summary(g) for g in page]}
    if next_url:
        body["next"] = next_url
    return jsonify(body)


def paginate_groups(
    groups: list[dict[str, Any]], url: str
) -> tuple[list[dict[str, Any]], str | None]:
    """Magnum paging over node groups, in creation order by default."""
    return paginate(groups, lambda g: g["id"], render.NODEGROUP_SORT_KEYS, url)


@blueprint.get(ITEM)
def get_nodegroup_view(ident: str, ng: str) -> Response:
    """One node group; NHN answers 403 for ``default-master``."""
    with provider_state() as state:
        cluster, group = _resolve(ident, ng, state)
        if group["role"] == "master":
            raise ApiError(
                403,
                f"Access to the {catalog.DEFAULT_MASTER} node group is not allowed.",
                "forbidden",
            )
        return jsonify(render.nodegroup_detail(cluster, group))


@blueprint.post(BASE)
def create_nodegroup(ident: str) -> tuple[Response, int]:
    """202 with the new group (``CREATE_IN_PROGRESS``); 409 for a name already used."""
    with provider_state() as state:
        cluster = get_cluster(model.settle(state, now(), time_scale()), ident)
        spec = validate_nodegroup.validate_create(json_object_body(), cluster["labels"]["kube_tag"])
        if model.find_nodegroup(cluster, spec["name"]) is not None:
            raise ApiError(
                409,
                f"A node group with name {spec['name']} already exists in the cluster "
                f"{cluster['uuid']}.",
                "conflict",
            )
        require_complete(cluster)
        group = model.new_nodegroup(state, cluster, spec["name"], "worker", spec, now())
        begin(state, cluster, "NODEGROUP_CREATE", group)
        return jsonify(render.nodegroup_detail(cluster, group)), 202


@blueprint.delete(ITEM)
def delete_nodegroup(ident: str, ng: str) -> Response:
    """204; default groups are refused (400); allowed after a failed operation."""
    with provider_state() as state:
        cluster, group = _resolve(ident, ng, state)
        if group["is_default"]:
            raise bad_request("Deleting a default nodegroup is not supported.")
        if group["status"] == "DELETE_IN_PROGRESS":
            return no_content()
        if cluster["status"].endswith("_IN_PROGRESS"):
            raise bad_request(f"Cluster {cluster['name']} already has an operation in progress.")
        begin(state, cluster, "NODEGROUP_DELETE", group)
    return no_content()


def _node_action(ident: str, ng: str, start: bool) -> tuple[Response, int]:
    with provider_state() as state:
        cluster, group = _resolve(ident, ng, state)
        require_worker(group, "Starting or stopping nodes")
        wanted = validate_nodegroup.validate_node_list(json_object_body(), group, start)
        require_complete(cluster)
        kind = "NODEGROUP_NODE_ACTION_NODE_START" if start else "NODEGROUP_NODE_ACTION_NODE_STOP"
        begin(state, cluster, kind, group, {"nodes": wanted})
        return accepted(group["uuid"])


@blueprint.post(ITEM + "/stop_node")
def stop_nodes(ident: str, ng: str) -> tuple[Response, int]:
    """Stop the listed ACTIVE nodes (they become SHUTOFF)."""
    return _node_action(ident, ng, start=False)


@blueprint.post(ITEM + "/start_node")
def start_nodes(ident: str, ng: str) -> tuple[Response, int]:
    """Start the listed SHUTOFF nodes (they become ACTIVE)."""
    return _node_action(ident, ng, start=True)


@blueprint.get(ITEM + "/autoscale")
def get_autoscale(ident: str, ng: str) -> Response:
    """The autoscaler settings of a worker group."""
    with provider_state() as state:
        _cluster, group = _resolve(ident, ng, state)
        require_worker(group, "The autoscaler")
        return jsonify(render.autoscaler(group))


@blueprint.post(ITEM + "/autoscale")
def set_autoscale(ident: str, ng: str) -> tuple[Response, int]:
    """Change the autoscaler settings (``ca_enable`` required)."""
    with provider_state() as state:
        cluster, group = _resolve(ident, ng, state)
        require_worker(group, "The autoscaler")
        labels = validate_nodegroup.validate_autoscale(json_object_body(), group)
        require_complete(cluster)
        begin(state, cluster, "NODEGROUP_SET_CLUSTER_AUTOSCALER", group, {"labels": labels})
        return accepted(group["uuid"])


@blueprint.post(ITEM + "/upgrade")
def upgrade(ident: str, ng: str) -> tuple[Response, int]:
    """Upgrade the control plane (``default-master``) or, after it, a worker group."""
    with provider_state() as state:
        cluster, group = _resolve(ident, ng, state)
        version = validate_nodegroup.validate_upgrade(
            json_object_body(), cluster, group, model.worker_groups(cluster)
        )
        require_complete(cluster)
        begin(state, cluster, "NODEGROUP_UPGRADE", group, {"version": version})
        return accepted(group["uuid"])


@blueprint.post(ITEM + "/userscript")
def set_userscript(ident: str, ng: str) -> tuple[Response, int]:
    """Replace the group's user script (``labels.user_script_v2``)."""
    with provider_state() as state:
        cluster, group = _resolve(ident, ng, state)
        require_worker(group, "A user script")
        contents = validate_nodegroup.validate_userscript(json_object_body())
        require_complete(cluster)
        begin(
            state,
            cluster,
            "NODEGROUP_USERSCRIPT_UPDATE",
            group,
            {"labels": {"user_script_v2": contents}},
        )
        return accepted(group["uuid"])


@blueprint.patch(ITEM)
def change_flavor(ident: str, ng: str) -> tuple[Response, int]:
    """Change the instance flavor of a worker group (``type: flavor_id``)."""
    with provider_state() as state:
        cluster, group = _resolve(ident, ng, state)
        require_worker(group, "Changing the flavor")
        flavor = validate_nodegroup.validate_flavor(json_object_body(), group)
        require_complete(cluster)
        begin(state, cluster, "NODEGROUP_UPDATE_FLAVOR", group, {"flavor_id": flavor})
        return accepted(group["uuid"])

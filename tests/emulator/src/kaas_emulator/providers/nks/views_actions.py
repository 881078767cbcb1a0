"""Cluster actions: resize, CNI change, API endpoint IP ACL, service gateway change."""

from __future__ import annotations

from flask import Response, jsonify

from kaas_emulator.core.runtime import now, provider_state, time_scale
from kaas_emulator.core.validation import json_object_body
from kaas_emulator.providers.nks import model, render, validate_cluster, validate_nodegroup
from kaas_emulator.providers.nks.errors import bad_request
from kaas_emulator.providers.nks.views_clusters import accepted, begin
from kaas_emulator.providers.nks.web import blueprint, get_cluster, get_nodegroup, require_complete


@blueprint.post("/v1/clusters/<ident>/actions/resize")
def resize(ident: str) -> tuple[Response, int]:
    """Resize a worker group; ``nodes_to_remove`` picks the nodes a scale-down drops.

    Without it (or with fewer nodes than the scale-down removes) the newest nodes go.
    """
    with provider_state() as state:
        cluster = get_cluster(model.settle(state, now(), time_scale()), ident)
        body = json_object_body()
        target = body.get("nodegroup")
        if not isinstance(target, str) or not target:
            raise bad_request("nodegroup: is required (node group name or UUID)")
        group = get_nodegroup(cluster, target)
        if group["role"] != "worker":
            raise bad_request("Resizing the master nodegroup is not supported by this driver.")
        change = validate_nodegroup.validate_resize(body, group)
        require_complete(cluster)
        begin(state, cluster, "CLUSTER_RESIZE", group, change)
        return accepted(cluster["uuid"])


@blueprint.post("/v1/clusters/<ident>/actions/cni_update")
def cni_update(ident: str) -> tuple[Response, int]:
    """Change the CNI from flannel to calico with a new pod network."""
    with provider_state() as state:
        cluster = get_cluster(model.settle(state, now(), time_scale()), ident)
        counts = [group["node_count"] for group in model.worker_groups(cluster)]
        labels = validate_cluster.validate_cni(json_object_body(), cluster, counts)
        require_complete(cluster)
        begin(state, cluster, "CLUSTER_CNI_UPDATE", None, {"labels": labels})
        return accepted(cluster["uuid"])


@blueprint.post("/v1/clusters/<ident>/api_ep_ipacl")
def set_ipacl(ident: str) -> tuple[Response, int]:
    """Enable (ALLOW/DENY targets) or disable IP access control of the API endpoint."""
    with provider_state() as state:
        cluster = get_cluster(model.settle(state, now(), time_scale()), ident)
        acl = validate_cluster.validate_ipacl(json_object_body())
        require_complete(cluster)
        begin(state, cluster, "CLUSTER_API_EP_IPACL_UPDATE", None, {"ipacl": acl})
        return accepted(cluster["uuid"])


@blueprint.get("/v1/clusters/<ident>/api_ep_ipacl")
def get_ipacl(ident: str) -> Response:
    """The IP access control in force (the previous one while a change runs)."""
    with provider_state() as state:
        cluster = get_cluster(model.settle(state, now(), time_scale()), ident)
        return jsonify(render.ipacl(cluster))


@blueprint.post("/v1/clusters/<ident>/actions/update_sgw")
def update_sgw(ident: str) -> tuple[Response, int]:
    """Replace the NCR and/or OBS service gateway set at creation."""
    with provider_state() as state:
        cluster = get_cluster(model.settle(state, now(), time_scale()), ident)
        labels = validate_cluster.validate_sgw(json_object_body(), cluster)
        require_complete(cluster)
        begin(state, cluster, "CLUSTER_SGW_UPDATE", None, {"labels": labels})
        return accepted(cluster["uuid"])

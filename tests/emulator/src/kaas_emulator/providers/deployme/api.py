"""HTTP views of deployme.cloud ``/v1/clusters`` (its "API Clusters" page), under ``/deployme``."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify, request, url_for

from kaas_emulator.core.errors import ApiError
from kaas_emulator.core.runtime import now, provider_state, take_async_error, time_scale
from kaas_emulator.core.validation import json_object_body, query_int
from kaas_emulator.providers.deployme import model

blueprint = Blueprint("deployme", __name__)

DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100
#: Statuses in which the cluster's API server exists and a kubeconfig can be served.
KUBECONFIG_STATUSES = ("running", "scaling", "upgrading", "error")


def _bad_request(problems: list[str]) -> ApiError:
    return ApiError(400, "; ".join(problems), "bad_request")


def _get(clusters: dict[str, Any], cluster_id: str) -> dict[str, Any]:
    cluster: dict[str, Any] | None = clusters.get(cluster_id)
    if cluster is None:
        raise ApiError(404, f"cluster {cluster_id} not found", "not_found")
    return cluster


@blueprint.get("/v1/clusters")
def list_clusters() -> Response:
    """Paged list, optionally filtered by status, ordered by creation time then id."""
    page = query_int("page", 1)
    per_page = query_int("per_page", DEFAULT_PER_PAGE, maximum=MAX_PER_PAGE)
    status = request.args.get("status") or None
    if status is not None and status not in model.STATUSES:
        raise _bad_request([f"status: must be one of {', '.join(model.STATUSES)}"])
    with provider_state() as state:
        clusters = model.settle(state, now(), time_scale())
        selected = sorted(
            (c for c in clusters.values() if status is None or c["status"] == status),
            key=model.sort_key,
        )
        start = (page - 1) * per_page
        items = [model.render(c) for c in selected[start : start + per_page]]
    return jsonify({"items": items, "total": len(selected), "page": page, "per_page": per_page})


@blueprint.post("/v1/clusters")
def create_cluster() -> tuple[Response, int, dict[str, str]]:
    """Validate, then answer 201 with the cluster in ``provisioning``."""
    body = json_object_body()
    problems = model.validate_create(body)
    if problems:
        raise _bad_request(problems)
    with provider_state() as state:
        clusters = model.settle(state, now(), time_scale())
        cluster = model.build_cluster(body, model.new_id(clusters), now())
        model.start(cluster, "create", "provisioning", now(), take_async_error())
        clusters[cluster["id"]] = cluster
        view = model.render(cluster)
    location = url_for(".get_cluster", cluster_id=view["id"])
    return jsonify(view), 201, {"Location": location}


@blueprint.get("/v1/clusters/<cluster_id>")
def get_cluster(cluster_id: str) -> Response:
    """The full cluster object."""
    with provider_state() as state:
        clusters = model.settle(state, now(), time_scale())
        return jsonify(model.render(_get(clusters, cluster_id)))


@blueprint.patch("/v1/clusters/<cluster_id>")
def update_cluster(cluster_id: str) -> Response:
    """Change ``workers`` and/or ``node_size`` of a running cluster (-> ``scaling``)."""
    with provider_state() as state:
        clusters = model.settle(state, now(), time_scale())
        cluster = _get(clusters, cluster_id)  # 404, then 400, then 409
        body = json_object_body()
        problems = model.validate_patch(body)
        if problems:
            raise _bad_request(problems)
        if cluster["status"] != "running":
            raise ApiError(
                409,
                f"cluster {cluster_id} is {cluster['status']}; it can only be modified "
                "while running",
                "conflict",
            )
        if any(cluster[key] != value for key, value in body.items()):
            cluster.update(body)
            cluster["node_count"] = cluster["control_planes"] + cluster["workers"]
            model.start(cluster, "scale", "scaling", now(), take_async_error())
        return jsonify(model.render(cluster))


@blueprint.delete("/v1/clusters/<cluster_id>")
def delete_cluster(cluster_id: str) -> tuple[str, int]:
    """Start deletion (-> ``deleting``); repeating it while deleting is a no-op 204."""
    with provider_state() as state:
        clusters = model.settle(state, now(), time_scale())
        cluster = _get(clusters, cluster_id)
        if cluster["status"] != "deleting":
            model.start(cluster, "delete", "deleting", now(), take_async_error())
    return "", 204


@blueprint.get("/v1/clusters/<cluster_id>/kubeconfig")
def get_kubeconfig(cluster_id: str) -> Response:
    """Plain-text YAML kubeconfig; 409 until provisioned and while deleting."""
    with provider_state() as state:
        clusters = model.settle(state, now(), time_scale())
        cluster = _get(clusters, cluster_id)
        if cluster["status"] not in KUBECONFIG_STATUSES or not cluster["_provisioned"]:
            raise ApiError(
                409,
                f"cluster {cluster_id} is {cluster['status']}; no kubeconfig is available",
                "conflict",
            )
        text = model.kubeconfig(cluster)
    response = Response(text, status=200, mimetype="text/plain")
    response.headers["Content-Disposition"] = 'attachment; filename="kubeconfig.yaml"'
    return response

"""Cluster views: list, get, create, delete, kubeconfig, events, supports, certificates."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from flask import Response, jsonify

from kaas_emulator.core.errors import ApiError
from kaas_emulator.core.runtime import now, provider_state, take_async_error, time_scale
from kaas_emulator.core.validation import json_object_body
from kaas_emulator.providers.nks import catalog, kubeconfig, model, render, validate_cluster
from kaas_emulator.providers.nks.errors import no_content
from kaas_emulator.providers.nks.paging import paginate
from kaas_emulator.providers.nks.web import blueprint, get_cluster, require_complete


def accepted(resource_uuid: str) -> tuple[Response, int]:
    """Magnum's answer to an accepted asynchronous action: 202 ``{"uuid"}``."""
    return jsonify({"uuid": resource_uuid}), 202


def begin(
    state: dict[str, Any],
    cluster: dict[str, Any],
    kind: str,
    target: dict[str, Any] | None = None,
    change: dict[str, Any] | None = None,
) -> None:
    """Start operation ``kind``, planned to fail if an ``async_error`` fault matched."""
    model.start(state, cluster, kind, target, change or {}, now(), take_async_error())


def _list(path: str, view: Callable[[dict[str, Any]], dict[str, Any]]) -> Response:
    with provider_state() as state:
        clusters = model.settle(state, now(), time_scale())
        page, next_url = paginate(
            clusters.values(),
            lambda c: c["_seq"],
            render.CLUSTER_SORT_KEYS,
            render.base_url() + path,
        )
        body: dict[str, Any] = {"clusters": [view(c) for c in page]}
    if next_url:
        body["next"] = next_url
    return jsonify(body)


@blueprint.get("/v1/clusters")
def list_clusters() -> Response:
    """Clusters, Magnum-paged."""
    return _list("/v1/clusters", render.cluster_summary)


@blueprint.get("/v1/clusters/detail")
def list_clusters_detail() -> Response:
    """Magnum's detailed list (``magnumclient clusters.list(detail=True)``): full clusters.

    As in Magnum, this path wins over a cluster named ``detail``; that one is still
    reachable by its uuid.
    """
    return _list("/v1/clusters/detail", render.cluster_detail)


@blueprint.get("/v1/clusters/<ident>")
def get_cluster_view(ident: str) -> Response:
    """One cluster by uuid or name."""
    with provider_state() as state:
        clusters = model.settle(state, now(), time_scale())
        return jsonify(render.cluster_detail(get_cluster(clusters, ident)))


@blueprint.post("/v1/clusters")
def create_cluster() -> tuple[Response, int]:
    """Validate, then 202 ``{"uuid"}`` with the cluster ``CREATE_IN_PROGRESS``."""
    spec = validate_cluster.validate_create(json_object_body())
    with provider_state() as state:
        clusters = model.settle(state, now(), time_scale())
        cluster: dict[str, Any] = {
            "uuid": str(uuid.uuid4()),
            "name": spec["name"],
            "status": "CREATE_IN_PROGRESS",
            "status_reason": None,
            "cluster_template_id": validate_cluster.TEMPLATE_ID,
            "create_timeout": spec["create_timeout"],
            "keypair": spec["keypair"],
            "fixed_network": spec["fixed_network"],
            "fixed_subnet": spec["fixed_subnet"],
            "labels": spec["labels"],
            "stack_id": str(uuid.uuid4()),
            "created_at": model.stamp(now()),
            "updated_at": None,
            "nodegroups": {},
            "events": [],
            "ipacl": {"enable": False},
            "_seq": model.next_id(state, "cluster"),
            "_provisioned": False,
            "_credentials": kubeconfig.new_credentials(),
        }
        clusters[cluster["uuid"]] = cluster
        master = {
            "flavor_id": spec["flavor_id"],
            "image_id": spec["labels"]["node_image"],
            "node_count": 3,
        }
        master["labels"] = {"kube_tag": spec["labels"]["kube_tag"]}
        model.new_nodegroup(state, cluster, catalog.DEFAULT_MASTER, "master", master, now())
        worker = {
            "flavor_id": spec["flavor_id"],
            "image_id": spec["labels"]["node_image"],
            "node_count": spec["node_count"],
            "labels": spec["worker_labels"],
        }
        model.new_nodegroup(state, cluster, catalog.DEFAULT_WORKER, "worker", worker, now())
        begin(state, cluster, "CLUSTER_CREATE")
    return accepted(cluster["uuid"])


@blueprint.delete("/v1/clusters/<ident>")
def delete_cluster(ident: str) -> Response:
    """204 and ``DELETE_IN_PROGRESS``; repeating it while deleting changes nothing."""
    with provider_state() as state:
        clusters = model.settle(state, now(), time_scale())
        cluster = get_cluster(clusters, ident)
        if cluster["status"] != "DELETE_IN_PROGRESS":
            begin(state, cluster, "CLUSTER_DELETE")
    return no_content()


@blueprint.get("/v1/clusters/<ident>/config")
def get_config(ident: str) -> Response:
    """``{"config": <kubeconfig YAML>}``; 409 until the API endpoint exists."""
    with provider_state() as state:
        cluster = get_cluster(model.settle(state, now(), time_scale()), ident)
        if not cluster["_provisioned"]:
            raise ApiError(409, "Cluster API address is not available yet", "conflict")
        return jsonify(
            {"config": kubeconfig.render(cluster, render.cluster_detail(cluster)["api_address"])}
        )


@blueprint.get("/v1/clusters/<cluster_uuid>/events")
def list_events(cluster_uuid: str) -> Response:
    """Task history of a cluster (by UUID only, as the API guide says), Magnum-paged."""
    with provider_state() as state:
        cluster = get_cluster(model.settle(state, now(), time_scale()), cluster_uuid, by_name=False)
        url = f"{render.base_url()}/v1/clusters/{cluster['uuid']}/events"
        page, next_url = paginate(cluster["events"], lambda e: e["id"], render.EVENT_SORT_KEYS, url)
        body: dict[str, Any] = {"events": [render.event(e) for e in page]}
    if next_url:
        body["next"] = next_url
    return jsonify(body)


@blueprint.get("/v1/clusters/<cluster_uuid>/events/<event_uuid>")
def get_event(cluster_uuid: str, event_uuid: str) -> Response:
    """One task of a cluster's history."""
    with provider_state() as state:
        cluster = get_cluster(model.settle(state, now(), time_scale()), cluster_uuid, by_name=False)
        for event in cluster["events"]:
            if event["uuid"] == event_uuid:
                return jsonify(render.event(event))
    raise ApiError(404, f"Event {event_uuid} could not be found.", "not_found")


@blueprint.get("/v1/supports")
def supports() -> Response:
    """Supported Kubernetes versions and task types."""
    return jsonify(
        {
            "supported_k8s": catalog.SUPPORTED_K8S,
            "supported_event_type": {
                "cluster_events": catalog.CLUSTER_EVENTS,
                "nodegroup_events": catalog.NODEGROUP_EVENTS,
            },
        }
    )


@blueprint.patch("/v1/certificates/<ident>")
def renew_certificate(ident: str) -> tuple[Response, int]:
    """Certificate renewal for ``term_of_validity`` years (1..5)."""
    with provider_state() as state:
        cluster = get_cluster(model.settle(state, now(), time_scale()), ident)
        years = validate_cluster.validate_certificate(json_object_body())
        require_complete(cluster)
        begin(state, cluster, "CLUSTER_CERTIFICATE_RENEW", None, {"term_of_validity": years})
        return accepted(cluster["uuid"])

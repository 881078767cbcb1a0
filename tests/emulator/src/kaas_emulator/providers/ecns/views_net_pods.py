"""Pods (ECNS API reference, 1.16 容器组): list, detail with conditions and events, delete
(graceful or forced).

Pods come from the workloads' rollouts (:func:`model_net.pods`). Deleting one makes
its controller replace it: a graceful delete leaves it ``Terminating`` for the grace
period, ``force`` removes it at once; the replacement starts ``Pending``.
"""

from __future__ import annotations

import copy
from typing import Any

from flask import Response, jsonify, request

from kaas_emulator.core.errors import ApiError
from kaas_emulator.core.runtime import now, provider_state, time_scale
from kaas_emulator.core.validation import json_object_body
from kaas_emulator.providers.ecns import model, model_net, render
from kaas_emulator.providers.ecns.errors import bad_request
from kaas_emulator.providers.ecns.web import API, blueprint, scope

PODS = f"{API}/pods"


def find_pod(state: dict[str, Any], product_type: str, name: str) -> dict[str, Any]:
    """The pod of the session's namespace named ``name``, or 404."""
    where = scope(state, product_type)
    listed = model_net.pods(state, where.cluster, where.namespace, now(), time_scale())
    # A StatefulSet pod may be listed twice for a moment (old Terminating, new Pending):
    # the live one is the one a client means.
    matches = sorted(
        (p for p in listed if p["name"] == name), key=lambda p: p["status"] == "Terminating"
    )
    if not matches:
        raise ApiError(404, f'pod "{name}" not found in namespace "{where.namespace}"')
    return matches[0]


@blueprint.get(f"{PODS}/", strict_slashes=False)
def list_pods(product_type: str) -> Response:
    """The session namespace's pods."""
    with provider_state() as state:
        where = scope(state, product_type)
        listed = model_net.pods(state, where.cluster, where.namespace, now(), time_scale())
    return jsonify({"pods": [model_net.public_pod(p) for p in listed]})


def _conditions(status: str, stamp: str) -> list[dict[str, Any]]:
    ready = "True" if status == "Running" else "False"
    return [
        {"type": kind, "status": value, "update_time": stamp}
        for kind, value in (
            ("PodScheduled", "True"),
            ("Initialized", "True"),
            ("ContainersReady", ready),
            ("Ready", ready),
        )
    ]


def _events(pod: dict[str, Any], namespace: str) -> list[dict[str, Any]]:
    """Kubernetes-style events of the pod, newest first."""
    stamp = pod["creation_time"]
    found = [
        ("Scheduled", f"Successfully assigned {namespace}/{pod['name']} to {pod['_node']}"),
        ("Pulled", f"Container image {', '.join(pod['images'])} already present on machine"),
    ]
    if pod["status"] in ("Running", "Terminating"):
        found += [("Created", "Created container"), ("Started", "Started container")]
    if pod["status"] == "Terminating":
        found.append(("Killing", "Stopping container"))
    return [
        {"type": "Normal", "reason": reason, "message": message, "update_time": stamp}
        for reason, message in reversed(found)
    ]


@blueprint.get(f"{PODS}/pod/<name>/", strict_slashes=False)
def pod_detail(product_type: str, name: str) -> Response:
    """容器组详情: the pod, its conditions and events."""
    with provider_state() as state:
        pod = find_pod(state, product_type, name)
        record = pod["_workload"]
        ready = model.ready_replicas(record, now(), time_scale())
        view = {
            "name": pod["name"],
            "containers": render.containers(record, ready if pod["status"] == "Running" else 0),
            "restart_policy": "Always",
            "labels": copy.deepcopy(pod["labels"]),
            "pod_status": model_net.public_pod(pod),
        }
        return jsonify(
            {
                "pod": view,
                "conditions": _conditions(pod["status"], pod["creation_time"]),
                "events": _events(pod, record["namespace"]),
            }
        )


def _force(body: dict[str, Any]) -> bool:
    """``force`` from the query (the API reference's URI) or the body; ``true`` forces."""
    raw = request.args.get("force", body.get("force"))
    if raw is None:
        return False
    text = str(raw).lower()
    if text not in ("true", "false"):
        raise bad_request(f"force: must be true or false, got {raw!r}")
    return text == "true"


@blueprint.delete(f"{PODS}/", strict_slashes=False)
def delete_pod(product_type: str) -> Response:
    """Delete the pod of the body (``{"pod": {"name": ...}}``); its workload replaces it."""
    body = json_object_body()
    pod_ref = body.get("pod")
    name = pod_ref.get("name") if isinstance(pod_ref, dict) else pod_ref
    if not isinstance(name, str) or not name:
        raise bad_request('pod: is required, as {"name": "<pod name>"}')
    force = _force(body)
    with provider_state() as state:
        pod = find_pod(state, product_type, name)
        model_net.replace_pod(state, pod, force, now())
    return jsonify({})

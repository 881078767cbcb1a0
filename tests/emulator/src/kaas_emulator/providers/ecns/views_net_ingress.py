"""Ingress (ECNS API reference, 1.18 路由): list, create, update, delete, and the access URIs.

Every router must send its traffic to a service of the namespace, on one of that
service's ports, and a host + path may be routed by one ingress of the cluster only
(what the NGINX ingress controller's admission check refuses).
"""

from __future__ import annotations

import copy
from typing import Any

from flask import Response, jsonify, request

from kaas_emulator.core.errors import ApiError
from kaas_emulator.core.runtime import now, provider_state, time_scale
from kaas_emulator.core.validation import json_object_body
from kaas_emulator.providers.ecns import catalog, checks, checks_net, model_net
from kaas_emulator.providers.ecns.errors import bad_request
from kaas_emulator.providers.ecns.web import API, Scope, blueprint, scope

INGRESS = f"{API}/ingress"


def _body() -> dict[str, Any]:
    body = json_object_body()
    problems: checks.Problems = []
    block = checks_net.ingress(problems, body.get("ingress"))
    if problems:
        raise bad_request(problems)
    return block


def _service_ports(state: dict[str, Any], where: Scope) -> dict[str, set[int] | None]:
    """Service name -> its ports (None for an ExternalName, which has no port to check)."""
    records = model_net.in_scope(model_net.services(state, now(), time_scale()), where)
    views = [model_net.service_view(r) for r in records]
    views += model_net.workload_services(
        model_net.workload_records(state, now(), time_scale()), where
    )
    ports: dict[str, set[int] | None] = {}
    for view in views:
        mode = view["access_mode"]
        ports[mode["name"]] = (
            None
            if mode["type"] == "ExternalName"
            else {p.get("port") for p in mode.get("access") or []}
        )
    return ports


def _check_routes(
    state: dict[str, Any], where: Scope, block: dict[str, Any], replacing: str | None
) -> None:
    services = _service_ports(state, where)
    problems: checks.Problems = []
    for index, router in enumerate(block["routers"]):
        target, port = router["target_service"], router["service_port"]
        if target not in services:
            problems.append(
                f"ingress.routers[{index}].target_service: no service {target!r} in namespace "
                f"{where.namespace!r}"
            )
        elif services[target] is not None and port not in services[target]:
            problems.append(
                f"ingress.routers[{index}].service_port: service {target!r} has no port {port} "
                f"(ports: {', '.join(str(p) for p in sorted(services[target] or ()))})"
            )
    if problems:
        raise bad_request(problems)
    routed = {
        (r.get("domain") or "", r.get("path") or "/"): (record["namespace"], record["name"])
        for key, record in model_net.ingresses(state).items()
        if key.startswith(f"{where.cluster}/")
        and (record["namespace"], record["name"]) != (where.namespace, replacing)
        for r in record["spec"]["routers"]
    }
    for router in block["routers"]:
        owner = routed.get((router.get("domain") or "", router.get("path") or "/"))
        if owner is not None:
            raise ApiError(
                409,
                f"host {router.get('domain') or '*'!r} path {router.get('path') or '/'!r} is "
                f"already routed by ingress {owner[0]}/{owner[1]}",
            )


def _spec(block: dict[str, Any]) -> dict[str, Any]:
    return {
        "routers": copy.deepcopy(block["routers"]),
        "annotations": copy.deepcopy(block.get("annotations") or {}),
        "labels": copy.deepcopy(block.get("labels") or {}),
    }


@blueprint.get(f"{INGRESS}/", strict_slashes=False)
def list_ingresses(product_type: str) -> Response:
    """The namespace's ingresses, optionally those matching ``app_selector``."""
    selector = request.args.get("app_selector")
    with provider_state() as state:
        where = scope(state, product_type)
        records = model_net.in_scope(model_net.ingresses(state), where)
        views = [model_net.ingress_view(r) for r in records]
    return jsonify(
        {"ingresses": [v for v in views if model_net.matches_selector(v["labels"], selector)]}
    )


@blueprint.post(f"{INGRESS}/", strict_slashes=False)
def create_ingress(product_type: str) -> Response:
    """Create an ingress."""
    block = _body()
    with provider_state() as state:
        where = scope(state, product_type)
        ingresses = model_net.ingresses(state)
        key = model_net.net_key(where, block["name"])
        if key in ingresses:
            raise ApiError(
                409, f'ingress "{block["name"]}" already exists in namespace "{where.namespace}"'
            )
        _check_routes(state, where, block, None)
        record = {
            "name": block["name"],
            "cluster": where.cluster,
            "namespace": where.namespace,
            "seq": model_net.next_sequence(state),
            "created_at": now(),
            "spec": _spec(block),
        }
        ingresses[key] = record
        return jsonify({"ingress": model_net.ingress_view(record)})


@blueprint.patch(f"{INGRESS}/", strict_slashes=False)
def update_ingress(product_type: str) -> Response:
    """Replace the routers, annotations and labels of the ingress named in the body."""
    block = _body()
    with provider_state() as state:
        where = scope(state, product_type)
        record = model_net.ingresses(state).get(model_net.net_key(where, block["name"]))
        if record is None:
            raise ApiError(
                404, f'ingress "{block["name"]}" not found in namespace "{where.namespace}"'
            )
        _check_routes(state, where, block, block["name"])
        record["spec"] = _spec(block)
        return jsonify({"ingress": model_net.ingress_view(record)})


@blueprint.delete(f"{INGRESS}/", strict_slashes=False)
def delete_ingresses(product_type: str) -> Response:
    """Delete ingresses by name (``{"ingress": [names]}``); all or none."""
    body = json_object_body()
    problems: checks.Problems = []
    names = checks.items(problems, "ingress", body.get("ingress"), str)
    if not names and not problems:
        problems.append("ingress: at least one ingress name is required")
    if problems:
        raise bad_request(problems)
    with provider_state() as state:
        where = scope(state, product_type)
        ingresses = model_net.ingresses(state)
        for name in names:
            if model_net.net_key(where, name) not in ingresses:
                raise ApiError(404, f'ingress "{name}" not found in namespace "{where.namespace}"')
        for name in names:
            del ingresses[model_net.net_key(where, name)]
    return jsonify({"ingress": names})


@blueprint.get(f"{API}/access/", strict_slashes=False)
def access_uris(product_type: str) -> Response:
    """路由access: the URI of every router of the namespace's ingresses (a bare list).

    A router without a domain answers on the cluster's ingress address (its first
    master's external IP).
    """
    with provider_state() as state:
        where = scope(state, product_type)
        records = model_net.in_scope(model_net.ingresses(state), where)
    master = next(n for n in catalog.CLUSTERS[where.cluster]["nodes"] if n["_master"])
    address = next(a["address"] for a in master["addresses"] if a["type"] == "ExternalIP")
    uris = [
        f"http://{router.get('domain') or address}{router.get('path') or '/'}"
        for record in records
        for router in record["spec"]["routers"]
    ]
    return jsonify(uris)

"""Exclusive load-balancer look-ups, served for the ``eks`` product only.

ECNS API reference, 1.23 独享型负载均衡 (exclusive load balancers).

The three list look-ups answer bare JSON lists: the API reference lists the item fields with
no wrapping key (unlike, say, ``services``), as the OpenStack proxy it fronts does.
"""

from __future__ import annotations

from flask import Response, jsonify, request

from kaas_emulator.core.errors import ApiError
from kaas_emulator.core.runtime import now, provider_state, time_scale
from kaas_emulator.providers.ecns import catalog_net, model_net
from kaas_emulator.providers.ecns.errors import bad_request
from kaas_emulator.providers.ecns.web import API, blueprint, scope

LB_API = f"{API}/ecns/kubernetes"


def _check_product(product_type: str) -> None:
    if product_type not in catalog_net.LB_PRODUCT_TYPES:
        raise ApiError(
            404, f"exclusive load balancers are served for product eks, not {product_type!r}"
        )


def _flag(name: str) -> bool | None:
    """A ``true``/``false`` query flag; None when absent, 400 when neither."""
    raw = request.args.get(name)
    if raw is None or raw == "":
        return None
    if raw.lower() not in ("true", "false"):
        raise bad_request(f"{name}: must be true or false, got {raw!r}")
    return raw.lower() == "true"


@blueprint.get(f"{LB_API}/server/availabilityzones/", strict_slashes=False)
def availability_zones(product_type: str) -> Response:
    """可用区: the compute availability zones and whether each is available."""
    _check_product(product_type)
    return jsonify(catalog_net.AVAILABILITY_ZONES)


@blueprint.get(f"{LB_API}/server/flavors/", strict_slashes=False)
def flavors(product_type: str) -> Response:
    """规格: the Nova flavors an amphora may use."""
    _check_product(product_type)
    return jsonify(catalog_net.LB_FLAVORS)


@blueprint.get(f"{LB_API}/network/subnets/", strict_slashes=False)
def subnets(product_type: str) -> Response:
    """子网, filtered by ``is_router_external``, ``is_connect_router`` and ``all_projects``.

    Without ``all_projects=true`` only the caller's project's subnets are listed.
    """
    _check_product(product_type)
    external, connected, every = (
        _flag("is_router_external"),
        _flag("is_connect_router"),
        _flag("all_projects"),
    )
    listed = [
        catalog_net.public(s)
        for s in catalog_net.SUBNETS
        if (external is None or s["_router_external"] == external)
        and (connected is None or s["_connect_router"] == connected)
        and (every or s["project_id"] == "demo")
    ]
    return jsonify(listed)


@blueprint.get(f"{LB_API}/lbaas/flavorprofile_replicas_limit/", strict_slashes=False)
def replicas_limit(product_type: str) -> Response:
    """多活副本数限制 (the API reference spells the key ``REPLCAS_LIMIT``)."""
    _check_product(product_type)
    return jsonify({"REPLCAS_LIMIT": catalog_net.REPLICAS_LIMIT})


@blueprint.get(f"{LB_API}/lb/type/", strict_slashes=False)
def lb_type(product_type: str) -> Response:
    """octavia状态: whether Octavia serves the session's cluster."""
    _check_product(product_type)
    with provider_state() as state:
        where = scope(state, product_type)
    return jsonify({"octavia": {"is_installed": catalog_net.octavia_installed(where.cluster)}})


@blueprint.get(f"{LB_API}/lb/license_usage/", strict_slashes=False)
def license_usage(product_type: str) -> Response:
    """license配额: the project's exclusive load balancers against the license."""
    _check_product(product_type)
    with provider_state() as state:
        usage = model_net.license_usage(model_net.services(state, now(), time_scale()))
    return jsonify(usage)

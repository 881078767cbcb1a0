"""The NKS blueprint, API-version negotiation and the lookups/guards views share.

Magnum negotiates ``OpenStack-API-Version: container-infra <major.minor|latest>`` on
every API request: a missing header means the minimum version, a malformed one or a
version outside the supported range is a 406. The emulator validates the header the
same way but serves every endpoint at every version (no per-endpoint gating).
"""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, Response, g, request

from kaas_emulator.core.errors import ApiError
from kaas_emulator.providers.nks import catalog, model
from kaas_emulator.providers.nks.errors import (
    IDENTITY_PREFIX,
    bad_request,
    cluster_not_found,
    nodegroup_not_found,
)

blueprint = Blueprint("nks", __name__)

VERSION_HEADER = "OpenStack-API-Version"
SERVICE = "container-infra"
_VERSION = re.compile(r"^(\d+)\.(\d+)$")


def _short(version: tuple[int, int]) -> str:
    return f"{version[0]}.{version[1]}"


def _fmt(version: tuple[int, int]) -> str:
    return f"{SERVICE} {_short(version)}"


def negotiate(header: str | None) -> tuple[int, int]:
    """The requested API version; ApiError 406 when malformed or unsupported."""
    if header is None or not header.strip():
        return catalog.API_MIN_VERSION
    service, _, value = header.strip().partition(" ")
    value = value.strip()
    if service.lower() != SERVICE or not value:
        raise ApiError(406, f"Invalid service type for {VERSION_HEADER} header", "not_acceptable")
    if value.lower() == "latest":
        return catalog.API_MAX_VERSION
    match = _VERSION.match(value)
    if match is None:
        raise ApiError(406, f"Invalid value for {VERSION_HEADER} header", "not_acceptable")
    version = (int(match[1]), int(match[2]))
    if not catalog.API_MIN_VERSION <= version <= catalog.API_MAX_VERSION:
        raise ApiError(
            406,
            f"Version {value} was requested but is not supported by this service. The "
            f"supported version range is: [{_short(catalog.API_MIN_VERSION)}, "
            f"{_short(catalog.API_MAX_VERSION)}].",
            "not_acceptable",
        )
    return version


@blueprint.before_request
def _check_version() -> None:
    """Negotiate the microversion of API requests (identity requests have none)."""
    if request.path.startswith(IDENTITY_PREFIX):
        return
    g.nks_version = negotiate(request.headers.get(VERSION_HEADER))


@blueprint.after_request
def _version_headers(response: Response) -> Response:
    """Magnum's microversion response headers."""
    if not request.path.startswith(IDENTITY_PREFIX):
        version = g.get("nks_version") or catalog.API_MAX_VERSION
        response.headers["OpenStack-API-Minimum-Version"] = _fmt(catalog.API_MIN_VERSION)
        response.headers["OpenStack-API-Maximum-Version"] = _fmt(catalog.API_MAX_VERSION)
        response.headers[VERSION_HEADER] = _fmt(version)
        response.headers["Vary"] = VERSION_HEADER
    return response


def get_cluster(clusters: dict[str, Any], ident: str, by_name: bool = True) -> dict[str, Any]:
    """Cluster by uuid or name: Magnum's 404, or 409 when several clusters share the name."""
    found = model.find_clusters(clusters, ident, by_name)
    if not found:
        raise cluster_not_found(ident)
    if len(found) > 1:
        raise ApiError(
            409,
            "Multiple clusters exist with same name. Please use the cluster uuid instead.",
            "conflict",
        )
    return found[0]


def get_nodegroup(cluster: dict[str, Any], ident: str) -> dict[str, Any]:
    """Node group by uuid or name, else Magnum's 404."""
    group = model.find_nodegroup(cluster, ident)
    if group is None:
        raise nodegroup_not_found(ident)
    return group


def require_complete(cluster: dict[str, Any]) -> None:
    """Magnum refuses updates unless the cluster is ``*_COMPLETE`` (400, like Magnum)."""
    status = cluster["status"]
    if status.endswith("_IN_PROGRESS"):
        raise bad_request(f"Cluster {cluster['name']} already has an operation in progress.")
    if not status.endswith("_COMPLETE"):
        raise bad_request(f'Updating a cluster when status is "{status}" is not supported.')


def require_worker(group: dict[str, Any], operation: str) -> None:
    """Operations that only make sense on worker groups refuse ``default-master`` (400)."""
    if group["role"] != "worker":
        raise bad_request(f"{operation} is not supported on the {group['name']} node group.")

"""The NKS blueprint, API-version negotiation and the lookups/guards views share.

Magnum negotiates ``OpenStack-API-Version: container-infra <major.minor|latest>`` on
every API request: a missing header means the minimum version, a malformed one or a
version outside the supported range is a 406. The emulator validates the header the
same way but serves every endpoint at every version (no per-endpoint gating).

Magnum's URL routing (pecan) takes a collection or a resource with or without a
trailing slash (``/v1/clusters/`` is ``/v1/clusters``), and magnumclient sends both
spellings, so every NKS route is registered with ``strict_slashes=False``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from flask import Blueprint, Response, g, request

from kaas_emulator.core.errors import ApiError
from kaas_emulator.providers.nks import catalog, model
from kaas_emulator.providers.nks.errors import (
    bad_request,
    cluster_not_found,
    is_identity,
    nodegroup_not_found,
    request_id,
)


class MagnumBlueprint(Blueprint):
    """A blueprint whose routes match with or without a trailing slash, like Magnum's."""

    def add_url_rule(
        self,
        rule: str,
        endpoint: str | None = None,
        view_func: Callable[..., Any] | None = None,
        provide_automatic_options: bool | None = None,
        **options: Any,
    ) -> None:
        """Register ``rule`` with ``strict_slashes=False`` unless told otherwise."""
        options.setdefault("strict_slashes", False)
        super().add_url_rule(rule, endpoint, view_func, provide_automatic_options, **options)


blueprint = MagnumBlueprint("nks", __name__)
#: Paths of the API that answer without a token and without version negotiation: the
#: identity service and Magnum's root version document (``/v1`` negotiates).
UNVERSIONED_PATHS = ("/nks", "/nks/")

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


def _negotiates(path: str) -> bool:
    return not is_identity(path) and path not in UNVERSIONED_PATHS


@blueprint.before_request
def _check_version() -> None:
    """Give the request its OpenStack id; negotiate the microversion of API requests."""
    request_id()
    if _negotiates(request.path):
        g.nks_version = negotiate(request.headers.get(VERSION_HEADER))


@blueprint.after_request
def _version_headers(response: Response) -> Response:
    """Magnum's microversion response headers."""
    if _negotiates(request.path):
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

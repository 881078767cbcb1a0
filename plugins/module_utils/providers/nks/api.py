# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""NHN Cloud NKS API access: regional endpoints, Keystone v2 tokens, Magnum errors, paths and paging.

Every NKS resource (cluster, node group, autoscaler, IP access control) goes
through this client; the resources themselves are one file each beside it.
"""

from __future__ import annotations

from typing import Any, ClassVar

from ansible_collections.kaas.cloud.plugins.module_utils.auth import Authenticator, KeystoneV2Password, StaticToken
from ansible_collections.kaas.cloud.plugins.module_utils.errors import ApiError, ValidationError
from ansible_collections.kaas.cloud.plugins.module_utils.providers.connection import Connection, ProviderApi
from ansible_collections.kaas.cloud.plugins.module_utils.providers.nks import rules
from ansible_collections.kaas.cloud.plugins.module_utils.providers.paging import (
    Page,
    every_page,
    marker_from_link,
    unique_by_name,
)
from ansible_collections.kaas.cloud.plugins.module_utils.transport import default_error_parser, fill_path

REGIONS = {
    "kr1": "https://kr1-api-kubernetes-infrastructure.nhncloudservice.com",
    "kr2": "https://kr2-api-kubernetes-infrastructure.nhncloudservice.com",
}
DEFAULT_REGION = "kr1"
IDENTITY_URL = "https://api-identity-infrastructure.nhncloudservice.com/v2.0"
PAGE_SIZE = 100
CLUSTERS = "/v1/clusters"
CLUSTER_PATH = CLUSTERS + "/{cluster}"
GROUPS_PATH = CLUSTER_PATH + "/nodegroups"
GROUP_PATH = GROUPS_PATH + "/{nodegroup}"


def error_parser(response: Any) -> tuple[str, str | None, str | None]:
    """Magnum answers ``{"errors": [{"request_id", "code", "status", "title", "detail"}]}``.

    Keystone answers ``{"error": {"message", "code", "title"}}``; anything else is
    left to the default parser.
    """
    header_id = response.headers.get("X-Openstack-Request-Id") or response.headers.get("X-Request-Id")
    try:
        body = response.json()
    except ValueError:
        return default_error_parser(response)
    if isinstance(body, dict) and isinstance(body.get("errors"), list) and body["errors"]:
        errors = [e for e in body["errors"] if isinstance(e, dict)]
        texts = [str(e.get("detail") or e.get("title") or e.get("code") or e) for e in errors]
        first = errors[0] if errors else {}
        return ("; ".join(texts) or "no message", first.get("request_id") or header_id, first.get("code"))
    if isinstance(body, dict) and isinstance(body.get("error"), dict):
        error = body["error"]
        message = error.get("message") or error.get("title") or str(error)
        return (str(message), header_id, str(error.get("code")) if error.get("code") else None)
    return default_error_parser(response)


def cluster_path(ident: Any, rest: str = "") -> str:
    """``/v1/clusters/<ident><rest>``: ``ident`` (a uuid or a name) is one encoded segment, ``rest`` fixed."""
    return fill_path(CLUSTER_PATH + rest, cluster=ident)


def group_path(cluster: Any, group: Any, rest: str = "") -> str:
    """``/v1/clusters/<cluster>/nodegroups/<group><rest>``, each identifier one encoded segment."""
    return fill_path(GROUP_PATH + rest, cluster=cluster, nodegroup=group)


def groups_path(cluster: Any) -> str:
    """``/v1/clusters/<cluster>/nodegroups``: the list of a cluster's node groups."""
    return fill_path(GROUPS_PATH, cluster=cluster)


def magnum_page(transport: Any, path: str, key: str, marker: str | None = None, *, limit: int | None = None) -> Page:
    """One page of a Magnum list (clusters, node groups, events): ``limit``/``marker`` paging.

    Only the marker is taken from the ``next`` link, never its host: a proxy or
    an emulator may answer with an address the client cannot use.
    """
    params: dict[str, Any] = {"limit": limit or PAGE_SIZE, **({"marker": marker} if marker else {})}
    body = transport.request("GET", path, params=params) or {}
    items = body.get(key) or []
    if not body.get("next") or not items:
        return Page(items)
    return Page(items, marker_from_link(body["next"]) or items[-1].get("uuid"))


def list_pages(transport: Any, path: str, key: str) -> list[dict[str, Any]]:
    """Every item of a Magnum list, page after page."""
    return every_page(lambda marker: magnum_page(transport, path, key, marker), what=path)


class NksApi(ProviderApi):
    name = "nks"
    error_parser = staticmethod(error_parser)
    default_headers: ClassVar[dict[str, str]] = {
        "OpenStack-API-Version": "container-infra latest",
        "Accept": "application/json",
    }

    def __init__(self, connection: Connection, **transport_options: Any) -> None:
        super().__init__(connection, **transport_options)
        self._supported: dict[str, bool] | None = None

    @classmethod
    def base_url(cls, connection: Connection) -> str | None:
        if connection.api_url:
            return connection.api_url
        region = connection.region or DEFAULT_REGION
        if region not in REGIONS:
            raise ValidationError(
                f"NKS region {region!r} is unknown; choose {' or '.join(REGIONS)}, or give api_url for another endpoint"
            )
        return REGIONS[region]

    def check_cluster_reference(self, value: str) -> None:
        rules.check_cluster_reference(value)

    def authenticator(self, auth: dict[str, Any]) -> Authenticator:
        if auth.get("token"):
            return StaticToken(auth["token"], header="X-Auth-Token", scheme=None)
        missing = [key for key in ("username", "password", "project_id") if not auth.get(key)]
        if missing:
            raise ValidationError(
                "provider nks needs auth.token (a pre-issued token), or auth.username, auth.password and "
                f"auth.project_id to obtain one; missing: auth.{', auth.'.join(missing)} (set them in the task, "
                "in module_defaults, or with KAAS_AUTH_TOKEN / KAAS_AUTH_USERNAME, KAAS_AUTH_PASSWORD, "
                "KAAS_AUTH_PROJECT_ID)"
            )
        return KeystoneV2Password(
            auth.get("auth_url") or IDENTITY_URL, auth["project_id"], auth["username"], auth["password"]
        )

    def get_cluster(self, ident: str) -> dict[str, Any] | None:
        """``GET /v1/clusters/{ident}`` (a uuid or a name); ``None`` when NKS answers 404."""
        try:
            return self.transport.request("GET", cluster_path(ident))
        except ApiError as error:
            if error.not_found:
                return None
            raise

    def list_clusters(self) -> list[dict[str, Any]]:
        """Every cluster's summary, page after page (the list leaves out the endpoint and the networks)."""
        return list_pages(self.transport, CLUSTERS, "clusters")

    def find_cluster(self, ident: str, *, uuid_allowed: bool) -> dict[str, Any] | None:
        """The one cluster ``ident`` names, ``None`` if none; an error names every cluster sharing the name.

        NKS reads a cluster by name as by uuid and answers 409 when several share the
        name (Magnum's rule, which ``openstack coe cluster show`` relies on), so one read
        usually does. The list decides where that read cannot be trusted alone: a 409
        (to name the clusters), an answer of another name (a database that compares
        names without case), and a uuid-shaped name where ``ident`` may only be a name
        (``uuid_allowed=False``: NKS would read it as a uuid).
        """
        uuid_shaped = bool(rules.UUID_PATTERN.match(ident))
        if uuid_allowed or not uuid_shaped:
            try:
                cluster = self.get_cluster(ident)
            except ApiError as error:
                if error.status != 409:
                    raise
            else:
                if cluster is None or uuid_shaped or cluster.get("name") == ident:
                    return cluster
        summary = unique_by_name(self.list_clusters(), ident, provider="nks", resource="cluster", id_key="uuid")
        # The list leaves out the endpoint and the networks; the cluster itself has them.
        return self.get_cluster(summary["uuid"]) if summary else None

    def supported_versions(self) -> dict[str, bool]:
        """``GET /v1/supports`` once per run: version -> whether new clusters and upgrades may use it."""
        if self._supported is None:
            body = self.transport.request("GET", "/v1/supports") or {}
            listed = body.get("supported_k8s") or {}
            self._supported = {rules.to_version(k): rules.to_bool(v) is True for k, v in listed.items()}
        return self._supported

    def require_supported(self, version: str, label: str) -> None:
        """Refuse a version that ``GET /v1/supports`` does not mark usable, naming the usable ones."""
        supported = self.supported_versions()
        if supported.get(version):
            return
        usable = sorted((v for v, ok in supported.items() if ok), key=rules.version_key)
        state = "no longer supported" if version in supported else "unknown"
        raise ValidationError(
            f"{label}: Kubernetes version {version} is {state} at NKS (GET /v1/supports); "
            f"choose one of {', '.join(usable) or 'none listed'}"
        )

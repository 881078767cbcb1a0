# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""EasyStack ECNS (Kubernetes container service v6.1.1): Keystone v3 tokens, session-scoped paths.

Every path is ``/api/ecns/<product_type>/...`` (product ``eks``, ``hybrid`` or
``security``). ECNS does not put the cluster or namespace in workload paths: its
portal keeps them in the session, set by the namespace switch
``GET .../namespace/<project_id>/cluster/<cluster>/ns/<namespace>/``. The client
therefore switches once per scope and run before it touches workloads; the switch
is a read (it changes no resource). The session belongs to the token: a new token
(after a 401, or renewed near expiry) starts in ECNS's default scope, so the client
switches it back to the scope in use before its first request. See
docs/providers/ecns.md.
"""

from __future__ import annotations

import re
from typing import Any

from ansible_collections.kaas.cloud.plugins.module_utils.auth import (
    Authenticator,
    IssuedToken,
    KeystoneV3Password,
    StaticToken,
)
from ansible_collections.kaas.cloud.plugins.module_utils.errors import ApiError, ParentNotFound, ValidationError
from ansible_collections.kaas.cloud.plugins.module_utils.providers.connection import Connection, ProviderApi
from ansible_collections.kaas.cloud.plugins.module_utils.providers.paging import Page, every_page, numbered_page
from ansible_collections.kaas.cloud.plugins.module_utils.transport import default_error_parser, fill_path

PRODUCT_TYPES = ("eks", "hybrid", "security")
PAGE_SIZE = 100
# ECNS is installed on premises: there is no public endpoint to default to.
AUTH_HINT = (
    "set them in the task, in module_defaults, or with KAAS_AUTH_TOKEN / KAAS_AUTH_USERNAME, "
    "KAAS_AUTH_PASSWORD, KAAS_AUTH_PROJECT_ID, KAAS_AUTH_AUTH_URL"
)


def error_parser(response: Any) -> tuple[str, str | None, str | None]:
    """ECNS and its Keystone answer ``{"error": {"message", "code", "title"}}`` (ECNS API reference, 1.11 调用方式)."""
    request_id = response.headers.get("X-Request-Id") or response.headers.get("X-Openstack-Request-Id")
    try:
        body = response.json()
    except ValueError:
        return default_error_parser(response)
    error = body.get("error") if isinstance(body, dict) else None
    if isinstance(error, dict):
        message = error.get("message") or error.get("title") or str(error)
        return (str(message), request_id, str(error["code"]) if error.get("code") is not None else None)
    return default_error_parser(response)


# The API reference gives no rule for cluster names; this is Kubernetes' DNS subdomain, loosened to any case and '_'.
CLUSTER_NAME = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,251}[A-Za-z0-9])?$")
#: The namespace switch: every value one encoded path segment.
SCOPE_SWITCH = "namespace/{project_id}/cluster/{cluster}/ns/{namespace}/"
#: Paths under ``/api/ecns/<product_type>/``: the project/cluster/namespace tree, a cluster's nodes.
PROJECT_TREE = "namespace/"
CLUSTER_NODES = "cluster/nodes/"


def check_cluster_name(value: Any) -> None:
    """Refuse a cluster that cannot be an ECNS cluster's name: it is a segment of the scope switch's path."""
    if not CLUSTER_NAME.match(str(value)):
        raise ValidationError(
            f"cluster {str(value)!r} is not an ECNS cluster name: letters, digits, '.', '_' or '-', "
            "starting and ending with a letter or digit, at most 253 characters"
        )


class EcnsApi(ProviderApi):
    """One ECNS endpoint, signed in with a project-scoped Keystone v3 token."""

    name = "ecns"
    error_parser = staticmethod(error_parser)

    def __init__(self, connection: Connection, **transport_options: Any) -> None:
        project_id = connection.auth.get("project_id")
        if not project_id:
            # The namespace switch names the project, and tokens must be project-scoped.
            raise ValidationError(f"provider ecns needs auth.project_id ({AUTH_HINT})")
        super().__init__(connection, **transport_options)
        self.project_id = str(project_id)
        # API reference 1.11 调用方式: X-Project-Id is a common request header; sent on every call.
        self.transport.default_headers.update({"X-Project-Id": self.project_id, "Accept": "application/json"})
        self._scope: tuple[str, str, str] | None = None
        self.transport.on_new_token(self._restore_scope)

    def check_cluster_reference(self, value: str) -> None:
        check_cluster_name(value)

    def authenticator(self, auth: dict[str, Any]) -> Authenticator:
        if auth.get("token"):
            return StaticToken(auth["token"], header="X-Auth-Token", scheme=None)
        missing = [key for key in ("username", "password", "auth_url") if not auth.get(key)]
        if missing:
            raise ValidationError(
                "provider ecns needs auth.token (a pre-issued project-scoped token), or auth.username, "
                f"auth.password, auth.project_id and auth.auth_url (Keystone v3) to obtain one; missing: "
                f"auth.{', auth.'.join(missing)} ({AUTH_HINT})"
            )
        return KeystoneV3Password(
            auth["auth_url"],
            auth["project_id"],
            auth["username"],
            auth["password"],
            auth.get("domain_name") or "Default",
        )

    @staticmethod
    def path(product_type: str, rest: str, **values: Any) -> str:
        """``/api/ecns/<product_type>/<rest>``, ``rest``'s ``{placeholders}`` filled from ``values``.

        ``rest`` is fixed text (or a path already built by ``fill_path``) when no value is given.
        """
        tail = fill_path(rest.lstrip("/"), **values) if values else rest.lstrip("/")
        return fill_path("/api/ecns/{product_type}/", product_type=product_type) + tail

    def use_scope(self, product_type: str, cluster: str, namespace: str) -> None:
        """Make ``cluster``/``namespace`` the session's scope (one GET per scope and run).

        ECNS answers 404 when the cluster or the namespace does not exist: everything the
        task would do happens inside them, so that is a missing parent, not a missing object.
        """
        wanted = (product_type, cluster, namespace)
        if self._scope == wanted:
            return
        auth = self.transport.auth
        if isinstance(auth, IssuedToken):
            # A token shared through the cache serves one scope: tasks in other namespaces
            # would otherwise switch the session under each other's feet.
            auth.partition("/".join(wanted))
            # The new token's hook must not switch it to the old scope first.
            self._scope = None
        self._switch(*wanted)
        self._scope = wanted

    def _switch(self, product_type: str, cluster: str, namespace: str) -> None:
        switch = self.path(product_type, SCOPE_SWITCH, project_id=self.project_id, cluster=cluster, namespace=namespace)
        try:
            self.transport.request("GET", switch)
        except ApiError as error:
            if not error.not_found:
                raise
            raise ParentNotFound(
                f"ECNS cluster {cluster!r} or its namespace {namespace!r} does not exist (ECNS answered: "
                f"{error.provider_message}); create it first (kaas.cloud.namespace creates a namespace)"
            ) from None

    def _restore_scope(self) -> None:
        """Switch a new token's session (which starts in ECNS's default scope) to the scope in use."""
        if self._scope is not None:
            self._switch(*self._scope)

    def paged(self, product_type: str, rest: str, key: str, params: dict[str, Any] | None = None) -> list[Any]:
        """Every item of a ``page``/``page_size`` list, page after page."""
        return every_page(lambda number: self.page(product_type, rest, key, number, params), 1, what=rest)

    def page(self, product_type: str, rest: str, key: str, number: int, params: dict[str, Any] | None = None) -> Page:
        """Page ``number`` (from 1) of a ``page``/``page_size`` list; without a ``count``, a short page is the last."""
        query = {**(params or {}), "page": number, "page_size": PAGE_SIZE}
        body = self.transport.request("GET", self.path(product_type, rest), params=query) or {}
        batch = list(body.get(key) or [])
        total = body.get("count")
        if not isinstance(total, int):
            return numbered_page(batch, number, more=len(batch) >= PAGE_SIZE)
        return numbered_page(batch, number, more=number * PAGE_SIZE < total, pages=-(-total // PAGE_SIZE))

    def project_clusters(self, product_type: str) -> list[dict[str, Any]]:
        """The clusters of the token's project, from the project/cluster/namespace tree (1.12 三级联动全量列举).

        The tree lists every project the token sees; ECNS tokens are project-scoped, so only
        the token's own project counts.
        """
        listed = self.transport.request("GET", self.path(product_type, PROJECT_TREE)) or []
        projects = listed if isinstance(listed, list) else [listed]
        return [
            cluster
            for project in projects
            if isinstance(project, dict) and str(project.get("project_id")) == self.project_id
            for cluster in project.get("clusters") or []
            if isinstance(cluster, dict)
        ]

    def cluster_nodes(
        self, product_type: str, apiserver_host: str, business_type: str | None = None
    ) -> list[dict[str, Any]]:
        """The nodes of the cluster at ``apiserver_host`` (never the session's), maybe of one business type."""
        params = {"apiserver_host": apiserver_host}
        if business_type:
            params["business_type"] = business_type
        body = self.transport.request("GET", self.path(product_type, CLUSTER_NODES), params=params) or {}
        return [node for node in body.get("nodes_status") or [] if isinstance(node, dict)]

# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Cegedim ITCare: OAuth2 client credentials, a vendor media type, and asynchronous *actions*.

Every ITCare write answers 202 with an action (``GET /actions/{id}``: IN_PROGRESS,
then SUCCESS or ERROR with a message). An ITCare resource's state is therefore the
resource as read *plus* the action the task started on it: the action decides
whether the task is still waiting and why it failed, the resource's own status
covers work started elsewhere. :class:`Tracked` is that pair; the adapters' base
that follows it is ``resource.py``. See docs/providers/itcare.md.
"""

from __future__ import annotations

import dataclasses
from typing import Any, ClassVar

from ansible_collections.kaas.cloud.plugins.module_utils.auth import (
    Authenticator,
    OAuth2ClientCredentials,
    StaticToken,
)
from ansible_collections.kaas.cloud.plugins.module_utils.errors import ValidationError
from ansible_collections.kaas.cloud.plugins.module_utils.providers.connection import ProviderApi
from ansible_collections.kaas.cloud.plugins.module_utils.providers.itcare import rules as itcare_rules
from ansible_collections.kaas.cloud.plugins.module_utils.providers.paging import (
    Page,
    every_page,
    numbered_page,
)
from ansible_collections.kaas.cloud.plugins.module_utils.transport import default_error_parser, fill_path

DEFAULT_URL = "https://api.cegedim.cloud/itcare"
TOKEN_URL = "https://accounts.cegedim.cloud/auth/realms/cloud/protocol/openid-connect/token"
MEDIA_TYPE = "application/vnd.cegedim-it.v1+json"
DRY_RUN_HEADER = "ITCare-DryRun"
PAGE_SIZE = 100
CLUSTERS = "/compute/containers/kubernetes"
CLUSTER_PATH = CLUSTERS + "/{cluster}"
NODES = "/nodes"

ACTION_RUNNING = "IN_PROGRESS"
ACTION_DONE = "SUCCESS"
ACTION_FAILED = "ERROR"
# Resource statuses: ITCare marks the work in progress on the resource itself as well.
BUSY = frozenset({"CREATING", "UPDATING", "UPGRADING", "DELETING"})
HEALTHY = frozenset({"ACTIVE"})


def error_parser(response: Any) -> tuple[str, str | None, str | None]:
    """ITCare answers ``{"status", "errorCode", "errorDesc", "errorMessage"}``.

    ``errorDesc`` names the field at fault; it is kept in the message because
    ``errorMessage`` may not repeat it. The token endpoint's OAuth2 errors
    (``{"error", "error_description"}``) are left to the default parser.
    """
    request_id = response.headers.get("X-Request-Id")
    try:
        body = response.json()
    except ValueError:
        return default_error_parser(response)
    if not isinstance(body, dict) or not ("errorMessage" in body or "errorCode" in body):
        return default_error_parser(response)
    code = body.get("errorCode")
    message = str(body.get("errorMessage") or code or "no message")
    field = body.get("errorDesc")
    details = ", ".join(str(part) for part in (code, f"field {field}" if field else None) if part)
    return (f"{message} ({details})" if details else message, request_id, code)


def is_number(value: Any) -> bool:
    """Whether ``value`` is an ITCare id: ASCII digits only (``str.isdigit`` also takes '²' or '٣')."""
    text = str(value)
    return text.isascii() and text.isdigit()


def check_number(option: str, value: Any, what: str = "ITCare ids") -> None:
    """Refuse, before any request, an id that is not a number (ITCare names resources by number in paths)."""
    if value is not None and not is_number(value):
        raise ValidationError(f"{option} {str(value)!r} is not valid: {what} are numbers")


def cluster_path(cluster_id: Any, rest: str = "") -> str:
    """``/compute/containers/kubernetes/<id><rest>``, the id one encoded segment, ``rest`` fixed."""
    return fill_path(CLUSTER_PATH + rest, cluster=cluster_id)


class ItcareApi(ProviderApi):
    """The ITCare endpoint: one base URL, a bearer token from Keycloak, actions for every write."""

    name = "itcare"
    default_url = DEFAULT_URL
    error_parser = staticmethod(error_parser)
    # Only Accept here: a default Content-Type would also go with the form-encoded token request.
    default_headers: ClassVar[dict[str, str]] = {"Accept": MEDIA_TYPE}

    def __init__(self, connection: Any, **transport_options: Any) -> None:
        super().__init__(connection, **transport_options)
        self._products: list[dict[str, Any]] | None = None

    def check_cluster_reference(self, value: str) -> None:
        # ITCare names a cluster by its number in paths; a name is looked up first.
        if not is_number(value):
            itcare_rules.check_name(value)

    def authenticator(self, auth: dict[str, Any]) -> Authenticator:
        if auth.get("token"):
            return StaticToken(auth["token"])
        missing = [key for key in ("client_id", "client_secret") if not auth.get(key)]
        if missing:
            raise ValidationError(
                "provider itcare needs auth.token (a pre-issued bearer token), or auth.client_id and "
                f"auth.client_secret to obtain one; missing: auth.{', auth.'.join(missing)} (set them in the task, "
                "in module_defaults, or with KAAS_AUTH_TOKEN / KAAS_AUTH_CLIENT_ID, KAAS_AUTH_CLIENT_SECRET)"
            )
        return OAuth2ClientCredentials(auth.get("auth_url") or TOKEN_URL, auth["client_id"], auth["client_secret"])

    # -- writes and their actions --------------------------------------------------------

    def submit(self, method: str, path: str, body: dict[str, Any] | None = None, *, dry_run: bool = False) -> Any:
        """Send a write; return the action ITCare answers with.

        With ``dry_run`` ITCare validates the request exactly as a real one and
        answers 200 with the action it would have started, storing nothing.
        """
        headers = {"Content-Type": MEDIA_TYPE}
        if dry_run:
            headers[DRY_RUN_HEADER] = "true"
        action = self.transport.request(method, path, json=body, headers=headers)
        # A dry run starts nothing, so its action may come without an id (absent or null).
        if not isinstance(action, dict) or (action.get("id") is None and not dry_run):
            raise ValidationError(f"ITCare accepted {method} {path} but answered without an action: {action!r}")
        return action

    def action(self, action_id: Any) -> dict[str, Any]:
        return self.transport.request("GET", fill_path("/actions/{action}", action=action_id)) or {}

    def running_action(self, resource_id: Any) -> dict[str, Any] | None:
        """The action in progress on a resource, if any (to follow work a task did not start)."""
        body = self.transport.request(
            "GET", "/actions", params={"resourceId": resource_id, "statuses": ACTION_RUNNING, "size": 1}
        )
        content = (body or {}).get("content") or []
        return content[0] if content else None

    # -- reads ---------------------------------------------------------------------------

    def pages(self, path: str, params: dict[str, Any] | None = None) -> list[Any]:
        """Every item of a Spring-paged list, page after page."""
        return every_page(lambda number: self.page(path, number, params), 0, what=path)

    def page(self, path: str, number: int, params: dict[str, Any] | None = None, size: int | None = None) -> Page:
        """Page ``number`` of a Spring-paged list (``content``, ``last``, ``totalPages``; pages count from 0)."""
        body = self.transport.request("GET", path, params={"size": size or PAGE_SIZE, **(params or {}), "page": number})
        body = body if isinstance(body, dict) else {}
        return numbered_page(
            body.get("content") or [], number, more=not body.get("last", True), pages=body.get("totalPages")
        )

    def cluster_nodes(self, cluster_id: Any) -> list[Any]:
        """The nodes of a cluster (one list, not paged)."""
        return self.transport.request("GET", cluster_path(cluster_id, NODES)) or []

    def products(self) -> list[dict[str, Any]]:
        """The Kubernetes products (versions), oldest first, once per run."""
        if self._products is None:
            listed = self.transport.request("GET", "/compute/platform/products", params={"type": "KUBERNETES"})
            self._products = [p for p in listed or [] if isinstance(p, dict)]
        return self._products


@dataclasses.dataclass
class Tracked:
    """An ITCare resource as read, with the action a task started on it (or found running)."""

    resource: dict[str, Any]
    action: dict[str, Any] | None = None
    # What the task asked that the resource alone does not tell (delete options, what to include).
    options: dict[str, Any] = dataclasses.field(default_factory=dict)

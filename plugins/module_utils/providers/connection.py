# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""How a task reaches a provider: the connection options and the provider's API object.

A provider is a :class:`ProviderApi` (endpoint, authentication, error format) plus one
adapter per resource (``contract.ResourceAdapter``). The connection options are
checked here, before any request is sent.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any, ClassVar
from urllib.parse import urlsplit

from ansible_collections.kaas.cloud.plugins.module_utils.auth import Authenticator, IssuedToken
from ansible_collections.kaas.cloud.plugins.module_utils.errors import ValidationError
from ansible_collections.kaas.cloud.plugins.module_utils.token_cache import TokenCache
from ansible_collections.kaas.cloud.plugins.module_utils.transport import (
    ErrorParser,
    Transport,
    default_error_parser,
)


@dataclass(frozen=True)
class Connection:
    """The connection options every module and the inventory share."""

    provider: str
    auth: dict[str, Any]
    api_url: str | None = None
    validate_certs: bool = True
    ca_path: str | None = None
    timeout: float = 30.0
    region: str | None = None
    #: Share issued tokens between tasks (``None``: as ``KAAS_TOKEN_CACHE`` says, on by default).
    token_cache: bool | None = None
    #: Where (``None``: ``KAAS_TOKEN_CACHE_DIR``, else the user's cache directory).
    token_cache_dir: str | None = None

    @classmethod
    def from_params(cls, params: dict[str, Any]) -> Connection:
        """The connection options of a task, checked before any request is sent."""
        timeout = params.get("timeout")
        if timeout is not None and not 0 < timeout <= MAX_TIMEOUT:
            raise ValidationError(f"timeout must be more than 0 and at most {MAX_TIMEOUT:g} seconds, got {timeout}")
        api_url = params.get("api_url")
        if api_url is not None:
            check_url("api_url", api_url)
        return cls(
            provider=params["provider"],
            auth=dict(params.get("auth") or {}),
            api_url=api_url,
            validate_certs=params.get("validate_certs", True),
            ca_path=params.get("ca_path"),
            timeout=float(30.0 if timeout is None else timeout),
            region=params.get("region"),
            token_cache=params.get("token_cache"),
            token_cache_dir=params.get("token_cache_dir"),
        )


MAX_TIMEOUT = 3600.0


def check_url(option: str, value: str) -> None:
    """An http(s) URL with a host (and a valid port if any), or a ValidationError naming ``option``."""
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError as error:
        raise ValidationError(f"{option} {value!r} is not a valid URL ({error})") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationError(f"{option} {value!r} must be an http:// or https:// URL with a host name")
    if port == 0:
        raise ValidationError(f"{option} {value!r} has port 0")


class ProviderApi(ABC):
    """One provider's endpoint, authentication and error format."""

    name: ClassVar[str]
    default_url: ClassVar[str | None] = None
    error_parser: ClassVar[ErrorParser] = staticmethod(default_error_parser)
    default_headers: ClassVar[dict[str, str]] = {}

    def __init__(self, connection: Connection, **transport_options: Any) -> None:
        self.connection = connection
        base_url = self.base_url(connection)
        if not base_url:
            raise ValidationError(f"provider {self.name} needs api_url (or KAAS_API_URL)")
        auth = self.authenticator(connection.auth)
        if isinstance(auth, IssuedToken):
            auth.use_cache(
                TokenCache.open(connection.token_cache, connection.token_cache_dir),
                provider=self.name,
                region=connection.region,
            )
        self.transport = Transport(
            base_url=base_url,
            provider=self.name,
            auth=auth,
            timeout=connection.timeout,
            validate_certs=connection.validate_certs,
            ca_path=connection.ca_path,
            error_parser=type(self).error_parser,
            default_headers=dict(self.default_headers),
            **transport_options,
        )

    @classmethod
    def base_url(cls, connection: Connection) -> str | None:
        """The endpoint: ``api_url`` when given, else the provider's public one (may depend on region)."""
        return connection.api_url or cls.default_url

    @abstractmethod
    def authenticator(self, auth: dict[str, Any]) -> Authenticator:
        """Build the authenticator from the ``auth`` option; fail early on missing keys."""

    def secrets(self) -> list[str]:
        return self.transport.auth.secrets() if self.transport.auth else []

    def warnings(self) -> list[str]:
        """What the task should warn about its connection (a token cache it could not trust)."""
        refused = getattr(self.transport.auth, "cache_refused", None)
        return [refused] if refused else []

    def check_cluster_reference(self, value: str) -> None:  # noqa: B027 - optional hook
        """Refuse a ``cluster`` option (the parent of a node group, a load balancer...) that cannot name one.

        Checked before any request, so that a malformed name is a clear error rather than a
        "not found" from the API, or a path the API reads differently. No rule by default.
        """

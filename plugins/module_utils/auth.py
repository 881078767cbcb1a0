# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""How each provider proves who we are, behind one small interface.

The transport asks an authenticator for headers before every request and calls
``invalidate()`` once when the provider answers 401; an authenticator that can
obtain a fresh token says so by returning ``True``. Every secret it holds or
obtains is reported by ``secrets()`` so that the transport can redact it and the
module can register it as ``no_log``.
"""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from typing import Any

from ansible_collections.kaas.cloud.plugins.module_utils.errors import ValidationError

# Tokens are refreshed this many seconds before the provider says they expire, so a
# request never leaves with a token that dies in flight.
EXPIRY_MARGIN = 60.0


class Authenticator(ABC):
    """Produces the authentication headers of a provider."""

    @abstractmethod
    def headers(self, transport: Any) -> dict[str, str]:
        """Headers to add to a request; may obtain a token through ``transport``."""

    def invalidate(self) -> bool:
        """Forget the current credential after a 401; ``True`` if a new one can be had."""
        return False

    @abstractmethod
    def secrets(self) -> list[str]:
        """Every secret value this authenticator knows, for redaction."""


class StaticToken(Authenticator):
    """A pre-issued token sent as is (deployme's bearer token, or any provider's token)."""

    def __init__(self, token: str, *, header: str = "Authorization", scheme: str | None = "Bearer") -> None:
        if not token:
            raise ValidationError("auth.token is required and must not be empty")
        self.token = token
        self.header = header
        self.scheme = scheme

    def headers(self, transport: Any) -> dict[str, str]:
        value = f"{self.scheme} {self.token}" if self.scheme else self.token
        return {self.header: value}

    def secrets(self) -> list[str]:
        return [self.token]


class IssuedToken(Authenticator):
    """A token obtained from an identity service and renewed when it expires or is refused.

    Subclasses implement :meth:`issue` (one request to the identity service) and
    :meth:`credential_secrets`; this class owns the cache, the expiry margin and the
    single re-authentication after a 401.
    """

    header = "X-Auth-Token"
    scheme: str | None = None

    def __init__(self, clock: Any = time.time) -> None:
        self._token: str | None = None
        self._expires_at: float | None = None
        self._clock = clock

    @abstractmethod
    def issue(self, transport: Any) -> tuple[str, float | None]:
        """Obtain a token; return it with its absolute expiry time (epoch seconds) if known."""

    @abstractmethod
    def credential_secrets(self) -> list[str]:
        """The long-lived secrets (password, client secret) behind the tokens."""

    def token(self, transport: Any) -> str:
        now = self._clock()
        if self._token is None or (self._expires_at is not None and now >= self._expires_at - EXPIRY_MARGIN):
            self._token, self._expires_at = self.issue(transport)
        return self._token

    def headers(self, transport: Any) -> dict[str, str]:
        token = self.token(transport)
        return {self.header: f"{self.scheme} {token}" if self.scheme else token}

    def invalidate(self) -> bool:
        self._token = None
        self._expires_at = None
        return True

    def secrets(self) -> list[str]:
        return [s for s in [self._token, *self.credential_secrets()] if s]


def require(auth: dict[str, Any], provider: str, *keys: str) -> None:
    """Fail before any request when a credential the provider needs is missing."""
    missing = [k for k in keys if not auth.get(k)]
    if missing:
        env = ", ".join(f"KAAS_AUTH_{k.upper()}" for k in missing)
        raise ValidationError(
            f"provider {provider} needs auth.{', auth.'.join(missing)} "
            f"(set it in the task, in module_defaults, or with {env})"
        )

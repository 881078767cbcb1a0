# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""How each provider proves who we are, behind one small interface.

The transport asks an authenticator for headers before every request and calls
``invalidate()`` once when the provider answers 401; an authenticator that can
obtain a fresh token says so by returning ``True``. ``generation`` counts the
tokens obtained so far, so that the transport sees a new one (after a 401 or near
expiry) and can restore the session state a provider ties to a token. Every secret
it holds or obtains is reported by ``secrets()`` so that the transport can redact
it and the module can register it as ``no_log``.

Issued tokens are shared by the tasks of a run through ``token_cache`` (one sign-in
per credential, not one per task); see that module for what is stored and why it
can be trusted.
"""

from __future__ import annotations

import base64
import time
from abc import ABC, abstractmethod
from datetime import datetime
from typing import Any

from ansible_collections.kaas.cloud.plugins.module_utils.errors import ValidationError
from ansible_collections.kaas.cloud.plugins.module_utils.token_cache import CachedToken, TokenCache

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

    @property
    def generation(self) -> int:
        """How many credentials were obtained so far; a credential that never changes stays at 0."""
        return 0

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

    Subclasses implement :meth:`issue` (one request to the identity service),
    :meth:`identity` and :meth:`credential_secrets`; this class owns the expiry margin,
    the single re-authentication after a 401 and the shared cache (:meth:`use_cache`):
    a token another task of the run obtained for the same identity and secret is used
    instead of signing in, and a token this one obtains is left for the next tasks.
    """

    header = "X-Auth-Token"
    scheme: str | None = None

    def __init__(self, clock: Any = time.time) -> None:
        self._token: str | None = None
        self._expires_at: float | None = None
        self._clock = clock
        self._generation = 0
        self._cache: TokenCache | None = None
        self._context: dict[str, str] = {}
        self._key: str | None = None
        # Tokens the provider refused (401): never taken from the cache again in this run.
        self._refused: set[str] = set()
        # Every token used, for redaction: a refused one may still be quoted in an error.
        self._seen: list[str] = []
        self._from_cache = False
        self._stale_refused = False
        #: Whether the token :meth:`invalidate` just dropped came from the cache (read by the transport).
        self.refused_stale = False

    @abstractmethod
    def issue(self, transport: Any) -> tuple[str, float | None]:
        """Obtain a token; return it with its absolute expiry time (epoch seconds) if known."""

    @abstractmethod
    def credential_secrets(self) -> list[str]:
        """The long-lived secrets (password, client secret) behind the tokens."""

    def identity(self) -> dict[str, str] | None:
        """Who signs in where (identity service, user, tenant or project...): never a secret.

        ``None`` (the default) keeps the tokens out of the cache: an authenticator
        shares them only once it says whose they are.
        """
        return None

    def use_cache(self, cache: TokenCache | None, **context: str | None) -> None:
        """Share tokens through ``cache``; ``context`` (region...) joins the identity in the key."""
        self._cache = cache
        self._context = {k: str(v) for k, v in context.items() if v is not None}
        self._key = None

    def partition(self, session: str | None) -> None:
        """Use tokens of their own for a provider session state (``session``), dropping the current one.

        For providers that keep state in the session of a token (the ECNS scope): tasks
        sharing a token would change each other's state, so a cached token serves one
        state only. Without a cache every process has its own token and nothing changes.
        """
        if self._cache is None or self._context.get("session") == session:
            return
        if session is None:
            self._context.pop("session", None)
        else:
            self._context["session"] = session
        self._key = None
        self._token = None
        self._expires_at = None

    @property
    def cache_refused(self) -> str | None:
        """Why the cache could not be used (a symlinked directory...), for a warning."""
        return self._cache.refused if self._cache is not None else None

    def token(self, transport: Any) -> str:
        now = self._clock()
        if self._token is None or (self._expires_at is not None and now >= self._expires_at - EXPIRY_MARGIN):
            self._token, self._expires_at = self._obtain(transport)
            self._seen.append(self._token)
            self._generation += 1
        return self._token

    def _cache_key(self) -> str | None:
        identity = self.identity()
        if self._cache is not None and self._key is None and identity is not None:
            self._key = self._cache.key({**identity, **self._context}, "\0".join(self.credential_secrets()))
        return self._key

    def _usable(self, entry: CachedToken | None) -> bool:
        return (
            entry is not None
            and entry.token not in self._refused
            and entry.token != self._token
            and self._clock() < entry.expires_at - EXPIRY_MARGIN
        )

    def _obtain(self, transport: Any) -> tuple[str, float | None]:
        """A token from the cache when one is fresh, else from the identity service (then cached)."""
        key = self._cache_key()
        if self._cache is None or key is None:
            self._from_cache = False
            return self.issue(transport)
        entry = self._cache.load(key)
        if not self._usable(entry):
            with self._cache.locked(key):
                # Another task may have signed in while this one waited for the lock.
                entry = self._cache.load(key)
                if not self._usable(entry):
                    token, expires_at = self.issue(transport)
                    # A token without a known expiry is not shared: nothing would say when to stop.
                    if expires_at is not None:
                        self._cache.store(key, token, expires_at)
                    self._from_cache = False
                    return token, expires_at
        if entry is None:  # _usable() said it was there; a vanished entry is a bug, not a user error
            raise RuntimeError("token cache entry vanished between check and use")
        self._from_cache = True
        return entry.token, entry.expires_at

    @property
    def generation(self) -> int:
        return self._generation

    def headers(self, transport: Any) -> dict[str, str]:
        token = self.token(transport)
        return {self.header: f"{self.scheme} {token}" if self.scheme else token}

    def invalidate(self) -> bool:
        # The first refusal of a token taken from the cache is "stale", not "revoked": the
        # transport then grants one more re-authentication (once per run, so it stays bounded).
        self.refused_stale = self._from_cache and not self._stale_refused
        self._stale_refused = self._stale_refused or self.refused_stale
        if self._token is not None:
            self._refused.add(self._token)
        self._token = None
        self._expires_at = None
        return True

    def secrets(self) -> list[str]:
        return [s for s in [*dict.fromkeys(self._seen), *self.credential_secrets()] if s]


def parse_expiry(value: Any) -> float | None:
    """Epoch seconds of an ISO 8601 expiry (``2026-03-01T22:00:00Z``), or ``None`` if unreadable."""
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return None


class KeystoneV2Password(IssuedToken):
    """NHN Cloud identity: Keystone v2 ``POST /tokens`` with tenant, user and password."""

    def __init__(self, auth_url: str, tenant_id: str, username: str, password: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.auth_url = auth_url.rstrip("/")
        self.tenant_id = tenant_id
        self.username = username
        self.password = password

    def issue(self, transport: Any) -> tuple[str, float | None]:
        body = {
            "auth": {
                "tenantId": self.tenant_id,
                "passwordCredentials": {"username": self.username, "password": self.password},
            }
        }
        answer = transport.request("POST", f"{self.auth_url}/tokens", json=body, authenticated=False, idempotent=True)
        token = ((answer or {}).get("access") or {}).get("token") or {}
        if not token.get("id"):
            raise ValidationError(f"the identity service at {self.auth_url} answered without a token")
        return token["id"], parse_expiry(token.get("expires"))

    def credential_secrets(self) -> list[str]:
        return [self.password]

    def identity(self) -> dict[str, str]:
        return {"method": "keystone-v2", "url": self.auth_url, "tenant": self.tenant_id, "user": self.username}


class KeystoneV3Password(IssuedToken):
    """EasyStack identity: Keystone v3 password authentication scoped to a project."""

    def __init__(
        self, auth_url: str, project_id: str, username: str, password: str, domain_name: str = "Default", **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.auth_url = auth_url.rstrip("/")
        self.project_id = project_id
        self.username = username
        self.password = password
        self.domain_name = domain_name

    def issue(self, transport: Any) -> tuple[str, float | None]:
        body = {
            "auth": {
                "identity": {
                    "methods": ["password"],
                    "password": {
                        "user": {
                            "name": self.username,
                            "domain": {"name": self.domain_name},
                            "password": self.password,
                        }
                    },
                },
                "scope": {"project": {"id": self.project_id}},
            }
        }
        response = transport.request(
            "POST", f"{self.auth_url}/auth/tokens", json=body, authenticated=False, idempotent=True, raw=True
        )
        token = response.headers.get("X-Subject-Token")
        if not token:
            raise ValidationError(f"the identity service at {self.auth_url} answered without X-Subject-Token")
        try:
            expires = (response.json().get("token") or {}).get("expires_at")
        except ValueError:
            expires = None
        return token, parse_expiry(expires)

    def credential_secrets(self) -> list[str]:
        return [self.password]

    def identity(self) -> dict[str, str]:
        return {
            "method": "keystone-v3",
            "url": self.auth_url,
            "project": self.project_id,
            "user": self.username,
            "domain": self.domain_name,
        }


class OAuth2ClientCredentials(IssuedToken):
    """ITCare identity: OAuth2 client-credentials grant from a Keycloak realm, sent as a bearer."""

    header = "Authorization"
    scheme = "Bearer"

    def __init__(self, token_url: str, client_id: str, client_secret: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.token_url = token_url
        self.client_id = client_id
        self.client_secret = client_secret

    def issue(self, transport: Any) -> tuple[str, float | None]:
        basic = base64.b64encode(f"{self.client_id}:{self.client_secret}".encode()).decode()
        answer = transport.request(
            "POST",
            self.token_url,
            data={"grant_type": "client_credentials"},
            headers={"Authorization": f"Basic {basic}", "Accept": "application/json"},
            authenticated=False,
            idempotent=True,
        )
        if not isinstance(answer, dict) or not answer.get("access_token"):
            raise ValidationError(f"the token endpoint {self.token_url} answered without an access_token")
        lifetime = answer.get("expires_in")
        expires = self._clock() + float(lifetime) if isinstance(lifetime, (int, float)) else None
        return answer["access_token"], expires

    def credential_secrets(self) -> list[str]:
        basic = base64.b64encode(f"{self.client_id}:{self.client_secret}".encode()).decode()
        return [self.client_secret, basic]

    def identity(self) -> dict[str, str]:
        return {"method": "oauth2-client-credentials", "url": self.token_url, "client": self.client_id}


def require(auth: dict[str, Any], provider: str, *keys: str) -> None:
    """Fail before any request when a credential the provider needs is missing."""
    missing = [k for k in keys if not auth.get(k)]
    if missing:
        env = ", ".join(f"KAAS_AUTH_{k.upper()}" for k in missing)
        raise ValidationError(
            f"provider {provider} needs auth.{', auth.'.join(missing)} "
            f"(set it in the task, in module_defaults, or with {env})"
        )

"""Credential helpers shared by the provider auth checks.

Every emulated credential (user, password, tenant, project, client id and secret,
static bearer token) accepts the value ``demo``, and any value planted through
``POST /_emulator/config {"credentials": [...]}`` (tests plant distinctive secrets
to prove they never leak); anything else is refused with the provider's own 401.
Providers with a token endpoint (Keystone, OAuth2) issue random
tokens with :func:`issue_token`, stored in their own state so they survive restarts.
A token struck by a ``revoke`` fault (:func:`revoke_presented`) is refused from then
on, whatever it is: the revocation or expiry a client must survive mid-task.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import MutableMapping
from typing import Any

from flask import Request, has_app_context

from kaas_emulator.core.runtime import emulator

DEMO = "demo"
TOKENS_KEY = "_tokens"


def revoked(value: object) -> bool:
    """True for a token a ``revoke`` fault struck in the current emulator."""
    return has_app_context() and isinstance(value, str) and value in emulator().revoked_tokens


def accepted(value: object) -> bool:
    """True for ``demo`` and for the credential values planted in the current emulator."""
    if revoked(value):
        return False
    if value == DEMO:
        return True
    return has_app_context() and isinstance(value, str) and value in emulator().planted_credentials


def credential_key(value: str) -> str:
    """A stable stand-in for a credential, for rate-limit keys: never the value itself."""
    return value if value == DEMO else "sha256:" + hashlib.sha256(value.encode()).hexdigest()[:16]


def is_demo(*values: object) -> bool:
    """True when every given credential value is accepted (``demo`` or planted)."""
    return bool(values) and all(accepted(value) for value in values)


def bearer_token(request: Request) -> str | None:
    """The token of an ``Authorization: Bearer <token>`` header, if any."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def header_token(request: Request, name: str) -> str | None:
    """The value of a token header such as ``X-Auth-Token``, if non-empty."""
    value = request.headers.get(name, "").strip()
    return value or None


def revoke_presented(request: Request) -> list[str]:
    """Revoke the tokens ``request`` carries (``X-Auth-Token`` and bearer); return them."""
    tokens = [t for t in (header_token(request, "X-Auth-Token"), bearer_token(request)) if t]
    emulator().revoked_tokens.update(tokens)
    return tokens


def issue_token(
    state: MutableMapping[str, Any], now: float, ttl_seconds: float, prefix: str = ""
) -> tuple[str, float]:
    """Create a random token valid for ``ttl_seconds`` and remember it in ``state``."""
    token = prefix + secrets.token_hex(16)
    expires_at = now + ttl_seconds
    tokens = state.setdefault(TOKENS_KEY, {})
    # Drop expired tokens so a long-running emulator does not grow without bound.
    for old in [key for key, expiry in tokens.items() if expiry <= now]:
        del tokens[old]
    tokens[token] = expires_at
    return token, expires_at


def token_valid(state: MutableMapping[str, Any], token: str | None, now: float) -> bool:
    """True for ``demo`` or an unexpired token issued by :func:`issue_token`."""
    if token is None or revoked(token):
        return False
    if accepted(token):
        return True
    expiry = state.get(TOKENS_KEY, {}).get(token)
    return expiry is not None and expiry > now

"""deployme.cloud provider: static bearer token, ``{"error", "message"}`` errors, rate limit.

Registered automatically through ``PROVIDER``; the views live in :mod:`.api` and the
model rules in :mod:`.model`.
"""

from __future__ import annotations

from flask import Request, Response, jsonify

from kaas_emulator.core.auth import accepted, bearer_token, credential_key
from kaas_emulator.core.ratelimit import RateLimitPolicy
from kaas_emulator.core.registry import Provider
from kaas_emulator.providers.deployme import model
from kaas_emulator.providers.deployme.api import blueprint


def format_error(status: int, code: str, message: str) -> Response:
    """deployme error body: ``{"error": "<code>", "message": "<text>"}``."""
    response = jsonify({"error": code, "message": message})
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="deployme"'
    return response


def authenticate(request: Request) -> str | None:
    """Static API token: ``Authorization: Bearer demo``; the token is the rate-limit key."""
    token = bearer_token(request)
    return f"token:{credential_key(token)}" if accepted(token) else None


PROVIDER = Provider(
    name="deployme",
    blueprint=blueprint,
    format_error=format_error,
    authenticate=authenticate,
    rate_limit=RateLimitPolicy(limit=600, window_seconds=60),
    initial_state=model.new_state,
    unauthorized_message="missing or invalid bearer token",
)

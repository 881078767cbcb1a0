"""ITCare authentication: an OAuth2 client-credentials token endpoint (Keycloak).

The real endpoint lives on ``accounts.cegedim.cloud``; the emulator serves it under
its own prefix so one base URL is enough. Tokens last ``expires_in`` = 1200 *wall*
seconds: the time scale speeds up cloud operations, not credentials, so a client's
token-refresh logic is exercised on real time (or by moving a ManualClock).
"""

from __future__ import annotations

from flask import Request, Response, jsonify, request

from kaas_emulator.core.auth import bearer_token, credential_key, is_demo, issue_token, token_valid
from kaas_emulator.core.errors import ApiError
from kaas_emulator.core.runtime import now, provider_state
from kaas_emulator.providers.itcare.web import blueprint, error_body, respond

TOKEN_PATH = "/auth/realms/cloud/protocol/openid-connect/token"
TOKEN_TTL = 1200
REALM = "cloud"


def _client_credentials() -> tuple[str | None, str | None]:
    """Client id and secret from HTTP Basic, else from the form (client_secret_post)."""
    basic = request.authorization
    if basic is not None and basic.type == "basic":
        return basic.username, basic.password
    return request.form.get("client_id"), request.form.get("client_secret")


@blueprint.post(TOKEN_PATH)
def token() -> Response:
    """Issue a bearer token for ``grant_type=client_credentials`` and client ``demo``."""
    grant = request.form.get("grant_type")
    if not grant:
        raise ApiError(400, "Missing form parameter: grant_type", "invalid_request")
    client_id, secret = _client_credentials()
    if not is_demo(client_id, secret):
        raise ApiError(401, "Invalid client or Invalid client credentials", "invalid_client")
    if grant != "client_credentials":
        raise ApiError(400, f"Unsupported grant_type {grant!r}", "unsupported_grant_type")
    with provider_state() as state:
        access_token, _ = issue_token(state, now(), TOKEN_TTL)
    response = jsonify(
        {
            "access_token": access_token,
            "expires_in": TOKEN_TTL,
            "refresh_expires_in": 0,
            "token_type": "Bearer",
            "not-before-policy": 0,
            "scope": "profile email",
        }
    )
    response.headers["Cache-Control"] = "no-store"
    response.headers["Pragma"] = "no-cache"
    return response


def authenticate(req: Request) -> str | None:
    """``Authorization: Bearer`` with ``demo`` or an unexpired issued token."""
    access_token = bearer_token(req)
    with provider_state() as state:
        valid = token_valid(state, access_token, now())
    return f"token:{credential_key(access_token or '')}" if valid else None


def format_error(status: int, code: str, message: str) -> Response:
    """OAuth2 error body on the token endpoint, ITCare's error body everywhere else."""
    if request.path.endswith(TOKEN_PATH):
        response = jsonify({"error": code, "error_description": message})
        response.status_code = status
        return response
    response = respond(error_body(status, code, message), status)
    if status == 401:
        response.headers["WWW-Authenticate"] = f'Bearer realm="{REALM}", error="invalid_token"'
    return response

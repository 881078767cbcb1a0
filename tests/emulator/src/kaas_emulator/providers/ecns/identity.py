"""EasyStack identity (Keystone v3) at ``/ecns/identity/v3/auth/tokens``, and token checks.

The API reference (1.11, 签名机制) requires a project-scoped token obtained by password
authentication, returned in the ``X-Subject-Token`` header and sent back as
``X-Auth-Token``. Like the other providers, the credentials are ``demo`` (user name
or id, password, project id or name), and ``demo`` is also a valid pre-issued token.
Keystone's version discovery (``/ecns/identity`` lists v3, ``/ecns/identity/v3``
describes it) lets keystoneauth's generic ``password`` plugin settle on v3.
"""

from __future__ import annotations

from typing import Any

from flask import Request, Response, jsonify, request

from kaas_emulator.core import auth, keystone
from kaas_emulator.core.clock import iso8601
from kaas_emulator.core.errors import ApiError
from kaas_emulator.core.runtime import now, provider_state
from kaas_emulator.core.validation import json_object_body
from kaas_emulator.providers.ecns import catalog
from kaas_emulator.providers.ecns.errors import UNAUTHORIZED
from kaas_emulator.providers.ecns.web import blueprint

TOKEN_HEADER = "X-Auth-Token"

keystone.register(blueprint, "/identity", (keystone.V3,))


def authenticate(req: Request) -> str | None:
    """Identity of a valid ``X-Auth-Token`` (the rate-limit key), None for a 401."""
    token = auth.header_token(req, TOKEN_HEADER)
    with provider_state() as state:
        valid = auth.token_valid(state, token, now())
    return f"token:{token}" if valid else None


def _block(parent: dict[str, Any], key: str, where: str) -> dict[str, Any]:
    value = parent.get(key)
    if not isinstance(value, dict):
        raise ApiError(400, f"Expecting to find {key} in {where}.")
    return value


def _credentials(body: dict[str, Any]) -> tuple[object, object, object]:
    """(user, password, project) of a v3 password body; 400 when malformed."""
    block = _block(body, "auth", "request body")
    identity = _block(block, "identity", "auth")
    methods = identity.get("methods")
    if not isinstance(methods, list) or "password" not in methods:
        raise ApiError(400, "Expecting to find password in identity.methods.")
    user = _block(_block(identity, "password", "identity"), "user", "password")
    scope = block.get("scope")
    if not isinstance(scope, dict) or not isinstance(scope.get("project"), dict):
        # The container API needs a project-scoped token (ECNS API reference, 1.11 调用方式).
        raise ApiError(
            400, "The ECNS API requires a project-scoped token: give auth.scope.project."
        )
    project = scope["project"]
    return (
        user.get("name", user.get("id")),
        user.get("password"),
        project.get("id", project.get("name")),
    )


@blueprint.post("/identity/v3/auth/tokens")
def issue_token() -> tuple[Response, int]:
    """Keystone v3 password authentication: 201 with ``X-Subject-Token``, or 401."""
    user, password, project = _credentials(json_object_body())
    if not auth.is_demo(user, password, project):
        raise ApiError(401, UNAUTHORIZED)
    issued_at = now()
    with provider_state() as state:
        token, expires = auth.issue_token(state, issued_at, catalog.TOKEN_TTL_SECONDS)
    endpoint = request.host_url.rstrip("/") + "/ecns"
    body = {
        "token": {
            "methods": ["password"],
            "issued_at": iso8601(issued_at),
            "expires_at": iso8601(expires),
            "user": {
                "id": catalog.USER_ID,
                "name": user,
                "domain": {"id": "default", "name": "Default"},
            },
            "project": {
                "id": catalog.PROJECT_ID,
                "name": catalog.PROJECT_NAME,
                "domain": {"id": "default", "name": "Default"},
            },
            "roles": [{"id": "member", "name": "member"}],
            "catalog": [
                {
                    "type": "container",
                    "name": "ecns",
                    "endpoints": [{"interface": "public", "region": "RegionOne", "url": endpoint}],
                }
            ],
        }
    }
    response = jsonify(body)
    response.headers["X-Subject-Token"] = token
    return response, 201

"""NHN Cloud identity (Keystone v2) at ``/nks/identity/v2.0/tokens``, and token checks.

NHN's identity serves Keystone v2.0 only: ``/nks/identity`` lists that one version
(300) and ``/nks/identity/v2.0`` describes it, so the generic ``password`` plugin of
keystoneauth settles on v2.0 (:mod:`kaas_emulator.core.keystone`).

The API authenticates with ``X-Auth-Token``: a token issued here (12 h lifetime in
wall time, never scaled) or the pre-issued token ``demo``. Issued tokens live in the
provider state, so they survive a restart with ``--state-file``.
"""

from __future__ import annotations

from typing import Any

from flask import Request, Response, jsonify

from kaas_emulator.core import auth, keystone
from kaas_emulator.core.clock import iso8601
from kaas_emulator.core.errors import ApiError
from kaas_emulator.core.runtime import now, provider_state
from kaas_emulator.core.validation import json_object_body
from kaas_emulator.providers.nks import catalog
from kaas_emulator.providers.nks.render import base_url
from kaas_emulator.providers.nks.web import blueprint

TOKEN_HEADER = "X-Auth-Token"
UNAUTHORIZED = "The request you have made requires authentication."

keystone.register(blueprint, "/identity", (keystone.V2,))

#: (type, name) of the catalog entries naming the API: NHN's documented ``kubernetes``
#: type, and Magnum's standard ``container-infra`` that the ``openstack coe`` commands
#: and magnumclient look up (they have no option to pick another type).
CATALOG_TYPES = (("kubernetes", "kubernetes"), ("container-infra", "magnum"))


def authenticate(request: Request) -> str | None:
    """Identity of a valid ``X-Auth-Token`` (the rate-limit key), None for a 401."""
    token = auth.header_token(request, TOKEN_HEADER)
    with provider_state() as state:
        valid = auth.token_valid(state, token, now())
    return f"token:{auth.credential_key(token)}" if valid else None


def _credentials(body: dict[str, Any]) -> tuple[object, object, object]:
    """(tenant, username, password) of a v2 password auth body; 400 when malformed."""
    block = body.get("auth")
    if not isinstance(block, dict):
        raise ApiError(400, "Expecting to find auth in request body.")
    password = block.get("passwordCredentials")
    if not isinstance(password, dict):
        raise ApiError(400, "Expecting to find passwordCredentials in auth.")
    tenant = block.get("tenantId", block.get("tenantName"))
    if tenant is None:
        raise ApiError(400, "Expecting to find tenantId or tenantName in auth.")
    return tenant, password.get("username"), password.get("password")


@blueprint.post("/identity/v2.0/tokens")
def issue_token() -> Response:
    """Keystone v2 password authentication: the ``access`` document, or 401."""
    tenant, username, password = _credentials(json_object_body())
    if not auth.is_demo(tenant, username, password):
        raise ApiError(401, UNAUTHORIZED)
    issued_at = now()
    with provider_state() as state:
        token, expires = auth.issue_token(state, issued_at, catalog.TOKEN_TTL_SECONDS)
    # Magnum registers its endpoint with the API version (``.../v1``), which is where
    # magnumclient sends ``/clusters``; openstacksdk accepts it as well.
    url = base_url() + "/v1"
    endpoint = {"region": catalog.REGION, "publicURL": url, "internalURL": url}
    access = {
        "token": {
            "id": token,
            "issued_at": iso8601(issued_at),
            "expires": iso8601(expires),
            "tenant": {
                "id": tenant,
                "name": tenant,
                "description": None,
                "enabled": True,
                "project_domain": "NORMAL",
            },
        },
        "serviceCatalog": [
            {"type": kind, "name": name, "endpoints": [endpoint], "endpoints_links": []}
            for kind, name in CATALOG_TYPES
        ],
        "user": {
            "id": catalog.USER_ID,
            "name": username,
            "username": username,
            "roles": [{"name": "_member_"}],
            "roles_links": [],
        },
        "metadata": {"is_admin": 0, "roles": []},
    }
    return jsonify({"access": access})

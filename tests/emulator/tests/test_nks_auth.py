"""NKS identity (Keystone v2), X-Auth-Token checks, microversion negotiation, error format."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask.testing import FlaskClient

from kaas_emulator.core.clock import ManualClock

TOKENS = "/nks/identity/v2.0/tokens"
VERSION = {"OpenStack-API-Version": "container-infra latest"}


def auth_body(tenant: str = "demo", user: str = "demo", password: str = "demo") -> dict[str, Any]:
    return {
        "auth": {
            "tenantId": tenant,
            "passwordCredentials": {"username": user, "password": password},
        }
    }


def test_token_issue_and_use(client: FlaskClient) -> None:
    response = client.post(TOKENS, json=auth_body())
    assert response.status_code == 200
    access = response.json["access"]
    token = access["token"]
    assert token["expires"] == "2026-03-01T22:00:00Z"
    assert token["tenant"]["id"] == "demo"
    # Magnum's endpoint carries the API version; NHN's type and Magnum's standard one.
    entries = {entry["type"]: entry for entry in access["serviceCatalog"]}
    assert set(entries) == {"kubernetes", "container-infra"}
    for entry in entries.values():
        assert entry["endpoints"][0]["publicURL"] == "http://localhost/nks/v1"
    answer = client.get("/nks/v1/clusters", headers={"X-Auth-Token": token["id"], **VERSION})
    assert (answer.status_code, answer.json) == (200, {"clusters": []})


def test_token_expires_after_12_hours(client: FlaskClient, clock: ManualClock) -> None:
    token = client.post(TOKENS, json=auth_body()).json["access"]["token"]["id"]
    clock.advance(12 * 3600 - 1)
    assert client.get("/nks/v1/supports", headers={"X-Auth-Token": token}).status_code == 200
    clock.advance(1)
    assert client.get("/nks/v1/supports", headers={"X-Auth-Token": token}).status_code == 401


@pytest.mark.parametrize(
    "body", [auth_body(tenant="x"), auth_body(user="x"), auth_body(password="x")]
)
def test_wrong_credentials_keystone_401(client: FlaskClient, body: dict[str, Any]) -> None:
    response = client.post(TOKENS, json=body)
    assert response.status_code == 401
    assert response.json == {
        "error": {
            "message": "The request you have made requires authentication.",
            "code": 401,
            "title": "Unauthorized",
        }
    }


@pytest.mark.parametrize("body", [{}, {"auth": {}}, {"auth": {"passwordCredentials": {}}}])
def test_malformed_auth_keystone_400(client: FlaskClient, body: dict[str, Any]) -> None:
    response = client.post(TOKENS, json=body)
    assert response.status_code == 400
    assert response.json["error"]["code"] == 400


@pytest.mark.parametrize("headers", [{}, {"X-Auth-Token": "nope"}, {"X-Auth-Token": ""}])
def test_missing_or_invalid_token_magnum_401(client: FlaskClient, headers: dict[str, str]) -> None:
    response = client.get("/nks/v1/clusters", headers={**headers, **VERSION})
    assert response.status_code == 401
    error = response.json["errors"][0]
    assert set(error) == {"request_id", "code", "status", "title", "detail", "links"}
    # Magnum's title: the message's first sentence, without its full stop.
    assert (error["status"], error["code"], error["title"]) == (
        401,
        "client",
        "The request you have made requires authentication",
    )
    assert error["request_id"] == response.headers["X-OpenStack-Request-Id"]
    assert re.fullmatch(r"req-[0-9a-f-]{36}", error["request_id"])
    assert (
        response.headers["WWW-Authenticate"] == 'Keystone uri="http://localhost/nks/identity/v2.0"'
    )


@pytest.mark.parametrize(
    "header",
    [
        "container-infra 1.15",
        "container-infra 1.0",
        "container-infra 2.1",
        "compute 1.5",
        "container-infra one",
        "container-infra",
    ],
)
def test_unsupported_version_406(client: FlaskClient, header: str) -> None:
    response = client.get(
        "/nks/v1/clusters", headers={"X-Auth-Token": "demo", "OpenStack-API-Version": header}
    )
    assert response.status_code == 406
    error = response.json["errors"][0]
    assert error["title"] == error["detail"].split(". ")[0].rstrip(".")


@pytest.mark.parametrize(
    ("header", "served"),
    [
        (None, "1.1"),
        ("container-infra latest", "1.14"),
        ("container-infra 1.1", "1.1"),
        ("container-infra 1.14", "1.14"),
        ("CONTAINER-INFRA LATEST", "1.14"),
    ],
)
def test_version_negotiation_headers(client: FlaskClient, header: str | None, served: str) -> None:
    headers = {"X-Auth-Token": "demo"}
    if header is not None:
        headers["OpenStack-API-Version"] = header
    response = client.get("/nks/v1/supports", headers=headers)
    assert response.status_code == 200
    assert response.headers["OpenStack-API-Version"] == f"container-infra {served}"
    assert response.headers["OpenStack-API-Minimum-Version"] == "container-infra 1.1"
    assert response.headers["OpenStack-API-Maximum-Version"] == "container-infra 1.14"


def test_auth_is_checked_before_version(client: FlaskClient) -> None:
    response = client.get(
        "/nks/v1/clusters", headers={"OpenStack-API-Version": "container-infra 9.9"}
    )
    assert response.status_code == 401


def test_unknown_path_and_method_use_magnum_errors(client: FlaskClient) -> None:
    headers = {"X-Auth-Token": "demo", **VERSION}
    assert client.get("/nks/v1/nothing", headers=headers).json["errors"][0]["status"] == 404
    assert client.put("/nks/v1/clusters", headers=headers).json["errors"][0]["status"] == 405


def test_injected_fault_uses_provider_formats(client: FlaskClient) -> None:
    client.post(
        "/_emulator/faults",
        json=[
            {"provider": "nks", "path": "^/v1/", "status": 503},
            {"provider": "nks", "path": "^/identity/", "status": 503},
        ],
    )
    api = client.get("/nks/v1/clusters", headers={"X-Auth-Token": "demo"})
    assert (api.status_code, api.json["errors"][0]["code"]) == (503, "server")
    identity = client.post(TOKENS, json=auth_body())
    assert identity.json["error"]["code"] == 503

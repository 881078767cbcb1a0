"""ITCare authentication: OAuth2 client-credentials tokens, expiry, error formats."""

from __future__ import annotations

import base64

import pytest
from flask.testing import FlaskClient
from itcare_helpers import BASE, PREFIX, TOKEN_PATH, assert_error

from kaas_emulator.core.clock import ManualClock

TOKEN_URL = PREFIX + TOKEN_PATH
GRANT = {"grant_type": "client_credentials"}


def basic(client_id: str, secret: str) -> dict[str, str]:
    raw = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    return {"Authorization": f"Basic {raw}"}


def issue(client: FlaskClient) -> str:
    response = client.post(TOKEN_URL, data=GRANT, headers=basic("demo", "demo"))
    assert response.status_code == 200, response.json
    token: str = response.json["access_token"]
    return token


def test_token_endpoint(client: FlaskClient) -> None:
    response = client.post(TOKEN_URL, data=GRANT, headers=basic("demo", "demo"))
    assert response.status_code == 200
    body = response.json
    assert body["expires_in"] == 1200 and body["token_type"] == "Bearer"
    assert len(body["access_token"]) == 32
    assert response.headers["Cache-Control"] == "no-store"
    api = client.get(PREFIX + BASE, headers={"Authorization": f"Bearer {body['access_token']}"})
    assert api.status_code == 200


def test_client_secret_post(client: FlaskClient) -> None:
    data = {**GRANT, "client_id": "demo", "client_secret": "demo"}
    assert client.post(TOKEN_URL, data=data).status_code == 200


@pytest.mark.parametrize(
    ("headers", "data"),
    [
        (basic("demo", "wrong"), GRANT),
        (basic("someone", "demo"), GRANT),
        ({}, GRANT),
        ({}, {**GRANT, "client_id": "demo", "client_secret": "nope"}),
    ],
)
def test_wrong_client_is_oauth2_401(
    client: FlaskClient, headers: dict[str, str], data: dict[str, str]
) -> None:
    response = client.post(TOKEN_URL, data=data, headers=headers)
    assert response.status_code == 401
    assert response.json["error"] == "invalid_client"
    assert set(response.json) == {"error", "error_description"}


@pytest.mark.parametrize(
    ("data", "error"),
    [({}, "invalid_request"), ({"grant_type": "password"}, "unsupported_grant_type")],
)
def test_grant_type(client: FlaskClient, data: dict[str, str], error: str) -> None:
    response = client.post(TOKEN_URL, data=data, headers=basic("demo", "demo"))
    assert response.status_code == 400
    assert response.json["error"] == error


def test_token_expires_after_1200_wall_seconds(client: FlaskClient, clock: ManualClock) -> None:
    client.post("/_emulator/config", json={"time_scale": 1000})  # not scaled
    token = issue(client)
    headers = {"Authorization": f"Bearer {token}"}
    clock.advance(1199)
    assert client.get(PREFIX + BASE, headers=headers).status_code == 200
    clock.advance(1)
    expired = client.get(PREFIX + BASE, headers=headers)
    assert_error(expired, 401, "Unauthorized", "UNAUTHORIZED")
    assert "expired" in expired.json["errorMessage"]
    assert client.get(PREFIX + BASE, headers={"Authorization": "Bearer demo"}).status_code == 200


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer nope"}, {"Authorization": "Basic ZGVtbzpkZW1v"},
     {"Authorization": "Bearer"}],
)  # fmt: skip
def test_api_refuses_missing_or_bad_tokens(client: FlaskClient, headers: dict[str, str]) -> None:
    for path in (BASE, "/actions", "/compute/platform/products", BASE + "/ingress-providers"):
        response = client.get(PREFIX + path, headers=headers)
        assert_error(response, 401, "Unauthorized", "UNAUTHORIZED")
        assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_reset_forgets_issued_tokens(client: FlaskClient) -> None:
    token = issue(client)
    client.post("/_emulator/reset")
    response = client.get(PREFIX + BASE, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401


def test_faults_use_each_endpoint_format(client: FlaskClient) -> None:
    client.post(
        "/_emulator/faults",
        json=[
            {"provider": "itcare", "path": "/token$", "status": 503},
            {"provider": "itcare", "path": "^/compute", "status": 429, "retry_after": 7},
        ],
    )
    token = client.post(TOKEN_URL, data=GRANT, headers=basic("demo", "demo"))
    assert token.status_code == 503
    assert token.json["error"] == "service_unavailable"
    api = client.get(PREFIX + BASE, headers={"Authorization": "Bearer demo"})
    assert_error(api, 429, "Too Many Requests", "RATE_LIMITED")
    assert api.json["status"] == "TOO_MANY_REQUESTS"
    assert api.headers["Retry-After"] == "7"

"""Helpers shared by the emulator tests (a uniquely named module, unlike conftest)."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient
from werkzeug.test import TestResponse

AUTH = {"Authorization": "Bearer demo"}
SEED_CREATE = {
    "name": "production",
    "control_planes": 3,
    "workers": 5,
    "node_size": "large",
    "phase": "managed",
}


class ProviderClient:
    """Authenticated requests to one provider prefix on Flask's test client.

    Subclasses set ``prefix`` and ``headers`` (their credentials and required headers)
    and add the shortcuts their tests need.
    """

    prefix = ""
    headers: dict[str, str] = {}  # noqa: RUF012 - read-only per subclass

    def __init__(self, client: FlaskClient) -> None:
        self.client = client

    def request(self, method: str, path: str, **kwargs: Any) -> TestResponse:
        headers = {**self.headers, **kwargs.pop("headers", {})}
        return self.client.open(self.prefix + path, method=method, headers=headers, **kwargs)

    def get(self, path: str, **kwargs: Any) -> TestResponse:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> TestResponse:
        return self.request("POST", path, **kwargs)

    def patch(self, path: str, **kwargs: Any) -> TestResponse:
        return self.request("PATCH", path, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> TestResponse:
        return self.request("DELETE", path, **kwargs)


class Deployme(ProviderClient):
    """Thin authenticated client for ``/deployme``."""

    prefix = "/deployme"
    headers = AUTH

    def create(self, **overrides: Any) -> dict[str, Any]:
        body = {**SEED_CREATE, **overrides}
        response = self.post("/v1/clusters", json=body)
        assert response.status_code == 201, response.json
        return response.json

    def status(self, cluster_id: str) -> str:
        response = self.get(f"/v1/clusters/{cluster_id}")
        return response.json["status"] if response.status_code == 200 else "gone"

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


class Deployme:
    """Thin authenticated client for ``/deployme`` on Flask's test client."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client

    def request(self, method: str, path: str, **kwargs: Any) -> TestResponse:
        headers = {**AUTH, **kwargs.pop("headers", {})}
        return self.client.open("/deployme" + path, method=method, headers=headers, **kwargs)

    def get(self, path: str, **kwargs: Any) -> TestResponse:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> TestResponse:
        return self.request("POST", path, **kwargs)

    def patch(self, path: str, **kwargs: Any) -> TestResponse:
        return self.request("PATCH", path, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> TestResponse:
        return self.request("DELETE", path, **kwargs)

    def create(self, **overrides: Any) -> dict[str, Any]:
        body = {**SEED_CREATE, **overrides}
        response = self.post("/v1/clusters", json=body)
        assert response.status_code == 201, response.json
        return response.json

    def status(self, cluster_id: str) -> str:
        response = self.get(f"/v1/clusters/{cluster_id}")
        return response.json["status"] if response.status_code == 200 else "gone"

"""Helpers shared by the ITCare emulator tests (a uniquely named module, unlike conftest)."""

from __future__ import annotations

from typing import Any

from emulator_helpers import ProviderClient
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from kaas_emulator.core.clock import ManualClock

PREFIX = "/itcare"
BASE = "/compute/containers/kubernetes"
AUTH = {"Authorization": "Bearer demo"}
MEDIA_TYPE = "application/vnd.cegedim-it.v1+json"
TOKEN_PATH = "/auth/realms/cloud/protocol/openid-connect/token"
CREATE_SECONDS = 600
#: A valid creation body (the seed's example, corrected where it breaks its own schema).
CREATE = {
    "name": "pcluster01",
    "region": "EB",
    "area": "EB",
    "networkId": 1125,
    "serviceId": 125,
    "nodeSizing": "2cpu4gb",
    "instanceCount": 3,
    "ingressProvider": "TRAEFIK",
}
LB = {
    "url": "shop.cegedim.com",
    "profileName": "http",
    "healthcheck": "http",
    "portMembers": "80, 443",
    "region": "EB",
    "serviceId": 125,
}


class ItCare(ProviderClient):
    """Authenticated client for ``/itcare``, with a manual clock."""

    prefix = PREFIX
    headers = AUTH

    def __init__(self, client: FlaskClient, clock: ManualClock) -> None:
        super().__init__(client)
        self.clock = clock

    def action(self, action_id: int) -> dict[str, Any]:
        response = self.get(f"/actions/{action_id}")
        assert response.status_code == 200, response.json
        return response.json

    def submit(self, method: str, path: str, body: Any = None) -> dict[str, Any]:
        """Send a write expected to answer 202 and return its action."""
        kwargs = {} if body is None else {"json": body}
        response = self.request(method, path, **kwargs)
        assert response.status_code == 202, response.json
        return response.json

    def create(self, wait: bool = True, **overrides: Any) -> dict[str, Any]:
        """Create a cluster (ACTIVE unless ``wait`` is false) and return its detail."""
        action = self.submit("POST", BASE, {**CREATE, **overrides})
        if wait:
            self.clock.advance(CREATE_SECONDS)
        return self.cluster(action["resourceId"])

    def cluster(self, cluster_id: int) -> dict[str, Any]:
        response = self.get(f"{BASE}/{cluster_id}")
        assert response.status_code == 200, response.json
        return response.json

    def nodes(self, cluster_id: int) -> list[dict[str, Any]]:
        response = self.get(f"{BASE}/{cluster_id}/nodes")
        assert response.status_code == 200, response.json
        return response.json

    def operate(self, cluster_id: int, operation: str, options: Any = None) -> TestResponse:
        body: dict[str, Any] = {"operation": operation}
        if options is not None:
            body["options"] = options
        return self.patch(f"{BASE}/{cluster_id}", json=body)

    def finish(self) -> None:
        """Let any action complete (the longest nominal duration is 900 s)."""
        self.clock.advance(1000)


def assert_error(response: TestResponse, status: int, desc: str, code: str | None = None) -> None:
    """An ITCare error body naming ``desc``."""
    assert response.status_code == status, response.get_data(as_text=True)
    body = response.json
    assert set(body) == {"status", "errorCode", "errorDesc", "errorMessage"}
    assert body["errorDesc"] == desc, body
    if code is not None:
        assert body["errorCode"] == code, body

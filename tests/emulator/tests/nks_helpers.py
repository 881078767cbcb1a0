"""Helpers shared by the NKS emulator tests: an authenticated client and the API guide's bodies."""

from __future__ import annotations

from typing import Any

from emulator_helpers import ProviderClient
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from kaas_emulator.core.clock import ManualClock
from kaas_emulator.providers.nks.examples import CLUSTER_EXAMPLE, NODEGROUP_EXAMPLE, cluster_example

__all__ = ["CLUSTER_EXAMPLE", "NODEGROUP_EXAMPLE"]

HEADERS = {"X-Auth-Token": "demo", "OpenStack-API-Version": "container-infra latest"}

CREATE_SECONDS = 600


def create_body(labels: dict[str, Any] | None = None, **overrides: Any) -> dict[str, Any]:
    """The guide's create example at a version that can be upgraded, with overrides."""
    body = cluster_example()
    body["labels"]["kube_tag"] = "v1.27.3"
    body["labels"].update(labels or {})
    body.update(overrides)
    return body


class Nks(ProviderClient):
    """Authenticated client for ``/nks``, with a manual clock."""

    prefix = "/nks"
    headers = HEADERS

    def __init__(self, client: FlaskClient, clock: ManualClock) -> None:
        super().__init__(client)
        self.clock = clock

    def create(self, body: dict[str, Any] | None = None, ready: bool = True) -> str:
        """Create a cluster (default: :func:`create_body`), wait for it; its uuid."""
        response = self.post("/v1/clusters", json=body or create_body())
        assert response.status_code == 202, response.json
        if ready:
            self.clock.advance(CREATE_SECONDS)
        return str(response.json["uuid"])

    def cluster(self, ident: str) -> dict[str, Any]:
        response = self.get(f"/v1/clusters/{ident}")
        assert response.status_code == 200, response.json
        return dict(response.json)

    def status(self, ident: str) -> str:
        response = self.get(f"/v1/clusters/{ident}")
        return str(response.json["status"]) if response.status_code == 200 else "gone"

    def worker(self, ident: str, name: str = "default-worker") -> dict[str, Any]:
        response = self.get(f"/v1/clusters/{ident}/nodegroups/{name}")
        assert response.status_code == 200, response.json
        return dict(response.json)

    def events(self, ident: str) -> list[dict[str, Any]]:
        return list(self.get(f"/v1/clusters/{ident}/events").json["events"])

    def fail_next(self, message: str, method: str = "POST", path: str | None = None) -> None:
        """Plan the next matching request's operation to end failed with ``message``."""
        rule: dict[str, Any] = {"provider": "nks", "method": method, "async_error": message}
        if path is not None:
            rule["path"] = path
        assert self.client.post("/_emulator/faults", json=rule).status_code == 201

    @staticmethod
    def error(response: TestResponse) -> dict[str, Any]:
        """The single Magnum error item of an error response."""
        errors = response.json["errors"]
        assert len(errors) == 1
        return dict(errors[0])

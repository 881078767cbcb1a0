"""Helpers shared by the ECNS emulator tests: an authenticated client and seed bodies."""

from __future__ import annotations

import copy
from typing import Any

from emulator_helpers import ProviderClient
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from kaas_emulator.core.clock import ManualClock

API = "/api/ecns/eks"

#: A workload built from the field tables of seed 1.21 (the seed has no JSON example):
#: every documented block of the workload Type, with the seed's own sample values.
SEED_WORKLOAD: dict[str, Any] = {
    "labels": {"k1": "v1", "k2": "v2"},
    "workload_base": {"name": "web", "type": "Deployment", "replicas": 2},
    "access_mode": [
        {
            "type": "NodePort",
            "access": [{"port": 80, "protocol": "TCP", "target_port": 8080}],
            "annotations": {},
        }
    ],
    "containers": [
        {
            "name": "nginx",
            "type": "worker",
            "image_source": "third_party",
            "image": {
                "image": "nginx",
                "image_version": "1.25",
                "image_pull_policy": "IfNotPresent",
            },
            "resources": {
                "requests": {"cpu": 0.1, "memory": 1024},
                "limits": {"cpu": 1, "memory": 2048},
            },
            "env": [{"type": "Normal", "name": "MODE", "key": "production"}],
            "volume_mounts": [{"volume_name": "cache", "mount_path": "/tmp", "read_only": False}],
            "health": [
                {
                    "type": "liveness",
                    "protocol": "http",
                    "path": "/healthz",
                    "port": 8080,
                    "success_threshold": 1,
                },
                {"type": "readiness", "protocol": "tcp", "port": 8080, "period": 5},
            ],
            "security": {
                "run_as_nonroot": True,
                "capabilities": {"action": "add", "caps": ["NET_BIND_SERVICE"]},
            },
            "commands": {"cmd": ["nginx"], "args": ["-g", "daemon off;"]},
            "hooks": [{"type": "PreStop", "cmd": ["nginx", "-s", "quit"]}],
        }
    ],
    "volumes": [{"name": "cache", "type": "EmptyDir", "emptydir": ""}],
    "update_strategy": {"type": "rolling_update", "max_surge": 1, "max_unavailable": 0},
    "scale_strategy": {"min_replicas": 2, "max_replicas": 5, "resource": {"cpu": 20, "memory": 20}},
    "scheduler_strategy": [
        {
            "type": "nodeSelectorTerms",
            "node_terms": {
                "expression": [{"key": "zone", "operator": "In", "values": "a", "weight": 1}]
            },
        }
    ],
    "network": {
        "host_network": False,
        "dns_policy": "ClusterFirst",
        "host_aliases": [{"ip": "10.0.0.5", "hostnames": "bar.remote.com"}],
    },
}


def workload(**overrides: Any) -> dict[str, Any]:
    """The seed workload with top-level overrides (``workload_base`` merged)."""
    body = copy.deepcopy(SEED_WORKLOAD)
    base = overrides.pop("workload_base", {})
    body["workload_base"].update(base)
    body.update(overrides)
    return body


class Ecns(ProviderClient):
    """Authenticated client for ``/ecns`` with a manual clock."""

    prefix = "/ecns"
    headers = {"X-Auth-Token": "demo"}  # noqa: RUF012 - read-only

    def __init__(self, client: FlaskClient, clock: ManualClock) -> None:
        super().__init__(client)
        self.clock = clock

    def put(self, path: str, **kwargs: Any) -> TestResponse:
        return self.request("PUT", path, **kwargs)

    def create(self, *bodies: dict[str, Any]) -> list[dict[str, Any]]:
        response = self.post(f"{API}/workloads/", json={"workloads": list(bodies or [workload()])})
        assert response.status_code == 200, response.json
        return response.json["workloads"]

    def one(self, name: str = "web", kind: str = "Deployment") -> str:
        return f"{API}/workloads/workload/{name}/?workload_type={kind}"

    def detail(self, name: str = "web", kind: str = "Deployment") -> dict[str, Any]:
        response = self.get(self.one(name, kind))
        assert response.status_code == 200, response.json
        return response.json

    def status(self, name: str = "web", kind: str = "Deployment") -> dict[str, Any]:
        return self.detail(name, kind)["workload"]["workload_status"]

    def action(
        self, action: str, body: dict[str, Any], name: str = "web", kind: str = "Deployment"
    ) -> TestResponse:
        return self.patch(
            f"{API}/workloads/workload/{name}/?action={action}&workload_type={kind}", json=body
        )

    def settle(self, seconds: float = 600) -> None:
        self.clock.advance(seconds)

    @staticmethod
    def error(response: TestResponse) -> dict[str, Any]:
        body = response.json
        assert isinstance(body, dict) and "error" in body, body
        return body["error"]

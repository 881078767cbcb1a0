"""Helpers shared by the NKS emulator tests: an authenticated client and seed bodies."""

from __future__ import annotations

import copy
from typing import Any

from emulator_helpers import ProviderClient
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from kaas_emulator.core.clock import ManualClock

HEADERS = {"X-Auth-Token": "demo", "OpenStack-API-Version": "container-infra latest"}

#: The seed's "Create a Cluster" example, verbatim.
SEED_CREATE: dict[str, Any] = {
    "cluster_template_id": "iaas_console",
    "create_timeout": 60,
    "fixed_network": "eb212079-b6ec-430c-ba57-14280a457bcb",
    "fixed_subnet": "4fdf5b80-3d35-43f5-a5c1-010a3b6c8e90",
    "flavor_id": "6ef27f21-c774-4c0e-84ff-7dd4a762571f",
    "keypair": "test-keypair",
    "labels": {
        "availability_zone": "kr2-pub-b",
        "boot_volume_size": "20",
        "boot_volume_type": "General HDD",
        "ca_enable": "false",
        "ca_max_node_count": "10",
        "ca_min_node_count": "1",
        "ca_scale_down_delay_after_add": "3",
        "ca_scale_down_enable": "true",
        "ca_scale_down_unneeded_time": "3",
        "ca_scale_down_util_thresh": "50",
        "cert_manager_api": "True",
        "clusterautoscale": "nodegroupfeature",
        "external_network_id": "751b8227-7b45-440a-9349-dbf829d0aba5",
        "external_subnet_id_list": "59ddc195-76b1-431d-9693-f09880747dc6",
        "kube_tag": "v1.23.3",
        "master_lb_floating_ip_enabled": "true",
        "strict_sg_rules": "True",
        "node_image": "f462a2a5-ba24-46d6-b7a1-9a9febcd3cfc",
        "user_script_v2": "",
        "extra_security_groups": [
            {
                "target_subnet": "4fdf5b80-3d35-43f5-a5c1-010a3b6c8e90",
                "security_group_ids": "8669cca4-7904-4dc6-b1be-db49661cedb6,"
                "fa69d78d-bd04-4ab0-9ce6-c92a84b899c2",
            }
        ],
        "extra_volumes": [{"volume_type": "General HDD", "volume_size": 100}],
    },
    "name": "test-k8s",
    "node_count": 1,
}

#: The seed's "Create a Node Group" example, verbatim.
SEED_NODEGROUP: dict[str, Any] = {
    "name": "added-nodegroup",
    "node_count": 1,
    "flavor_id": "6ef27f21-c774-4c0e-84ff-7dd4a762571f",
    "image_id": "f462a2a5-ba24-46d6-b7a1-9a9febcd3cfc",
    "labels": {
        "availability_zone": "kr2-pub-b",
        "boot_volume_size": "20",
        "boot_volume_type": "General HDD",
        "ca_enable": "false",
    },
}

CREATE_SECONDS = 600


def create_body(labels: dict[str, Any] | None = None, **overrides: Any) -> dict[str, Any]:
    """The seed's create body at a version that can be upgraded, with overrides."""
    body = copy.deepcopy(SEED_CREATE)
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

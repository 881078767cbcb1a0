"""deployme's client-side rules: everything the provider would refuse is refused before a request."""

from __future__ import annotations

import pytest

from ansible_collections.kaas.cloud.plugins.module_utils.errors import ValidationError
from ansible_collections.kaas.cloud.plugins.module_utils.providers.connection import Connection
from ansible_collections.kaas.cloud.plugins.module_utils.providers.contract import FAILED, PENDING, READY
from ansible_collections.kaas.cloud.plugins.module_utils.providers.deployme.api import DeploymeApi
from ansible_collections.kaas.cloud.plugins.module_utils.providers.deployme.cluster import DeploymeCluster


@pytest.fixture
def adapter():
    api = DeploymeApi(Connection(provider="deployme", auth={"token": "demo"}, api_url="http://127.0.0.1:1/deployme"))
    return DeploymeCluster(api)


@pytest.mark.parametrize(
    ("desired", "message"),
    [
        ({"name": "bad_name"}, "name 'bad_name' is invalid"),
        ({"name": "-lead"}, "is invalid"),
        ({"name": "a" * 64}, "at most 63"),
        ({"name": "a", "node_count": 0}, "between 1 and 100"),
        ({"name": "a", "node_size": "huge"}, "choose one of small, medium, large, xlarge"),
        ({"name": "a", "deployme": {"control_planes": 2}}, "must be 1 or 3"),
        ({"name": "a", "deployme": {"phase": "onpremise"}}, "infra_id is required when deployme.phase is onpremise"),
        ({"name": "a", "deployme": {"infra_id": "x"}}, "only applies when"),
    ],
)
def test_validation_errors(adapter, desired, message):
    with pytest.raises(ValidationError, match=message):
        adapter.validate(desired)


def test_valid_desired_state_passes(adapter):
    adapter.validate(
        {
            "name": "prod-1",
            "node_count": 5,
            "node_size": "large",
            "deployme": {"control_planes": 3, "phase": "baremetal", "infra_id": "inf-1"},
        }
    )


def test_view_maps_workers_to_node_count(adapter):
    raw = {
        "id": "cls_abc123",
        "name": "production",
        "status": "running",
        "phase": "managed",
        "control_planes": 3,
        "workers": 5,
        "node_size": "large",
        "node_count": 8,
        "kubernetes_version": "v1.31.0",
    }
    view = adapter.view(raw)
    assert view["node_count"] == 5 and view["deployme"]["total_nodes"] == 8
    assert view["version"] == "v1.31.0" and view["deployme"]["control_planes"] == 3


@pytest.mark.parametrize(
    ("status", "state"),
    [("running", READY), ("provisioning", PENDING), ("scaling", PENDING), ("deleting", PENDING), ("error", FAILED)],
)
def test_status_mapping(adapter, status, state):
    assert adapter.status({"status": status}).state == state


def test_missing_token_fails_before_any_request():
    with pytest.raises(ValidationError, match="KAAS_AUTH_TOKEN"):
        DeploymeApi(Connection(provider="deployme", auth={}, api_url="http://x"))

"""ECNS cluster listing (三级联动全量列举, 1.12) and clusters seeded through the control API."""

from __future__ import annotations

import pytest
from ecns_helpers import API, Ecns
from flask.testing import FlaskClient

from kaas_emulator.core.clock import ManualClock


@pytest.fixture
def ecns(client: FlaskClient, clock: ManualClock) -> Ecns:
    return Ecns(client, clock)


def _cluster_names(ecns: Ecns, query: str = "") -> list[str]:
    (project,) = ecns.get(f"{API}/namespace/{query}").json
    assert project["project_id"] == "demo"
    return [cluster["cluster_name"] for cluster in project["clusters"]]


def test_the_listing_gives_the_project_its_clusters_and_their_namespaces(ecns: Ecns) -> None:
    (project,) = ecns.get(f"{API}/namespace/").json
    east = project["clusters"][0]
    assert east == {
        "cluster_name": "ecns-east",
        "cluster_addr": "https://10.0.0.10:6443",
        "cluster_type": "EKS",
        "namespaces": ["default", "kube-system", "apps"],
    }
    assert _cluster_names(ecns, "?business_type=SecurityContainer") == ["ecns-east"]
    assert ecns.get(f"{API}/namespace/?business_type=Gpu").status_code == 400


def test_seeded_clusters_are_listed_with_their_nodes_until_reset(
    ecns: Ecns, client: FlaskClient
) -> None:
    answer = client.post(
        "/_emulator/preload/ecns", json={"clusters": [{"name": "big", "nodes": 5}]}
    )
    assert answer.status_code == 201
    (added,) = answer.json["clusters"]
    assert added == {"name": "big", "cluster_addr": "https://10.128.0.10:6443"}
    assert _cluster_names(ecns) == ["ecns-east", "ecns-west", "big"]

    nodes = ecns.get(f"{API}/cluster/nodes/?apiserver_host={added['cluster_addr']}").json
    names = [node["name"] for node in nodes["nodes_status"]]
    assert names == ["big-master-0", *(f"big-worker-{n}" for n in range(4))]
    masters = ecns.get(
        f"{API}/cluster/nodes/?apiserver_host={added['cluster_addr']}&business_type=Controller"
    ).json["nodes_status"]
    assert [node["name"] for node in masters] == ["big-master-0"]

    again = client.post("/_emulator/preload/ecns", json={"clusters": [{"name": "big", "nodes": 1}]})
    assert again.status_code == 409
    client.post("/_emulator/reset")
    assert _cluster_names(ecns) == ["ecns-east", "ecns-west"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({}, "body must be"),
        ({"clusters": [{"name": "", "nodes": 1}]}, "name must be a non-empty string"),
        ({"clusters": [{"name": "x", "nodes": 0}]}, "nodes must be a number from 1 to 200"),
        ({"clusters": [{"name": "ecns-east", "nodes": 1}]}, "already exists"),
    ],
)
def test_a_bad_seed_is_refused_and_adds_nothing(
    ecns: Ecns, client: FlaskClient, body: dict, message: str
) -> None:
    answer = client.post("/_emulator/preload/ecns", json=body)
    assert answer.status_code in (400, 409) and message in answer.get_data(as_text=True)
    assert _cluster_names(ecns) == ["ecns-east", "ecns-west"]


def test_providers_without_a_seed_function_refuse_seeding(client: FlaskClient) -> None:
    answer = client.post("/_emulator/preload/nks", json={})
    assert answer.status_code == 404
    assert "providers that can: ecns" in answer.get_data(as_text=True)

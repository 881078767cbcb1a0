"""ECNS Keystone v3 identity, token checks, cluster nodes and roles, kernel capabilities,
k8s versions and the uniqueness check (seed 1.3, 1.11, 1.13)."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from ecns_helpers import API, Ecns
from flask.testing import FlaskClient

from kaas_emulator.core.clock import ManualClock


@pytest.fixture
def ecns(client: FlaskClient, clock: ManualClock) -> Ecns:
    return Ecns(client, clock)


def _password_body(password: str = "demo", scope: bool = True) -> dict[str, Any]:
    body: dict[str, Any] = {
        "auth": {
            "identity": {
                "methods": ["password"],
                "password": {
                    "user": {"name": "demo", "domain": {"name": "Default"}, "password": password}
                },
            }
        }
    }
    if scope:
        body["auth"]["scope"] = {"project": {"id": "demo"}}
    return body


def test_keystone_v3_token_in_x_subject_token(client: FlaskClient) -> None:
    response = client.post("/ecns/identity/v3/auth/tokens", json=_password_body())
    assert response.status_code == 201
    token = response.headers["X-Subject-Token"]
    assert response.json["token"]["project"]["id"] == "demo"
    assert response.json["token"]["expires_at"].endswith("Z")
    listed = client.get(f"/ecns{API}/workloads/", headers={"X-Auth-Token": token})
    assert listed.status_code == 200


def test_wrong_password_and_unscoped_requests_are_refused(client: FlaskClient) -> None:
    refused = client.post("/ecns/identity/v3/auth/tokens", json=_password_body("nope"))
    assert refused.status_code == 401
    assert refused.json == {
        "error": {
            "message": "The request you have made requires authentication.",
            "code": 401,
            "title": "Unauthorized",
        }
    }
    unscoped = client.post("/ecns/identity/v3/auth/tokens", json=_password_body(scope=False))
    assert unscoped.status_code == 400
    assert "project-scoped" in unscoped.json["error"]["message"]


def test_api_needs_a_valid_token(client: FlaskClient) -> None:
    assert client.get(f"/ecns{API}/workloads/").status_code == 401
    assert (
        client.get(f"/ecns{API}/workloads/", headers={"X-Auth-Token": "forged"}).status_code == 401
    )


def test_cluster_nodes_of_the_session_or_apiserver_host(ecns: Ecns) -> None:
    nodes = ecns.get(f"{API}/cluster/nodes/").json["nodes_status"]
    assert [n["name"] for n in nodes][:2] == ["ecns-east-master-0", "ecns-east-worker-0"]
    assert (
        nodes[0]["phase"] == "Ready"
        and {"address": "10.0.0.10", "type": "InternalIP"} in nodes[0]["addresses"]
    )
    assert not any(key.startswith("_") for key in nodes[0])
    edge = ecns.get(f"{API}/cluster/nodes/?apiserver_host=https://10.1.0.10:6443").json[
        "nodes_status"
    ]
    assert len(edge) == 2
    secure = ecns.get(f"{API}/cluster/nodes/?business_type=SecurityContainer").json["nodes_status"]
    assert [n["name"] for n in secure] == ["ecns-east-worker-2"]
    assert ecns.get(f"{API}/cluster/nodes/?apiserver_host=https://nowhere").status_code == 404


def test_node_roles(ecns: Ecns) -> None:
    hybrid = ecns.get(f"{API}/cluster/nodesrole/?node_role=hybrid-orchestration").json[
        "nodes_status"
    ]
    assert [n["name"] for n in hybrid] == ["ecns-east-worker-1"]
    assert ecns.get(f"{API}/cluster/nodesrole/?node_role=gpu").status_code == 400


def test_kernel_capabilities_and_versions(ecns: Ecns) -> None:
    default = ecns.get(f"{API}/applications/kernel-capabilities/default").json["capabilities"]
    everything = ecns.get(f"{API}/applications/kernel-capabilities/all").json["capabilities"]
    assert (
        "CAP_CHOWN" in default and set(default) < set(everything) and "CAP_AUDIT_READ" in everything
    )
    versions = ecns.get(f"{API}/container_infra/k8sversions/").json["versions"]
    assert versions[0]["k8s_version"] == "v1.21.5-es"
    assert versions[0]["runtime_version"][0] == {"container_runtime": "docker", "available": True}


def test_uniqueness_check(ecns: Ecns) -> None:
    assert ecns.get(f"{API}/resources/Deployment/web/").json == {"existence": False}
    ecns.create()
    assert ecns.get(f"{API}/resources/Deployment/web/").json == {"existence": True}
    assert ecns.get(f"{API}/resources/StatefulSet/web/").json == {"existence": False}
    assert ecns.get(f"{API}/resources/Namespace/kube-system/?cluster_name=ecns-east").json == {
        "existence": True
    }
    assert ecns.get(f"{API}/resources/Pod/web/").status_code == 400


#: The seed's token request (1.11, 签名机制): user by id, project by name in a domain.
SEED_TOKEN_BODY: dict[str, Any] = {
    "auth": {
        "scope": {"project": {"domain": {"name": "Default"}, "name": "admin"}},
        "identity": {
            "password": {
                "user": {"password": "devstacker", "id": "858634b407e845f14b02bcf369225dcd0"}
            },
            "methods": ["password"],
        },
    }
}


def test_the_seed_token_request_shape_is_understood(client: FlaskClient) -> None:
    # The seed's own credentials are not the emulator's: refused as credentials, not as a shape.
    assert client.post("/ecns/identity/v3/auth/tokens", json=SEED_TOKEN_BODY).status_code == 401
    body = copy.deepcopy(SEED_TOKEN_BODY)
    body["auth"]["scope"]["project"]["name"] = "demo"
    body["auth"]["identity"]["password"]["user"] = {"id": "demo", "password": "demo"}
    assert client.post("/ecns/identity/v3/auth/tokens", json=body).status_code == 201

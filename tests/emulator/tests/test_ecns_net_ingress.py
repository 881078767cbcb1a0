"""ECNS ingress (seed 1.18): list, create, update, delete, access URIs."""

from __future__ import annotations

import pytest
from ecns_helpers import API, Ecns
from flask.testing import FlaskClient
from net_helpers import cluster_ip_service, create_service, ingress

from kaas_emulator.core.clock import ManualClock


@pytest.fixture
def ecns(client: FlaskClient, clock: ManualClock) -> Ecns:
    ecns = Ecns(client, clock)
    ecns.create()
    create_service(ecns, "web-internal", cluster_ip_service())
    return ecns


def listed(ecns: Ecns, query: str = "") -> list[dict]:
    response = ecns.get(f"{API}/ingress/{query}")
    assert response.status_code == 200, response.json
    return response.json["ingresses"]


def test_create_and_list(ecns: Ecns) -> None:
    response = ecns.post(f"{API}/ingress/", json=ingress())
    assert response.status_code == 200, response.json
    created = response.json["ingress"]
    assert created["routers"][0]["target_service"] == "web-internal" and created["creation_time"]
    assert [i["name"] for i in listed(ecns)] == ["web"]
    assert listed(ecns, "?app_selector=web")[0]["labels"] == {"app": "web"}
    assert listed(ecns, "?app_selector=other") == []


def test_create_refuses_bad_routers_naming_the_field(ecns: Ecns) -> None:
    body = ingress(
        routers=[
            {"domain": "Shop!", "path": "api", "target_service": "web-internal", "service_port": 0}
        ]
    )
    response = ecns.post(f"{API}/ingress/", json=body)
    assert response.status_code == 400
    message = ecns.error(response)["message"]
    for part in ("routers[0].domain", "routers[0].path", "routers[0].service_port"):
        assert part in message
    assert ecns.post(f"{API}/ingress/", json=ingress(routers=[])).status_code == 400


def test_routers_must_target_a_service_port_of_the_namespace(ecns: Ecns) -> None:
    ghost = ingress(
        routers=[{"domain": "a.example.com", "target_service": "ghost", "service_port": 80}]
    )
    response = ecns.post(f"{API}/ingress/", json=ghost)
    assert response.status_code == 400 and "ghost" in ecns.error(response)["message"]
    wrong_port = ingress(
        routers=[{"domain": "a.example.com", "target_service": "web-internal", "service_port": 81}]
    )
    response = ecns.post(f"{API}/ingress/", json=wrong_port)
    assert response.status_code == 400 and "no port 81" in ecns.error(response)["message"]
    # a workload's access mode is a valid target too
    to_workload = ingress(
        routers=[{"domain": "b.example.com", "target_service": "web-nodeport", "service_port": 80}]
    )
    assert ecns.post(f"{API}/ingress/", json=to_workload).status_code == 200


def test_duplicate_name_and_host_path_conflict(ecns: Ecns) -> None:
    assert ecns.post(f"{API}/ingress/", json=ingress()).status_code == 200
    assert ecns.post(f"{API}/ingress/", json=ingress()).status_code == 409
    response = ecns.post(f"{API}/ingress/", json=ingress("other"))
    assert response.status_code == 409 and "already routed" in ecns.error(response)["message"]


def test_update_replaces_routers_and_labels(ecns: Ecns) -> None:
    ecns.post(f"{API}/ingress/", json=ingress())
    changed = ingress(
        routers=[
            {
                "domain": "shop.example.com",
                "path": "/v2",
                "target_service": "web-internal",
                "service_port": 80,
            }
        ],
        labels={"app": "web", "v": "2"},
    )
    response = ecns.patch(f"{API}/ingress/", json=changed)
    assert response.status_code == 200, response.json
    assert response.json["ingress"]["routers"][0]["path"] == "/v2"
    assert listed(ecns)[0]["labels"] == {"app": "web", "v": "2"}
    assert ecns.patch(f"{API}/ingress/", json=ingress("nope")).status_code == 404


def test_delete_is_all_or_none(ecns: Ecns) -> None:
    ecns.post(f"{API}/ingress/", json=ingress())
    assert ecns.delete(f"{API}/ingress/", json={"ingress": ["web", "nope"]}).status_code == 404
    assert [i["name"] for i in listed(ecns)] == ["web"]
    assert ecns.delete(f"{API}/ingress/", json={"ingress": ["web"]}).status_code == 200
    assert listed(ecns) == []
    assert ecns.delete(f"{API}/ingress/", json={"ingress": "web"}).status_code == 400


def test_access_lists_the_uri_of_every_router(ecns: Ecns) -> None:
    ecns.post(f"{API}/ingress/", json=ingress())
    no_domain = ingress(
        "bare", routers=[{"path": "/bare", "target_service": "web-internal", "service_port": 80}]
    )
    assert ecns.post(f"{API}/ingress/", json=no_domain).status_code == 200
    assert ecns.get(f"{API}/access/").json == [
        "http://shop.example.com/",
        "http://172.24.0.10/bare",
    ]


def test_ingresses_are_per_namespace(ecns: Ecns) -> None:
    ecns.post(f"{API}/ingress/", json=ingress())
    assert ecns.get(f"{API}/namespace/demo/cluster/ecns-east/ns/apps/").status_code == 200
    assert listed(ecns) == [] and ecns.get(f"{API}/access/").json == []


def test_uniqueness_check_knows_services_and_ingresses(ecns: Ecns) -> None:
    def exists(kind: str, name: str) -> bool:
        return ecns.get(f"{API}/resources/{kind}/{name}/").json["existence"]

    assert not exists("Ingress", "web")
    ecns.post(f"{API}/ingress/", json=ingress())
    assert (
        exists("Ingress", "web")
        and exists("Service", "web-internal")
        and exists("Service", "web-nodeport")
    )
    assert not exists("Service", "ghost")

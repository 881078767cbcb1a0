"""ECNS services (seed 1.19) and the exclusive load-balancer look-ups (1.23)."""

from __future__ import annotations

import pytest
from ecns_helpers import API, Ecns
from flask.testing import FlaskClient
from net_helpers import (
    DISABLED_FLAVOR,
    cluster_ip_service,
    create_service,
    lb_service,
    service_named,
    services,
)

from kaas_emulator.core.clock import ManualClock

LB_API = f"{API}/ecns/kubernetes"


@pytest.fixture
def ecns(client: FlaskClient, clock: ManualClock) -> Ecns:
    ecns = Ecns(client, clock)
    ecns.create()  # the seed workload "web", with a NodePort access mode
    return ecns


# -- services -------------------------------------------------------------------------


def test_create_cluster_ip_service_and_list_it_with_the_workloads_access_modes(ecns: Ecns) -> None:
    created = create_service(ecns, "web-internal", cluster_ip_service())
    mode = created["access_mode"]
    assert mode["name"] == "web-internal" and mode["cluster_ip"].startswith("10.97.")
    assert created["target_workload"] == "web" and created["creation_time"]
    names = [s["access_mode"]["name"] for s in services(ecns)]
    assert names == ["web-internal", "web-nodeport"]


def test_service_list_filters_by_app_selector(ecns: Ecns) -> None:
    create_service(ecns, "web-internal", cluster_ip_service())
    other = cluster_ip_service("api")
    other["service"]["labels"] = {"tier": "api"}
    create_service(ecns, "api", other)
    assert [s["access_mode"]["name"] for s in services(ecns, "tier=api")] == ["api"]
    assert "api" not in [s["access_mode"]["name"] for s in services(ecns, "web")]


def test_create_refuses_a_bad_body_naming_every_field(ecns: Ecns) -> None:
    body = cluster_ip_service()
    body["service"]["workload_type"] = "Pod"
    body["service"]["access_mode"]["type"] = "Headless"
    body["service"]["colour"] = "blue"
    response = ecns.post(f"{API}/service/Bad_Name/", json=body)
    assert response.status_code == 400
    message = ecns.error(response)["message"]
    for part in ("service_name", "service.workload_type", "service.access_mode.type", "colour"):
        assert part in message


def test_create_refuses_an_unknown_workload_and_a_duplicate(ecns: Ecns) -> None:
    body = cluster_ip_service()
    body["service"]["target_workload"] = "ghost"
    response = ecns.post(f"{API}/service/web-internal/", json=body)
    assert response.status_code == 400 and "ghost" in ecns.error(response)["message"]
    create_service(ecns, "web-internal", cluster_ip_service())
    assert ecns.post(f"{API}/service/web-internal/", json=cluster_ip_service()).status_code == 409
    # the workload's access mode is a service of the same namespace too
    assert ecns.post(f"{API}/service/web-nodeport/", json=cluster_ip_service()).status_code == 409


def test_node_ports_list_what_is_taken_and_a_taken_port_is_refused(ecns: Ecns) -> None:
    taken = ecns.get(f"{API}/service/nodeports/").json["nodeports"]
    assert len(taken) == 1  # the workload's NodePort
    body = cluster_ip_service("web-np")
    body["service"]["access_mode"]["type"] = "NodePort"
    created = create_service(ecns, "web-np", body)
    port = created["access_mode"]["access"][0]["node_port"]
    assert port not in taken and 30000 <= port <= 32767
    assert sorted([*taken, port]) == ecns.get(f"{API}/service/nodeports/").json["nodeports"]
    clash = cluster_ip_service("web-np2")
    clash["service"]["access_mode"]["type"] = "NodePort"
    clash["service"]["access_mode"]["access"][0]["node_port"] = port
    response = ecns.post(f"{API}/service/web-np2/", json=clash)
    assert response.status_code == 409 and str(port) in ecns.error(response)["message"]


def test_update_keeps_cluster_ip_and_node_ports_and_changes_the_rest(ecns: Ecns) -> None:
    body = cluster_ip_service("web-np")
    body["service"]["access_mode"]["type"] = "NodePort"
    before = create_service(ecns, "web-np", body)["access_mode"]
    body["service"]["labels"] = {"app": "web", "tier": "front"}
    body["service"]["access_mode"]["access"].append({"port": 81, "protocol": "UDP"})
    response = ecns.put(f"{API}/service/web-np/", json=body)
    assert response.status_code == 200, response.json
    after = response.json["service"]
    assert after["labels"] == {"app": "web", "tier": "front"}
    assert after["access_mode"]["cluster_ip"] == before["cluster_ip"]
    assert after["access_mode"]["access"][0]["node_port"] == before["access"][0]["node_port"]
    assert after["access_mode"]["access"][1]["node_port"] >= 30000


def test_update_refuses_a_missing_service_and_a_workloads_access_mode(ecns: Ecns) -> None:
    assert ecns.put(f"{API}/service/nope/", json=cluster_ip_service()).status_code == 404
    response = ecns.put(f"{API}/service/web-nodeport/", json=cluster_ip_service())
    assert response.status_code == 409 and "access modes" in ecns.error(response)["message"]


def test_delete_is_all_or_none(ecns: Ecns) -> None:
    create_service(ecns, "web-internal", cluster_ip_service())
    response = ecns.delete(f"{API}/service/", json={"service": ["web-internal", "nope"]})
    assert response.status_code == 404
    assert "web-internal" in [s["access_mode"]["name"] for s in services(ecns)]
    response = ecns.delete(f"{API}/service/", json={"service": ["web-internal"]})
    assert response.status_code == 200
    assert [s["access_mode"]["name"] for s in services(ecns)] == ["web-nodeport"]
    assert ecns.delete(f"{API}/service/", json={"service": []}).status_code == 400


# -- load balancers ---------------------------------------------------------------------


def test_lb_service_builds_an_octavia_load_balancer(ecns: Ecns) -> None:
    created = create_service(ecns, "web-lb", lb_service())
    external = created["access_mode"]["external"]
    assert external["provisioning_status"] == "PENDING_CREATE"
    assert external["vip_subnet_id"] == created["access_mode"]["subnet"] == "subnet-app-1"
    assert external["availability_zone"] == "default-az"
    assert external["vip_address"].startswith("192.168.10.")
    assert created["access_mode"]["public_ips"] == []
    ecns.settle(30)
    active = service_named(ecns, "web-lb")["access_mode"]
    assert active["external"]["provisioning_status"] == "ACTIVE"
    assert active["public_ips"] and active["access"][0]["node_port"] >= 30000
    usage = ecns.get(f"{LB_API}/lb/license_usage/").json
    assert usage == {"available": 3, "delta": 1, "hard_limit": 4, "resource": "loadbalancer"}


@pytest.mark.parametrize(
    ("external", "field"),
    [
        ({"loadbalancer": {"name": "x", "vip_subnet_id": "subnet-public"}}, "vip_subnet_id"),
        ({"loadbalancer": {"name": "x", "vip_subnet_id": "subnet-isolated"}}, "vip_subnet_id"),
        (
            {
                "availability_zone_profile": {
                    "availability_zone_data": {"compute_zone": "az-maintenance"}
                }
            },
            "compute_zone",
        ),
        (
            {
                "flavor_profile": {
                    "flavor_data": {
                        "compute_flavor": DISABLED_FLAVOR,
                        "loadbalancer_topology": "SINGLE",
                    }
                }
            },
            "compute_flavor",
        ),
        (
            {
                "flavor_profile": {
                    "flavor_data": {"loadbalancer_topology": "ACTIVE_ACTIVE", "replicas": 5}
                }
            },
            "replicas",
        ),
        ({"flavor_profile": {"flavor_data": {"loadbalancer_topology": "MESH"}}}, "topology"),
    ],
)
def test_lb_service_refuses_what_the_look_ups_do_not_offer(
    ecns: Ecns, external: dict, field: str
) -> None:
    response = ecns.post(f"{API}/service/web-lb/", json=lb_service(**external))
    assert response.status_code == 400
    assert field in ecns.error(response)["message"]


def test_lb_service_needs_its_external_block_and_octavia(ecns: Ecns) -> None:
    body = lb_service()
    del body["service"]["access_mode"]["external"]
    response = ecns.post(f"{API}/service/web-lb/", json=body)
    assert response.status_code == 400 and "external" in ecns.error(response)["message"]
    assert ecns.get(f"{API}/namespace/demo/cluster/ecns-west/ns/default/").status_code == 200
    assert ecns.get(f"{LB_API}/lb/type/").json == {"octavia": {"is_installed": False}}
    ecns.create()
    response = ecns.post(f"{API}/service/web-lb/", json=lb_service())
    assert response.status_code == 409 and "Octavia" in ecns.error(response)["message"]


def test_license_quota_is_enforced(ecns: Ecns) -> None:
    for index in range(4):
        create_service(ecns, f"lb-{index}", lb_service())
    response = ecns.post(f"{API}/service/lb-4/", json=lb_service())
    assert response.status_code == 409 and "license" in ecns.error(response)["message"]
    ecns.delete(f"{API}/service/", json={"service": ["lb-0"]})
    assert ecns.get(f"{LB_API}/lb/license_usage/").json["available"] == 1


def test_a_failed_octavia_build_ends_in_error_and_keeps_its_license(ecns: Ecns) -> None:
    rule = {"provider": "ecns", "method": "POST", "async_error": "no amphora capacity"}
    assert ecns.client.post("/_emulator/faults", json=rule).status_code in (200, 201)
    create_service(ecns, "web-lb", lb_service())
    ecns.settle(30)
    external = service_named(ecns, "web-lb")["access_mode"]["external"]
    assert (external["provisioning_status"], external["operating_status"]) == ("ERROR", "OFFLINE")
    body = ecns.get(f"{API}/overview/openstack_status/").json
    assert {i["status"]: i["count"] for i in body["loadbalances"]}["Error"] == 1
    # Octavia keeps a load balancer in ERROR (and its license) until it is deleted or repaired.
    assert ecns.get(f"{LB_API}/lb/license_usage/").json["delta"] == 1
    renamed = lb_service(loadbalancer={"name": "web-lb-2", "vip_subnet_id": "subnet-app-1"})
    assert ecns.put(f"{API}/service/web-lb/", json=renamed).status_code == 200
    ecns.settle(30)
    assert (
        service_named(ecns, "web-lb")["access_mode"]["external"]["provisioning_status"] == "ACTIVE"
    )


def test_lb_update_renames_but_refuses_octavia_fixed_parts(ecns: Ecns) -> None:
    create_service(ecns, "web-lb", lb_service())
    busy = ecns.put(f"{API}/service/web-lb/", json=lb_service())
    assert busy.status_code == 409  # still being built
    ecns.settle(30)
    renamed = lb_service(loadbalancer={"name": "shop-lb", "vip_subnet_id": "subnet-app-1"})
    response = ecns.put(f"{API}/service/web-lb/", json=renamed)
    assert response.status_code == 200, response.json
    external = response.json["service"]["access_mode"]["external"]
    assert (external["name"], external["provisioning_status"]) == ("shop-lb", "PENDING_UPDATE")
    ecns.settle(30)
    moved = lb_service(loadbalancer={"name": "shop-lb", "vip_subnet_id": "subnet-db-1"})
    response = ecns.put(f"{API}/service/web-lb/", json=moved)
    assert response.status_code == 409 and "vip_subnet_id" in ecns.error(response)["message"]


# -- look-ups ---------------------------------------------------------------------------


def test_look_ups_answer_the_seed_fields(ecns: Ecns) -> None:
    zones = ecns.get(f"{LB_API}/server/availabilityzones/").json
    assert {"name": "az-maintenance", "state": {"available": False}} in zones
    flavors = ecns.get(f"{LB_API}/server/flavors/").json
    assert set(flavors[0]) == {
        "description",
        "id",
        "is_disabled",
        "is_public",
        "is_recommend",
        "name",
        "ram",
        "vcpus",
    }
    assert ecns.get(f"{LB_API}/lbaas/flavorprofile_replicas_limit/").json == {"REPLCAS_LIMIT": 4}
    assert ecns.get(f"{LB_API}/lb/type/").json == {"octavia": {"is_installed": True}}


def test_subnets_follow_the_query_filters(ecns: Ecns) -> None:
    query = "is_router_external=false&is_connect_router=true&all_projects=true"
    listed = ecns.get(f"{LB_API}/network/subnets/?{query}").json
    assert [s["id"] for s in listed] == ["subnet-app-1", "subnet-db-1", "subnet-other-project"]
    assert not any(key.startswith("_") for key in listed[0])
    mine = ecns.get(f"{LB_API}/network/subnets/?is_router_external=false").json
    assert "subnet-other-project" not in [s["id"] for s in mine]
    assert ecns.get(f"{LB_API}/network/subnets/?all_projects=maybe").status_code == 400


def test_look_ups_are_for_the_eks_product_only(ecns: Ecns) -> None:
    response = ecns.get("/api/ecns/hybrid/ecns/kubernetes/server/flavors/")
    assert response.status_code == 404 and "eks" in ecns.error(response)["message"]

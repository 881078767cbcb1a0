"""ECNS applications (1.2) and hybrid VM workloads (1.8): every endpoint, its refusals."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from ecns_helpers import API, Ecns, workload
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from kaas_emulator.core.clock import ManualClock

HYBRID = "/api/ecns/hybrid"
APPS = f"{API}/applications"

VM_NETWORK = {
    "network_name": "app-net",
    "network_id": "6f0c1f4e-0000-4000-8000-000000000001",
    "subnet_name": "app-subnet",
    "subnet_id": "6f0c1f4e-0000-4000-8000-000000000002",
}
VIRTUAL_MACHINE: dict[str, Any] = {
    "name": "db",
    "replicas": 2,
    "availability_zone": "nova",
    "boot_manager": {"type": "image", "image": "ubuntu-22.04"},
    "flavor_name": "m1.medium",
    "system_disk": {"size": 40},
    "data_disk": [{"type": "hdd", "size": 100, "amount": 1}],
    "security_groups": ["default"],
    "loadbalancer": {"internal_ip": "192.168.10.5", "access": [{"port": 5432, "protocol": "TCP"}]},
    "authentication": {"keypair": "ops", "password": "S3cret-vm-pass"},
}


@pytest.fixture
def ecns(client: FlaskClient, clock: ManualClock) -> Ecns:
    return Ecns(client, clock)


def create(ecns: Ecns, body: dict[str, Any], api: str = API) -> TestResponse:
    return ecns.post(f"{api}/applications/", json=body)


def hybrid_body(**overrides: Any) -> dict[str, Any]:
    body = {
        "name": "shop",
        "type": "Hybrid",
        "description": "web + db",
        "vm_network": dict(VM_NETWORK),
        "configmaps": [{"name": "shop-config", "config": {"mode": "prod"}}],
        "workloads": [workload(workload_base={"name": "front"})],
        "virtual_machines": [copy.deepcopy(VIRTUAL_MACHINE)],
    }
    body.update(overrides)
    return body


def detail(ecns: Ecns, name: str, app_type: str = "Normal", api: str = API) -> dict[str, Any]:
    response = ecns.get(f"{api}/applications/app/{name}/?type={app_type}")
    assert response.status_code == 200, response.json
    return response.json["application_info"]


def test_create_normal_application_owns_its_workloads(ecns: Ecns) -> None:
    response = create(ecns, {"name": "blog", "description": "a blog", "workloads": [workload()]})
    assert response.status_code == 200, response.json
    info = response.json["application_info"]
    assert info["application"]["name"] == "blog"
    assert info["application"]["type"] == "Normal"
    assert info["application_status"]["status"] == "Processing"
    assert info["workloads_status"][0]["owner"] == "blog"
    assert "vms_status" not in info
    ecns.settle()
    assert detail(ecns, "blog")["application_status"]["status"] == "Running"
    # The workload endpoints see the member too, owned by the application.
    assert ecns.status()["owner"] == "blog"


def test_application_without_members_has_no_workload_status(ecns: Ecns) -> None:
    assert create(ecns, {"name": "empty"}).status_code == 200
    assert detail(ecns, "empty")["application_status"]["status"] == "No workload"


def test_list_applications_by_type_and_page(ecns: Ecns) -> None:
    for name in ("a1", "a2", "a3"):
        assert create(ecns, {"name": name}).status_code == 200
    assert create(ecns, hybrid_body(), HYBRID).status_code == 200
    page = ecns.get(f"{APPS}/?page=2&page_size=2").json
    assert [i["application"]["name"] for i in page["applications_info"]] == ["a3"]
    assert page["count"] == 3
    hybrid = ecns.get(f"{HYBRID}/applications/?type=Hybrid").json["applications_info"]
    assert [i["application"]["name"] for i in hybrid] == ["shop"]
    assert ecns.get(f"{APPS}/?type=Other").status_code == 400


def test_create_refusals_name_every_problem_and_create_nothing(ecns: Ecns) -> None:
    response = create(ecns, {"name": "Bad_Name", "type": "Mixed", "colour": "red"})
    assert response.status_code == 400
    message = ecns.error(response)["message"]
    assert "name:" in message and "type:" in message and "colour: unknown field" in message
    assert create(ecns, {"name": "app"}).status_code == 400
    assert ecns.get(f"{APPS}/").json["count"] == 0


def test_duplicate_application_or_member_conflicts(ecns: Ecns) -> None:
    assert create(ecns, {"name": "blog", "workloads": [workload()]}).status_code == 200
    assert create(ecns, {"name": "blog"}).status_code == 409
    taken = create(ecns, {"name": "other", "workloads": [workload()]})
    assert taken.status_code == 409
    assert "already exists" in ecns.error(taken)["message"]
    assert ecns.get(f"{APPS}/app/other/").status_code == 404


def test_hybrid_application_creates_virtual_machines(ecns: Ecns) -> None:
    response = create(ecns, hybrid_body(), HYBRID)
    assert response.status_code == 200, response.json
    info = response.json["application_info"]
    vm = info["vms_status"][0]
    assert (vm["name"], vm["status"], vm["application_name"]) == ("db", "BUILD", "shop")
    assert vm["flavor"] == {"cpu": "2C", "memory": "4GiB", "disk": "40GiB"}
    assert len(vm["vm_instances"]) == 2 and vm["vm_network"] == VM_NETWORK
    assert info["application"]["configmaps"][0]["config"] == {"mode": "prod"}
    # The login password is write-only.
    assert "password" not in info["application"]["virtual_machines"][0]["authentication"]
    ecns.settle()
    assert detail(ecns, "shop", "Hybrid", HYBRID)["application_status"]["status"] == "Running"
    # A Normal application may share the hybrid one's name (seed 1.8).
    assert create(ecns, {"name": "shop"}, HYBRID).status_code == 200


def test_hybrid_rules(ecns: Ecns) -> None:
    no_network = create(ecns, hybrid_body(vm_network=None), HYBRID)
    assert "vm_network: is required" in ecns.error(no_network)["message"]
    machine = {**VIRTUAL_MACHINE, "flavor_name": "xl", "authentication": {}, "loadbalancer": {}}
    bad_vm = create(ecns, hybrid_body(virtual_machines=[machine]), HYBRID)
    message = ecns.error(bad_vm)["message"]
    assert "flavor_name" in message and "authentication" in message and "loadbalancer" in message
    assert create(ecns, hybrid_body(), API).status_code == 400  # Hybrid needs the hybrid product
    vms_in_normal = create(ecns, {"name": "x", "virtual_machines": [VIRTUAL_MACHINE]})
    assert "only a Hybrid application" in ecns.error(vms_in_normal)["message"]


def test_update_description(ecns: Ecns) -> None:
    create(ecns, {"name": "blog", "description": "old"})
    response = ecns.put(f"{APPS}/blog/", json={"name": "blog", "description": "new"})
    assert response.status_code == 200
    assert response.json["application_info"]["application"]["description"] == "new"
    renamed = ecns.put(f"{APPS}/blog/", json={"name": "other", "description": "x"})
    assert renamed.status_code == 400
    assert ecns.put(f"{APPS}/nope/", json={"name": "nope"}).status_code == 404
    assert ecns.put(f"{APPS}/blog/", json={"name": "blog", "workloads": []}).status_code == 400


def test_detail_of_a_missing_application_is_404(ecns: Ecns) -> None:
    response = ecns.get(f"{APPS}/app/ghost/?type=Normal")
    assert response.status_code == 404
    assert "ghost" in ecns.error(response)["message"]


def test_start_starts_stopped_members(ecns: Ecns) -> None:
    create(ecns, {"name": "blog", "workloads": [workload()]})
    ecns.settle()
    ecns.put(f"{API}/workloads/workload/web/?action=stop&workload_type=Deployment")
    ecns.settle()
    assert detail(ecns, "blog")["application_status"]["status"] == "Stopped"
    body = {"applications": [{"name": "blog", "type": "Normal"}]}
    response = ecns.put(f"{APPS}/app/?action=start", json=body)
    assert response.status_code == 200
    ecns.settle()
    assert detail(ecns, "blog")["application_status"]["status"] == "Running"


def test_recreate_redeploys_workloads_and_reboots_vms(ecns: Ecns) -> None:
    create(ecns, hybrid_body(), HYBRID)
    ecns.settle()
    before = detail(ecns, "shop", "Hybrid", HYBRID)["vms_status"][0]["vm_instances"][0]["id"]
    body = {"applications": [{"name": "shop", "type": "Hybrid"}]}
    response = ecns.put(f"{HYBRID}/applications/app?action=recreate", json=body)
    assert response.status_code == 200
    info = response.json["applications_info"][0]
    assert info["application_status"]["status"] == "Processing"
    assert info["vms_status"][0]["vm_instances"][0]["id"] != before


def test_batch_refusals(ecns: Ecns) -> None:
    assert ecns.put(f"{APPS}/app/?action=stop", json={"applications": []}).status_code == 400
    missing = ecns.put(f"{APPS}/app/?action=start", json={"applications": [{"name": "nope"}]})
    assert missing.status_code == 404
    assert ecns.put(f"{APPS}/app/?action=start", json={"applications": []}).status_code == 400


def test_delete_without_cascade_detaches_members(ecns: Ecns) -> None:
    create(ecns, {"name": "blog", "workloads": [workload()]})
    response = ecns.delete(f"{APPS}/app/", json={"applications": [{"name": "blog"}]})
    assert response.status_code == 200
    assert ecns.get(f"{APPS}/app/blog/").status_code == 404
    assert ecns.status()["owner"] == ""


def test_delete_cascading_to_workloads_and_services(ecns: Ecns) -> None:
    create(ecns, {"name": "blog", "workloads": [workload()]})
    body = {"applications": [{"name": "blog", "type": "Normal"}]}
    response = ecns.delete(f"{APPS}/app/?resource=workload,service", json=body)
    assert response.status_code == 200
    removing = ecns.detail()["workload"]
    assert removing["workload_status"]["status"] == "Removing"
    assert removing["access_mode"] == []
    ecns.settle()
    assert ecns.get(ecns.one()).status_code == 404


def test_hybrid_configmaps_are_real_configmaps(ecns: Ecns) -> None:
    create(ecns, hybrid_body(), HYBRID)
    made = ecns.get(f"{HYBRID}/kubernetes/configmap/shop-config/")
    assert made.status_code == 200 and made.json["configmap"]["config"] == {"mode": "prod"}
    taken = create(ecns, hybrid_body(name="again", workloads=[], virtual_machines=[]), HYBRID)
    assert taken.status_code == 409 and "shop-config" in ecns.error(taken)["message"]


def test_delete_all_removes_virtual_machines_and_configmaps(ecns: Ecns) -> None:
    create(ecns, hybrid_body(), HYBRID)
    body = {"applications": [{"name": "shop", "type": "Hybrid"}]}
    assert ecns.delete(f"{HYBRID}/applications/app/?resource=all", json=body).status_code == 200
    assert ecns.get(f"{HYBRID}/virtualmachine/").json == []
    assert ecns.get(f"{HYBRID}/kubernetes/configmap/shop-config/").status_code == 404


def test_delete_workload_cascade_keeps_configmaps_and_orphans_nothing(ecns: Ecns) -> None:
    create(ecns, hybrid_body(), HYBRID)
    body = {"applications": [{"name": "shop", "type": "Hybrid"}]}
    assert (
        ecns.delete(f"{HYBRID}/applications/app/?resource=workload", json=body).status_code == 200
    )
    assert ecns.get(f"{HYBRID}/virtualmachine/").json == []
    assert ecns.get(f"{HYBRID}/kubernetes/configmap/shop-config/").status_code == 200


def test_delete_refusals(ecns: Ecns) -> None:
    create(ecns, {"name": "blog"})
    body = {"applications": [{"name": "blog"}]}
    service_only = ecns.delete(f"{APPS}/app/?resource=service", json=body)
    assert service_only.status_code == 400
    assert "resource=workload,service" in ecns.error(service_only)["message"]
    assert ecns.delete(f"{APPS}/app/?resource=pods", json=body).status_code == 400
    assert ecns.delete(f"{APPS}/app/", json={"applications": [{"name": "x"}]}).status_code == 404
    assert ecns.get(f"{APPS}/app/blog/").status_code == 200


def test_virtual_machine_list_and_detail(ecns: Ecns) -> None:
    create(ecns, hybrid_body(), HYBRID)
    listed = ecns.get(f"{HYBRID}/virtualmachine/").json
    assert [vm["name"] for vm in listed] == ["db"]
    ecns.settle()
    one = ecns.get(f"{HYBRID}/virtualmachine/db/").json
    assert one["status"] == "ACTIVE" and one["loadbalancer"]["status"] == "ACTIVE"
    assert {i["status"] for i in one["vm_instances"]} == {"ACTIVE"}
    assert ecns.get(f"{HYBRID}/virtualmachine/ghost/").status_code == 404
    assert ecns.get(f"{API}/virtualmachine/").status_code == 404  # hybrid product only


def test_uniqueness_check_sees_applications_and_virtual_machines(ecns: Ecns) -> None:
    def exists(kind: str, name: str, api: str = API) -> bool:
        return ecns.get(f"{api}/resources/{kind}/{name}/").json["existence"]

    assert not exists("Application", "shop") and not exists("VirtualMachine", "db")
    create(ecns, hybrid_body(), HYBRID)
    assert exists("Application", "shop", HYBRID) and exists("VirtualMachine", "db", HYBRID)
    assert not exists("Application", "shop-2")

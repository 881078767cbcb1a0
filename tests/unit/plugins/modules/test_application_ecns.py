"""application and application_info on ECNS, against the emulator."""

from __future__ import annotations

import copy

import pytest

from ansible_collections.kaas.cloud.plugins.modules import application
from support.harness import run_module

API = "/api/ecns/eks"
HYBRID = "/api/ecns/hybrid"
BATCH = f"{API}/applications/app/"
WEB = {
    "name": "blog-web",
    "replicas": 2,
    "containers": [{"name": "nginx", "image": {"image": "nginx", "image_version": "1.25"}}],
    "access_modes": [{"type": "NodePort", "access": [{"port": 80}]}],
}
BLOG = {"name": "blog", "description": "The team blog", "workloads": [WEB]}
VM_NETWORK = {"network_name": "app-net", "network_id": "n-1", "subnet_name": "app-subnet", "subnet_id": "s-1"}
VM_PASSWORD = "Vm-Login-Passw0rd-91c2"
SHOP = {
    "name": "shop",
    "type": "Hybrid",
    "product_type": "hybrid",
    "vm_network": VM_NETWORK,
    "configmaps": [{"name": "shop-config", "config": {"mode": "prod"}}],
    "workloads": [{**WEB, "name": "shop-web"}],
    "virtual_machines": [
        {
            "name": "db",
            "replicas": 2,
            "availability_zone": "nova",
            "flavor_name": "m1.medium",
            "boot_manager": {"type": "image", "image": "ubuntu-22.04"},
            "system_disk": {"size": 40},
            "loadbalancer": {"internal_ip": "192.168.10.5", "access": [{"port": 5432}]},
            "authentication": {"keypair": "ops", "password": VM_PASSWORD},
        }
    ],
}


def converge(args, **kw):
    return run_module(application.main, args, **kw)


def test_lifecycle_create_rerun_describe_delete(cloud, ecns_args):
    created = converge({**ecns_args, **BLOG}, diff=True)
    assert created.get("changed"), created
    blog = created["application"]
    assert (blog["status"], blog["type"], blog["running"]) == ("Running", "Normal", True)
    assert [(w["name"], w["status"], w["ready_replicas"]) for w in blog["workloads"]] == [("blog-web", "Running", 2)]
    assert created["diff"]["before"] == {} and created["diff"]["after"]["description"] == "The team blog"
    assert cloud.api_writes("ecns") == [("POST", f"{API}/applications/", "")]

    cloud.clear_log()
    again = converge({**ecns_args, **BLOG})
    assert again["changed"] is False and cloud.api_writes("ecns") == []

    cloud.clear_log()
    described = converge({**ecns_args, "name": "blog", "description": "Our blog"}, diff=True)
    assert described["changed"] and described["application"]["description"] == "Our blog"
    assert described["diff"]["before"]["description"] == "The team blog"
    assert cloud.api_writes("ecns") == [("PUT", f"{API}/applications/blog/", "")]

    cloud.clear_log()
    deleted = converge({**ecns_args, "name": "blog", "state": "absent", "cascade": "workloads_and_services"})
    assert deleted["changed"] and deleted["application"] == {}
    assert converge({**ecns_args, "name": "blog", "state": "absent"})["changed"] is False
    assert cloud.api_writes("ecns") == [("DELETE", BATCH, "resource=workload%2Cservice")]
    # The cascade deletes the workload: it is being removed, or already gone at the test's time scale.
    member = cloud.ecns("GET", f"{API}/workloads/workload/blog-web/?workload_type=Deployment")
    assert member.status_code == 404 or member.json()["workload"]["workload_status"]["status"] == "Removing"


def test_delete_without_cascade_keeps_the_workloads(cloud, ecns_args):
    converge({**ecns_args, **BLOG})
    cloud.clear_log()
    converge({**ecns_args, "name": "blog", "state": "absent"})
    assert cloud.api_writes("ecns") == [("DELETE", BATCH, "")]
    kept = cloud.ecns("GET", f"{API}/workloads/workload/blog-web/?workload_type=Deployment").json()
    assert kept["workload"]["workload_status"]["status"] == "Running"


def test_started_starts_stopped_members_once(cloud, ecns_args):
    converge({**ecns_args, **BLOG})
    cloud.ecns("PUT", f"{API}/workloads/workload/blog-web/?action=stop&workload_type=Deployment")
    cloud.clear_log()
    started = converge({**ecns_args, "name": "blog", "state": "started"}, diff=True)
    assert started["changed"] and started["application"]["running"] is True
    assert started["diff"]["before"]["running"] is False
    assert started["application"]["status"] == "Running"
    assert converge({**ecns_args, "name": "blog", "state": "started"})["changed"] is False
    assert cloud.api_writes("ecns") == [("PUT", BATCH, "action=start")]


def test_restarted_redeploys_and_check_mode_sends_nothing(cloud, ecns_args):
    converge({**ecns_args, **BLOG})
    cloud.clear_log()
    predicted = converge({**ecns_args, "name": "blog", "state": "restarted"}, check=True)
    assert predicted["changed"] and cloud.api_writes("ecns") == []
    restarted = converge({**ecns_args, "name": "blog", "state": "restarted"})
    assert restarted["changed"] and restarted["application"]["status"] == "Running"
    assert cloud.api_writes("ecns") == [("PUT", BATCH, "action=recreate")]


def test_check_mode_predicts_without_writing(cloud, ecns_args):
    planned = converge({**ecns_args, **BLOG}, check=True, diff=True)
    assert planned["changed"] and planned["diff"]["before"] == {}
    assert planned["diff"]["after"]["description"] == "The team blog"
    converge({**ecns_args, **BLOG})
    cloud.clear_log()
    change = converge({**ecns_args, "name": "blog", "description": "x"}, check=True)
    assert change["changed"] and change["application"]["description"] == "x"
    removal = converge({**ecns_args, "name": "blog", "state": "absent"}, check=True)
    assert removal["changed"]
    assert cloud.api_writes("ecns") == []


def test_hybrid_application_with_virtual_machines(cloud, ecns_args):
    created = converge({**ecns_args, **SHOP})
    assert created.get("changed"), created
    shop = created["application"]
    assert (shop["type"], shop["product_type"], shop["configmaps"]) == ("Hybrid", "hybrid", ["shop-config"])
    vm = shop["virtual_machines"][0]
    assert (vm["name"], vm["status"], len(vm["instances"])) == ("db", "ACTIVE", 2)
    assert VM_PASSWORD not in str(created)
    assert cloud.api_writes("ecns") == [("POST", f"{HYBRID}/applications/", "")]
    cloud.clear_log()
    assert converge({**ecns_args, **SHOP})["changed"] is False
    assert cloud.api_writes("ecns") == []
    # A Normal application may have the same name: the type tells them apart.
    normal = converge({**ecns_args, "name": "shop", "product_type": "hybrid"})
    assert normal["changed"] and normal["application"]["type"] == "Normal"
    deleted = converge({**ecns_args, **SHOP, "state": "absent", "cascade": "all"})
    assert deleted["changed"]
    assert cloud.api_writes("ecns")[-1] == ("DELETE", f"{HYBRID}/applications/app/", "resource=all")
    assert cloud.ecns("GET", f"{HYBRID}/kubernetes/configmap/shop-config/").status_code == 404


def bad_workload():
    broken = copy.deepcopy(WEB)
    broken["replicas"] = -1
    return broken


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"name": "Blog"}, "application name 'Blog' is invalid"),
        ({"name": "app"}, "is reserved"),
        ({"name": "shop", "type": "Hybrid"}, "set product_type: hybrid"),
        ({"name": "blog", "product_type": "security"}, "not security"),
        ({"name": "blog", "vm_network": VM_NETWORK}, "belong to a Hybrid application only"),
        (
            {"name": "blog", "workloads": [bad_workload()]},
            "workloads[0]: invalid ECNS workload: replicas must be from 0",
        ),
        ({"name": "blog", "workloads": [{"name": "w", "colour": "red"}]}, "workloads[0]: "),
        ({"name": "blog", "cascade": "everything"}, "cascade"),
        ({"name": "shop", "type": "Hybrid", "product_type": "hybrid"}, "needs vm_network"),
    ],
)
def test_bad_input_is_refused_before_any_write(cloud, ecns_args, options, message):
    result = converge({**ecns_args, **options})
    assert result["failed"] and message in result["msg"], result
    assert cloud.api_writes("ecns") == []


def test_a_provider_error_surfaces_with_its_message(cloud, ecns_args):
    cloud.ecns("POST", f"{API}/workloads/", json={"workloads": [taken_workload()]})
    result = converge({**ecns_args, **BLOG})
    assert result["failed"] and 'Deployment "blog-web" already exists' in result["msg"], result


def taken_workload():
    return {
        "workload_base": {"name": "blog-web", "type": "Deployment", "replicas": 1},
        "containers": [{"name": "c", "type": "worker", "image": {"image": "nginx", "image_version": "1"}}],
    }


def test_members_are_create_only_and_the_network_cannot_change(cloud, ecns_args):
    converge({**ecns_args, **SHOP})
    cloud.clear_log()
    other_members = converge({**ecns_args, **SHOP, "workloads": [{**WEB, "name": "other-web"}]})
    assert other_members["changed"] is False and cloud.api_writes("ecns") == []
    moved = converge({**ecns_args, **SHOP, "vm_network": {**VM_NETWORK, "subnet_id": "s-2"}})
    assert moved["failed"] and "vm_network" in moved["msg"], moved
    assert cloud.api_writes("ecns") == []

"""virtual_machine_info on ECNS: the VM workloads a hybrid application made, against the emulator."""

from __future__ import annotations

from ansible_collections.kaas.cloud.plugins.modules import application, virtual_machine_info
from support.harness import run_module

from .test_application_ecns import SHOP, VM_NETWORK, VM_PASSWORD

HYBRID = "/api/ecns/hybrid"


def read(args, **options):
    return run_module(virtual_machine_info.main, {**args, **options})


def test_lists_and_reads_vm_workloads_with_reads_only(cloud, ecns_args, ecns_object_args):
    run_module(application.main, {**ecns_args, **SHOP})
    cloud.clear_log()
    listed = read(ecns_object_args)
    assert listed["changed"] is False
    (vm,) = listed["virtual_machines"]
    assert (vm["name"], vm["application"], vm["status"], vm["replicas"]) == ("db", "shop", "ACTIVE", 2)
    assert (vm["cluster"], vm["namespace"], vm["product_type"]) == ("ecns-east", "default", "hybrid")
    assert vm["flavor"] == {"cpu": "2C", "memory": "4GiB", "disk": "40GiB"}
    assert vm["vm_network"] == VM_NETWORK and vm["loadbalancer"]["status"] == "ACTIVE"
    assert [i["name"] for i in vm["instances"]] == ["db-0", "db-1"]
    assert VM_PASSWORD not in str(listed)
    one = read(ecns_object_args, name="db")
    assert [v["instances"][0]["id"] for v in one["virtual_machines"]] == [vm["instances"][0]["id"]]
    assert read(ecns_object_args, name="ghost")["virtual_machines"] == []
    assert cloud.api_writes("ecns") == []
    paths = {r["path"] for r in cloud.requests("ecns") if not r["path"].startswith("/identity")}
    assert f"{HYBRID}/virtualmachine/" in paths and f"{HYBRID}/virtualmachine/db/" in paths


def test_an_empty_namespace_has_none(cloud, ecns_object_args):
    assert read(ecns_object_args, namespace="apps")["virtual_machines"] == []


def test_bad_input_is_refused_before_any_request(cloud, ecns_object_args):
    result = read(ecns_object_args, product_type="eks")
    assert result["failed"] and "product_type" in result["msg"], result
    blank = read(ecns_object_args, name=" db")
    assert blank["failed"] and "surrounding blanks" in blank["msg"], blank
    assert [r for r in cloud.requests("ecns") if not r["path"].startswith("/identity")] == []


def test_a_provider_error_surfaces_with_its_message(cloud, ecns_object_args):
    result = read(ecns_object_args, cluster="no-such-cluster")
    assert result["failed"] and "no-such-cluster" in result["msg"], result

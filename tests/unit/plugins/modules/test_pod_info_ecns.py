"""pod_info on ECNS, against the emulator (seed 1.16)."""

from __future__ import annotations

from ansible_collections.kaas.cloud.plugins.modules import pod_info
from support.ecns_net import API, add_workload, api_reads, api_requests
from support.harness import run_module


def test_lists_the_pods_of_the_namespace(cloud, ecns_object_args):
    add_workload(cloud, replicas=2)
    cloud.clear_log()
    result = run_module(pod_info.main, ecns_object_args)
    assert result["changed"] is False and len(result["pods"]) == 2
    pod = result["pods"][0]
    assert pod["name"].startswith("web-") and (pod["cluster"], pod["namespace"]) == ("ecns-east", "default")
    assert pod["images"] == ["nginx:1.25"] and pod["status"] in ("Running", "Pending")
    assert "events" not in pod
    assert api_reads(cloud)[-1] == f"{API}/pods/" and cloud.api_writes("ecns") == []


def test_one_pod_with_its_detail(cloud, ecns_object_args):
    add_workload(cloud)
    name = run_module(pod_info.main, ecns_object_args)["pods"][0]["name"]
    result = run_module(pod_info.main, {**ecns_object_args, "name": name})
    (pod,) = result["pods"]
    assert pod["name"] == name and pod["restart_policy"] == "Always"
    assert pod["containers"][0]["name"] == "nginx"
    assert {c["type"] for c in pod["conditions"]} >= {"Ready", "PodScheduled"}
    assert pod["events"][-1]["reason"] == "Scheduled"


def test_an_unknown_pod_is_an_empty_list(cloud, ecns_object_args):
    assert run_module(pod_info.main, {**ecns_object_args, "name": "ghost"})["pods"] == []


def test_namespaces_are_separate(cloud, ecns_object_args):
    add_workload(cloud, namespace="apps")
    assert run_module(pod_info.main, ecns_object_args)["pods"] == []
    assert len(run_module(pod_info.main, {**ecns_object_args, "namespace": "apps"})["pods"]) == 1


def test_bad_name_is_refused_before_any_request(cloud, ecns_object_args):
    result = run_module(pod_info.main, {**ecns_object_args, "name": "Web_0"})
    assert result["failed"] and "pod name 'Web_0' is invalid" in result["msg"], result
    assert api_requests(cloud) == []


def test_a_provider_error_surfaces_with_its_message(cloud, ecns_object_args):
    result = run_module(pod_info.main, {**ecns_object_args, "namespace": "nowhere"})
    assert result["failed"] and "namespace 'nowhere' not found" in result["msg"], result

"""service and service_info on ECNS, against the emulator (seed 1.19)."""

from __future__ import annotations

import pytest

from ansible_collections.kaas.cloud.plugins.modules import service
from support.ecns_net import API, add_workload, api_reads, api_requests
from support.harness import run_module

ONE = f"{API}/service/web-internal/"
INTERNAL = {
    "name": "web-internal",
    "type": "ClusterIP",
    "target_workload": "web",
    "ports": [{"port": 80, "target_port": 8080}],
    "labels": {"app": "web"},
}


def converge(args, **kw):
    return run_module(service.main, args, **kw)


@pytest.fixture
def web(cloud):
    add_workload(cloud)
    cloud.clear_log()
    return cloud


def test_lifecycle_create_rerun_update_delete(web, ecns_object_args):
    cloud = web
    created = converge({**ecns_object_args, **INTERNAL})
    assert created.get("changed"), created
    view = created["service"]
    assert (view["type"], view["target_workload"], view["workload_type"]) == ("ClusterIP", "web", "Deployment")
    assert view["ports"] == [{"port": 80, "target_port": 8080, "protocol": "TCP"}]
    assert view["cluster_ip"] and view["namespace"] == "default"
    assert cloud.api_writes("ecns") == [("POST", ONE, "")]

    cloud.clear_log()
    again = converge({**ecns_object_args, **INTERNAL})
    assert again["changed"] is False and cloud.api_writes("ecns") == []
    # An unchanged run reads: the namespace switch and the list, nothing else.
    assert api_reads(cloud) == [f"{API}/namespace/demo/cluster/ecns-east/ns/default/", f"{API}/service/"]

    cloud.clear_log()
    updated = converge({**ecns_object_args, "name": "web-internal", "type": "NodePort"}, diff=True)
    assert updated["changed"], updated
    assert updated["diff"]["before"]["type"] == "ClusterIP" and updated["diff"]["after"]["type"] == "NodePort"
    after = updated["service"]
    assert after["cluster_ip"] == view["cluster_ip"], "an update keeps the cluster IP"
    assert after["ports"][0]["node_port"] >= 30000 and after["labels"] == {"app": "web"}
    assert cloud.api_writes("ecns") == [("PUT", ONE, "")]

    cloud.clear_log()
    # The node port ECNS picked is not in the task: the ports still count as unchanged.
    assert converge({**ecns_object_args, **INTERNAL, "type": "NodePort"})["changed"] is False
    assert cloud.api_writes("ecns") == []

    deleted = converge({**ecns_object_args, "name": "web-internal", "state": "absent"})
    assert deleted["changed"] and deleted["service"] == {}
    assert converge({**ecns_object_args, "name": "web-internal", "state": "absent"})["changed"] is False
    assert cloud.api_writes("ecns") == [("DELETE", f"{API}/service/", "")]


def test_check_mode_predicts_without_writing(web, ecns_object_args):
    cloud = web
    planned = converge({**ecns_object_args, **INTERNAL}, check=True, diff=True)
    assert planned["changed"] and planned["diff"]["before"] == {}
    assert planned["diff"]["after"]["type"] == "ClusterIP"
    converge({**ecns_object_args, **INTERNAL})
    cloud.clear_log()
    change = converge({**ecns_object_args, "name": "web-internal", "labels": {"app": "web", "v": "2"}}, check=True)
    assert change["changed"] and change["service"]["labels"] == {"app": "web", "v": "2"}
    assert converge({**ecns_object_args, "name": "web-internal", "state": "absent"}, check=True)["changed"]
    assert cloud.api_writes("ecns") == []


def test_an_external_name_service(web, ecns_object_args):
    options = {"name": "docs", "type": "ExternalName", "target_workload": "web", "external_name": "docs.example.com"}
    created = converge({**ecns_object_args, **options})
    assert created["changed"] and created["service"]["external_name"] == "docs.example.com"
    assert created["service"]["cluster_ip"] is None
    assert converge({**ecns_object_args, **options})["changed"] is False


def test_a_taken_node_port_is_refused_before_writing(web, ecns_object_args):
    cloud = web
    first = converge({**ecns_object_args, **INTERNAL, "type": "NodePort"})
    taken = first["service"]["ports"][0]["node_port"]
    cloud.clear_log()
    clash = {**INTERNAL, "name": "other", "type": "NodePort", "ports": [{"port": 80, "node_port": taken}]}
    result = converge({**ecns_object_args, **clash})
    assert result["failed"] and f"node port {taken} is already allocated" in result["msg"], result
    assert cloud.api_writes("ecns") == []


def test_cluster_ip_cannot_change_in_place(web, ecns_object_args):
    converge({**ecns_object_args, **INTERNAL})
    result = converge({**ecns_object_args, "name": "web-internal", "cluster_ip": "10.97.99.99"})
    assert result["failed"] and "cluster_ip cannot be changed in place" in result["msg"], result


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({**INTERNAL, "name": "Web_Internal"}, "service name 'Web_Internal' is invalid"),
        ({**INTERNAL, "ports": [{"port": 70000}]}, "ports[0].port 70000 is outside 1-65535"),
        ({**INTERNAL, "ports": [{"port": 80, "node_port": 31000}]}, "node_port is for a NodePort"),
        ({**INTERNAL, "type": "NodePort", "ports": [{"port": 80, "node_port": 80}]}, "outside 30000-32767"),
        ({**INTERNAL, "ports": [{"port": 80}, {"port": 80}]}, "port 80/TCP is listed twice"),
        ({**INTERNAL, "external_name": "x.example.com"}, "external_name is for an ExternalName service"),
        ({**INTERNAL, "labels": {"tier": 2}}, "labels.tier must be text"),
        ({**INTERNAL, "type": "LoadBalancer"}, "type"),
        ({**INTERNAL, "product_type": "gke"}, "product_type"),
    ],
)
def test_bad_input_is_refused_before_any_request(web, ecns_object_args, options, message):
    result = converge({**ecns_object_args, **options})
    assert result["failed"] and message in result["msg"], result
    assert api_requests(web) == []


def test_create_needs_its_target_and_ports(web, ecns_object_args):
    result = converge({**ecns_object_args, "name": "web-internal", "type": "ClusterIP"})
    assert result["failed"] and "needs target_workload" in result["msg"], result
    result = converge({**ecns_object_args, "name": "web-internal", "type": "ClusterIP", "target_workload": "web"})
    assert result["failed"] and "needs ports" in result["msg"], result
    assert web.api_writes("ecns") == []


def test_a_provider_error_surfaces_with_its_message(web, ecns_object_args):
    result = converge({**ecns_object_args, **INTERNAL, "target_workload": "ghost"})
    assert result["failed"] and 'no Deployment "ghost"' in result["msg"], result


def test_a_workloads_access_mode_is_changed_through_the_workload(web, ecns_object_args):
    cloud = web
    one = f"{API}/workloads/workload/web/?action=access_modes&workload_type=Deployment"
    modes = {"access_modes": [{"type": "NodePort", "access": [{"port": 80}]}]}
    cloud.ecns("PATCH", one, json=modes).raise_for_status()
    result = converge({**ecns_object_args, **INTERNAL, "name": "web-nodeport", "type": "NodePort"})
    assert result["failed"] and "change it through the workload" in result["msg"], result

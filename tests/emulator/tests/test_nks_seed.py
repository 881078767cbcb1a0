"""Replays every request/response example of the NKS seed (004, cross-checked with 002).

Responses are compared on their shape: every field of the seed's example is present
with a value of the same JSON type (``null`` fields may hold any value).
"""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient
from nks_helpers import CLUSTER_EXAMPLE, NODEGROUP_EXAMPLE, Nks, create_body

from kaas_emulator.core.clock import ManualClock

CLUSTER_LIST_ITEM = {
    "cluster_template_id": "",
    "create_timeout": 60,
    "docker_volume_size": None,
    "flavor_id": "",
    "health_status": "",
    "keypair": "",
    "labels": {},
    "links": [],
    "name": "",
    "node_count": 1,
    "stack_id": "",
    "status": "",
    "uuid": "",
}
CLUSTER = {
    **CLUSTER_LIST_ITEM,
    "api_address": "",
    "coe_version": "",
    "container_version": "",
    "created_at": "",
    "fixed_network": "",
    "fixed_subnet": "",
    "floating_ip_enabled": False,
    "health_status_reason": {},
    "node_addresses": [],
    "project_id": "",
    "status_reason": None,
    "updated_at": "",
    "user_id": "",
}
CLUSTER_LABELS = [
    "kube_tag",
    "availability_zone",
    "node_image",
    "external_network_id",
    "external_subnet_id_list",
    "cert_manager_api",
    "master_lb_floating_ip_enabled",
    "strict_sg_rules",
    "cni_driver",
    "service_cluster_ip_range",
    "pods_network_cidr",
    "pods_network_subnet",
    "term_of_validity",
    "certificate_expiry",
    "kube_version_status",
]
EVENT = {
    "id": 3683,
    "uuid": "",
    "project_id": "",
    "cluster_uuid": "",
    "cluster_name": "",
    "resource_uuid": "",
    "resource_name": "",
    "resource_type": "",
    "type": "",
    "state": "",
    "contents": None,
    "created_at": "",
    "updated_at": "",
}
NODEGROUP_LIST_ITEM = {
    "flavor_id": "",
    "image_id": "",
    "is_default": False,
    "max_node_count": None,
    "min_node_count": 1,
    "name": "",
    "node_count": 2,
    "role": "",
    "stack_id": "",
    "status": "",
    "uuid": "",
}
NODEGROUP = {
    **NODEGROUP_LIST_ITEM,
    "cluster_id": "",
    "created_at": "",
    "docker_volume_size": None,
    "id": 2697,
    "labels": {},
    "links": [],
    "node_addresses": [],
    "project_id": "",
    "status_reason": None,
    "updated_at": "",
    "version": None,
}
AUTOSCALER = {
    "ca_enable": True,
    "ca_image": "",
    "ca_max_node_count": 10,
    "ca_min_node_count": 2,
    "ca_scale_down_delay_after_add": 10,
    "ca_scale_down_enable": True,
    "ca_scale_down_unneeded_time": 10,
    "ca_scale_down_util_thresh": 50,
    "clusterautoscale": "",
}


def assert_shape(actual: dict[str, Any], example: dict[str, Any]) -> None:
    missing = sorted(set(example) - set(actual))
    assert not missing, f"missing fields {missing}"
    for key, value in example.items():
        if value is not None:
            assert type(actual[key]) is type(value), (key, actual[key])


@pytest.fixture
def nks(client: FlaskClient, clock: ManualClock) -> Nks:
    return Nks(client, clock)


@pytest.fixture
def cluster(nks: Nks) -> str:
    return nks.create()


def test_create_example_verbatim(nks: Nks, clock: ManualClock) -> None:
    response = nks.post("/v1/clusters", json=CLUSTER_EXAMPLE)
    assert response.status_code == 202
    assert set(response.json) == {"uuid"}
    clock.advance(600)
    detail = nks.cluster("test-k8s")
    assert detail["uuid"] == response.json["uuid"]
    assert detail["status"] == "CREATE_COMPLETE"
    assert detail["labels"]["kube_tag"] == "v1.23.3"


def test_list_clusters_example(nks: Nks, cluster: str) -> None:
    body = nks.get("/v1/clusters").json
    assert set(body) == {"clusters"}
    assert_shape(body["clusters"][0], CLUSTER_LIST_ITEM)
    assert body["clusters"][0]["links"][0]["rel"] == "self"


@pytest.mark.parametrize("by", ["uuid", "name"])
def test_get_cluster_example(nks: Nks, cluster: str, by: str) -> None:
    detail = nks.cluster(cluster if by == "uuid" else "test-k8s")
    assert_shape(detail, CLUSTER)
    for label in CLUSTER_LABELS:
        assert isinstance(detail["labels"][label], str), label
    assert detail["api_address"].endswith(":6443")
    assert detail["node_addresses"] == [n["address"] for n in nks.worker(cluster)["nodes"]]


def test_events_examples(nks: Nks, cluster: str) -> None:
    events = nks.get(f"/v1/clusters/{cluster}/events").json["events"]
    assert_shape(events[0], EVENT)
    assert (events[0]["type"], events[0]["state"], events[0]["contents"]) == (
        "CLUSTER_CREATE",
        "SUCCESS",
        None,
    )
    one = nks.get(f"/v1/clusters/{cluster}/events/{events[0]['uuid']}").json
    assert one == events[0]


def test_delete_example(nks: Nks, cluster: str) -> None:
    response = nks.delete(f"/v1/clusters/{cluster}")
    assert (response.status_code, response.data) == (204, b"")


@pytest.mark.parametrize("count", [3, 1])
def test_resize_examples(nks: Nks, cluster: str, clock: ManualClock, count: int) -> None:
    nks.post(
        f"/v1/clusters/{cluster}/actions/resize",
        json={"node_count": 2, "nodegroup": "default-worker"},
    )
    clock.advance(300)
    body: dict[str, Any] = {"node_count": count, "nodegroup": "default-worker"}
    if count == 1:
        body["nodes_to_remove"] = [n["uuid"] for n in nks.worker(cluster)["nodes"]][:1]
    response = nks.post(f"/v1/clusters/{cluster}/actions/resize", json=body)
    assert (response.status_code, response.json) == (202, {"uuid": cluster})


def test_kubeconfig_example(nks: Nks, cluster: str) -> None:
    body = nks.get(f"/v1/clusters/{cluster}/config").json
    assert set(body) == {"config"}
    config = body["config"]
    assert config.startswith(
        "apiVersion: v1\nclusters:\n- cluster:\n    certificate-authority-data: "
    )
    assert '  name: "test-k8s"\n' in config and "current-context: default\n" in config
    assert "    client-certificate-data: " in config and "    client-key-data: " in config
    assert f"server: https://{cluster[:8]}-kr1-k8s.container.cloud.toast.com:6443" in config


def test_cni_update_example(nks: Nks) -> None:
    cluster = nks.create(create_body({"cni_driver": "flannel"}))
    body = {
        "cni": "calico",
        "num_max_unavailable_nodes": 1,
        "num_buffer_nodes": 1,
        "pod_cidr": "10.200.0.0/16",
    }
    response = nks.post(f"/v1/clusters/{cluster}/actions/cni_update", json=body)
    assert (response.status_code, response.json) == (202, {"uuid": cluster})


def test_ipacl_examples(nks: Nks, cluster: str, clock: ManualClock) -> None:
    assert nks.get(f"/v1/clusters/{cluster}/api_ep_ipacl").json == {
        "cluster_uuid": cluster,
        "enable": "false",
    }
    body = {
        "enable": "True",
        "action": "ALLOW",
        "ipacl_targets": [
            {"cidr_address": "192.168.0.5"},
            {"cidr_address": "10.10.22.3/24", "description": "Your Friends"},
        ],
    }
    response = nks.post(f"/v1/clusters/{cluster}/api_ep_ipacl", json=body)
    assert (response.status_code, response.json) == (202, {"uuid": cluster})
    clock.advance(60)
    assert nks.get(f"/v1/clusters/{cluster}/api_ep_ipacl").json == {
        "cluster_uuid": cluster,
        "enable": "true",
        "action": "ALLOW",
        "ipacl_targets": body["ipacl_targets"],
    }


def test_certificate_example(nks: Nks, cluster: str) -> None:
    response = nks.patch(f"/v1/certificates/{cluster}", json={"term_of_validity": 5})
    assert (response.status_code, response.json) == (202, {"uuid": cluster})


def test_update_sgw_example(nks: Nks) -> None:
    cluster = nks.create(
        create_body(
            {
                "ncr_sgw": "11111111-d14b-4f34-a40c-705524e6a755",
                "obs_sgw": "22222222-6a5b-4eaa-903a-711c13316d91",
            }
        )
    )
    body = {
        "ncr_sgw": "48f4ff38-d14b-4f34-a40c-705524e6a755",
        "obs_sgw": "23c550cb-6a5b-4eaa-903a-711c13316d91",
    }
    response = nks.post(f"/v1/clusters/{cluster}/actions/update_sgw", json=body)
    assert (response.status_code, response.json) == (202, {"uuid": cluster})


def test_nodegroup_list_and_get_examples(nks: Nks, cluster: str) -> None:
    items = nks.get(f"/v1/clusters/{cluster}/nodegroups").json["nodegroups"]
    assert [i["name"] for i in items] == ["default-worker"]
    assert_shape(items[0], NODEGROUP_LIST_ITEM)
    detail = nks.worker(cluster)
    assert_shape(detail, NODEGROUP)
    assert detail["labels"]["kube_tag"] == "v1.27.3"
    assert detail["status_reason"] == "Stack CREATE completed successfully"


def test_nodegroup_create_example(nks: Nks, cluster: str) -> None:
    response = nks.post(f"/v1/clusters/{cluster}/nodegroups", json=NODEGROUP_EXAMPLE)
    assert response.status_code == 202
    created = response.json
    assert_shape(created, {k: v for k, v in NODEGROUP.items() if k not in ("max_node_count",)})
    assert (
        created["name"],
        created["role"],
        created["min_node_count"],
        created["max_node_count"],
    ) == (
        "added-nodegroup",
        "worker",
        1,
        None,
    )
    assert created["labels"]["user_script_v2"] == ""
    assert created["labels"]["ca_scale_down_util_thresh"] == "50"


def test_nodegroup_delete_example(nks: Nks, cluster: str, clock: ManualClock) -> None:
    nks.post(f"/v1/clusters/{cluster}/nodegroups", json=NODEGROUP_EXAMPLE)
    clock.advance(300)
    response = nks.delete(f"/v1/clusters/{cluster}/nodegroups/added-nodegroup")
    assert (response.status_code, response.data) == (204, b"")


def test_stop_and_start_node_examples(nks: Nks, cluster: str, clock: ManualClock) -> None:
    worker = nks.worker(cluster)
    node = worker["nodes"][0]["uuid"]
    response = nks.post(
        f"/v1/clusters/{cluster}/nodegroups/default-worker/stop_node", json={"node_list": node}
    )
    assert (response.status_code, response.json) == (202, {"uuid": worker["uuid"]})
    clock.advance(120)
    response = nks.post(
        f"/v1/clusters/{cluster}/nodegroups/default-worker/start_node", json={"node_list": node}
    )
    assert (response.status_code, response.json) == (202, {"uuid": worker["uuid"]})


def test_autoscale_examples(nks: Nks, cluster: str, clock: ManualClock) -> None:
    path = f"/v1/clusters/{cluster}/nodegroups/default-worker/autoscale"
    assert_shape(nks.get(path).json, {**AUTOSCALER, "ca_enable": False})
    body = {
        "ca_enable": True,
        "ca_max_node_count": 10,
        "ca_min_node_count": 1,
        "ca_scale_down_delay_after_add": 30,
        "ca_scale_down_enable": True,
        "ca_scale_down_unneeded_time": 20,
        "ca_scale_down_util_thresh": 40,
    }
    response = nks.post(path, json=body)
    assert (response.status_code, response.json) == (202, {"uuid": nks.worker(cluster)["uuid"]})
    clock.advance(60)
    view = nks.get(path).json
    assert_shape(view, AUTOSCALER)
    assert {k: view[k] for k in body} == body


def test_upgrade_example(nks: Nks, cluster: str) -> None:
    # The seed's example upgrades to v1.19.13, which its own /v1/supports marks false;
    # the replay uses the next supported version.
    response = nks.post(
        f"/v1/clusters/{cluster}/nodegroups/default-master/upgrade", json={"version": "v1.28.3"}
    )
    assert response.status_code == 202
    assert set(response.json) == {"uuid"}


def test_userscript_example(nks: Nks, cluster: str) -> None:
    body = {"contents": "user script contents here..."}
    response = nks.post(f"/v1/clusters/{cluster}/nodegroups/default-worker/userscript", json=body)
    assert (response.status_code, response.json) == (202, {"uuid": nks.worker(cluster)["uuid"]})


def test_change_flavor_example(nks: Nks, cluster: str) -> None:
    body = {
        "type": "flavor_id",
        "flavor_id": "1d0d6983-8e9d-44dc-810e-d7689afa372c",
        "num_buffer_nodes": 1,
        "num_max_unavailable_nodes": 1,
    }
    response = nks.patch(f"/v1/clusters/{cluster}/nodegroups/default-worker", json=body)
    assert (response.status_code, response.json) == (202, {"uuid": nks.worker(cluster)["uuid"]})


def test_supports_example(nks: Nks) -> None:
    body = nks.get("/v1/supports").json
    assert body["supported_k8s"]["v1.27.3"] is True and body["supported_k8s"]["v1.26.3"] is False
    assert len(body["supported_k8s"]) == 14
    events = body["supported_event_type"]
    assert {"CLUSTER_CREATE", "CLUSTER_DELETE", "CLUSTER_HANDOVER", "CLUSTER_CNI_UPDATE"} <= set(
        events["cluster_events"]
    )
    assert len(events["nodegroup_events"]) == 9

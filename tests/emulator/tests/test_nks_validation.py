"""Every NKS validation rule of the seed, one parametrized case each (400 naming the field)."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient
from nks_helpers import NODEGROUP_EXAMPLE, Nks, create_body

from kaas_emulator.core.clock import ManualClock

DROP = object()


@pytest.fixture
def nks(client: FlaskClient, clock: ManualClock) -> Nks:
    return Nks(client, clock)


def _create_with(top: dict[str, Any], labels: dict[str, Any]) -> dict[str, Any]:
    body = create_body()
    for target, changes in ((body, top), (body["labels"], labels)):
        for key, value in changes.items():
            if value is DROP:
                del target[key]
            else:
                target[key] = value
    return body


CREATE_CASES: list[tuple[dict[str, Any], dict[str, Any], str]] = [
    ({"cluster_template_id": "k8s"}, {}, 'cluster_template_id: must be "iaas_console"'),
    ({"node_count": 0}, {}, "node_count: must be an integer between 1 and 10"),
    ({"node_count": 11}, {}, "node_count: must be an integer between 1 and 10"),
    ({"name": "1cluster"}, {}, "name: must start with a letter"),
    ({"name": "a" * 243}, {}, "name: must start with a letter"),
    ({"keypair": DROP}, {}, "keypair: is required"),
    ({"fixed_subnet": "subnet-1"}, {}, "fixed_subnet: must be a UUID"),
    ({"flavor_id": DROP}, {}, "flavor_id: is required"),
    ({"bogus": 1}, {}, "bogus: unknown field"),
    ({"labels": DROP}, {}, "labels: is required"),
    ({}, {"availability_zone": DROP}, "labels.availability_zone: is required"),
    ({}, {"node_image": DROP}, "labels.node_image: is required"),
    ({}, {"boot_volume_type": DROP}, "labels.boot_volume_type: is required"),
    ({}, {"boot_volume_size": "big"}, "labels.boot_volume_size: must be a positive integer"),
    ({}, {"cert_manager_api": "False"}, 'labels.cert_manager_api: must be "True"'),
    ({}, {"ca_enable": DROP}, "labels.ca_enable: is required"),
    (
        {},
        {"ca_min_node_count": "5", "ca_max_node_count": "3"},
        "labels.ca_min_node_count: must not exceed",
    ),
    (
        {},
        {"ca_scale_down_util_thresh": "101"},
        "labels.ca_scale_down_util_thresh: must be an integer",
    ),
    ({}, {"kube_tag": "v1.99.0"}, "labels.kube_tag: 'v1.99.0' is not a version listed"),
    (
        {},
        {"master_lb_floating_ip_enabled": DROP},
        "labels.master_lb_floating_ip_enabled: is required",
    ),
    ({}, {"external_network_id": DROP}, "labels.master_lb_floating_ip_enabled: can only be true"),
    (
        {},
        {"external_subnet_id_list": "a:b"},
        "labels.external_subnet_id_list: every item must be a UUID",
    ),
    ({}, {"strict_sg_rules": "maybe"}, "labels.strict_sg_rules: must be true or false"),
    ({}, {"cni_driver": "cilium"}, "labels.cni_driver: must be one of"),
    ({}, {"ncr_sgw": "gw"}, "labels.ncr_sgw: must be a UUID"),
    ({}, {"term_of_validity": "6"}, "labels.term_of_validity: must be an integer between 1 and 5"),
    (
        {},
        {"additional_network_id_list": "7d3c1e4a-7f5e-4f0e-9a1e-3c1f2b4a5d6e"},
        "labels.additional_subnet_id_list: must name one subnet per additional network",
    ),
    ({}, {"extra_volumes": [{"volume_type": "SSD"}]}, "labels.extra_volumes[0].volume_size"),
    (
        {},
        {"extra_security_groups": [{"target_subnet": "x"}]},
        "labels.extra_security_groups[0].target_subnet",
    ),
    # CIDR rules
    (
        {},
        {"pods_network_cidr": "169.254.0.0/20"},
        "labels.pods_network_cidr: 169.254.0.0/20 overlaps the link-local",
    ),
    ({}, {"service_cluster_ip_range": "198.18.0.0/24"}, "overlaps the NKS internal range"),
    (
        {},
        {"service_cluster_ip_range": "10.100.0.0/16"},
        "labels.service_cluster_ip_range: 10.100.0.0/16 overlaps labels.pods_network_cidr",
    ),
    (
        {},
        {"pods_network_cidr": "192.168.0.0/16"},
        "fixed_subnet: 192.168.0.0/24 overlaps labels.pods_network_cidr",
    ),
    (
        {},
        {"pods_network_cidr": "10.100.0.0/26"},
        "labels.pods_network_cidr: the block must be /24 or larger",
    ),
    ({}, {"service_cluster_ip_range": "10.254.0.1/16"}, "is not a valid IPv4 network address"),
    ({}, {"pods_network_cidr": "10.100.0"}, "labels.pods_network_cidr: must be an IPv4 CIDR"),
    (
        {},
        {"kube_tag": "v1.23.3", "pods_network_cidr": "172.17.0.0/16"},
        "overlaps the docker bridge range",
    ),
    (
        {},
        {"pods_network_subnet": 19},
        "labels.pods_network_subnet: must be an integer between 20 and 28",
    ),
    (
        {},
        {"pods_network_subnet": "29"},
        "labels.pods_network_subnet: must be an integer between 20 and 28",
    ),
    (
        {},
        {"pods_network_cidr": "10.100.0.0/22", "pods_network_subnet": "23"},
        "labels.pods_network_subnet: must be at least the pod network prefix + 2",
    ),
]


@pytest.mark.parametrize(("top", "labels", "message"), CREATE_CASES)
def test_create_rule(nks: Nks, top: dict[str, Any], labels: dict[str, Any], message: str) -> None:
    response = nks.post("/v1/clusters", json=_create_with(top, labels))
    assert response.status_code == 400, response.json
    assert message in nks.error(response)["detail"]
    assert nks.get("/v1/clusters").json["clusters"] == []


@pytest.mark.parametrize(
    "labels",
    [
        {"kube_tag": "v1.27.3", "pods_network_cidr": "172.17.0.0/16"},  # BIP only for <= v1.23.3
        {
            "pods_network_cidr": "10.100.0.0/22",
            "pods_network_subnet": 24,
        },  # the seed's normal example
        {"pods_network_subnet": 28, "service_cluster_ip_range": "172.20.0.0/16"},
    ],
)
def test_create_accepts_valid_networks(nks: Nks, labels: dict[str, Any]) -> None:
    assert nks.post("/v1/clusters", json=create_body(labels)).status_code == 202


def test_all_problems_reported_at_once(nks: Nks) -> None:
    response = nks.post(
        "/v1/clusters", json=_create_with({"node_count": 0}, {"pods_network_subnet": 19})
    )
    detail = nks.error(response)["detail"]
    assert "node_count:" in detail and "labels.pods_network_subnet:" in detail


ACTION_CASES: list[tuple[str, str, dict[str, Any], str]] = [
    ("POST", "/actions/resize", {"node_count": 2}, "nodegroup: is required"),
    (
        "POST",
        "/actions/resize",
        {"nodegroup": "default-worker", "node_count": 11},
        "outside the allowed range",
    ),
    (
        "POST",
        "/actions/resize",
        {"nodegroup": "default-worker", "node_count": 0},
        "outside the allowed range",
    ),
    (
        "POST",
        "/actions/resize",
        {"nodegroup": "default-master", "node_count": 3},
        "Resizing the master nodegroup",
    ),
    (
        "POST",
        "/actions/resize",
        {"nodegroup": "default-worker", "node_count": 1, "nodes_to_remove": ["x"]},
        "nodes_to_remove: not nodes of default-worker",
    ),
    (
        "POST",
        "/actions/cni_update",
        {"cni": "calico", "pod_cidr": "10.200.0.0/16"},
        "only a flannel cluster",
    ),
    (
        "PATCH",
        "/certificates",
        {"term_of_validity": 0},
        "term_of_validity: must be an integer between 1 and 5",
    ),
    (
        "PATCH",
        "/certificates",
        {"term_of_validity": 6},
        "term_of_validity: must be an integer between 1 and 5",
    ),
    (
        "POST",
        "/actions/update_sgw",
        {"ncr_sgw": "48f4ff38-d14b-4f34-a40c-705524e6a755"},
        "created without a NCR",
    ),
    ("POST", "/actions/update_sgw", {}, "request body must be a non-empty JSON object"),
    (
        "POST",
        "/api_ep_ipacl",
        {"enable": "true", "ipacl_targets": [{"cidr_address": "1.2.3.4"}]},
        "action: must be ALLOW or DENY",
    ),
    (
        "POST",
        "/api_ep_ipacl",
        {"enable": "true", "action": "ALLOW"},
        "ipacl_targets: must be a non-empty list",
    ),
    (
        "POST",
        "/api_ep_ipacl",
        {"enable": "true", "action": "DENY", "ipacl_targets": [{"cidr_address": "1.2.3"}]},
        "ipacl_targets[0].cidr_address: must be an IPv4 address or CIDR",
    ),
    ("POST", "/api_ep_ipacl", {"enable": "yes"}, 'enable: must be "true" or "false"'),
    (
        "POST",
        "/nodegroups/default-master/upgrade",
        {"version": "v1.26.3"},
        "is not a supported upgrade target",
    ),
    (
        "POST",
        "/nodegroups/default-master/upgrade",
        {"version": "v1.27.3"},
        "is not newer than the current",
    ),
    (
        "POST",
        "/nodegroups/default-master/upgrade",
        {"version": "v1.29.3"},
        "one minor version at a time",
    ),
    (
        "POST",
        "/nodegroups/default-worker/upgrade",
        {"version": "v1.28.3"},
        "upgrade default-master to v1.28.3 first",
    ),
    (
        "POST",
        "/nodegroups/default-worker/autoscale",
        {"ca_max_node_count": 5},
        "ca_enable: is required",
    ),
    (
        "POST",
        "/nodegroups/default-worker/autoscale",
        {"ca_enable": True, "ca_min_node_count": 11},
        "ca_min_node_count: must be",
    ),
    (
        "POST",
        "/nodegroups/default-worker/autoscale",
        {"ca_enable": True, "ca_min_node_count": 3, "ca_max_node_count": 2},
        "ca_min_node_count: must not exceed",
    ),
    (
        "POST",
        "/nodegroups/default-master/autoscale",
        {"ca_enable": True},
        "not supported on the default-master",
    ),
    (
        "POST",
        "/nodegroups/default-worker/userscript",
        {"contents": 5},
        "contents: is required and must be a string",
    ),
    (
        "PATCH",
        "/nodegroups/default-worker",
        {"type": "image", "flavor_id": "x"},
        'type: must be "flavor_id"',
    ),
    (
        "PATCH",
        "/nodegroups/default-worker",
        {
            "type": "flavor_id",
            "flavor_id": "1d0d6983-8e9d-44dc-810e-d7689afa372c",
            "num_buffer_nodes": 10,
        },
        "num_buffer_nodes: must be an integer between 0 and 9",
    ),
    (
        "PATCH",
        "/nodegroups/default-worker",
        {
            "type": "flavor_id",
            "flavor_id": "1d0d6983-8e9d-44dc-810e-d7689afa372c",
            "num_max_unavailable_nodes": 2,
        },
        "num_max_unavailable_nodes: must be",
    ),
    (
        "POST",
        "/nodegroups/default-worker/stop_node",
        {"node_list": "nope"},
        "node_list: nope is not a node",
    ),
    ("POST", "/nodegroups/default-worker/start_node", {"node_list": ""}, "node_list: is required"),
    (
        "POST",
        "/nodegroups",
        {**NODEGROUP_EXAMPLE, "node_count": 11},
        "node_count: must be an integer between 1 and 10",
    ),
    (
        "POST",
        "/nodegroups",
        {**NODEGROUP_EXAMPLE, "labels": {"availability_zone": "kr2-pub-b"}},
        "labels.boot_volume_type: is required",
    ),
    ("POST", "/nodegroups", {**NODEGROUP_EXAMPLE, "image_id": "img"}, "image_id: must be a UUID"),
]


@pytest.mark.parametrize(("method", "path", "body", "message"), ACTION_CASES)
def test_action_rule(nks: Nks, method: str, path: str, body: dict[str, Any], message: str) -> None:
    cluster = nks.create()
    url = (
        f"/v1/certificates/{cluster}"
        if path == "/certificates"
        else f"/v1/clusters/{cluster}{path}"
    )
    response = nks.request(method, url, json=body)
    assert response.status_code == 400, response.json
    assert message in nks.error(response)["detail"]
    assert nks.status(cluster) == "CREATE_COMPLETE"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"cni": "flannel", "pod_cidr": "10.200.0.0/16"}, 'cni: must be "calico"'),
        ({"cni": "calico"}, "pod_cidr: is required"),
        ({"cni": "calico", "pod_cidr": "10.254.0.0/20"}, "overlaps the service network"),
        ({"cni": "calico", "pod_cidr": "10.100.0.0/20"}, "overlaps the current pod network"),
        ({"cni": "calico", "pod_cidr": "192.168.0.0/20"}, "overlaps the VPC subnet"),
        ({"cni": "calico", "pod_cidr": "198.18.0.0/24"}, "overlaps the NKS internal range"),
        ({"cni": "calico", "pod_cidr": "169.254.10.0/24"}, "overlaps the link-local"),
        ({"cni": "calico", "pod_cidr": "10.200.0.0/25"}, "the block must be /24 or larger"),
        (
            {"cni": "calico", "pod_cidr": "10.200.0.0/22", "pod_subnet": "23"},
            "pod_subnet: must be at least",
        ),
        (
            {"cni": "calico", "pod_cidr": "10.200.0.0/16", "pod_subnet": "29"},
            "pod_subnet: must be an integer",
        ),
        (
            {"cni": "calico", "pod_cidr": "10.200.0.0/16", "num_max_unavailable_nodes": 2},
            "num_max_unavailable_nodes",
        ),
    ],
)
def test_cni_rule(nks: Nks, body: dict[str, Any], message: str) -> None:
    cluster = nks.create(create_body({"cni_driver": "flannel"}))
    response = nks.post(f"/v1/clusters/{cluster}/actions/cni_update", json=body)
    assert response.status_code == 400
    assert message in nks.error(response)["detail"]


def test_resize_within_autoscaler_bounds(nks: Nks, clock: ManualClock) -> None:
    cluster = nks.create(
        create_body({"ca_enable": "true", "ca_min_node_count": "1", "ca_max_node_count": "3"})
    )
    worker = nks.worker(cluster)
    assert (worker["min_node_count"], worker["max_node_count"]) == (1, 3)
    response = nks.post(
        f"/v1/clusters/{cluster}/actions/resize",
        json={"nodegroup": "default-worker", "node_count": 4},
    )
    assert "max_node_count = 3" in nks.error(response)["detail"]


def test_unknown_cluster_and_nodegroup_404(nks: Nks) -> None:
    cluster = nks.create()
    assert nks.error(nks.get("/v1/clusters/nope"))["detail"] == "Cluster nope could not be found."
    response = nks.get(f"/v1/clusters/{cluster}/nodegroups/nope")
    assert nks.error(response)["detail"] == "Nodegroup nope could not be found."

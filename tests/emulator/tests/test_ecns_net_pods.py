"""ECNS pods (1.16), raw YAML (1.16 查看/编辑/上传yaml) and the overview (1.14)."""

from __future__ import annotations

import json

import pytest
from ecns_helpers import API, Ecns, workload
from flask.testing import FlaskClient
from net_helpers import cluster_ip_service, create_service, ingress, lb_service

from kaas_emulator.core.clock import ManualClock


@pytest.fixture
def ecns(client: FlaskClient, clock: ManualClock) -> Ecns:
    ecns = Ecns(client, clock)
    ecns.create()
    ecns.settle()
    return ecns


def pods(ecns: Ecns) -> list[dict]:
    response = ecns.get(f"{API}/pods/")
    assert response.status_code == 200, response.json
    return response.json["pods"]


# -- pods -------------------------------------------------------------------------------


def test_pods_of_the_workloads_are_listed_with_the_seed_fields(ecns: Ecns) -> None:
    listed = pods(ecns)
    assert len(listed) == 2 and {p["status"] for p in listed} == {"Running"}
    assert set(listed[0]) == {
        "name",
        "creation_time",
        "pod_ip",
        "host_ip",
        "images",
        "labels",
        "restart_count",
        "status",
    }


def test_pod_detail_has_containers_conditions_and_events(ecns: Ecns) -> None:
    name = pods(ecns)[0]["name"]
    response = ecns.get(f"{API}/pods/pod/{name}/")
    assert response.status_code == 200, response.json
    body = response.json
    assert body["pod"]["name"] == name and body["pod"]["restart_policy"] == "Always"
    assert body["pod"]["containers"][0]["container_statuses"] == "Running"
    assert {c["type"]: c["status"] for c in body["conditions"]}["Ready"] == "True"
    assert body["events"][0]["reason"] == "Started"
    assert ecns.get(f"{API}/pods/pod/nope/").status_code == 404


def test_graceful_delete_terminates_then_the_workload_replaces_the_pod(ecns: Ecns) -> None:
    old = pods(ecns)[0]["name"]
    response = ecns.delete(f"{API}/pods/", json={"pod": {"name": old}})
    assert response.status_code == 200
    statuses = {p["name"]: p["status"] for p in pods(ecns)}
    assert statuses[old] == "Terminating" and len(statuses) == 3
    ecns.settle(31)
    names = [p["name"] for p in pods(ecns)]
    assert old not in names and len(names) == 2


def test_forced_delete_removes_the_pod_at_once(ecns: Ecns) -> None:
    old = pods(ecns)[0]["name"]
    response = ecns.delete(f"{API}/pods/?force=true", json={"pod": {"name": old}})
    assert response.status_code == 200
    listed = pods(ecns)
    assert old not in [p["name"] for p in listed] and len(listed) == 2
    new = next(p for p in listed if p["status"] != "Running")
    assert (new["status"], new["restart_count"]) == ("Pending", "0")
    ecns.settle(10)
    assert {p["status"] for p in pods(ecns)} == {"Running"}


def test_statefulset_pod_comes_back_under_its_name(ecns: Ecns) -> None:
    ecns.create(workload(workload_base={"name": "db", "type": "StatefulSet", "replicas": 1}))
    ecns.settle()
    ecns.delete(f"{API}/pods/", json={"pod": {"name": "db-0"}, "force": "true"})
    assert [p["status"] for p in pods(ecns) if p["name"] == "db-0"] == ["Pending"]


def test_delete_refuses_a_missing_pod_and_a_bad_force(ecns: Ecns) -> None:
    assert ecns.delete(f"{API}/pods/", json={"pod": {"name": "nope"}}).status_code == 404
    name = pods(ecns)[0]["name"]
    response = ecns.delete(f"{API}/pods/?force=yes", json={"pod": {"name": name}})
    assert response.status_code == 400 and "force" in ecns.error(response)["message"]
    assert ecns.delete(f"{API}/pods/", json={"pod": {}}).status_code == 400


# -- raw YAML ---------------------------------------------------------------------------


def raw(kind: str, name: str) -> str:
    return f"{API}/_raw/{kind}/name/{name}/"


def test_get_yaml_of_record_backed_kinds(ecns: Ecns) -> None:
    create_service(ecns, "web-internal", cluster_ip_service())
    ecns.post(f"{API}/ingress/", json=ingress())
    for kind, name in (
        ("Deployment", "web"),
        ("Service", "web-internal"),
        ("Service", "web-nodeport"),
        ("Ingress", "web"),
        ("Pod", pods(ecns)[0]["name"]),
    ):
        response = ecns.get(raw(kind, name))
        assert response.status_code == 200, (kind, response.json)
        manifest = json.loads(response.json["yaml"])
        assert (manifest["kind"], manifest["metadata"]["name"]) == (kind, name)
    service = json.loads(ecns.get(raw("Service", "web-internal")).json["yaml"])
    assert service["spec"]["ports"] == [{"port": 80, "targetPort": 8080, "protocol": "TCP"}]
    assert ecns.get(raw("Service", "nope")).status_code == 404
    assert ecns.get(raw("Gadget", "x")).status_code == 400


def test_create_then_edit_a_raw_configmap(ecns: Ecns) -> None:
    manifest = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cfg"}}
    created = ecns.post(raw("ConfigMap", "cfg"), json={"yaml": json.dumps(manifest)})
    assert created.status_code == 200 and created.json["succeed"][0]["name"] == "cfg"
    again = ecns.post(raw("ConfigMap", "cfg"), json={"yaml": json.dumps(manifest)}).json
    assert again["succeed"] == [] and "already exists" in again["failed"][0]["reason"]
    manifest["data"] = {"k": "v"}
    edited = ecns.put(raw("ConfigMap", "cfg"), json={"yaml": json.dumps(manifest)})
    assert edited.json["succeed"][0]["kind"] == "ConfigMap"
    assert json.loads(ecns.get(raw("ConfigMap", "cfg")).json["yaml"])["data"] == {"k": "v"}
    assert ecns.put(raw("ConfigMap", "other"), json={"yaml": "{}"}).json["failed"]


def test_yaml_edit_of_a_service_changes_its_labels(ecns: Ecns) -> None:
    create_service(ecns, "web-internal", cluster_ip_service())
    manifest = json.loads(ecns.get(raw("Service", "web-internal")).json["yaml"])
    manifest["metadata"]["labels"] = {"app": "web", "edited": "yes"}
    response = ecns.put(raw("Service", "web-internal"), json={"yaml": json.dumps(manifest)})
    assert response.json["succeed"], response.json
    listed = ecns.get(f"{API}/service/?app_selector=edited=yes").json["services"]
    assert [s["access_mode"]["name"] for s in listed] == ["web-internal"]


def test_yaml_refusals(ecns: Ecns) -> None:
    mismatch = {"kind": "Secret", "metadata": {"name": "cfg"}}
    failed = ecns.post(raw("ConfigMap", "cfg"), json={"yaml": json.dumps(mismatch)}).json
    assert "differs" in failed["failed"][0]["reason"]
    response = ecns.post(raw("ConfigMap", "cfg"), json={"yaml": "kind: ConfigMap"})
    assert response.status_code == 400 and "JSON-style" in ecns.error(response)["message"]
    service = {"kind": "Service", "metadata": {"name": "svc"}}
    refused = ecns.post(raw("Service", "svc"), json={"yaml": json.dumps(service)}).json
    assert "own endpoint" in refused["failed"][0]["reason"]


# -- overview ---------------------------------------------------------------------------


def test_overview_pods_status_groups_the_clusters_pods(ecns: Ecns) -> None:
    ecns.create(workload(workload_base={"name": "api", "replicas": 1}))
    body = ecns.get(f"{API}/overview/pods_status/").json
    assert body["running"][0]["count"] == 2 and body["other"][0]["count"] == 1
    assert body["failed"] == [{"count": 0, "pods": []}]
    west = ecns.get(f"{API}/overview/pods_status/?apiserver_host=https://10.1.0.10:6443").json
    assert west["running"][0]["count"] == 0
    assert ecns.get(f"{API}/overview/pods_status/?apiserver_host=nowhere").status_code == 404


def test_overview_pvc_status_shows_mounted_claims(ecns: Ecns) -> None:
    volumes = [{"name": "data", "type": "PVC", "pvc": {"name": "data-claim"}}]
    body = workload(workload_base={"name": "db"}, volumes=volumes)
    body["containers"][0]["volume_mounts"] = [{"volume_name": "data", "mount_path": "/data"}]
    ecns.create(body)
    status = ecns.get(f"{API}/overview/pvc_status/").json
    assert status["mounted"]["count"] == 1
    assert status["mounted"]["pvcs"][0]["attached_workloads"] == [
        {"name": "db", "type": "Deployment"}
    ]
    assert status["available"] == {"count": 0, "pvcs": []}


def test_overview_openstack_status_counts_load_balancers(ecns: Ecns) -> None:
    create_service(ecns, "web-lb", lb_service())
    body = ecns.get(f"{API}/overview/openstack_status/").json
    by_status = {i["status"]: i for i in body["loadbalances"]}
    assert by_status["Other"]["names"] == ["web-lb"] and by_status["Active"]["count"] == 0
    ecns.settle(30)
    body = ecns.get(f"{API}/overview/openstack_status/").json
    assert {i["status"]: i["count"] for i in body["loadbalances"]}["Active"] == 1
    assert [i["type"] for i in body["servers"]] == ["server"] * 4

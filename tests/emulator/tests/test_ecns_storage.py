"""ECNS storage (seed 1.20) and PVCs (1.15): lists, classes, default class, claims,
volumes, volume types, with a happy path and a refusal for each endpoint."""

from __future__ import annotations

from typing import Any

import pytest
from ecns_helpers import API, Ecns, workload
from flask.testing import FlaskClient

from kaas_emulator.core.clock import ManualClock

K8S = f"{API}/kubernetes"


@pytest.fixture
def ecns(client: FlaskClient, clock: ManualClock) -> Ecns:
    return Ecns(client, clock)


def listing(ecns: Ecns, kinds: str = "StorageClass,PVC,PV", **query: str) -> dict[str, Any]:
    params = "&".join(f"{k}={v}" for k, v in {"cluster_selector": "current", **query}.items())
    response = ecns.get(f"{K8S}/storage/?type={kinds}&{params}")
    assert response.status_code == 200, response.json
    return response.json


def claim(ecns: Ecns, name: str = "data", **fields: Any) -> dict[str, Any]:
    body = {"pvc": {"storage_class_name": "standard", "capacity": "10Gi", **fields}}
    response = ecns.post(f"{K8S}/pvc/{name}/", json=body)
    assert response.status_code == 200, response.json
    return response.json["pvc"]


def test_volume_types_are_a_list_of_id_name_backend(ecns: Ecns) -> None:
    types = ecns.get(f"{API}/volumes/").json
    assert [t["name"] for t in types] == ["hdd", "ssd", "cephfs"]
    assert set(types[0]) == {"id", "name", "type"}
    assert ecns.get("/api/ecns/nope/volumes/").status_code == 404


def test_each_cluster_starts_with_a_default_class_and_a_spare_volume(ecns: Ecns) -> None:
    found = listing(ecns)
    assert [(c["class_name"], c["is_default"], c["capacity"]) for c in found["storage_class"]] == [
        ("standard", True, 0)
    ]
    assert found["storage_class"][0]["cluster_addr"] == "https://10.0.0.10:6443"
    assert found["pvc"] == []
    assert [(v["name"], v["status"], v["reclaim_policy"]) for v in found["pv"]] == [
        ("ecns-east-spare-0", "Available", "Retain")
    ]
    everywhere = listing(ecns, "StorageClass", cluster_selector="all")
    assert set(everywhere) == {"storage_class"}
    assert {c["cluster"] for c in everywhere["storage_class"]} == {"ecns-east", "ecns-west"}


def test_list_refuses_unknown_type_selector_and_filter(ecns: Ecns) -> None:
    response = ecns.get(f"{K8S}/storage/?type=Disk&cluster_selector=some&filter=free")
    assert response.status_code == 400
    message = ecns.error(response)["message"]
    assert "type: 'Disk'" in message and "cluster_selector: 'some'" in message
    assert "filter: 'free'" in message
    assert ecns.get(f"{K8S}/storage/?cluster_selector=all").status_code == 400


def test_create_class_with_a_volume_type_in_a_named_cluster(ecns: Ecns) -> None:
    response = ecns.post(f"{K8S}/sc/fast/?volume_type=ssd&cluster_addr=https://10.1.0.10:6443")
    assert response.status_code == 200, response.json
    created = response.json["storage_class"]
    assert (created["class_name"], created["cluster"], created["is_default"]) == (
        "fast",
        "ecns-west",
        False,
    )
    assert created["access_modes"] == ["ReadWriteOnce", "ReadOnlyMany"]
    shared = ecns.post(f"{K8S}/sc/shared/", json={"volume_type": "cephfs"}).json
    assert "ReadWriteMany" in shared["storage_class"]["access_modes"]
    assert shared["storage_class"]["cluster"] == "ecns-east"


def test_create_class_refuses_duplicates_bad_names_and_unknown_types(ecns: Ecns) -> None:
    duplicate = ecns.post(f"{K8S}/sc/standard/")
    assert duplicate.status_code == 409
    assert ecns.error(duplicate)["message"] == (
        'StorageClass "standard" already exists in cluster "ecns-east"'
    )
    bad = ecns.post(f"{K8S}/sc/Fast_SC/?volume_type=gold")
    assert bad.status_code == 400
    message = ecns.error(bad)["message"]
    assert "storage_name: 'Fast_SC'" in message and "volume_type: 'gold'" in message
    unknown = ecns.post(f"{K8S}/sc/x/?cluster_addr=https://192.0.2.1:6443")
    assert unknown.status_code == 404


def test_set_default_moves_it_and_unset_clears_it(ecns: Ecns) -> None:
    ecns.post(f"{K8S}/sc/fast/?volume_type=ssd")
    response = ecns.put(f"{K8S}/storageclass/fast/default/?action=set", json={})
    assert response.status_code == 200
    assert response.json["storage_class"]["is_default"] is True
    defaults = {c["class_name"]: c["is_default"] for c in listing(ecns)["storage_class"]}
    assert defaults == {"standard": False, "fast": True}
    again = ecns.put(f"{K8S}/storageclass/fast/default/?action=set")
    assert again.status_code == 200
    ecns.put(f"{K8S}/storageclass/fast/default/?action=unset", json={"cluster": "ecns-east"})
    assert not any(c["is_default"] for c in listing(ecns)["storage_class"])
    west = listing(ecns, "StorageClass", cluster_selector="all")["storage_class"]
    assert [c["is_default"] for c in west if c["cluster"] == "ecns-west"] == [True]


def test_set_default_refuses_bad_action_and_unknown_class(ecns: Ecns) -> None:
    assert ecns.put(f"{K8S}/storageclass/standard/default/?action=toggle").status_code == 400
    missing = ecns.put(f"{K8S}/storageclass/gold/default/?action=set")
    assert missing.status_code == 404
    assert ecns.error(missing)["message"] == 'StorageClass "gold" not found in cluster "ecns-east"'


def test_delete_class_keeps_claims(ecns: Ecns) -> None:
    ecns.post(f"{K8S}/sc/fast/")
    claim(ecns, storage_class_name="fast")
    assert ecns.delete(f"{K8S}/sc/fast/?cluster_addr=https://10.0.0.10:6443").status_code == 200
    found = listing(ecns)
    assert [c["class_name"] for c in found["storage_class"]] == ["standard"]
    assert [c["name"] for c in found["pvc"]] == ["data"]
    assert ecns.delete(f"{K8S}/sc/fast/").status_code == 404


def test_claim_is_pending_then_bound_to_a_new_volume(ecns: Ecns) -> None:
    created = claim(ecns, capacity="5", access_modes=["ReadWriteOnce"])
    assert (created["status"], created["capacity"], created["namespace"]) == (
        "Pending",
        "5Gi",
        "default",
    )
    assert [v["name"] for v in listing(ecns, "PV")["pv"]] == ["ecns-east-spare-0"]
    ecns.settle(5)
    found = listing(ecns)
    assert found["pvc"][0]["status"] == "Bound"
    bound = [v for v in found["pv"] if v["pvc_name"] == "data"]
    assert len(bound) == 1 and bound[0]["name"].startswith("pvc-")
    assert (bound[0]["status"], bound[0]["pvc_namespace"], bound[0]["capacity"]) == (
        "Bound",
        "default",
        "5Gi",
    )


def test_create_claim_refuses_bad_bodies(ecns: Ecns) -> None:
    bad = ecns.post(
        f"{K8S}/pvc/data/",
        json={"pvc": {"name": "other", "capacity": "10GB", "access_modes": ["ReadWriteAll"]}},
    )
    assert bad.status_code == 400
    message = ecns.error(bad)["message"]
    for part in ("pvc.name: 'other'", "pvc.storage_class_name", "pvc.capacity", "ReadWriteAll"):
        assert part in message
    no_class = ecns.post(
        f"{K8S}/pvc/data/", json={"pvc": {"storage_class_name": "gold", "capacity": "1Gi"}}
    )
    assert ecns.error(no_class)["message"] == (
        'pvc.storage_class_name: no StorageClass "gold" in cluster "ecns-east"'
    )
    many = ecns.post(
        f"{K8S}/pvc/data/",
        json={
            "pvc": {
                "storage_class_name": "standard",
                "capacity": "1Gi",
                "access_modes": ["ReadWriteMany"],
            }
        },
    )
    assert "ReadWriteMany not supported" in ecns.error(many)["message"]
    claim(ecns)
    assert (
        ecns.post(
            f"{K8S}/pvc/data/", json={"pvc": {"storage_class_name": "standard", "capacity": "1"}}
        ).status_code
        == 409
    )
    wrong_project = ecns.post(
        f"{K8S}/pvc/x/", json={"project_id": "other", "pvc": {"storage_class_name": "standard"}}
    )
    assert wrong_project.status_code == 404


def test_claims_are_per_namespace_and_all_lists_every_namespace(ecns: Ecns) -> None:
    claim(ecns)
    ecns.get(f"{API}/namespace/demo/cluster/ecns-east/ns/apps/")
    assert listing(ecns, "PVC")["pvc"] == []
    claim(ecns)  # the same name in another namespace
    everywhere = listing(ecns, "PVC", cluster_selector="all")["pvc"]
    assert sorted(c["namespace"] for c in everywhere) == ["apps", "default"]


def test_available_filter_hides_claims_a_workload_mounts(ecns: Ecns) -> None:
    ecns.post(f"{K8S}/sc/shared/?volume_type=cephfs")
    claim(ecns, "used")
    claim(ecns, "free")
    claim(ecns, "many", storage_class_name="shared", access_modes=["ReadWriteMany"])
    volumes = [
        {"name": "cache", "type": "EmptyDir", "emptydir": ""},
        {"name": "d1", "type": "PVC", "pvc": {"name": "used"}},
        {"name": "d2", "type": "PVC", "pvc": {"name": "many"}},
    ]
    ecns.create(workload(volumes=volumes))
    found = {c["name"]: c for c in listing(ecns, "PVC")["pvc"]}
    assert [w["name"] for w in found["used"]["attached_workloads"]] == ["web"]
    assert found["used"]["attached_workloads"][0]["type"] == "Deployment"
    available = listing(ecns, "PVC", filter="available")["pvc"]
    assert sorted(c["name"] for c in available) == ["free", "many"]


def test_delete_claim_removes_its_volume_and_refuses_a_mounted_one(ecns: Ecns) -> None:
    claim(ecns)
    claim(ecns, "used")
    ecns.create(workload(volumes=[{"name": "cache", "type": "PVC", "pvc": {"name": "used"}}]))
    ecns.settle(5)
    assert ecns.delete(f"{K8S}/pvc/data/", json={"project_id": "demo"}).status_code == 200
    assert [v["pvc_name"] for v in listing(ecns, "PV")["pv"]] == [None, "used"]
    mounted = ecns.delete(f"{K8S}/pvc/used/")
    assert mounted.status_code == 409
    assert ecns.error(mounted)["message"] == (
        'PersistentVolumeClaim "used" is mounted by Deployment web'
    )
    assert ecns.delete(f"{K8S}/pvc/data/").status_code == 404


def test_delete_volume_of_type_pv_and_pvc(ecns: Ecns) -> None:
    claim(ecns)
    ecns.settle(5)
    bound = next(v["name"] for v in listing(ecns, "PV")["pv"] if v["pvc_name"] == "data")
    refused = ecns.delete(f"{K8S}/storage/{bound}/?type=PV&cluster=ecns-east")
    assert refused.status_code == 409
    assert "delete the PVC first" in ecns.error(refused)["message"]
    assert ecns.delete(f"{K8S}/storage/ecns-east-spare-0/?type=PV").status_code == 200
    assert ecns.delete(f"{K8S}/storage/data/?type=PVC&cluster=ecns-east").status_code == 200
    assert listing(ecns, "PVC,PV") == {"pvc": [], "pv": []}
    assert ecns.delete(f"{K8S}/storage/data/?type=Disk").status_code == 400
    assert ecns.delete(f"{K8S}/storage/nope/?type=PV").status_code == 404

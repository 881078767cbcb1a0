"""storage_info on ECNS, against the emulator: one cluster's storage, every cluster's, volume types."""

from __future__ import annotations

from ansible_collections.kaas.cloud.plugins.modules import pvc, storage_class, storage_info, workload
from support.harness import run_module

API = "/api/ecns/eks"


def info(args, **options):
    return run_module(storage_info.main, {**args, **options})


def test_one_cluster_lists_its_classes_volumes_and_the_namespace_claims(cloud, ecns_args, ecns_object_args):
    run_module(pvc.main, {**ecns_args, "name": "data", "storage_class": "standard", "capacity": "2Gi"})
    run_module(
        pvc.main, {**ecns_args, "name": "logs", "storage_class": "standard", "capacity": "1Gi", "namespace": "apps"}
    )
    args = ecns_object_args
    cloud.clear_log()
    found = info(args)
    assert found["changed"] is False
    assert [(c["name"], c["default"], c["cluster"]) for c in found["storage_classes"]] == [
        ("standard", True, "ecns-east")
    ]
    assert [(c["name"], c["namespace"], c["status"]) for c in found["pvcs"]] == [("data", "default", "Bound")]
    bound = [v for v in found["pvs"] if v["pvc_name"] == "data"]
    assert len(bound) == 1 and bound[0]["status"] == "Bound" and bound[0]["storage_class"] == "standard"
    assert "ecns-east-spare-0" in [v["name"] for v in found["pvs"]]
    assert [t["name"] for t in found["volume_types"]] == ["hdd", "ssd", "cephfs"]
    assert found["volume_types"][1]["backend"] == "ceph-ssd"
    storage_calls = [r["query"] for r in cloud.requests("ecns") if r["path"] == f"{API}/kubernetes/storage/"]
    assert storage_calls == ["type=StorageClass%2CPVC%2CPV&cluster_selector=current"]
    assert cloud.api_writes("ecns") == []


def test_without_a_cluster_every_cluster_and_namespace_is_listed(cloud, ecns_args, ecns_object_args):
    run_module(
        pvc.main, {**ecns_args, "name": "logs", "storage_class": "standard", "capacity": "1Gi", "namespace": "apps"}
    )
    fast = run_module(storage_class.main, {**ecns_object_args, "name": "fast", "cluster": "ecns-west"})
    assert fast["changed"] and fast["storage_class"]["cluster"] == "ecns-west", fast
    args = {k: v for k, v in ecns_object_args.items() if k != "cluster"}
    found = info(args, include=["storage_classes", "pvcs"])
    assert set(found) >= {"storage_classes", "pvcs"} and "pvs" not in found and "volume_types" not in found
    assert sorted((c["cluster"], c["name"]) for c in found["storage_classes"]) == [
        ("ecns-east", "standard"),
        ("ecns-west", "fast"),
        ("ecns-west", "standard"),
    ]
    assert [(c["name"], c["namespace"]) for c in found["pvcs"]] == [("logs", "apps")]


def test_available_only_leaves_out_mounted_claims(cloud, ecns_args, ecns_object_args):
    for name in ("used", "free"):
        run_module(pvc.main, {**ecns_args, "name": name, "storage_class": "standard", "capacity": "1Gi"})
    run_module(
        workload.main,
        {
            **ecns_args,
            "name": "db",
            "replicas": 1,
            "containers": [{"name": "db", "image": {"image": "postgres", "image_version": "16"}}],
            "volumes": [{"name": "data", "type": "PVC", "pvc": {"name": "used"}}],
        },
    )
    args = ecns_object_args
    found = info(args, include=["pvcs"], available_only=True)
    assert [c["name"] for c in found["pvcs"]] == ["free"]


def test_another_provider_and_a_bad_cluster_are_refused(cloud, ecns_object_args):
    args = ecns_object_args
    other = info({**args, "provider": "nks"})
    assert other["failed"] and "ECNS storage only; nks has no storage classes" in other["msg"], other
    blank = info({**args, "cluster": " east"})
    assert blank["failed"] and "surrounding blanks" in blank["msg"], blank
    assert cloud.requests("ecns") == []
    missing = info({**args, "cluster": "no-such-cluster"})
    assert missing["failed"] and "cluster 'no-such-cluster' not found" in missing["msg"], missing

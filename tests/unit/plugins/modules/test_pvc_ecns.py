"""pvc on ECNS, against the emulator: create (waits for Bound), rerun, immutability, check mode, delete."""

from __future__ import annotations

import pytest

from ansible_collections.kaas.cloud.plugins.modules import pvc, workload
from support.harness import run_module

API = "/api/ecns/eks"
ONE = f"{API}/kubernetes/pvc/data/"
CLAIM = {"name": "data", "storage_class": "standard", "capacity": "10Gi"}


def converge(args, **kw):
    return run_module(pvc.main, args, **kw)


def test_lifecycle_create_rerun_delete(cloud, ecns_args):
    created = converge({**ecns_args, **CLAIM}, diff=True)
    assert created.get("changed"), created
    claim = created["pvc"]
    assert (claim["status"], claim["capacity"], claim["storage_class"]) == ("Bound", "10Gi", "standard")
    assert (claim["namespace"], claim["access_modes"]) == ("default", ["ReadWriteOnce"])
    assert created["diff"]["before"] == {} and created["diff"]["after"]["capacity"] == "10Gi"
    assert cloud.api_writes("ecns") == [("POST", ONE, "")]

    cloud.clear_log()
    again = converge({**ecns_args, **CLAIM, "capacity": "10240Mi", "access_modes": ["ReadWriteOnce"]})
    assert again["changed"] is False and cloud.api_writes("ecns") == []

    cloud.clear_log()
    deleted = converge({**ecns_args, "name": "data", "state": "absent"}, diff=True)
    assert deleted["changed"] and deleted["pvc"] == {} and deleted["diff"]["before"]["name"] == "data"
    assert converge({**ecns_args, "name": "data", "state": "absent"})["changed"] is False
    assert cloud.api_writes("ecns") == [("DELETE", ONE, "")]


def test_a_bare_number_is_gibibytes_and_without_wait_the_claim_is_not_waited_for(cloud, ecns_args):
    cloud.clear_log()
    created = converge({**ecns_args, **CLAIM, "capacity": "5", "wait": False})
    assert created["pvc"]["capacity"] == "5Gi"
    # The emulator's fast clock may bind the claim before the answer is read, so the status
    # says nothing here; what matters is that nothing polled the claim after the create.
    sent = [(r["method"], r["path"]) for r in cloud.requests("ecns")]
    after_create = sent[sent.index(("POST", ONE)) + 1 :]
    assert len(after_create) <= 1, after_create  # the one read back of the created claim, no polling
    assert converge({**ecns_args, **CLAIM, "capacity": "5Gi"})["pvc"]["status"] == "Bound"


def test_a_claim_cannot_change_and_nothing_is_sent(cloud, ecns_args):
    converge({**ecns_args, **CLAIM})
    cloud.clear_log()
    for check in (True, False):
        bigger = converge({**ecns_args, **CLAIM, "capacity": "20Gi"}, check=check)
        assert bigger["failed"] and "capacity cannot be changed in place" in bigger["msg"], bigger
        assert "'10Gi', requested '20Gi'" in bigger["msg"]
    moved = converge({**ecns_args, **CLAIM, "storage_class": "fast"})
    assert moved["failed"] and "storage_class (ecns storage_class_name)" in moved["msg"]
    assert cloud.api_writes("ecns") == []


def test_check_mode_predicts_without_writing(cloud, ecns_args):
    planned = converge({**ecns_args, **CLAIM, "capacity": "1024Mi"}, check=True, diff=True)
    assert planned["changed"] and planned["diff"]["before"] == {}
    assert planned["pvc"]["capacity"] == "1Gi"
    converge({**ecns_args, **CLAIM})
    cloud.clear_log()
    removal = converge({**ecns_args, "name": "data", "state": "absent"}, check=True)
    assert removal["changed"] and removal["pvc"] == {}
    assert cloud.api_writes("ecns") == []
    assert converge({**ecns_args, "name": "data"})["pvc"]["status"] == "Bound"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"storage_class": "gold"}, "storage class 'gold' does not exist in cluster 'ecns-east'"),
        ({"access_modes": ["ReadWriteMany"]}, "cannot provide ReadWriteMany (it offers ReadOnlyMany, ReadWriteOnce)"),
        ({"storage_class": None}, "creating it needs storage_class"),
    ],
)
def test_create_is_refused_before_any_write_when_ecns_would_refuse_it(cloud, ecns_args, options, message):
    for check in (True, False):
        result = converge({**ecns_args, **CLAIM, **options}, check=check)
        assert result["failed"] and message in result["msg"], result
    assert cloud.api_writes("ecns") == []


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"name": "Data"}, "PVC name 'Data' is invalid"),
        ({"capacity": "10GB"}, "capacity '10GB' must be a whole number of Mi, Gi or Ti"),
        ({"capacity": "0"}, "capacity '0'"),
        ({"access_modes": ["ReadWriteAll"]}, "access_modes"),
        ({"cluster": None}, "cluster"),
    ],
)
def test_bad_input_is_refused_before_any_request(cloud, ecns_args, options, message):
    result = converge({**ecns_args, **CLAIM, **options})
    assert result["failed"] and message in result["msg"], result
    assert [r for r in cloud.requests("ecns") if not r["path"].startswith("/identity")] == []


def test_a_mounted_claim_is_not_deleted_and_the_error_names_its_user(cloud, ecns_args):
    converge({**ecns_args, **CLAIM})
    run_module(
        workload.main,
        {
            **ecns_args,
            "name": "db",
            "replicas": 1,
            "containers": [{"name": "db", "image": {"image": "postgres", "image_version": "16"}}],
            "volumes": [{"name": "data", "type": "PVC", "pvc": {"name": "data"}}],
        },
    )
    listed = converge({**ecns_args, "name": "data"})
    assert [w["name"] for w in listed["pvc"]["attached_workloads"]] == ["db"]
    result = converge({**ecns_args, "name": "data", "state": "absent"})
    assert result["failed"] and 'PersistentVolumeClaim "data" is mounted by Deployment db' in result["msg"], result


def test_namespaces_are_separate(cloud, ecns_args):
    converge({**ecns_args, **CLAIM})
    other = converge({**ecns_args, **CLAIM, "namespace": "apps"})
    assert other["changed"] and other["pvc"]["namespace"] == "apps"

"""storage_class on ECNS, against the emulator: create, default, check mode, diff, delete."""

from __future__ import annotations

import pytest

from ansible_collections.kaas.cloud.plugins.modules import storage_class
from support.harness import run_module

API = "/api/ecns/eks"
K8S = f"{API}/kubernetes"


def converge(args, **kw):
    return run_module(storage_class.main, args, **kw)


def test_lifecycle_create_rerun_default_delete(cloud, ecns_object_args):
    created = converge({**ecns_object_args, "name": "fast", "volume_type": "ssd"}, diff=True)
    assert created.get("changed"), created
    result = created["storage_class"]
    assert (result["name"], result["cluster"], result["default"]) == ("fast", "ecns-east", False)
    assert result["access_modes"] == ["ReadOnlyMany", "ReadWriteOnce"] and "namespace" not in result
    assert created["diff"]["before"] == {}
    assert cloud.api_writes("ecns") == [("POST", f"{K8S}/sc/fast/", "")]

    cloud.clear_log()
    again = converge({**ecns_object_args, "name": "fast", "volume_type": "ssd", "default": False})
    assert again["changed"] is False and cloud.api_writes("ecns") == []

    cloud.clear_log()
    default = converge({**ecns_object_args, "name": "fast", "default": True}, diff=True)
    assert default["changed"] and default["storage_class"]["default"] is True
    assert (default["diff"]["before"]["default"], default["diff"]["after"]["default"]) == (False, True)
    assert cloud.api_writes("ecns") == [("PUT", f"{K8S}/storageclass/fast/default/", "action=set")]
    standard = converge({**ecns_object_args, "name": "standard"})
    assert standard["changed"] is False and standard["storage_class"]["default"] is False

    cloud.clear_log()
    deleted = converge({**ecns_object_args, "name": "fast", "state": "absent"})
    assert deleted["changed"] and deleted["storage_class"] == {}
    assert converge({**ecns_object_args, "name": "fast", "state": "absent"})["changed"] is False
    assert cloud.api_writes("ecns") == [("DELETE", f"{K8S}/sc/fast/", "")]


def test_create_as_default_is_create_then_set(cloud, ecns_object_args):
    created = converge({**ecns_object_args, "name": "fast", "default": True})
    assert created["changed"] and created["storage_class"]["default"] is True
    assert cloud.api_writes("ecns") == [
        ("POST", f"{K8S}/sc/fast/", ""),
        ("PUT", f"{K8S}/storageclass/fast/default/", "action=set"),
    ]
    cloud.clear_log()
    unset = converge({**ecns_object_args, "name": "fast", "default": False})
    assert unset["changed"] and unset["storage_class"]["default"] is False
    assert cloud.api_writes("ecns") == [("PUT", f"{K8S}/storageclass/fast/default/", "action=unset")]


def test_volume_type_is_used_at_creation_only(cloud, ecns_object_args):
    converge({**ecns_object_args, "name": "fast", "volume_type": "ssd"})
    cloud.clear_log()
    other = converge({**ecns_object_args, "name": "fast", "volume_type": "cephfs"})
    assert other["changed"] is False and cloud.api_writes("ecns") == []


def test_check_mode_predicts_without_writing(cloud, ecns_object_args):
    planned = converge(
        {**ecns_object_args, "name": "fast", "volume_type": "ssd", "default": True}, check=True, diff=True
    )
    assert planned["changed"] and planned["diff"]["before"] == {}
    assert planned["diff"]["after"]["default"] is True
    unset = converge({**ecns_object_args, "name": "standard", "default": False}, check=True)
    assert unset["changed"] and unset["storage_class"]["default"] is False
    removal = converge({**ecns_object_args, "name": "standard", "state": "absent"}, check=True)
    assert removal["changed"]
    assert cloud.api_writes("ecns") == []


def test_unknown_volume_type_is_refused_before_any_write(cloud, ecns_object_args):
    for check in (True, False):
        result = converge({**ecns_object_args, "name": "gold", "volume_type": "gold"}, check=check)
        assert result["failed"] and "volume type 'gold' does not exist" in result["msg"], result
        assert "cephfs, hdd, ssd" in result["msg"]
    assert cloud.api_writes("ecns") == []


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"name": "Fast_SC"}, "storage class name 'Fast_SC' is invalid"),
        ({"name": "fast", "cluster": None}, "cluster"),
        ({"name": "fast", "default": "maybe"}, "default"),
        ({"name": "fast", "namespace": "apps"}, "namespace"),
    ],
)
def test_bad_input_is_refused_before_any_request(cloud, ecns_object_args, options, message):
    result = converge({**ecns_object_args, **options})
    assert result["failed"] and message in result["msg"], result
    assert [r for r in cloud.requests("ecns") if not r["path"].startswith("/identity")] == []


def test_a_provider_error_surfaces_with_its_message(cloud, ecns_object_args):
    result = converge({**ecns_object_args, "name": "fast", "cluster": "no-such-cluster"})
    assert result["failed"] and "cluster 'no-such-cluster' not found" in result["msg"], result

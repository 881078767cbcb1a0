"""configmap and configmap_info on ECNS, against the emulator: the worked example of ecns_objects."""

from __future__ import annotations

import pytest

from ansible_collections.kaas.cloud.plugins.modules import configmap, configmap_info
from support.harness import run_module

API = "/api/ecns/eks"
ONE = f"{API}/kubernetes/configmap/web-settings/"
SETTINGS = {"name": "web-settings", "data": {"MODE": "production", "LOG_LEVEL": "info"}}


def converge(args, **kw):
    return run_module(configmap.main, args, **kw)


def test_lifecycle_create_rerun_update_delete(cloud, ecns_object_args):
    created = converge({**ecns_object_args, **SETTINGS})
    assert created.get("changed"), created
    assert created["configmap"]["data"] == SETTINGS["data"]
    assert created["configmap"]["keys"] == ["LOG_LEVEL", "MODE"]
    assert (created["configmap"]["cluster"], created["configmap"]["namespace"]) == ("ecns-east", "default")
    assert cloud.api_writes("ecns") == [("POST", ONE, "")]

    cloud.clear_log()
    again = converge({**ecns_object_args, **SETTINGS})
    assert again["changed"] is False and cloud.api_writes("ecns") == []
    # An unchanged run reads: the namespace switch and the detail, nothing else.
    assert [r["method"] for r in cloud.requests("ecns") if not r["path"].startswith("/identity")] == ["GET", "GET"]

    cloud.clear_log()
    updated = converge({**ecns_object_args, "name": "web-settings", "data": {"MODE": "debug"}}, diff=True)
    assert updated["changed"] and updated["configmap"]["data"] == {"MODE": "debug"}
    assert updated["diff"]["before"]["data"] == SETTINGS["data"]
    assert updated["diff"]["after"]["data"] == {"MODE": "debug"}
    assert cloud.api_writes("ecns") == [("PATCH", ONE, "")]

    cloud.clear_log()
    deleted = converge({**ecns_object_args, "name": "web-settings", "state": "absent"})
    assert deleted["changed"] and deleted["configmap"] == {}
    assert converge({**ecns_object_args, "name": "web-settings", "state": "absent"})["changed"] is False
    assert cloud.api_writes("ecns") == [("DELETE", f"{API}/kubernetes/configmaps/", "")]


def test_no_data_leaves_an_existing_configmap_alone(cloud, ecns_object_args):
    converge({**ecns_object_args, **SETTINGS})
    cloud.clear_log()
    result = converge({**ecns_object_args, "name": "web-settings"})
    assert result["changed"] is False and result["configmap"]["data"] == SETTINGS["data"]
    assert cloud.api_writes("ecns") == []


def test_numbers_are_stored_as_text_and_stay_unchanged(cloud, ecns_object_args):
    first = converge({**ecns_object_args, "name": "ports", "data": {"PORT": 8080, "RATIO": 0.5}})
    assert first["configmap"]["data"] == {"PORT": "8080", "RATIO": "0.5"}
    cloud.clear_log()
    assert converge({**ecns_object_args, "name": "ports", "data": {"PORT": 8080, "RATIO": "0.5"}})["changed"] is False
    assert cloud.api_writes("ecns") == []


def test_check_mode_predicts_without_writing(cloud, ecns_object_args):
    planned = converge({**ecns_object_args, **SETTINGS}, check=True, diff=True)
    assert planned["changed"] and planned["diff"]["before"] == {}
    assert planned["diff"]["after"]["data"] == SETTINGS["data"]
    converge({**ecns_object_args, **SETTINGS})
    cloud.clear_log()
    change = converge({**ecns_object_args, "name": "web-settings", "data": {}}, check=True)
    assert change["changed"] and change["configmap"]["data"] == {}
    removal = converge({**ecns_object_args, "name": "web-settings", "state": "absent"}, check=True)
    assert removal["changed"]
    assert cloud.api_writes("ecns") == []


def test_namespaces_are_separate(cloud, ecns_object_args):
    converge({**ecns_object_args, **SETTINGS})
    other = converge({**ecns_object_args, **SETTINGS, "namespace": "apps"})
    assert other["changed"] and other["configmap"]["namespace"] == "apps"
    listed = run_module(configmap_info.main, {**ecns_object_args, "namespace": "apps"})
    assert [c["name"] for c in listed["configmaps"]] == ["web-settings"]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"name": "Web_Settings", "data": {}}, "configmap name 'Web_Settings' is invalid"),
        ({"name": "web", "data": {"bad key": "x"}}, "data key 'bad key'"),
        ({"name": "web", "data": {"DEBUG": True}}, "data value of 'DEBUG' must be text or a number"),
        ({"name": "web", "cluster": None}, "cluster"),
        ({"name": "web", "product_type": "gke"}, "product_type"),
        ({"name": " web"}, "surrounding blanks"),
    ],
)
def test_bad_input_is_refused_before_any_request(cloud, ecns_object_args, options, message):
    result = converge({**ecns_object_args, **options})
    assert result["failed"] and message in result["msg"], result
    assert [r for r in cloud.requests("ecns") if not r["path"].startswith("/identity")] == []


def test_another_provider_is_refused(cloud, ecns_object_args):
    result = converge({**ecns_object_args, **SETTINGS, "provider": "nks"})
    assert result["failed"] and "providers that have it: ecns" in result["msg"], result


def test_a_provider_error_surfaces_with_its_message(cloud, ecns_object_args):
    result = converge({**ecns_object_args, **SETTINGS, "cluster": "no-such-cluster"})
    assert result["failed"] and "no-such-cluster" in result["msg"], result

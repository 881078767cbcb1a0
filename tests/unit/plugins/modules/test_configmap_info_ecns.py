"""configmap_info against the emulator (set-up helpers from test_configmap_ecns.py)."""

from __future__ import annotations

from ansible_collections.kaas.cloud.plugins.modules import configmap_info
from support.harness import run_module

from .test_configmap_ecns import SETTINGS, converge


def test_info_lists_every_configmap_with_its_data_or_one_by_name(cloud, ecns_object_args):
    converge({**ecns_object_args, **SETTINGS})
    converge({**ecns_object_args, "name": "db-settings", "data": {"HOST": "db"}})
    cloud.clear_log()
    listed = run_module(configmap_info.main, ecns_object_args)
    assert [(c["name"], c["data"]) for c in listed["configmaps"]] == [
        ("db-settings", {"HOST": "db"}),
        ("web-settings", SETTINGS["data"]),
    ]
    one = run_module(configmap_info.main, {**ecns_object_args, "name": "db-settings"})
    assert [c["name"] for c in one["configmaps"]] == ["db-settings"]
    none = run_module(configmap_info.main, {**ecns_object_args, "name": "ghost"})
    assert none["configmaps"] == [] and none["changed"] is False
    assert cloud.api_writes("ecns") == []

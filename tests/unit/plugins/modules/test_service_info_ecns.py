"""service_info against the emulator (set-up helpers from test_service_ecns.py)."""

from __future__ import annotations

import pytest

from ansible_collections.kaas.cloud.plugins.modules import service_info
from support.ecns_net import add_workload
from support.harness import run_module

from .test_service_ecns import INTERNAL, converge


@pytest.fixture
def web(cloud):
    add_workload(cloud)
    cloud.clear_log()
    return cloud


def test_info_lists_every_service_or_one_by_name(web, ecns_object_args):
    cloud = web
    converge({**ecns_object_args, **INTERNAL})
    converge({**ecns_object_args, **INTERNAL, "name": "api", "labels": {"tier": "api"}})
    cloud.clear_log()
    listed = run_module(service_info.main, ecns_object_args)
    assert [s["name"] for s in listed["services"]] == ["web-internal", "api"]
    selected = run_module(service_info.main, {**ecns_object_args, "selector": "tier=api"})
    assert [s["name"] for s in selected["services"]] == ["api"]
    one = run_module(service_info.main, {**ecns_object_args, "name": "api"})
    assert [s["labels"] for s in one["services"]] == [{"tier": "api"}]
    assert run_module(service_info.main, {**ecns_object_args, "name": "ghost"})["services"] == []
    assert cloud.api_writes("ecns") == []

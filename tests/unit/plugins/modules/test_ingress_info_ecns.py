"""ingress_info against the emulator (set-up helpers from test_ingress_ecns.py)."""

from __future__ import annotations

import pytest

from ansible_collections.kaas.cloud.plugins.modules import ingress_info
from support.harness import run_module

from .test_ingress_ecns import SHOP, converge, serve_web


@pytest.fixture
def web(cloud, ecns_object_args):
    return serve_web(cloud, ecns_object_args)


def test_info_lists_ingresses_and_access_uris(web, ecns_object_args):
    cloud = web
    converge({**ecns_object_args, **SHOP})
    bare = {"name": "bare", "routers": [{"path": "/bare", "target_service": "web-internal", "service_port": 80}]}
    converge({**ecns_object_args, **bare, "labels": {"tier": "x"}})
    cloud.clear_log()
    listed = run_module(ingress_info.main, ecns_object_args)
    assert [i["name"] for i in listed["ingresses"]] == ["shop", "bare"] and "access" not in listed
    with_access = run_module(ingress_info.main, {**ecns_object_args, "include": ["access"]})
    assert with_access["access"] == ["http://172.24.0.10/bare", "http://shop.example.com/"]
    selected = run_module(ingress_info.main, {**ecns_object_args, "selector": "tier=x"})
    assert [i["name"] for i in selected["ingresses"]] == ["bare"]
    one = run_module(ingress_info.main, {**ecns_object_args, "name": "shop", "include": ["access"]})
    assert [i["name"] for i in one["ingresses"]] == ["shop"] and len(one["access"]) == 2
    assert cloud.api_writes("ecns") == []

"""ingress and ingress_info on ECNS, against the emulator (seed 1.18)."""

from __future__ import annotations

import pytest

from ansible_collections.kaas.cloud.plugins.modules import ingress, service
from support.ecns_net import API, add_workload, api_requests
from support.harness import run_module

ROUTE = {"domain": "shop.example.com", "path": "/", "target_service": "web-internal", "service_port": 80}
SHOP = {"name": "shop", "routers": [ROUTE], "labels": {"app": "web"}}


def converge(args, **kw):
    return run_module(ingress.main, args, **kw)


def serve_web(cloud, ecns_object_args):
    """Workload ``web`` and its ClusterIP service ``web-internal``, for ingresses to route to."""
    add_workload(cloud)
    internal = {"name": "web-internal", "type": "ClusterIP", "target_workload": "web", "ports": [{"port": 80}]}
    assert run_module(service.main, {**ecns_object_args, **internal})["changed"]
    cloud.clear_log()
    return cloud


@pytest.fixture
def web(cloud, ecns_object_args):
    return serve_web(cloud, ecns_object_args)


def test_lifecycle_create_rerun_update_delete(web, ecns_object_args):
    cloud = web
    created = converge({**ecns_object_args, **SHOP})
    assert created.get("changed"), created
    assert created["ingress"]["routers"] == [ROUTE] and created["ingress"]["labels"] == {"app": "web"}
    assert cloud.api_writes("ecns") == [("POST", f"{API}/ingress/", "")]

    cloud.clear_log()
    # A router without a path is routed at "/": the same rule, so nothing to change.
    without_path = {k: v for k, v in ROUTE.items() if k != "path"}
    again = converge({**ecns_object_args, **SHOP, "routers": [without_path]})
    assert again["changed"] is False and cloud.api_writes("ecns") == []

    cloud.clear_log()
    v2 = {**ROUTE, "path": "/v2"}
    updated = converge({**ecns_object_args, "name": "shop", "routers": [ROUTE, v2]}, diff=True)
    assert updated["changed"] and [r["path"] for r in updated["ingress"]["routers"]] == ["/", "/v2"]
    assert updated["diff"]["before"]["routers"] == [ROUTE]
    assert updated["ingress"]["labels"] == {"app": "web"}, "an unset option keeps its value"
    assert cloud.api_writes("ecns") == [("PATCH", f"{API}/ingress/", "")]

    cloud.clear_log()
    deleted = converge({**ecns_object_args, "name": "shop", "state": "absent"})
    assert deleted["changed"] and deleted["ingress"] == {}
    assert converge({**ecns_object_args, "name": "shop", "state": "absent"})["changed"] is False
    assert cloud.api_writes("ecns") == [("DELETE", f"{API}/ingress/", "")]


def test_check_mode_predicts_without_writing(web, ecns_object_args):
    cloud = web
    planned = converge({**ecns_object_args, **SHOP}, check=True, diff=True)
    assert planned["changed"] and planned["diff"]["before"] == {}
    assert planned["diff"]["after"]["routers"] == [ROUTE]
    converge({**ecns_object_args, **SHOP})
    cloud.clear_log()
    change = converge({**ecns_object_args, "name": "shop", "annotations": {"a": "b"}}, check=True)
    assert change["changed"] and change["ingress"]["annotations"] == {"a": "b"}
    assert converge({**ecns_object_args, "name": "shop", "state": "absent"}, check=True)["changed"]
    assert cloud.api_writes("ecns") == []


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({**SHOP, "name": "Shop"}, "ingress name 'Shop' is invalid"),
        ({**SHOP, "routers": []}, "routers must not be empty"),
        ({**SHOP, "routers": [{**ROUTE, "domain": "Shop!"}]}, "routers[0].domain 'Shop!'"),
        ({**SHOP, "routers": [{**ROUTE, "path": "api"}]}, "routers[0].path 'api' must start with '/'"),
        ({**SHOP, "routers": [{**ROUTE, "service_port": 0}]}, "routers[0].service_port must be a port"),
        ({**SHOP, "routers": [ROUTE, ROUTE]}, "is routed twice"),
        ({**SHOP, "labels": {"v": 2}}, "labels.v must be text"),
    ],
)
def test_bad_input_is_refused_before_any_request(web, ecns_object_args, options, message):
    result = converge({**ecns_object_args, **options})
    assert result["failed"] and message in result["msg"], result
    assert api_requests(web) == []


def test_create_needs_routers(web, ecns_object_args):
    result = converge({**ecns_object_args, "name": "shop"})
    assert result["failed"] and "needs routers" in result["msg"], result
    assert web.api_writes("ecns") == []


def test_a_provider_error_surfaces_with_its_message(web, ecns_object_args):
    result = converge({**ecns_object_args, **SHOP, "routers": [{**ROUTE, "target_service": "ghost"}]})
    assert result["failed"] and "no service 'ghost'" in result["msg"], result
    converge({**ecns_object_args, **SHOP})
    clash = converge({**ecns_object_args, **SHOP, "name": "other"})
    assert clash["failed"] and "already routed by ingress default/shop" in clash["msg"], clash

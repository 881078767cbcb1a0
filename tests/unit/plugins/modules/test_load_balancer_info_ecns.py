"""load_balancer_info against the emulator: ECNS load balancers by name or id, and the Octavia look-ups.

The ITCare listing is part of the lb lifecycle in test_load_balancer_itcare.py.
"""

from __future__ import annotations

import pytest

from ansible_collections.kaas.cloud.plugins.modules import load_balancer_info, service
from support.ecns_net import add_workload
from support.harness import run_module

from .test_load_balancer_ecns import WEB_LB, converge


@pytest.fixture
def web(cloud):
    add_workload(cloud)
    cloud.clear_log()
    return cloud


def test_info_lists_load_balancers_by_name_or_id_and_the_look_ups(web, ecns_args, ecns_object_args):
    created = converge({**ecns_args, **WEB_LB})["load_balancer"]
    internal = {"name": "web-internal", "type": "ClusterIP", "target_workload": "web", "ports": [{"port": 80}]}
    run_module(service.main, {**ecns_object_args, **internal})
    web.clear_log()
    listed = run_module(load_balancer_info.main, ecns_object_args)
    assert [b["name"] for b in listed["load_balancers"]] == ["web-lb"] and "look_ups" not in listed
    by_id = run_module(load_balancer_info.main, {**ecns_object_args, "id": created["id"]})
    assert [b["name"] for b in by_id["load_balancers"]] == ["web-lb"]
    with_look_ups = run_module(load_balancer_info.main, {**ecns_object_args, "include": ["look_ups"]})
    look_ups = with_look_ups["look_ups"]
    assert look_ups["octavia_installed"] is True and look_ups["replicas_limit"] == 4
    assert look_ups["license"]["delta"] == 1
    assert [s["id"] for s in look_ups["subnets"]] == ["subnet-app-1", "subnet-db-1", "subnet-other-project"]
    assert web.api_writes("ecns") == []

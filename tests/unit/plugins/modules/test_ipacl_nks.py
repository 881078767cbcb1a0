"""ipacl on NKS, against the emulator."""

from __future__ import annotations

import pytest

from ansible_collections.kaas.cloud.plugins.modules import ipacl
from support.harness import run_module

from .test_k8s_cluster_nks import api_writes
from .test_nodegroup_nks import create_cluster

ALLOW = {
    "cluster": "it-nks",
    "enabled": True,
    "action": "ALLOW",
    "targets": [{"cidr": "203.0.113.0/24", "description": "office"}, {"cidr": "198.51.100.7"}],
}


@pytest.fixture
def cluster(cloud, nks_args):
    return create_cluster(cloud, nks_args)


def converge(args, **kw):
    return run_module(ipacl.main, args, **kw)


def test_enable_rerun_reorder_change_and_disable(cloud, nks_args, cluster):
    predicted = converge({**nks_args, **ALLOW}, check=True, diff=True)
    assert predicted["changed"] and api_writes(cloud) == []
    assert predicted["diff"]["before"]["enabled"] is False
    enabled = converge({**nks_args, **ALLOW})
    assert enabled["changed"] and enabled["ipacl"]["enabled"] is True and enabled["ipacl"]["action"] == "ALLOW"
    assert enabled["ipacl"]["targets"] == [
        {"cidr": "198.51.100.7/32"},
        {"cidr": "203.0.113.0/24", "description": "office"},
    ]
    assert enabled["ipacl"] == predicted["ipacl"] | {"status": enabled["ipacl"]["status"]}
    assert api_writes(cloud) == [("POST", f"/v1/clusters/{cluster['id']}/api_ep_ipacl")]

    cloud.clear_log()
    reordered = {**ALLOW, "targets": [{"cidr": "198.51.100.7/32"}, ALLOW["targets"][0]]}
    assert converge({**nks_args, **reordered})["changed"] is False and api_writes(cloud) == []

    deny = converge({**nks_args, "cluster": "it-nks", "action": "DENY"}, diff=True)
    assert deny["changed"] and deny["ipacl"]["action"] == "DENY" and len(deny["ipacl"]["targets"]) == 2

    off = {**nks_args, "cluster": "it-nks", "enabled": False}
    disabled = converge(off)
    assert disabled["changed"] and disabled["ipacl"]["enabled"] is False and disabled["ipacl"]["targets"] is None
    assert converge(off)["changed"] is False


def test_refusals_before_any_write(cloud, nks_args, cluster):
    bad = converge({**nks_args, **ALLOW, "targets": [{"cidr": "10.0.0.300/24"}]})
    assert bad["failed"] and "'10.0.0.300/24' is not an IPv4 address or CIDR" in bad["msg"]
    v6 = converge({**nks_args, **ALLOW, "targets": [{"cidr": "2001:db8::/64"}]})
    assert v6["failed"] and "IPv4 addresses only" in v6["msg"]
    mixed = converge({**nks_args, "cluster": "it-nks", "enabled": False, "action": "DENY"})
    assert mixed["failed"] and "apply only with enabled: true" in mixed["msg"]
    assert cloud.requests("nks") == []
    half = converge({**nks_args, "cluster": "it-nks", "enabled": True, "action": "ALLOW"}, check=True)
    assert half["failed"] and "needs targets" in half["msg"]
    implicit = converge({**nks_args, "cluster": "it-nks", "targets": ALLOW["targets"]})
    assert implicit["failed"] and "set enabled: true" in implicit["msg"]
    assert api_writes(cloud) == []


def test_a_failed_change_fails_with_the_status_reason(cloud, nks_args, cluster):
    fault = {
        "provider": "nks",
        "method": "POST",
        "path": "/api_ep_ipacl$",
        "async_error": "acl backend down",
        "times": 1,
    }
    cloud.faults(fault)
    result = converge({**nks_args, **ALLOW})
    assert result["failed"] and "update failed: acl backend down" in result["msg"]

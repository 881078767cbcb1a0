"""autoscaler on NKS, and node counts left to the autoscaler by nodegroup and k8s_cluster."""

from __future__ import annotations

import pytest

from ansible_collections.kaas.cloud.plugins.modules import autoscaler, k8s_cluster, nodegroup
from support.harness import run_module

from .test_k8s_cluster_nks import CREATE, api_writes
from .test_nodegroup_nks import GROUP, create_cluster

ON = {"cluster": CREATE["name"], "enabled": True, "min_node_count": 1, "max_node_count": 3}


@pytest.fixture
def cluster(cloud, nks_args):
    return create_cluster(cloud, nks_args)


def converge(args, **kw):
    return run_module(autoscaler.main, args, **kw)


def test_enable_rerun_change_and_disable(cloud, nks_args, cluster):
    predicted = converge({**nks_args, **ON}, check=True, diff=True)
    assert predicted["changed"] and api_writes(cloud) == []
    assert predicted["diff"]["before"]["enabled"] is False and predicted["diff"]["after"]["enabled"] is True
    enabled = converge({**nks_args, **ON})
    assert enabled["changed"] and enabled["autoscaler"]["enabled"] is True
    assert enabled["autoscaler"]["max_node_count"] == 3 and enabled["autoscaler"]["status"].endswith("_COMPLETE")
    path = f"/v1/clusters/{cluster['id']}/nodegroups/{enabled['autoscaler']['nodegroup_id']}/autoscale"
    assert api_writes(cloud) == [("POST", path)]

    cloud.clear_log()
    assert converge({**nks_args, **ON})["changed"] is False and api_writes(cloud) == []

    scale_down = {"scale_down_util_thresh": 40, "scale_down_unneeded_time": 20}
    tuned = converge({**nks_args, "cluster": "it-nks", "nks": scale_down}, diff=True)
    assert tuned["changed"] and tuned["autoscaler"]["nks"]["scale_down_util_thresh"] == 40
    assert tuned["diff"]["before"]["nks"]["scale_down_util_thresh"] == 50

    off = converge({**nks_args, "cluster": "it-nks", "enabled": False})
    assert off["changed"] and off["autoscaler"]["enabled"] is False


def test_node_count_is_left_to_the_autoscaler_while_it_is_on(cloud, nks_args, cluster):
    converge({**nks_args, **ON, "min_node_count": 1, "max_node_count": 3})
    cloud.clear_log()
    kept = run_module(k8s_cluster.main, {**nks_args, "name": "it-nks", "node_count": 2})
    assert kept["changed"] is False and api_writes(cloud) == []
    assert "node_count 2 left to the autoscaler" in str(kept["warnings"])
    outside = run_module(k8s_cluster.main, {**nks_args, "name": "it-nks", "node_count": 5}, check=True)
    assert outside["failed"] and "outside the autoscaler's range 1..3" in outside["msg"]

    run_module(nodegroup.main, {**nks_args, **GROUP})
    converge({**nks_args, "cluster": "it-nks", "nodegroup": "batch", "enabled": True, "max_node_count": 4})
    cloud.clear_log()
    group = run_module(nodegroup.main, {**nks_args, **GROUP, "node_count": 4})
    assert group["changed"] is False and "left to the autoscaler" in str(group["warnings"]) and api_writes(cloud) == []
    beyond = run_module(nodegroup.main, {**nks_args, **GROUP, "node_count": 5})
    assert beyond["failed"] and "range 1..4" in beyond["msg"] and api_writes(cloud) == []


def test_refusals_before_any_write(cloud, nks_args, cluster):
    crossed = converge({**nks_args, **ON, "min_node_count": 4, "max_node_count": 2})
    big = converge({**nks_args, **ON, "max_node_count": 11})
    thresh = converge({**nks_args, "cluster": "it-nks", "nks": {"scale_down_util_thresh": 0}})
    assert crossed["failed"] and "min_node_count 4 is more than max_node_count 2" in crossed["msg"]
    assert big["failed"] and "between 1 and 10, got 11" in big["msg"]
    assert thresh["failed"] and "between 1 and 100" in thresh["msg"]
    assert cloud.requests("nks") == []
    converge({**nks_args, **ON})
    above = converge({**nks_args, "cluster": "it-nks", "min_node_count": 5}, check=True)
    assert above["failed"] and "min_node_count 5 would be more than max_node_count 3" in above["msg"]
    cloud.clear_log()
    nowhere = converge({**nks_args, **ON, "nodegroup": "nope"})
    assert nowhere["failed"] and "'nope' not found" in nowhere["msg"] and api_writes(cloud) == []

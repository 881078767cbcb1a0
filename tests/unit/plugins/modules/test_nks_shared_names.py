"""Every NKS module that finds a cluster by name refuses a name two clusters share, naming both, with no write.

NKS reads a cluster by name in one request and answers 409 when the name is shared
(``NksApi.find_cluster``); each module must turn that into the same refusal, never a
pick among the clusters and never a write, whether it manages the cluster itself or
something inside it.
"""

from __future__ import annotations

import pytest

from ansible_collections.kaas.cloud.plugins.modules import (
    autoscaler,
    ipacl,
    k8s_cluster,
    k8s_cluster_info,
    kubeconfig,
    nodegroup,
    nodegroup_info,
)
from support.harness import run_module

from .test_ipacl_nks import ALLOW
from .test_k8s_cluster_nks import TWIN, api_writes
from .test_nodegroup_nks import GROUP

NAME = TWIN["name"]

#: (module, arguments beside the connection) for every way a task names an NKS cluster.
CASES = {
    "k8s_cluster present": (k8s_cluster, {"name": NAME, "node_count": 2}),
    "k8s_cluster absent": (k8s_cluster, {"name": NAME, "state": "absent"}),
    "k8s_cluster_info": (k8s_cluster_info, {"name": NAME}),
    "kubeconfig": (kubeconfig, {"cluster": NAME}),
    "nodegroup": (nodegroup, {**GROUP, "cluster": NAME}),
    "nodegroup absent": (nodegroup, {"cluster": NAME, "name": GROUP["name"], "state": "absent"}),
    "nodegroup_info": (nodegroup_info, {"cluster": NAME}),
    "autoscaler": (autoscaler, {"cluster": NAME, "enabled": True, "min_node_count": 1, "max_node_count": 3}),
    "ipacl": (ipacl, {**ALLOW, "cluster": NAME}),
}


def arguments(module, args, nks_args, tmp_path):
    if module in (k8s_cluster_info, nodegroup_info):
        # Reading never waits: the info modules take no waiting options.
        nks_args = {k: v for k, v in nks_args.items() if k not in ("poll_interval", "wait_timeout")}
    if module is kubeconfig:
        args = {**args, "dest": str(tmp_path / "config")}
    return {**nks_args, **args}


def create_twin(cloud) -> str:
    created = cloud.nks("POST", "/v1/clusters", json=TWIN)
    assert created.status_code == 202, created.text
    return created.json()["uuid"]


@pytest.mark.parametrize("case", list(CASES))
def test_a_shared_cluster_name_is_refused_naming_both_clusters_with_no_write(case, cloud, nks_args, tmp_path):
    uuids = [create_twin(cloud), create_twin(cloud)]
    cloud.clear_log()
    module, args = CASES[case]
    result = run_module(module.main, arguments(module, args, nks_args, tmp_path))
    assert result.get("failed"), result
    assert f"2 nks clusters are named {NAME!r}" in result["msg"], result["msg"]
    assert all(uuid in result["msg"] for uuid in uuids), result["msg"]
    assert api_writes(cloud) == []
    reads = [r["path"] for r in cloud.requests("nks") if r["method"] == "GET"]
    assert reads[:2] == [f"/v1/clusters/{NAME}", "/v1/clusters"], reads


@pytest.mark.parametrize("case", list(CASES))
def test_one_read_by_name_finds_the_cluster(case, cloud, nks_args, tmp_path):
    uuid = create_twin(cloud)
    cloud.clear_log()
    module, args = CASES[case]
    result = run_module(module.main, arguments(module, args, nks_args, tmp_path), check=True)
    # A cluster just created has no API address yet, so kubeconfig fails on the cluster it found.
    assert not result.get("failed") or f"/v1/clusters/{uuid}/config" in result["msg"], result
    reads = [r["path"] for r in cloud.requests("nks") if r["method"] == "GET"]
    assert reads[0] == f"/v1/clusters/{NAME}" and "/v1/clusters" not in reads, reads

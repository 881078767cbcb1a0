"""nodegroup_info against the emulator (set-up helpers from test_nodegroup_nks.py)."""

from __future__ import annotations

import pytest

from ansible_collections.kaas.cloud.plugins.modules import nodegroup_info
from support.harness import run_module

from .test_nodegroup_nks import GROUP, converge, create_cluster


@pytest.fixture
def cluster(cloud, nks_args):
    return create_cluster(cloud, nks_args)


def test_info_lists_worker_groups(cloud, nks_args, cluster):
    converge({**nks_args, **GROUP})
    connection = {k: v for k, v in nks_args.items() if k not in ("poll_interval", "wait_timeout")}
    listed = run_module(nodegroup_info.main, {**connection, "cluster": "it-nks"})
    assert [g["name"] for g in listed["nodegroups"]] == ["default-worker", "batch"]
    one = run_module(nodegroup_info.main, {**connection, "cluster": "it-nks", "name": "batch"})
    assert [g["node_count"] for g in one["nodegroups"]] == [2]
    none = run_module(nodegroup_info.main, {**connection, "cluster": "it-nks", "name": "other"})
    assert none["nodegroups"] == []


def test_info_on_a_missing_cluster_names_the_cluster_and_no_group(cloud, nks_args):
    connection = {k: v for k, v in nks_args.items() if k not in ("poll_interval", "wait_timeout")}
    missing = run_module(nodegroup_info.main, {**connection, "cluster": "no-such-cluster"})
    assert missing["failed"] and "no-such-cluster" in missing["msg"]
    assert "None" not in missing["msg"], "an info task that names no group must not be labelled 'None'"

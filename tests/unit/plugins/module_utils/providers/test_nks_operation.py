"""The NKS operation tables and the shared wait, for every NKS adapter.

An adapter's table decides the plan (its refusals), the steps (one per operation,
in table order) and the call of each step: these tests hold every table to that,
so that an option added without its operation, or an operation without a call,
fails here rather than at NKS.
"""

from __future__ import annotations

import pytest

from ansible_collections.kaas.cloud.plugins.module_utils.providers.contract import FAILED, PENDING, READY
from ansible_collections.kaas.cloud.plugins.module_utils.providers.nks.autoscaler import AutoscalerState, NksAutoscaler
from ansible_collections.kaas.cloud.plugins.module_utils.providers.nks.cluster import NksCluster, NksState
from ansible_collections.kaas.cloud.plugins.module_utils.providers.nks.ipacl import AclState, NksIpAcl
from ansible_collections.kaas.cloud.plugins.module_utils.providers.nks.nodegroup import GroupState, NksNodeGroup

from .test_nks import UUID, calls, cluster, make, ok, worker

TABLES = (NksCluster, NksNodeGroup)
GROUP_UUID = "9c3f5a8e-0d6b-4a51-8f1e-6d2b7c4e1a90"


def group(**overrides):
    body = {
        "uuid": GROUP_UUID,
        "name": "pool",
        "status": "UPDATE_COMPLETE",
        "node_count": 2,
        "flavor_id": "flavor-m",
        "labels": {"kube_tag": "v1.29.3", "ca_enable": "False"},
        "nodes": [
            {"uuid": "n1", "name": "pool-1", "status": "ACTIVE"},
            {"uuid": "n2", "name": "pool-2", "status": "SHUTOFF"},
        ],
    }
    body.update(overrides)
    return body


def blank(adapter_class):
    """An adapter without an API: enough for what needs only its class tables."""
    return adapter_class.__new__(adapter_class)


@pytest.mark.parametrize("adapter_class", TABLES)
def test_every_option_an_update_can_change_has_an_operation(adapter_class):
    covered = {path for op in adapter_class.operations for path in op.paths}
    changeable = {f.path for f in adapter_class.fields if f.mutable and f.compare}
    assert changeable - covered == set(), "a mutable option no operation sends"
    assert covered - adapter_class.field_paths() == set(), "an operation covers an option the adapter lacks"


@pytest.mark.parametrize("adapter_class", TABLES)
def test_a_change_of_everything_runs_one_step_per_operation_in_table_order(adapter_class):
    changes = {path: f"value of {path}" for op in adapter_class.operations for path in op.paths}
    steps = blank(adapter_class).split_update(changes)
    assert steps == [{path: changes[path] for path in op.paths} for op in adapter_class.operations]


@pytest.mark.parametrize("adapter_class", TABLES)
def test_a_step_only_holds_options_of_one_operation(adapter_class):
    for op in adapter_class.operations:
        for path in op.paths:
            assert blank(adapter_class).split_update({path: 1}) == [{path: 1}] * sum(
                path in other.paths for other in adapter_class.operations
            )


# One step per cluster operation, with the desired state its call reads.
CLUSTER_STEPS = {
    "upgrade": ({"version": "v1.30.3"}, {}),
    "resize": ({"node_count": 4}, {}),
    "flavor": ({"node_size": "f2"}, {}),
    "cni": (
        {"nks.cni_driver": "calico", "nks.pods_network_cidr": "10.200.0.0/16"},
        {"nks": {"cni_driver": "calico", "pods_network_cidr": "10.200.0.0/16"}},
    ),
    "service gateways": ({"nks.obs_sgw": "o2"}, {}),
    "certificate": ({"nks.term_of_validity": 3}, {"nks": {"term_of_validity": 3}}),
}


def test_every_cluster_operation_has_an_example_step():
    assert {op.name for op in NksCluster.operations} == set(CLUSTER_STEPS)


@pytest.mark.parametrize("name", sorted(CLUSTER_STEPS))
def test_each_cluster_step_sends_one_write_and_waits_for_its_values(name):
    step, desired = CLUSTER_STEPS[name]
    current = NksState(cluster(labels={"cni_driver": "flannel", "obs_sgw": "o1"}), worker(), True)
    adapter, session = make(ok({"uuid": UUID}, 202), ok(cluster()), ok(worker()))
    state = adapter.update(current, step, {"name": "prod", **desired})
    writes = [call for call in calls(session) if call[0] != "GET"]
    assert len(writes) == 1, writes
    assert set(state.expect) == set(step)
    status = adapter.status(state)
    assert status.state == PENDING and "waiting for" in status.raw


# One step per node group operation; the group has pool-1 running and pool-2 stopped.
GROUP_STEPS = {
    "upgrade": {"version": "v1.29.3"},
    "resize": {"node_count": 3},
    "flavor": {"node_size": "f2"},
    "user script": {"nks.user_script": "sha256:" + "0" * 64},
    "stop nodes": {"nks.stopped_nodes": ["pool-1", "pool-2"]},
    "start nodes": {"nks.stopped_nodes": None},
}


def test_every_group_operation_has_an_example_step():
    assert {op.name for op in NksNodeGroup.operations} == set(GROUP_STEPS)


@pytest.mark.parametrize("name", sorted(GROUP_STEPS))
def test_each_group_step_sends_one_write_and_expects_what_nks_will_show(name):
    adapter, session = make(ok({}, 202), ok(cluster()), ok(group()))
    groups = NksNodeGroup(adapter.api)
    state = groups.update(GroupState(cluster(), group()), GROUP_STEPS[name], {"name": "pool", "cluster": "prod"})
    writes = [call for call in calls(session) if call[0] != "GET"]
    assert len(writes) == 1, writes
    op = next(op for op in NksNodeGroup.operations if op.name == name)
    if op.shows is None:
        assert state.expect == GROUP_STEPS[name]
    elif name == "stop nodes":
        assert writes[0][1].endswith("/stop_node") and state.expect == {"nks.stopped_nodes": ["pool-1", "pool-2"]}
    else:
        assert writes[0][1].endswith("/start_node") and state.expect == {"nks.stopped_nodes": None}


def test_a_group_step_with_nothing_to_stop_or_start_sends_nothing():
    adapter, session = make()
    groups = NksNodeGroup(adapter.api)
    current = GroupState(cluster(), group())
    assert groups.update(current, {"nks.stopped_nodes": ["pool-2"]}, {"name": "pool"}) is current
    assert calls(session) == []


# -- the shared wait: the same for the four NKS adapters ------------------------------------

SETTINGS = {"ca_enable": True, "ca_min_node_count": 1, "ca_max_node_count": 3}


def states(cluster_body, expect):
    """Each NKS adapter with a state whose cluster is ``cluster_body`` and that waits for ``expect``."""
    return [
        (NksCluster, NksState(cluster_body, worker(), True, expect=expect.get("cluster", {}))),
        (NksNodeGroup, GroupState(cluster_body, group(), expect=expect.get("nodegroup", {}))),
        (NksAutoscaler, AutoscalerState(cluster_body, group(), dict(SETTINGS), expect=expect.get("autoscaler", {}))),
        (NksIpAcl, AclState(cluster_body, {"enable": "false"}, expect=expect.get("ipacl", {}))),
    ]


NOT_SHOWN = {
    "cluster": {"node_count": 5},
    "nodegroup": {"node_count": 5},
    "autoscaler": {"max_node_count": 5},
    "ipacl": {"enabled": True},
}
SHOWN = {
    "cluster": {"node_count": 2},
    "nodegroup": {"node_count": 2},
    "autoscaler": {"max_node_count": 3},
    "ipacl": {"enabled": False},
}


@pytest.mark.parametrize("index", range(4))
def test_every_adapter_waits_until_its_view_shows_what_the_call_asked(index):
    adapter_class, waiting = states(cluster(), NOT_SHOWN)[index]
    adapter = adapter_class(make()[0].api)
    status = adapter.status(waiting)
    assert status.state == PENDING
    assert status.raw.endswith("to show the change") and next(iter(waiting.expect)) in status.raw
    _same, done = states(cluster(), SHOWN)[index]
    assert adapter.status(done).state == READY


@pytest.mark.parametrize("index", range(4))
@pytest.mark.parametrize(("raw", "state"), [("UPDATE_IN_PROGRESS", PENDING), ("UPDATE_FAILED", FAILED)])
def test_every_adapter_follows_its_cluster_before_its_expectations(index, raw, state):
    adapter_class, current = states(cluster(status=raw, status_reason="why"), NOT_SHOWN)[index]
    status = adapter_class(make()[0].api).status(current)
    assert status.state == state and raw in status.raw and "waiting for" not in status.raw

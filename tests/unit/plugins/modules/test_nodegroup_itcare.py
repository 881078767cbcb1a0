"""nodegroup and nodegroup_info on ITCare, through the modules, against the emulator."""

from __future__ import annotations

import pytest

from ansible_collections.kaas.cloud.plugins.modules import nodegroup, nodegroup_info
from support.harness import run_module

from .conftest import ITCARE_CLUSTER_NAME as CLUSTER_NAME
from .conftest import itcare_writes as writes

GROUP = {"cluster": CLUSTER_NAME, "name": "eb-a-4cpu8gb", "node_count": 2}


def converge(args, **kw):
    return run_module(nodegroup.main, args, **kw)


def test_create_predicted_then_made_then_unchanged_without_a_write(cloud, itcare_args, itcare_cluster):
    predicted = converge({**itcare_args, **GROUP}, check=True, diff=True)
    assert predicted["changed"] and predicted["diff"]["before"] == {}
    # Check mode asks ITCare to validate the change (a dry run), and changes nothing.
    assert [(method, status) for method, _path, status in writes(cloud)] == [("PATCH", 200)]
    cloud.clear_log()

    made = converge({**itcare_args, **GROUP}, diff=True)
    assert made["changed"] and made["nodegroup"]["node_count"] == 2
    group = made["nodegroup"]
    assert group["cluster"] == CLUSTER_NAME and group["cluster_id"] == itcare_cluster["id"]
    assert group["version"] == itcare_cluster["version"] and group["created_at"]
    assert group["itcare"]["az"] == "EB-A" and group["itcare"]["ingress"] is False
    cloud.clear_log()

    again = converge({**itcare_args, **GROUP, "node_size": "4CPU8GB", "itcare": {"az": "eb-a", "ingress": False}})
    assert not again["changed"]
    assert writes(cloud) == []


def test_a_group_read_by_id_is_read_by_its_name(cloud, itcare_args, itcare_cluster):
    connection = {k: v for k, v in itcare_args.items() if k not in ("poll_interval", "wait_timeout")}
    by_id = run_module(nodegroup_info.main, {**connection, "cluster": CLUSTER_NAME, "id": "eb-c-2cpu4gb"})
    assert [(g["name"], g["node_count"]) for g in by_id["nodegroups"]] == [("eb-c-2cpu4gb", 1)]
    changed = converge({**itcare_args, "cluster": CLUSTER_NAME, "id": "eb-c-2cpu4gb", "node_count": 2})
    assert changed["changed"] and changed["nodegroup"]["name"] == "eb-c-2cpu4gb"


def test_info_lists_every_group_of_the_cluster(cloud, itcare_args, itcare_cluster):
    connection = {k: v for k, v in itcare_args.items() if k not in ("poll_interval", "wait_timeout")}
    listed = run_module(nodegroup_info.main, {**connection, "cluster": CLUSTER_NAME})
    names = [(g["name"], g["node_count"], g["itcare"]["ingress"]) for g in listed["nodegroups"]]
    assert names == [("eb-a-2cpu4gb-ingress", 1, True), ("eb-b-2cpu4gb-ingress", 1, True), ("eb-c-2cpu4gb", 1, False)]
    missing = run_module(nodegroup_info.main, {**connection, "cluster": CLUSTER_NAME, "name": "eb-a-1cpu2gb"})
    assert missing["nodegroups"] == []


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"name": "workers"}, "node group name 'workers' is invalid"),
        ({"version": "1.30"}, "option 'version' is not supported by provider itcare"),
        ({"nks": {"availability_zone": "kr-pub-a"}}, "option 'nks' applies to provider nks only"),
        ({"node_size": "8cpu16gb"}, "node_size is '8cpu16gb' but node group 'eb-a-4cpu8gb' means '4cpu8gb'"),
        ({"itcare": {"ingress": True}}, "itcare.ingress is True"),
        ({"node_count": 0}, "node_count of node group 'eb-a-4cpu8gb'"),
    ],
)
def test_bad_input_is_refused_before_any_request(cloud, itcare_args, extra, message):
    cloud.clear_log()
    refused = converge({**itcare_args, **GROUP, **extra}, check=True)
    assert refused["failed"] and message in refused["msg"], refused
    assert cloud.requests("itcare") == []


def test_the_last_ingress_node_is_never_removed(cloud, itcare_args, itcare_cluster):
    first = converge({**itcare_args, "cluster": CLUSTER_NAME, "name": "eb-a-2cpu4gb-ingress", "state": "absent"})
    assert first["changed"] and first["nodegroup"] == {}
    cloud.clear_log()
    for check in (True, False):
        last = converge(
            {**itcare_args, "cluster": CLUSTER_NAME, "name": "eb-b-2cpu4gb-ingress", "state": "absent"}, check=check
        )
        assert last["failed"] and "last ingress node" in last["msg"]
    assert writes(cloud) == []


def test_info_on_a_missing_cluster_names_the_cluster_and_no_group(cloud, itcare_args):
    connection = {k: v for k, v in itcare_args.items() if k not in ("poll_interval", "wait_timeout")}
    missing = run_module(nodegroup_info.main, {**connection, "cluster": "no-such-cluster"})
    assert missing["failed"] and "no-such-cluster" in missing["msg"]
    assert "None" not in missing["msg"], "an info task that names no group must not be labelled 'None'"

"""nodegroup and nodegroup_info on NKS, against the emulator."""

from __future__ import annotations

import pytest

from ansible_collections.kaas.cloud.plugins.modules import k8s_cluster, nodegroup
from support.harness import run_module

from .test_k8s_cluster_nks import BIGGER, CREATE, FLAVOR, api_writes

GROUP = {
    "cluster": "it-nks",
    "name": "batch",
    "node_count": 2,
    "node_size": FLAVOR,
    "nks": {
        "node_image": CREATE["nks"]["node_image"],
        "availability_zone": "kr2-pub-b",
        "boot_volume_type": "General HDD",
        "boot_volume_size": 20,
        "user_script": "echo n0de-s3cret",
    },
}


def create_cluster(cloud, nks_args):
    """The NKS cluster of test_k8s_cluster_nks, created, with an empty request log."""
    created = run_module(k8s_cluster.main, {**nks_args, **CREATE})
    assert created["changed"], created
    cloud.clear_log()
    return created["cluster"]


@pytest.fixture
def cluster(cloud, nks_args):
    return create_cluster(cloud, nks_args)


def converge(args, **kw):
    return run_module(nodegroup.main, args, **kw)


def group_path(cluster, group, suffix=""):
    return f"/v1/clusters/{cluster['id']}/nodegroups/{group['id']}{suffix}"


def test_create_rerun_resize_flavor_script_delete(cloud, nks_args, cluster):
    predicted = converge({**nks_args, **GROUP}, check=True, diff=True)
    assert predicted["changed"] and api_writes(cloud) == []
    assert predicted["diff"]["after"]["nks"]["user_script"].startswith("sha256:")
    created = converge({**nks_args, **GROUP}, diff=True)
    assert created["changed"], created
    group = created["nodegroup"]
    assert group["status"] == "CREATE_COMPLETE" and group["node_count"] == 2 and group["version"] == "v1.28.3"
    assert group["nks"]["user_script"] == predicted["diff"]["after"]["nks"]["user_script"]
    assert "n0de-s3cret" not in str(created) and "n0de-s3cret" not in str(predicted)
    assert api_writes(cloud) == [("POST", f"/v1/clusters/{cluster['id']}/nodegroups")]

    cloud.clear_log()
    assert converge({**nks_args, **GROUP})["changed"] is False and api_writes(cloud) == []

    cloud.clear_log()
    first = group["nks"]["nodes"][0]
    smaller = converge(
        {
            **nks_args,
            "cluster": cluster["id"],
            "name": "batch",
            "node_count": 1,
            "nks": {"nodes_to_remove": [first["name"]]},
        }
    )
    assert smaller["changed"] and smaller["nodegroup"]["node_count"] == 1
    assert first["uuid"] not in [n["uuid"] for n in smaller["nodegroup"]["nks"]["nodes"]]
    resize = [r for r in cloud.requests("nks") if r["path"].endswith("/actions/resize")]
    assert len(resize) == 1

    cloud.clear_log()
    changed = converge({**nks_args, **GROUP, "node_count": 1, "node_size": BIGGER, "nks": {"user_script": "echo two"}})
    assert changed["changed"] and changed["nodegroup"]["node_size"] == BIGGER
    assert api_writes(cloud) == [
        ("PATCH", group_path(cluster, group)),
        ("POST", group_path(cluster, group, "/userscript")),
    ]

    absent = {**nks_args, "cluster": "it-nks", "name": "batch", "state": "absent"}
    assert converge(absent, check=True)["changed"]
    gone = converge(absent)
    assert gone["changed"] and gone["nodegroup"] == {}
    assert converge(absent)["changed"] is False


def test_stop_and_start_named_nodes(cloud, nks_args, cluster):
    group = converge({**nks_args, **GROUP})["nodegroup"]
    names = [n["name"] for n in group["nks"]["nodes"]]
    cloud.clear_log()
    stop = {**nks_args, "cluster": "it-nks", "name": "batch", "nks": {"stopped_nodes": [names[0]]}}
    predicted = converge(stop, check=True, diff=True)
    assert predicted["changed"] and predicted["diff"]["after"]["nks"]["stopped_nodes"] == [names[0]]
    stopped = converge(stop)
    assert stopped["nodegroup"]["nks"]["stopped_nodes"] == [names[0]]
    assert converge(stop)["changed"] is False
    swap = converge({**stop, "nks": {"stopped_nodes": [names[1]]}})
    assert swap["changed"] and swap["nodegroup"]["nks"]["stopped_nodes"] == [names[1]]
    actions = [r["path"].rsplit("/", 1)[-1] for r in cloud.requests("nks") if r["method"] == "POST"]
    assert [a for a in actions if a != "tokens"] == ["stop_node", "stop_node", "start_node"]
    unknown = converge({**stop, "nks": {"stopped_nodes": ["nope"]}})
    assert unknown["failed"] and "does not have: nope" in unknown["msg"]


def test_worker_upgrade_follows_the_control_plane(cloud, nks_args, cluster):
    converge({**nks_args, **GROUP})
    cloud.clear_log()
    early = converge({**nks_args, "cluster": "it-nks", "name": "batch", "version": "v1.29.3"})
    assert early["failed"] and "control plane is v1.28.3" in early["msg"] and "default-master first" in early["msg"]
    assert api_writes(cloud) == []
    run_module(k8s_cluster.main, {**nks_args, "name": "it-nks", "version": "v1.29.3"})
    cloud.clear_log()
    upgrade = {**nks_args, "cluster": "it-nks", "name": "batch", "version": "1.29.3", "nks": {"num_buffer_nodes": 1}}
    assert converge(upgrade, check=True)["changed"] and api_writes(cloud) == []
    upgraded = converge(upgrade)
    assert upgraded["changed"] and upgraded["nodegroup"]["version"] == "v1.29.3"
    assert [(m, p.rsplit("/", 1)[-1]) for m, p in api_writes(cloud)] == [("POST", "upgrade")]
    down = converge({**upgrade, "version": "v1.28.3"})
    assert down["failed"] and "cannot go down" in down["msg"]
    too_many = converge({**upgrade, "node_size": BIGGER, "nks": {"num_buffer_nodes": 9}})
    assert too_many["failed"] and "num_buffer_nodes 9" in too_many["msg"]


def test_refusals_before_any_write(cloud, nks_args, cluster):
    master = converge({**nks_args, "cluster": "it-nks", "name": "default-master", "node_count": 2})
    assert master["failed"] and "control plane" in master["msg"]
    default = converge({**nks_args, "cluster": "it-nks", "name": "default-worker", "state": "absent"}, check=True)
    assert default["failed"] and "never deletes a default node group" in default["msg"]
    many = converge({**nks_args, **GROUP, "node_count": 11})
    assert many["failed"] and "between 1 and 10" in many["msg"]
    assert cloud.requests("nks") == []
    missing = converge({**nks_args, "cluster": "it-nks", "name": "new", "node_count": 1})
    assert missing["failed"] and "needs node_size, nks.node_image" in missing["msg"]
    zone = converge(
        {**nks_args, "cluster": "it-nks", "name": "default-worker", "nks": {"availability_zone": "kr2-pub-a"}}
    )
    assert zone["failed"] and "nks.availability_zone cannot be changed in place" in zone["msg"]
    newer = converge({**nks_args, **GROUP, "version": "v1.29.3"}, check=True)
    assert newer["failed"] and "a new node group runs the control plane's version v1.28.3" in newer["msg"]
    nowhere = converge({**nks_args, **GROUP, "cluster": "nowhere"})
    assert nowhere["failed"] and "cluster 'nowhere' not found" in nowhere["msg"]
    assert api_writes(cloud) == []


def test_a_failed_operation_fails_with_the_status_reason(cloud, nks_args, cluster):
    fault = {"provider": "nks", "method": "POST", "path": "/nodegroups$", "async_error": "quota exceeded", "times": 1}
    cloud.faults(fault)
    result = converge({**nks_args, **GROUP})
    assert result["failed"] and "create failed: quota exceeded" in result["msg"]
    assert result["resource"]["status"] == "CREATE_FAILED"
    again = converge({**nks_args, **GROUP})
    assert again["failed"] and "CREATE_FAILED" in again["msg"]

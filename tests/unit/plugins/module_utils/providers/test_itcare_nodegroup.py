"""ITCare node groups through the Reconciler, against the emulator (the modules: test_nodegroup_itcare.py)."""

from __future__ import annotations

import pytest

from ansible_collections.kaas.cloud.plugins.module_utils.errors import PlanError, ValidationError, WaitError
from ansible_collections.kaas.cloud.plugins.module_utils.providers.connection import Connection
from ansible_collections.kaas.cloud.plugins.module_utils.providers.itcare.api import ItcareApi
from ansible_collections.kaas.cloud.plugins.module_utils.providers.itcare.nodegroup import ItcareNodeGroup
from ansible_collections.kaas.cloud.plugins.module_utils.reconcile import Reconciler, WaitOptions
from kaas_emulator.server import EmulatorServer
from support.harness import WRITE_METHODS, Cloud

CLUSTERS = "/compute/containers/kubernetes"
SETTINGS = {"region": "EB", "networkId": 1125, "serviceId": 124, "ingressProvider": "NGINX", "nodeSizing": "2cpu4gb"}


@pytest.fixture(scope="module")
def emulator():
    with EmulatorServer(time_scale=400) as server:
        yield server


@pytest.fixture
def cloud(emulator):
    cloud = Cloud(emulator.url)
    cloud.reset()
    return cloud


def make_cluster(cloud, count=2):
    """A cluster of ``count`` nodes: the first two are ingress nodes in EB-A and EB-B."""
    answer = cloud.itcare("POST", CLUSTERS, json={"name": "ng", "instanceCount": count, **SETTINGS})
    assert answer.status_code == 202, answer.text
    assert cloud.wait_itcare_action(answer.json()["id"])["status"] == "SUCCESS"
    cloud.clear_log()
    return answer.json()["resourceId"]


def reconciler(cloud, check_mode=False):
    api = ItcareApi(Connection(provider="itcare", auth={"token": "demo"}, api_url=f"{cloud.url}/itcare"))
    wait = WaitOptions(timeout=30, max_interval=0.2, first_interval=0.05)
    return Reconciler(ItcareNodeGroup(api), check_mode=check_mode, wait=wait)


def converge(cloud, desired, check_mode=False, state="present"):
    run = reconciler(cloud, check_mode)
    run.adapter.validate(desired)
    return run.absent(desired) if state == "absent" else run.present(desired)


def writes(cloud):
    return [(r["method"], r["status"]) for r in cloud.requests("itcare") if r["method"] in WRITE_METHODS]


def nodes(cloud, cluster_id):
    return cloud.itcare("GET", f"{CLUSTERS}/{cluster_id}/nodes").json()


def test_group_lifecycle_create_rerun_scale_named_removal_delete(cloud):
    cluster_id = make_cluster(cloud)
    group = {"cluster": "ng", "name": "eb-c-4cpu8gb", "node_count": 2}

    planned = converge(cloud, group, check_mode=True)
    assert planned.changed and planned.after["node_count"] == 2
    assert writes(cloud) == [("PATCH", 200)], "check mode sends a dry run only"

    cloud.clear_log()
    made = converge(cloud, group)
    assert made.changed and made.after["node_count"] == 2 and made.after["status"] == "ACTIVE"
    assert made.after["itcare"]["az"] == "EB-C" and made.after["node_size"] == "4cpu8gb"
    added = [n for n in nodes(cloud, cluster_id) if n["nodeSizing"] == "4cpu8gb"]
    assert {n["az"] for n in added} == {"EB-C"} and not any(n["isInternalIngressNode"] for n in added)

    cloud.clear_log()
    again = converge(cloud, {**group, "node_size": "4CPU8GB", "itcare": {"az": "EB-C", "ingress": False}})
    assert again.changed is False and writes(cloud) == []

    grown = converge(cloud, {**group, "node_count": 3})
    assert grown.changed and grown.after["node_count"] == 3

    oldest = grown.after["itcare"]["nodes"][0]["name"]
    cloud.clear_log()
    shrunk = converge(cloud, {**group, "node_count": 1, "itcare": {"nodes_to_remove": [oldest]}})
    assert shrunk.changed and shrunk.after["node_count"] == 1
    names = [n["name"] for n in shrunk.after["itcare"]["nodes"]]
    newest = grown.after["itcare"]["nodes"][2]["name"]
    assert oldest not in names and newest not in names, "the named node first, then the newest"
    assert writes(cloud) == [("PATCH", 202)]

    gone = converge(cloud, group, state="absent")
    assert gone.changed and not [n for n in nodes(cloud, cluster_id) if n["nodeSizing"] == "4cpu8gb"]
    assert converge(cloud, group, state="absent").changed is False


def test_an_ingress_group_adds_ingress_nodes(cloud):
    cluster_id = make_cluster(cloud)
    made = converge(cloud, {"cluster": str(cluster_id), "name": "eb-a-2cpu4gb-ingress", "node_count": 2})
    assert made.changed and made.after["itcare"]["ingress"] is True
    ingress = [n for n in nodes(cloud, cluster_id) if n["isInternalIngressNode"]]
    assert sorted(n["az"] for n in ingress) == ["EB-A", "EB-A", "EB-B"]


def test_never_the_last_ingress_node_nor_the_last_node(cloud):
    make_cluster(cloud)
    first = {"cluster": "ng", "name": "eb-a-2cpu4gb-ingress"}
    assert converge(cloud, first, state="absent").changed  # EB-B keeps an ingress node
    cloud.clear_log()
    last = {"cluster": "ng", "name": "eb-b-2cpu4gb-ingress"}
    for check_mode in (True, False):
        with pytest.raises(PlanError, match="every node of the cluster"):
            converge(cloud, last, check_mode=check_mode, state="absent")
    assert writes(cloud) == []


def test_removing_the_last_ingress_node_is_refused_before_any_write(cloud):
    make_cluster(cloud)
    converge(cloud, {"cluster": "ng", "name": "eb-c-2cpu4gb", "node_count": 1})
    converge(cloud, {"cluster": "ng", "name": "eb-a-2cpu4gb-ingress"}, state="absent")
    cloud.clear_log()
    with pytest.raises(PlanError, match="last ingress node"):
        converge(cloud, {"cluster": "ng", "name": "eb-b-2cpu4gb-ingress"}, state="absent")
    with pytest.raises(ValidationError, match="at least 1"):
        converge(cloud, {"cluster": "ng", "name": "eb-c-2cpu4gb", "node_count": 0})
    assert writes(cloud) == []


@pytest.mark.parametrize(
    ("desired", "error", "message"),
    [
        ({"name": "gpu"}, ValidationError, "<zone>-<sizing>"),
        ({"name": "eb-a-2cpu4gb", "node_size": "4cpu8gb"}, ValidationError, "means '2cpu4gb'"),
        ({"name": "eb-a-2cpu4gb", "itcare": {"ingress": True}}, ValidationError, "means False"),
        ({"name": "et-a-2cpu4gb", "node_count": 1}, PlanError, "zone ET-A is not one of the cluster's"),
        ({"name": "eb-a-2cpu4gb-ingress", "node_count": 1, "itcare": {"nodes_to_remove": ["x"]}}, PlanError, "'x'"),
        ({"name": "eb-c-2cpu4gb", "node_count": 99}, PlanError, "at most 100"),
    ],
)
def test_bad_groups_fail_before_any_write(cloud, desired, error, message):
    make_cluster(cloud)
    converge(cloud, {"cluster": "ng", "name": "eb-a-2cpu4gb-ingress", "node_count": 2})
    cloud.clear_log()
    with pytest.raises(error, match=message):
        converge(cloud, {"cluster": "ng", **desired})
    assert writes(cloud) == []


def test_a_failed_action_fails_with_its_message(cloud):
    make_cluster(cloud)
    cloud.faults({"provider": "itcare", "method": "PATCH", "async_error": "no host left in EB-C"})
    with pytest.raises(WaitError, match="no host left in EB-C") as caught:
        converge(cloud, {"cluster": "ng", "name": "eb-c-2cpu4gb", "node_count": 1})
    assert "(operation " in caught.value.message

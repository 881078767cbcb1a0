"""k8s_cluster and k8s_cluster_info on ITCare, against the emulator, signing in with OAuth2 client credentials."""

from __future__ import annotations

import pytest

from ansible_collections.kaas.cloud.plugins.modules import k8s_cluster, k8s_cluster_info, kubeconfig
from support.harness import WRITE_METHODS, run_module

TOKEN_PATH = "/auth/realms/cloud/protocol/openid-connect/token"
CLUSTERS = "/compute/containers/kubernetes"
SETTINGS = {"region": "EB", "network_id": 1125, "service_id": 124, "ingress_provider": "NGINX"}
CREATE = {"name": "it-itc", "version": "1.29", "node_count": 3, "node_size": "2cpu4gb", "itcare": SETTINGS}


def converge(args, **kw):
    return run_module(k8s_cluster.main, args, **kw)


def api_writes(cloud, accepted_only=True):
    """Writes to the ITCare API; signing in is not one, nor a dry run (answered 200, not 202)."""
    return [
        (r["method"], r["path"])
        for r in cloud.requests("itcare")
        if r["method"] in WRITE_METHODS and r["path"] != TOKEN_PATH and (r["status"] == 202 or not accepted_only)
    ]


def patches(cloud):
    return [path for method, path in api_writes(cloud) if method == "PATCH"]


def created(cloud, itcare_args, **changes):
    result = converge({**itcare_args, **CREATE, **changes})
    assert result["changed"] and result["cluster"]["status"] == "ACTIVE", result
    cloud.clear_log()
    return result["cluster"]


def test_lifecycle_create_rerun_upgrade_scale_patch_party_delete(cloud, itcare_args):
    predicted = converge({**itcare_args, **CREATE, "itcare": {**SETTINGS, "ha": True}}, check=True, diff=True)
    assert predicted["changed"] and predicted["diff"]["before"] == {}
    assert predicted["cluster"]["itcare"]["ha"] is True
    assert api_writes(cloud) == [] and ("POST", CLUSTERS) in api_writes(cloud, accepted_only=False)

    result = converge({**itcare_args, **CREATE, "itcare": {**SETTINGS, "ha": True}})
    cluster = result["cluster"]
    assert result["changed"] and cluster["status"] == "ACTIVE" and cluster["version"] == "v1.29.10"
    assert cluster["node_count"] == 3 and cluster["node_size"] == "2cpu4gb"
    assert cluster["itcare"]["ha"] is True and cluster["itcare"]["action"]["process"] == "ENABLE_K8S_HA"
    assert api_writes(cloud) == [("POST", CLUSTERS), ("PATCH", f"{CLUSTERS}/{cluster['id']}")]

    cloud.clear_log()
    again = converge({**itcare_args, **CREATE, "version": "v1.29.10", "itcare": {**SETTINGS, "ha": True}})
    assert again["changed"] is False and api_writes(cloud, accepted_only=False) == []

    cloud.clear_log()
    upgraded = converge({**itcare_args, "name": "it-itc", "version": "1.31", "node_count": 5}, diff=True)
    assert upgraded["changed"] and upgraded["cluster"]["version"] == "v1.31.2"
    assert upgraded["cluster"]["node_count"] == 5 and upgraded["diff"]["before"]["version"] == "1.29"
    # One product at a time: 1.30 then 1.31, then the nodes.
    assert patches(cloud) == [f"{CLUSTERS}/{cluster['id']}"] * 3
    nodes = cloud.itcare("GET", f"{CLUSTERS}/{cluster['id']}/nodes").json()
    assert sorted(n["az"] for n in nodes if not n["isInternalIngressNode"]) == ["EB-A", "EB-B", "EB-C"]

    cloud.clear_log()
    excluded = {"patch_party_excluded": True, "patch_exclusion_reason": "handled by the app team"}
    party = converge({**itcare_args, "name": "it-itc", "itcare": excluded})
    assert party["changed"] and party["cluster"]["itcare"]["patch_party_excluded"] is True
    assert converge({**itcare_args, "name": "it-itc", "itcare": excluded})["changed"] is False

    cloud.clear_log()
    smaller = converge({**itcare_args, "name": "it-itc", "node_count": 3})
    assert smaller["changed"] and smaller["cluster"]["node_count"] == 3
    left = cloud.itcare("GET", f"{CLUSTERS}/{cluster['id']}/nodes").json()
    assert sum(1 for n in left if n["isInternalIngressNode"]) == 2, "scaling down never removes ingress nodes"

    absent = {**itcare_args, "name": "it-itc", "state": "absent", "itcare": {"change_reference": "CHG0042"}}
    assert converge(absent, check=True)["changed"] is True
    gone = converge(absent)
    assert gone["changed"] and gone["cluster"] == {}
    assert cloud.itcare("GET", f"{CLUSTERS}/{cluster['id']}").status_code == 404
    assert converge(absent)["changed"] is False


def test_check_mode_asks_itcare_with_a_dry_run(cloud, itcare_args):
    outside = converge({**itcare_args, **CREATE, "itcare": {**SETTINGS, "network_id": 2201}}, check=True)
    assert outside.get("failed") and "network 2201 is not in area EB" in outside["msg"], outside
    assert "INVALID_FIELD_VALUE, field networkId" in outside["msg"]
    assert cloud.itcare("GET", CLUSTERS).json()["totalElements"] == 0
    cluster = created(cloud, itcare_args)
    plan = converge({**itcare_args, "name": "it-itc", "node_count": 4}, check=True)
    assert plan["changed"] and plan["cluster"]["node_count"] == 4
    assert api_writes(cloud) == [] and api_writes(cloud, accepted_only=False) == [
        ("PATCH", f"{CLUSTERS}/{cluster['id']}")
    ]
    assert cloud.itcare("GET", f"{CLUSTERS}/{cluster['id']}").json()["nodeCount"] == 3


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"name": "Bad_Name"}, "name 'Bad_Name' is invalid"),
        ({"node_count": 13}, "between 2 and 12, got 13"),
        ({"itcare": {**SETTINGS, "ha": False}}, "HA on ITCare is irreversible"),
        ({"itcare": {**SETTINGS, "change_reference": "RFC-2026-0001"}}, "at most 10"),
        ({"version": "1.27"}, "does not sell Kubernetes 1.27"),
        ({"itcare": {**SETTINGS, "ingress_provider": "HAPROXY"}}, "choose one of NGINX, TRAEFIK"),
        ({"itcare": {"region": "EB"}}, "needs itcare.network_id, itcare.service_id, itcare.ingress_provider"),
    ],
)
def test_bad_creations_fail_before_any_write(cloud, itcare_args, change, message):
    result = converge({**itcare_args, **CREATE, **change})
    assert result.get("failed") and message in result["msg"], result
    assert api_writes(cloud, accepted_only=False) == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"version": "v1.28.13"}, "cannot go down from v1.29.10 to v1.28.13"),
        ({"version": "1.30.1"}, "is v1.30.6, not 1.30.1"),
        ({"version": "1.35"}, "ITCare offers no Kubernetes 1.35"),
        ({"node_count": 0}, "node_count must be at least 1"),
        ({"node_count": 1}, "would remove ingress nodes"),
        ({"node_size": "4cpu8gb"}, "node_size (itcare nodeSizing) cannot be changed in place"),
        ({"itcare": {"service_id": 123}}, "itcare.service_id (itcare serviceId) cannot be changed"),
        ({"itcare": {"patch_group": "2"}}, "only allowed when the cluster has exactly one node"),
        ({"itcare": {"patch_party_excluded": True}}, "needs itcare.patch_exclusion_reason"),
    ],
)
def test_refused_changes_send_no_write(cloud, itcare_args, change, message):
    created(cloud, itcare_args)
    for check in (True, False):
        result = converge({**itcare_args, "name": "it-itc", **change}, check=check)
        assert result.get("failed") and message in result["msg"], result
    assert api_writes(cloud, accepted_only=False) == []


def test_a_network_named_by_its_technical_id_is_the_network_it_names(cloud, itcare_args):
    """The API reference's table types networkId integer, its example sends text: both are taken."""
    named = {**SETTINGS, "network_id": "EB_1125_DMZ8"}
    cluster = created(cloud, itcare_args, itcare=named)
    assert cluster["itcare"]["network_id"] == 1125
    for same in ("EB_1125_DMZ8", 1125, "1125"):
        again = converge({**itcare_args, **CREATE, "itcare": {**SETTINGS, "network_id": same}})
        assert again["changed"] is False, (same, again)
    assert api_writes(cloud, accepted_only=False) == []
    other = converge({**itcare_args, **CREATE, "itcare": {**SETTINGS, "network_id": "EB_1126_APP2"}})
    assert other.get("failed") and "itcare.network_id (itcare networkId) cannot be changed" in other["msg"], other
    assert api_writes(cloud, accepted_only=False) == []


def test_ha_is_refused_where_the_region_cannot_have_it(cloud, itcare_args):
    et = {"region": "ET", "network_id": 2201, "service_id": 124, "ingress_provider": "NGINX"}
    created(cloud, itcare_args, itcare=et)
    result = converge({**itcare_args, "name": "it-itc", "itcare": {"ha": True}})
    assert result.get("failed") and "supportsHAMode is false" in result["msg"]
    assert api_writes(cloud, accepted_only=False) == []


def test_a_failed_action_fails_the_task_with_its_message(cloud, itcare_args):
    cluster = created(cloud, itcare_args)
    cloud.faults({"provider": "itcare", "method": "PATCH", "async_error": "hypervisor EB4 is full"})
    result = converge({**itcare_args, "name": "it-itc", "version": "1.30"})
    assert result.get("failed") and "hypervisor EB4 is full" in result["msg"], result
    action = result["resource"]["itcare"]["action"]
    assert f"operation {action['id']}" in result["msg"] and action["status"] == "ERROR"
    assert cloud.itcare("GET", f"{CLUSTERS}/{cluster['id']}").json()["version"] == "v1.29.10"


def test_a_failed_deletion_fails_the_task_with_its_message(cloud, itcare_args):
    created(cloud, itcare_args)
    cloud.faults({"provider": "itcare", "method": "DELETE", "async_error": "backup in progress"})
    result = converge({**itcare_args, "name": "it-itc", "state": "absent"})
    assert result.get("failed") and "deletion failed" in result["msg"] and "backup in progress" in result["msg"]


def test_a_failed_creation_fails_the_task_and_blocks_later_runs(cloud, itcare_args):
    cloud.faults({"provider": "itcare", "method": "POST", "path": f"^{CLUSTERS}$", "async_error": "no capacity"})
    result = converge({**itcare_args, **CREATE})
    assert result.get("failed") and "create failed" in result["msg"] and "no capacity" in result["msg"]
    later = converge({**itcare_args, **CREATE})
    assert later.get("failed") and "status ERROR" in later["msg"] and "fix or delete it" in later["msg"]


def test_a_wait_past_wait_timeout_names_the_action(cloud, itcare_args):
    with cloud.time_scaled(1.0):
        result = converge({**itcare_args, **CREATE, "wait_timeout": 1})
    assert result.get("failed") and "timed out after 1s" in result["msg"], result
    action = cloud.itcare("GET", "/actions").json()["content"][0]
    assert f"itcare operation {action['id']}" in result["msg"] and action["process"] == "CREATE_K8S_CLUSTER"


def test_a_busy_cluster_is_waited_for_and_its_action_named(cloud, itcare_args):
    cluster = created(cloud, itcare_args)
    with cloud.time_scaled(1.0):
        started = cloud.itcare(
            "PATCH", f"{CLUSTERS}/{cluster['id']}", json={"operation": "upgrade", "options": {"version": "1.30"}}
        )
        result = converge({**itcare_args, "name": "it-itc", "node_count": 4, "wait_timeout": 1})
    assert result.get("failed") and f"operation {started.json()['id']}" in result["msg"], result


def test_a_pre_issued_token_is_used_as_is(cloud, itcare_args):
    args = {**itcare_args, "auth": {"token": "demo"}}
    assert converge({**args, **CREATE})["changed"]
    assert not [r for r in cloud.requests("itcare") if r["path"] == TOKEN_PATH]


def reading(args):
    """Connection options only: info modules do not wait."""
    return {k: v for k, v in args.items() if k not in ("poll_interval", "wait_timeout")}


def test_info_filters_and_details(cloud, itcare_args):
    created(cloud, itcare_args)
    converge({**itcare_args, **CREATE, "name": "it-other", "itcare": {**SETTINGS, "service_id": 125}})
    info = reading(itcare_args)
    listed = run_module(k8s_cluster_info.main, {**info, "itcare": {"services": [124]}})
    assert [c["name"] for c in listed["clusters"]] == ["it-itc"]
    listed = run_module(k8s_cluster_info.main, {**info, "status": "ACTIVE", "itcare": {"names": ["it-*", "!it-itc"]}})
    assert [c["name"] for c in listed["clusters"]] == ["it-other"]
    plain = run_module(k8s_cluster_info.main, {**info, "name": "it-itc"})["clusters"][0]
    assert "nodes" not in plain["itcare"]
    one = run_module(k8s_cluster_info.main, {**info, "name": "it-itc", "include": ["nodes", "networks", "metrics"]})[
        "clusters"
    ][0]
    assert len(one["itcare"]["nodes"]) == 3 and one["itcare"]["networks"][0]["id"] == 1125
    assert one["itcare"]["metrics"]["az-distribution"]["total"] == 3
    assert api_writes(cloud, accepted_only=False) == [("POST", CLUSTERS)]


def test_an_itcare_block_for_another_provider_is_refused(cloud, deployme_args):
    result = run_module(k8s_cluster_info.main, {**reading(deployme_args), "itcare": {"services": [1]}})
    assert result.get("failed") and "applies to provider itcare only" in result["msg"]
    result = converge({**deployme_args, "name": "x", "itcare": {"ha": True}})
    assert result.get("failed") and "applies to provider itcare only" in result["msg"]


def test_wait_false_returns_the_action_to_follow(cloud, itcare_args):
    with cloud.time_scaled(1.0):
        started = converge({**itcare_args, **CREATE, "wait": False})
    action = started["cluster"]["itcare"]["action"]
    assert started["changed"] and action["process"] == "CREATE_K8S_CLUSTER" and action["status"] == "IN_PROGRESS"
    assert cloud.wait_itcare_action(action["id"])["status"] == "SUCCESS"


def test_kubeconfig_is_refused_clearly(cloud, itcare_args):
    created(cloud, itcare_args)
    args = {**itcare_args, "cluster": "it-itc", "return_content": True}
    result = run_module(kubeconfig.main, args)
    assert result.get("failed") and "no kubeconfig endpoint" in result["msg"] and "Traceback" not in str(result)

"""workload and workload_info on ECNS, against the emulator, signing in through Keystone v3."""

from __future__ import annotations

import copy

import pytest

from ansible_collections.kaas.cloud.plugins.modules import workload
from support.harness import WRITE_METHODS, run_module

API = "/api/ecns/eks"
ONE = f"{API}/workloads/workload/web/"
NGINX = {
    "name": "nginx",
    "image": {"image": "nginx", "image_version": "1.25"},
    "resources": {"requests": {"cpu": 0.1, "memory": 128}},
    "env": [{"name": "MODE", "key": "production"}],
    "health": [{"type": "liveness", "protocol": "http", "path": "/healthz", "port": 80}],
}
CREATE = {
    "name": "web",
    "replicas": 2,
    "containers": [NGINX],
    "access_modes": [{"type": "NodePort", "access": [{"port": 80}]}],
    "labels": {"tier": "web"},
    "update_strategy": {"type": "rolling_update", "max_surge": 1},
}


def converge(args, **kw):
    return run_module(workload.main, args, **kw)


def api_writes(cloud):
    """(method, path, query) of writes to the ECNS API; signing in changes nothing."""
    return [
        (r["method"], r["path"], r["query"])
        for r in cloud.requests("ecns")
        if r["method"] in WRITE_METHODS and not r["path"].startswith("/identity")
    ]


def with_image(version):
    container = copy.deepcopy(NGINX)
    container["image"]["image_version"] = version
    return {**CREATE, "containers": [container]}


def test_lifecycle_each_change_is_one_narrow_call(cloud, ecns_args):
    created = converge({**ecns_args, **CREATE})
    assert created["changed"], created
    result = created["workload"]
    assert (result["status"], result["ready_replicas"], result["revision"]) == ("Running", 2, 1)
    assert result["access_modes"][0]["access"][0]["node_port"] >= 30000
    assert api_writes(cloud) == [("POST", f"{API}/workloads/", "")]

    cloud.clear_log()
    again = converge({**ecns_args, **CREATE})
    assert again["changed"] is False and api_writes(cloud) == []

    cloud.clear_log()
    image = converge({**ecns_args, **with_image("1.26")}, diff=True)
    assert image["changed"] and image["workload"]["revision"] == 2 and image["workload"]["images"] == ["nginx:1.26"]
    assert image["diff"]["before"]["containers"][0]["image"]["image_version"] == "1.25"
    assert api_writes(cloud) == [("PATCH", ONE, "action=containers&workload_type=Deployment")]

    cloud.clear_log()
    scaled = converge({**ecns_args, "name": "web", "replicas": 3})
    assert scaled["workload"]["ready_replicas"] == 3 and scaled["workload"]["revision"] == 2
    assert api_writes(cloud) == [("PATCH", ONE, "action=scale&workload_type=Deployment")]

    cloud.clear_log()
    labelled = converge({**ecns_args, "name": "web", "labels": {"tier": "web", "team": "shop"}})
    assert labelled["workload"]["labels"] == {"tier": "web", "team": "shop"}
    assert api_writes(cloud) == [("PATCH", ONE, "action=labels&workload_type=Deployment")]

    cloud.clear_log()
    stopped = converge({**ecns_args, "name": "web", "state": "stopped"})
    assert stopped["changed"] and stopped["workload"]["status"] == "Stopped" and not stopped["workload"]["running"]
    assert converge({**ecns_args, "name": "web", "state": "stopped"})["changed"] is False
    started = converge({**ecns_args, "name": "web", "state": "started"})
    assert started["workload"]["status"] == "Running" and started["workload"]["ready_replicas"] == 3
    assert api_writes(cloud) == [
        ("PUT", ONE, "action=stop&workload_type=Deployment"),
        ("PUT", ONE, "action=start&workload_type=Deployment"),
    ]

    cloud.clear_log()
    rolled = converge({**ecns_args, "name": "web", "rollback_to": 1})
    assert rolled["workload"]["revision"] == 1 and rolled["workload"]["images"] == ["nginx:1.25"]
    assert converge({**ecns_args, "name": "web", "rollback_to": 1})["changed"] is False
    assert api_writes(cloud) == [("PATCH", ONE, "action=rollback&workload_type=Deployment")]

    cloud.clear_log()
    deleted = converge({**ecns_args, "name": "web", "state": "absent", "delete_service": True})
    assert deleted["changed"] and deleted["workload"] == {}
    assert converge({**ecns_args, "name": "web", "state": "absent"})["changed"] is False
    assert api_writes(cloud) == [("DELETE", f"{API}/workloads/", "")]


def test_several_differences_are_several_narrow_calls_in_order(cloud, ecns_args):
    converge({**ecns_args, **CREATE})
    cloud.clear_log()
    changed = converge(
        {
            **ecns_args,
            **with_image("1.27"),
            "replicas": 1,
            "network": {"dns_policy": "ClusterFirstWithHostNet", "host_network": True},
            "scale_strategy": {"min_replicas": 1, "max_replicas": 4},
        }
    )
    assert changed["changed"], changed
    actions = [q.split("&")[0] for _m, _p, q in api_writes(cloud)]
    assert actions == ["action=containers", "action=scale", "action=scale_strategy", "action=network"]


def test_check_mode_predicts_and_writes_nothing(cloud, ecns_args):
    predicted = converge({**ecns_args, **CREATE}, check=True, diff=True)
    assert predicted["changed"] and predicted["diff"]["before"] == {}
    assert api_writes(cloud) == []
    converge({**ecns_args, **CREATE})
    cloud.clear_log()
    planned = converge({**ecns_args, "name": "web", "replicas": 5, "state": "restarted"}, check=True)
    assert planned["changed"] and planned["workload"]["replicas"] == 5
    assert api_writes(cloud) == []


def test_restarted_redeploys_without_a_revision(cloud, ecns_args):
    converge({**ecns_args, **CREATE})
    cloud.clear_log()
    restarted = converge({**ecns_args, "name": "web", "state": "restarted"})
    assert restarted["changed"] and restarted["workload"]["status"] == "Running"
    assert restarted["workload"]["revision"] == 1
    assert api_writes(cloud) == [("PUT", ONE, "action=recreate&workload_type=Deployment")]


def test_application_attach_and_detach(cloud, ecns_args):
    converge({**ecns_args, **CREATE})
    cloud.clear_log()
    attached = converge({**ecns_args, "name": "web", "application": "shop"})
    assert attached["workload"]["application"] == "shop"
    detached = converge({**ecns_args, "name": "web", "application": ""})
    assert detached["workload"]["application"] is None
    assert [q for _m, _p, q in api_writes(cloud)] == ["action=attach", "action=detach"]


def test_daemonset_without_replicas_and_statefulset(cloud, ecns_args):
    daemon = converge({**ecns_args, "name": "agent", "type": "DaemonSet", "containers": [NGINX]})
    assert daemon["workload"]["replicas"] is None and daemon["workload"]["ready_replicas"] == 3
    state = converge({**ecns_args, "name": "db", "type": "StatefulSet", "replicas": 1, "containers": [NGINX]})
    assert state["workload"]["pods"][0]["name"] == "db-0"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"type": "DaemonSet"}, "replicas must not be set for a DaemonSet"),
        (
            {
                "containers": [
                    {**NGINX, "health": [{"type": "liveness", "protocol": "tcp", "port": 80, "success_threshold": 2}]}
                ]
            },
            "success_threshold must be 1 for a liveness check",
        ),
        ({"update_strategy": {"type": "blue_green"}}, "value of type must be one of"),
        ({"containers": [{**NGINX, "image": {**NGINX["image"], "image_pull_policy": "Never"}}]}, "image_pull_policy"),
        ({"scheduler_strategy": [{"type": "nodeAffinity"}]}, "nodeAffinity"),
        (
            {"containers": [{**NGINX, "volume_mounts": [{"volume_name": "x", "mount_path": "/x"}]}], "volumes": []},
            "not one of volumes",
        ),
        ({"name": "Web_1"}, "must be at most 63 lower-case letters"),
        ({"update_strategy": {"type": "on_delete"}}, "on_delete is for StatefulSets and DaemonSets"),
        ({"access_modes": [{"type": "NodePort", "access": [{"port": 80, "node_port": 80}]}]}, "outside 30000-32767"),
    ],
)
def test_bad_input_fails_before_any_request(cloud, ecns_args, changes, message):
    failed = converge({**ecns_args, **CREATE, **changes})
    assert failed.get("failed"), failed
    assert message in failed["msg"]
    assert cloud.requests("ecns") == []


def test_rollback_to_an_unknown_revision_fails_before_writing(cloud, ecns_args):
    converge({**ecns_args, **CREATE})
    cloud.clear_log()
    failed = converge({**ecns_args, "name": "web", "rollback_to": 7})
    assert failed["failed"] and "has no revision 7" in failed["msg"] and "kept revisions: 1" in failed["msg"]
    assert api_writes(cloud) == []


def test_create_needs_containers_and_the_password_stays_secret(cloud, ecns_args):
    args = {**ecns_args, "auth": {**ecns_args["auth"], "password": "demo"}}
    failed = converge({**args, "name": "web", "replicas": 1})
    assert failed["failed"] and "creating it needs containers" in failed["msg"]
    assert api_writes(cloud) == []


def test_other_providers_have_no_workload(cloud, deployme_args):
    failed = converge({**deployme_args, "name": "web", "cluster": "x", "replicas": 1})
    assert failed["failed"] and "providers that have it: ecns" in failed["msg"]


def test_token_auth_and_missing_project(cloud, ecns_args):
    token_args = {**ecns_args, "auth": {"token": "demo", "project_id": "demo"}}
    assert converge({**token_args, **CREATE})["changed"]
    missing = converge({**ecns_args, "auth": {"token": "demo"}, **CREATE})
    assert missing["failed"] and "needs auth.project_id" in missing["msg"]


def _info(ecns_args, **options):
    args = {k: v for k, v in ecns_args.items() if k not in ("poll_interval", "wait_timeout")}
    return {**args, **options}


def test_a_failed_rollout_fails_the_task_with_the_reason(cloud, ecns_args):
    cloud.faults({"provider": "ecns", "method": "POST", "path": "^/api/", "async_error": "ErrImagePull: no such tag"})
    failed = converge({**ecns_args, **CREATE})
    assert failed["failed"] and "create failed: ErrImagePull: no such tag" in failed["msg"]
    assert failed["resource"]["status"] == "Failed"


def test_drift_made_outside_is_put_back_with_the_one_call_it_needs(cloud, ecns_args):
    converge({**ecns_args, **CREATE})
    one = f"{API}/workloads/workload/web/?workload_type=Deployment"
    cloud.ecns("PATCH", one + "&action=labels", json={"labels": {"tier": "db"}}).raise_for_status()
    cloud.ecns("PATCH", one + "&action=network", json={"network": {"host_network": True}}).raise_for_status()
    cloud.clear_log()
    fixed = converge({**ecns_args, **CREATE}, diff=True)
    assert fixed["changed"] and fixed["diff"]["before"]["labels"] == {"tier": "db"}
    assert fixed["workload"]["labels"] == {"tier": "web"}
    # The network drift is not the task's business: network was not set, so it stays.
    assert fixed["workload"]["network"] == {"host_network": True}
    assert api_writes(cloud) == [("PATCH", ONE, "action=labels&workload_type=Deployment")]


def test_wait_false_returns_while_the_rollout_runs(cloud, ecns_args):
    with cloud.time_scaled(1.0):
        started = converge({**ecns_args, **CREATE, "replicas": 20, "wait": False})
    assert started["changed"] and started["workload"]["status"] == "Pending"
    assert started["workload"]["ready_replicas"] < 20


def test_an_unchanged_run_costs_two_requests_and_no_sign_in(cloud, ecns_args):
    converge({**ecns_args, **CREATE})
    cloud.clear_log()
    assert converge({**ecns_args, **CREATE})["changed"] is False
    sent = [(r["method"], r["path"]) for r in cloud.requests("ecns")]
    # The first task's token is reused (token cache): no POST /identity/v3/auth/tokens.
    assert sent == [
        ("GET", f"{API}/namespace/demo/cluster/ecns-east/ns/default/"),
        ("GET", ONE),
    ]


def test_a_failed_rollout_is_repaired_by_a_new_image_but_not_ignored(cloud, ecns_args):
    cloud.faults({"provider": "ecns", "method": "POST", "path": "^/api/", "async_error": "ErrImagePull: no such tag"})
    assert converge({**ecns_args, **CREATE})["failed"]
    unchanged = converge({**ecns_args, **CREATE})
    assert unchanged["failed"] and "is in status Failed: ErrImagePull" in unchanged["msg"]
    cloud.clear_log()
    repaired = converge({**ecns_args, **with_image("1.26")})
    assert repaired["changed"] and repaired["workload"]["status"] == "Running"
    assert api_writes(cloud) == [("PATCH", ONE, "action=containers&workload_type=Deployment")]


def test_a_volume_change_sends_the_pod_template_once_and_makes_a_revision(cloud, ecns_args):
    mounted = {**NGINX, "volume_mounts": [{"volume_name": "cache", "mount_path": "/cache"}]}
    converge({**ecns_args, **CREATE, "containers": [mounted], "volumes": [{"name": "cache", "type": "EmptyDir"}]})
    cloud.clear_log()
    changed = converge(
        {**ecns_args, "name": "web", "volumes": [{"name": "cache", "type": "EmptyDir", "emptydir": "Memory"}]}
    )
    assert changed["changed"] and changed["workload"]["revision"] == 2
    assert changed["workload"]["volumes"][0]["emptydir"] == "Memory"
    assert changed["workload"]["containers"][0]["volume_mounts"][0]["mount_path"] == "/cache"
    assert api_writes(cloud) == [("PATCH", ONE, "action=containers&workload_type=Deployment")]


def test_created_stopped_is_created_then_stopped(cloud, ecns_args):
    created = converge({**ecns_args, **CREATE, "state": "stopped"})
    assert created["changed"] and created["workload"]["status"] == "Stopped"
    assert [m for m, _p, _q in api_writes(cloud)] == ["POST", "PUT"]
    assert converge({**ecns_args, **CREATE, "state": "stopped"})["changed"] is False


def test_sets_listed_in_any_order_are_no_change(cloud, ecns_args):
    """Under ``make tolerant`` ECNS answers these lists reordered: a re-run must still change nothing."""
    mounts = [{"volume_name": name, "mount_path": f"/{name}"} for name in ("cache", "data", "logs")]
    probes = [
        {"type": "liveness", "protocol": "tcp", "port": 80},
        {"type": "readiness", "protocol": "http", "path": "/ready", "port": 80},
    ]
    sidecar = {"name": "sidecar", "image": {"image": "fluentd", "image_version": "1.16"}}
    containers = [{**NGINX, "health": probes, "volume_mounts": mounts}, sidecar, {**sidecar, "name": "proxy"}]
    task = {
        **CREATE,
        "containers": containers,
        "volumes": [{"name": name, "type": "EmptyDir"} for name in ("cache", "data", "logs")],
        "access_modes": [
            {"type": "NodePort", "access": [{"port": 80}, {"port": 443}, {"port": 8080}]},
            {"type": "ClusterIP", "access": [{"port": 9090}, {"port": 9091}]},
        ],
    }
    assert converge({**ecns_args, **task})["changed"]
    cloud.clear_log()
    for run in range(3):
        again = converge({**ecns_args, **task})
        assert not again.get("failed") and again["changed"] is False, (run, again)
    assert api_writes(cloud) == []

"""namespace and namespace_info on ECNS, against the emulator: quota, PSP and users."""

from __future__ import annotations

import pytest

from ansible_collections.kaas.cloud.plugins.modules import namespace
from support.harness import run_module

API = "/api/ecns/eks"
ONE = f"{API}/namespace/cluster/ecns-east/ns/team-a/"
TEAM = {
    "name": "team-a",
    "psp": "Unlimited",
    "quota": {"pods": 20, "secrets": 5},
    "roles": ["Visitor", "Developer"],
    "users": [{"id": "u2", "name": "bob"}, {"id": "u1", "name": "alice", "email": "alice@example.com"}],
}


def converge(args, **kw):
    return run_module(namespace.main, args, **kw)


def api_requests(cloud):
    return [(r["method"], r["path"]) for r in cloud.requests("ecns") if not r["path"].startswith("/identity")]


def test_lifecycle_create_rerun_update_delete(cloud, ecns_object_args):
    created = converge({**ecns_object_args, **TEAM}, diff=True)
    assert created["changed"], created
    view = created["namespace"]
    assert (view["cluster"], view["cluster_type"], view["psp"]) == ("ecns-east", "EKS", "Unlimited")
    assert view["quota"] == {"pods": 20, "secrets": 5} and view["roles"] == ["Developer", "Visitor"]
    assert [u["id"] for u in view["users"]] == ["u1", "u2"]
    # (The project is "demo", which the test password "demo" makes no_log hide in results.)
    assert (view["domain"], view["status"]) == ("Default", "Active") and view["project"]
    assert created["diff"]["before"] == {}
    assert cloud.api_writes("ecns") == [("POST", f"{API}/namespace/", "")]
    # The create read the cluster tree and the organisation for the body, and switched nothing.
    assert ("GET", f"{API}/namespace/") in api_requests(cloud)
    assert ("GET", f"{API}/organization/") in api_requests(cloud)
    assert not [path for _method, path in api_requests(cloud) if "/namespace/demo/" in path]

    cloud.clear_log()
    again = converge({**ecns_object_args, **TEAM})
    assert again["changed"] is False and cloud.api_writes("ecns") == []
    assert api_requests(cloud) == [("GET", f"{API}/namespace/clustertype/PROJECT_ALL/")]

    cloud.clear_log()
    changed = {**TEAM, "psp": "Limited", "quota": {"pods": 30}, "users": []}
    updated = converge({**ecns_object_args, **changed}, diff=True)
    assert updated["changed"]
    assert updated["diff"]["before"]["quota"] == {"pods": 20, "secrets": 5}
    assert updated["namespace"]["quota"] == {"pods": 30} and updated["namespace"]["psp"] == "Limited"
    assert updated["namespace"]["users"] == []
    assert cloud.api_writes("ecns") == [
        ("PATCH", f"{ONE}psp/", "cluster_type=EKS"),
        ("PATCH", f"{ONE}user_ids/", "cluster_type=EKS"),
        ("PATCH", f"{ONE}quota/", "cluster_type=EKS"),
    ]

    cloud.clear_log()
    only_quota = converge({**ecns_object_args, "name": "team-a", "quota": {"pods": 30, "cpu": 4}})
    assert only_quota["changed"] and cloud.api_writes("ecns") == [("PATCH", f"{ONE}quota/", "cluster_type=EKS")]

    cloud.clear_log()
    deleted = converge({**ecns_object_args, "name": "team-a", "state": "absent"})
    assert deleted["changed"] and deleted["namespace"] == {}
    assert converge({**ecns_object_args, "name": "team-a", "state": "absent"})["changed"] is False
    assert cloud.api_writes("ecns") == [("DELETE", ONE, "")]


def test_options_left_out_are_left_alone(cloud, ecns_object_args):
    converge({**ecns_object_args, **TEAM})
    cloud.clear_log()
    result = converge({**ecns_object_args, "name": "team-a"})
    assert result["changed"] is False and result["namespace"]["quota"] == TEAM["quota"]
    unlimited = converge({**ecns_object_args, "name": "team-a", "quota": {"pods": 20, "secrets": 5, "cpu": -1}})
    assert unlimited["changed"] is False
    assert cloud.api_writes("ecns") == []


def test_a_namespace_created_bare_is_limited_without_quota(cloud, ecns_object_args):
    created = converge({**ecns_object_args, "name": "bare"})
    assert created["namespace"]["psp"] == "Limited" and created["namespace"]["quota"] == {}
    assert created["namespace"]["users"] == [] and created["namespace"]["roles"] == []


def test_check_mode_predicts_without_writing(cloud, ecns_object_args):
    planned = converge({**ecns_object_args, **TEAM}, check=True, diff=True)
    assert planned["changed"] and planned["diff"]["before"] == {}
    assert planned["diff"]["after"]["quota"] == {"pods": 20, "secrets": 5}
    converge({**ecns_object_args, **TEAM})
    cloud.clear_log()
    change = converge({**ecns_object_args, "name": "team-a", "psp": "Limited"}, check=True, diff=True)
    assert change["changed"] and change["diff"]["after"]["psp"] == "Limited"
    assert converge({**ecns_object_args, **TEAM}, check=True)["changed"] is False
    assert converge({**ecns_object_args, "name": "team-a", "state": "absent"}, check=True)["changed"]
    assert cloud.api_writes("ecns") == []


def test_roles_and_business_type_are_set_at_creation_only(cloud, ecns_object_args):
    converge({**ecns_object_args, **TEAM})
    cloud.clear_log()
    result = converge({**ecns_object_args, "name": "team-a", "roles": ["Developer"]})
    assert result["failed"] and "roles" in result["msg"] and "cannot be changed in place" in result["msg"], result
    assert cloud.api_writes("ecns") == []


def test_check_mode_predicts_a_refused_create(cloud, ecns_object_args):
    for check in (True, False):
        unknown = converge({**ecns_object_args, "name": "x", "cluster": "nowhere"}, check=check)
        assert unknown["failed"] and "has no cluster 'nowhere' (clusters: ecns-east, ecns-west)" in unknown["msg"]
        eos_only = converge({**ecns_object_args, "name": "x", "business_type": "Normal"}, check=check)
        assert eos_only["failed"] and "EOS clusters only" in eos_only["msg"], eos_only
    assert cloud.api_writes("ecns") == []


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"name": "Team_A"}, "namespace name 'Team_A' is invalid"),
        ({"name": "team-a", "psp": "Open"}, "psp"),
        ({"name": "team-a", "roles": ["Owner"]}, "roles"),
        ({"name": "team-a", "users": [{"name": "no-id"}]}, "id"),
        ({"name": "team-a", "quota": {"gpus": 1}}, "gpus"),
        ({"name": "team-a", "quota": {"pods": -5}}, "quota.pods must be a number >= 0, or -1"),
        ({"name": "team-a", "users": [{"id": "u1"}, {"id": "u1", "name": "again"}]}, "users lists u1 more than once"),
        ({"name": "team-a", "cluster": None}, "cluster"),
        ({"name": "kube-system", "state": "absent"}, "Kubernetes system namespace"),
        ({"name": "default", "state": "absent"}, "Kubernetes system namespace"),
    ],
)
def test_bad_input_is_refused_before_any_request(cloud, ecns_object_args, options, message):
    result = converge({**ecns_object_args, **options})
    assert result["failed"] and message in result["msg"], result
    assert api_requests(cloud) == []


def test_a_provider_error_surfaces_with_its_message(cloud, ecns_object_args):
    converge({**ecns_object_args, "name": "team-a"})
    cloud.faults({"provider": "ecns", "method": "PATCH", "path": "/psp/", "status": 403})
    try:
        result = converge({**ecns_object_args, "name": "team-a", "psp": "Unlimited"})
    finally:
        cloud.clear_faults()
    assert result["failed"] and "403" in result["msg"] and "/psp/" in result["msg"], result

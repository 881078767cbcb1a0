"""load_balancer and load_balancer_info on ITCare, against the emulator."""

from __future__ import annotations

import pytest

from ansible_collections.kaas.cloud.plugins.modules import load_balancer, load_balancer_info
from support.harness import run_module

from .conftest import ITCARE_CLUSTER_NAME as CLUSTER_NAME
from .conftest import itcare_writes as writes

HTTPS = {
    "profile_name": "https",
    "healthcheck": "http",
    "port_members": "80, 443",
    "certificate_name": "wildcard_example.com",
    "redirect_to_https": True,
    "region": "EB",
    "service_id": 124,
}


def balancer(args, **kw):
    return run_module(load_balancer.main, args, **kw)


def test_create_rerun_list_and_refuse_deletion(cloud, itcare_args, itcare_cluster):
    args = {**itcare_args, "cluster": CLUSTER_NAME, "name": "https://www.shop.example.com", "itcare": HTTPS}
    path = f"/compute/containers/kubernetes/{itcare_cluster['id']}/loadbalancers"

    predicted = balancer(args, check=True, diff=True)
    assert predicted["changed"] and predicted["diff"]["before"] == {}
    assert writes(cloud) == [("POST", path, 200)], "check mode sends only a dry run"

    cloud.clear_log()
    made = balancer(args)
    created = made["load_balancer"]
    assert made["changed"] and created["status"] == "ACTIVE" and created["name"] == "shop.example.com"
    assert created["itcare"]["port_members"] == "80,443" and created["itcare"]["node_count"] == 2
    assert created["itcare"]["action"]["process"] == "CREATE_K8S_LOADBALANCER"
    assert writes(cloud) == [("POST", path, 202)]

    cloud.clear_log()
    again = balancer({**args, "name": "shop.example.com", "cluster": itcare_cluster["id"]})
    assert again["changed"] is False and writes(cloud) == []

    different = balancer({**args, "itcare": {**HTTPS, "healthcheck": "tcp"}})
    assert (
        different.get("failed") and "itcare.healthcheck" in different["msg"] and "cannot be changed" in different["msg"]
    )

    for check in (True, False):
        refused = balancer({**args, "state": "absent"}, check=check)
        assert refused.get("failed") and "no way to delete a load balancer" in refused["msg"], refused
    missing = balancer({**args, "name": "other.example.com", "state": "absent"})
    assert missing["changed"] is False and missing["load_balancer"] == {}
    assert writes(cloud) == []

    info = {k: v for k, v in itcare_args.items() if k not in ("poll_interval", "wait_timeout")}
    listed = run_module(load_balancer_info.main, {**info, "cluster": CLUSTER_NAME})["load_balancers"]
    assert [item["name"] for item in listed] == ["shop.example.com"]
    one = run_module(load_balancer_info.main, {**info, "cluster": CLUSTER_NAME, "url": "www.shop.example.com"})[
        "load_balancers"
    ]
    assert one[0]["id"] == created["id"]
    assert (
        run_module(load_balancer_info.main, {**info, "cluster": CLUSTER_NAME, "name": "nope.example.com"})[
            "load_balancers"
        ]
        == []
    )


@pytest.mark.parametrize(
    ("name", "settings", "message"),
    [
        ("1shop.example.com", HTTPS, "does not match ITCare's pattern"),
        ("shop.example.com", {**HTTPS, "profile_name": "tcp", "certificate_name": None}, "tcp needs itcare.vs_port"),
        ("shop.example.com", {**HTTPS, "certificate_name": None}, "https needs itcare.certificate_name"),
        ("shop.example.com", {**HTTPS, "profile_name": "http", "redirect_to_https": None}, "certificate_name only"),
        ("shop.example.com", {**HTTPS, "port_members": "80,80"}, "port 80 is listed twice"),
        ("shop.example.com", {**HTTPS, "port_members": "80,70000"}, "'70000' is not a port"),
        ("shop.example.com", {**HTTPS, "region": "ET"}, "the cluster is in EB"),
        ("shop.example.com", {"profile_name": "http"}, "needs itcare.healthcheck, itcare.port_members"),
    ],
)
def test_bad_load_balancers_fail_before_any_write(cloud, itcare_args, itcare_cluster, name, settings, message):
    result = balancer({**itcare_args, "cluster": CLUSTER_NAME, "name": name, "itcare": settings})
    assert result.get("failed") and message in result["msg"], result
    assert writes(cloud) == []


def test_a_failed_creation_fails_with_its_message(cloud, itcare_args, itcare_cluster):
    cloud.faults({"provider": "itcare", "method": "POST", "path": "/loadbalancers$", "async_error": "F5 pool full"})
    result = balancer({**itcare_args, "cluster": CLUSTER_NAME, "name": "shop.example.com", "itcare": HTTPS})
    assert result.get("failed") and "F5 pool full" in result["msg"], result


def test_an_unknown_cluster_is_named(cloud, itcare_args):
    result = balancer({**itcare_args, "cluster": "nowhere", "name": "shop.example.com", "itcare": HTTPS})
    assert result.get("failed") and "cluster 'nowhere' does not exist; create it first" in result["msg"]


def test_other_providers_have_no_load_balancers(cloud, deployme_args):
    result = balancer({**deployme_args, "cluster": "c", "name": "shop.example.com"})
    assert result.get("failed") and "has no load_balancer resource" in result["msg"] and "itcare" in result["msg"]


def test_port_members_read_back_in_any_order_are_no_change(cloud, itcare_args, itcare_cluster):
    """Under ``make tolerant`` ITCare answers the members' ports reordered: a re-run must change nothing."""
    ports = {**HTTPS, "port_members": "80, 443, 8080, 8443"}
    args = {**itcare_args, "cluster": CLUSTER_NAME, "name": "ports.example.com", "itcare": ports}
    assert balancer(args)["changed"]
    cloud.clear_log()
    for run in range(3):
        again = balancer(args)
        assert not again.get("failed") and again["changed"] is False, (run, again)
        assert sorted(again["load_balancer"]["itcare"]["port_members"].split(",")) == ["443", "80", "8080", "8443"]
    assert writes(cloud) == []

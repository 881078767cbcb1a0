"""load_balancer and load_balancer_info with provider ecns: a LoadBalancer service and its Octavia load balancer.

The ECNS API documentation's sections 1.19 (services) and 1.23 (load balancer look-ups).
"""

from __future__ import annotations

import pytest

from ansible_collections.kaas.cloud.plugins.modules import load_balancer, load_balancer_info, service
from support.ecns_net import API, add_workload, api_reads, api_requests
from support.harness import run_module

LOOKUPS = f"{API}/ecns/kubernetes"
ONE = f"{API}/service/web-lb/"
OCTAVIA = {
    "target_workload": "web",
    "ports": [{"port": 443, "target_port": 8443}],
    "subnet": "subnet-app-1",
    "availability_zone": "default-az",
    "flavor": "lb.small",
    "topology": "ACTIVE_STANDBY",
}
WEB_LB = {"name": "web-lb", "ecns": OCTAVIA}


def converge(args, **kw):
    return run_module(load_balancer.main, args, **kw)


@pytest.fixture
def web(cloud):
    add_workload(cloud)
    cloud.clear_log()
    return cloud


def with_ecns(**changes):
    return {"name": "web-lb", "ecns": {**OCTAVIA, **changes}}


def test_lifecycle_create_rerun_update_delete(web, ecns_args):
    cloud = web
    created = converge({**ecns_args, **WEB_LB})
    assert created.get("changed"), created
    view = created["load_balancer"]
    assert (view["provider"], view["status"], view["namespace"]) == ("ecns", "ACTIVE", "default")
    block = view["ecns"]
    assert (block["flavor"], block["subnet"], block["topology"]) == ("lb.small", "subnet-app-1", "ACTIVE_STANDBY")
    assert block["lb_name"] == "web-lb" and block["vip_address"].startswith("192.168.10.")
    assert block["public_ips"] and block["ports"][0]["node_port"] >= 30000
    assert cloud.api_writes("ecns") == [("POST", ONE, "")]
    # Every look-up the plan needed was read before the one write.
    reads = api_reads(cloud)
    for look_up in (
        "lb/type/",
        "network/subnets/",
        "server/availabilityzones/",
        "server/flavors/",
        "lb/license_usage/",
    ):
        assert f"{LOOKUPS}/{look_up}" in reads

    cloud.clear_log()
    again = converge({**ecns_args, **WEB_LB})
    assert again["changed"] is False and cloud.api_writes("ecns") == []
    # The switch, the list, and the flavors (the view names the flavor): no look-up is checked again.
    assert sorted(api_reads(cloud)) == sorted(
        [f"{API}/namespace/demo/cluster/ecns-east/ns/default/", f"{API}/service/", f"{LOOKUPS}/server/flavors/"]
    )

    cloud.clear_log()
    updated = converge(
        {**ecns_args, "name": "web-lb", "ecns": {"lb_name": "shop-lb", "ports": [{"port": 443}, {"port": 80}]}},
        diff=True,
    )
    assert updated["changed"], updated
    assert updated["diff"]["before"]["ecns"]["lb_name"] == "web-lb"
    after = updated["load_balancer"]["ecns"]
    # Ports are a set: shown in port order, whatever order the task or ECNS lists them in.
    assert after["lb_name"] == "shop-lb" and [p["port"] for p in after["ports"]] == [80, 443]
    assert after["ports"][1]["node_port"] == block["ports"][0]["node_port"], "a kept port keeps its node port"
    assert after["flavor"] == "lb.small", "unset options keep their value"
    assert updated["load_balancer"]["status"] == "ACTIVE"
    assert cloud.api_writes("ecns") == [("PUT", ONE, "")]

    cloud.clear_log()
    deleted = converge({**ecns_args, "name": "web-lb", "state": "absent"})
    assert deleted["changed"] and deleted["load_balancer"] == {}
    assert converge({**ecns_args, "name": "web-lb", "state": "absent"})["changed"] is False
    assert cloud.api_writes("ecns") == [("DELETE", f"{API}/service/", "")]


def test_check_mode_validates_against_the_look_ups_and_writes_nothing(web, ecns_args):
    cloud = web
    planned = converge({**ecns_args, **WEB_LB}, check=True, diff=True)
    assert planned["changed"] and planned["diff"]["before"] == {}
    assert planned["diff"]["after"]["ecns"]["flavor"] == "lb.small"
    refused = converge({**ecns_args, **with_ecns(flavor="lb.legacy")}, check=True)
    assert refused["failed"] and "flavor 'lb.legacy' is disabled" in refused["msg"], refused
    converge({**ecns_args, **WEB_LB})
    cloud.clear_log()
    change = converge({**ecns_args, "name": "web-lb", "ecns": {"labels": {"tier": "front"}}}, check=True)
    assert change["changed"] and change["load_balancer"]["ecns"]["labels"] == {"tier": "front"}
    assert converge({**ecns_args, "name": "web-lb", "state": "absent"}, check=True)["changed"]
    assert cloud.api_writes("ecns") == []


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"subnet": "subnet-public"}, "ecns.subnet 'subnet-public' is not a subnet the look-up offers"),
        ({"subnet": "subnet-isolated"}, "ecns.subnet 'subnet-isolated' is not a subnet the look-up offers"),
        ({"availability_zone": "az-maintenance"}, "ecns.availability_zone 'az-maintenance' is not available"),
        ({"flavor": "lb.huge"}, "flavor 'lb.huge' does not exist; enabled flavors: lb.medium, lb.small"),
        ({"topology": "ACTIVE_ACTIVE", "replicas": 6}, "ecns.replicas 6 is above ECNS's limit of 4"),
    ],
)
def test_look_up_refusals_come_before_any_write(web, ecns_args, changes, message):
    result = converge({**ecns_args, **with_ecns(**changes)})
    assert result["failed"] and message in result["msg"], result
    assert web.api_writes("ecns") == []


def test_octavia_missing_is_refused_before_writing(cloud, ecns_args):
    add_workload(cloud, cluster="ecns-west")
    cloud.clear_log()
    result = converge({**ecns_args, **WEB_LB, "cluster": "ecns-west"})
    assert result["failed"] and "Octavia is not installed for cluster ecns-west" in result["msg"], result
    assert cloud.api_writes("ecns") == []


def test_an_exhausted_license_is_refused_before_writing(web, ecns_args):
    for index in range(4):
        assert converge({**ecns_args, **WEB_LB, "name": f"lb-{index}", "wait": False})["changed"]
    web.clear_log()
    result = converge({**ecns_args, **WEB_LB, "name": "lb-4"})
    assert result["failed"] and "the license has no room" in result["msg"], result
    assert web.api_writes("ecns") == []


def test_octavia_fixed_settings_cannot_change_in_place(web, ecns_args):
    converge({**ecns_args, **WEB_LB})
    web.clear_log()
    result = converge({**ecns_args, **with_ecns(subnet="subnet-db-1")})
    assert result["failed"] and "ecns.subnet (ecns vip_subnet_id) cannot be changed in place" in result["msg"]
    assert web.api_writes("ecns") == []


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({**WEB_LB, "name": "Web_LB"}, "name 'Web_LB' is invalid"),
        (with_ecns(replicas=3), "ecns.replicas is for ecns.topology ACTIVE_ACTIVE"),
        (with_ecns(topology="ACTIVE_ACTIVE", replicas=1), "ecns.replicas must be at least 2"),
        (with_ecns(ports=[{"port": 443, "node_port": 99}]), "ecns.ports[0].node_port 99 is outside 30000-32767"),
        (with_ecns(labels={"v": 1}), "ecns.labels.v must be text"),
        ({**WEB_LB, "itcare": {"region": "EB"}}, "option 'itcare' applies to provider itcare only"),
    ],
)
def test_bad_input_is_refused_before_any_request(web, ecns_args, options, message):
    result = converge({**ecns_args, **options})
    assert result["failed"] and message in result["msg"], result
    assert api_requests(web) == []


def test_create_needs_target_ports_and_subnet(web, ecns_args):
    result = converge({**ecns_args, "name": "web-lb", "ecns": {"flavor": "lb.small"}})
    assert result["failed"], result
    assert "needs ecns.target_workload, ecns.ports, ecns.subnet" in result["msg"]
    assert web.api_writes("ecns") == []


def test_a_provider_error_surfaces_with_its_message(web, ecns_args):
    result = converge({**ecns_args, **with_ecns(target_workload="ghost")})
    assert result["failed"] and 'no Deployment "ghost"' in result["msg"], result


def test_a_service_of_another_type_is_not_taken_over(web, ecns_object_args, ecns_args):
    internal = {"name": "web-lb", "type": "ClusterIP", "target_workload": "web", "ports": [{"port": 80}]}
    run_module(service.main, {**ecns_object_args, **internal})
    web.clear_log()
    result = converge({**ecns_args, **WEB_LB})
    assert result["failed"] and "exists as a ClusterIP service" in result["msg"], result
    # It is no load balancer: absent leaves it alone and load_balancer_info does not list it.
    assert converge({**ecns_args, "name": "web-lb", "state": "absent"})["changed"] is False
    assert run_module(load_balancer_info.main, {**ecns_object_args, "name": "web-lb"})["load_balancers"] == []
    assert web.api_writes("ecns") == []


def test_itcare_has_no_ecns_options(cloud, itcare_args):
    result = converge({**itcare_args, "cluster": "production", "name": "shop.example.com", "namespace": "default"})
    assert result["failed"] and "'namespace' is not supported by provider itcare" in result["msg"], result
    info_args = {k: v for k, v in itcare_args.items() if k not in ("poll_interval", "wait_timeout")}
    result = run_module(load_balancer_info.main, {**info_args, "cluster": "production", "include": ["look_ups"]})
    assert result["failed"] and "cannot include look_ups" in result["msg"], result
    assert cloud.writes() == []

"""A teardown can be run again: removing a child whose parent is already gone is no change.

A hand-written teardown deletes the cluster's children (node groups, load balancers,
workloads, ECNS objects...) and then the cluster; run a second time, the children's
tasks meet a cluster (or, for ECNS, a namespace) that no longer exists. Each
``state: absent`` (and ``enabled: false`` of the modules that are switched off rather
than deleted) must then succeed unchanged, in check mode too, without sending a
single write. ``state: present`` of the same child must still fail, naming the
missing parent.

Every child module of every provider that has it is run against every kind of
missing parent it can have: a cluster by name (and by id where the provider takes
one), an ECNS namespace, the node group of an NKS autoscaler, the workspace of an
ECNS image.
"""

from __future__ import annotations

from typing import Any

import pytest

from fault_operations import ECNS, ITCARE, NKS, run_ok
from fault_scenarios import module_main
from support.harness import Cloud, run_module

GONE_CLUSTER = "gone-cluster"
GONE_NAMESPACE = "gone-namespace"
NKS_GONE_UUID = "00000000-0000-4000-8000-000000000000"
ITCARE_GONE_ID = "999999"
ECNS_CLUSTER = "ecns-east"
CONTAINERS = [{"name": "nginx", "image": {"image": "nginx", "image_version": "1.25"}}]
PROVIDERS = {"nks": NKS, "itcare": ITCARE, "ecns": ECNS}


#: Modules whose objects exist once ECNS answers: they have no wait options.
NO_WAIT = {"configmap", "secret", "service", "ingress", "cronjob", "storage_class", "namespace", "image"}


def connection(cloud: Cloud, provider: str, module: str) -> dict[str, Any]:
    conn = PROVIDERS[provider].connection(cloud.url)
    conn.pop("cluster", None)
    waiting = {} if module in NO_WAIT else {"poll_interval": 0.2, "wait_timeout": 30}
    return {**conn, "timeout": 5, **waiting}


#: (module, provider) -> (arguments that tear the child down, arguments that create it).
#: Both are without their parent (cluster, namespace), which each case sets.
CHILDREN: dict[tuple[str, str], tuple[dict[str, Any], dict[str, Any]]] = {
    ("nodegroup", "nks"): (
        {"name": "workers-2", "state": "absent"},
        {
            "name": "workers-2",
            "node_count": 1,
            "node_size": "6ef27f21-c774-4c0e-84ff-7dd4a762571f",
            "nks": {
                "node_image": "f462a2a5-ba24-46d6-b7a1-9a9febcd3cfc",
                "availability_zone": "kr2-pub-b",
                "boot_volume_type": "General HDD",
                "boot_volume_size": 20,
            },
        },
    ),
    ("nodegroup", "itcare"): ({"name": "eb-a-4cpu8gb", "state": "absent"}, {"name": "eb-a-4cpu8gb", "node_count": 2}),
    ("autoscaler", "nks"): (
        {"enabled": False},
        {"enabled": True, "min_node_count": 1, "max_node_count": 3},
    ),
    ("ipacl", "nks"): (
        {"enabled": False},
        {"enabled": True, "action": "ALLOW", "targets": [{"cidr": "10.0.0.0/8"}]},
    ),
    ("load_balancer", "itcare"): (
        {"name": "https://www.shop.example.com", "state": "absent"},
        {
            "name": "https://www.shop.example.com",
            "itcare": {
                "profile_name": "https",
                "healthcheck": "http",
                "port_members": "80, 443",
                "certificate_name": "wildcard_example.com",
                "region": "EB",
                "service_id": 124,
            },
        },
    ),
    ("load_balancer", "ecns"): (
        {"name": "web-lb", "state": "absent"},
        {"name": "web-lb", "ecns": {"target_workload": "web", "ports": [{"port": 443}], "subnet": "subnet-app-1"}},
    ),
    ("workload", "ecns"): (
        {"name": "web", "state": "absent"},
        {"name": "web", "replicas": 1, "containers": CONTAINERS},
    ),
    ("configmap", "ecns"): ({"name": "settings", "state": "absent"}, {"name": "settings", "data": {"KEY": "v"}}),
    ("secret", "ecns"): (
        {"name": "creds", "state": "absent"},
        {"name": "creds", "type": "Opaque", "data": {"KEY": "v"}},
    ),
    ("service", "ecns"): (
        {"name": "web", "state": "absent"},
        {"name": "web", "type": "NodePort", "target_workload": "web", "ports": [{"port": 80}]},
    ),
    ("ingress", "ecns"): (
        {"name": "web", "state": "absent"},
        {"name": "web", "routers": [{"domain": "shop.example.com", "target_service": "web", "service_port": 80}]},
    ),
    ("pvc", "ecns"): (
        {"name": "data", "state": "absent"},
        {"name": "data", "storage_class": "standard", "capacity": "1Gi"},
    ),
    ("job", "ecns"): ({"name": "once", "state": "absent"}, {"name": "once", "containers": CONTAINERS}),
    ("cronjob", "ecns"): (
        {"name": "nightly", "state": "absent"},
        {"name": "nightly", "schedule": "0 3 * * *", "containers": CONTAINERS},
    ),
    ("application", "ecns"): (
        {"name": "shop", "state": "absent"},
        {"name": "shop", "workloads": [{"name": "web", "replicas": 1, "containers": CONTAINERS}]},
    ),
    ("storage_class", "ecns"): (
        {"name": "fast", "state": "absent"},
        {"name": "fast", "volume_type": "ssd"},
    ),
    ("namespace", "ecns"): ({"name": "team-a", "state": "absent"}, {"name": "team-a"}),
}
#: ECNS kinds that live in a namespace (the others belong to the cluster itself).
CLUSTER_WIDE = {"storage_class", "namespace"}


def parents(module: str, provider: str) -> list[tuple[str, dict[str, Any]]]:
    """Each missing parent the child can meet: (what is missing, the arguments that point at it)."""
    if provider == "nks":
        cases = [("cluster", {"cluster": GONE_CLUSTER}), ("cluster uuid", {"cluster": NKS_GONE_UUID})]
    elif provider == "itcare":
        cases = [("cluster", {"cluster": GONE_CLUSTER}), ("cluster id", {"cluster": ITCARE_GONE_ID})]
    else:
        cases = [("cluster", {"cluster": GONE_CLUSTER})]
        if module not in CLUSTER_WIDE:
            cases.append(("namespace", {"cluster": ECNS_CLUSTER, "namespace": GONE_NAMESPACE}))
    return cases


CASES = [
    pytest.param(module, provider, missing, where, id=f"{module}-{provider}-{missing.replace(' ', '-')}")
    for (module, provider) in CHILDREN
    for missing, where in parents(module, provider)
]


def writes(cloud: Cloud, provider: str) -> list[tuple[str, str, str]]:
    return cloud.api_writes(provider)


@pytest.mark.parametrize(("module", "provider", "missing", "where"), CASES)
@pytest.mark.parametrize("check", [False, True], ids=["run", "check"])
def test_teardown_of_child_without_parent_is_no_change(cloud, module, provider, missing, where, check) -> None:
    teardown = CHILDREN[(module, provider)][0]
    cloud.clear_log()
    result = run_module(module_main(module), {**connection(cloud, provider, module), **where, **teardown}, check=check)
    assert not result.get("failed"), f"{module} ({provider}) without its {missing}: {result.get('msg')}"
    assert result["changed"] is False, result
    assert not writes(cloud, provider), writes(cloud, provider)


@pytest.mark.parametrize(("module", "provider", "missing", "where"), CASES)
def test_creating_child_without_parent_fails_naming_it(cloud, module, provider, missing, where) -> None:
    create = CHILDREN[(module, provider)][1]
    cloud.clear_log()
    result = run_module(module_main(module), {**connection(cloud, provider, module), **where, **create})
    assert result.get("failed"), result
    message = result["msg"]
    named = where.get("namespace") or where["cluster"]
    assert named in message and missing.split()[0] in message, message
    assert not message.startswith("unexpected error"), message
    assert not writes(cloud, provider), writes(cloud, provider)


def nks_cluster(cloud: Cloud, name: str) -> dict[str, Any]:
    conn = connection(cloud, "nks", "autoscaler")
    run_ok("k8s_cluster", {**conn, **NKS.create(name)})
    return conn


@pytest.mark.parametrize("check", [False, True], ids=["run", "check"])
def test_autoscaler_of_a_gone_node_group_turned_off_is_no_change(cloud, check) -> None:
    conn = nks_cluster(cloud, "scaled")
    cloud.clear_log()
    args = {**conn, "cluster": "scaled", "nodegroup": "workers-gone", "enabled": False}
    result = run_module(module_main("autoscaler"), args, check=check)
    assert not result.get("failed"), result.get("msg")
    assert result["changed"] is False, result
    assert not writes(cloud, "nks")
    # Turning it on still needs the group, and says which one is missing.
    on = run_module(module_main("autoscaler"), {**args, "enabled": True, "min_node_count": 1, "max_node_count": 2})
    assert on.get("failed") and "workers-gone" in on["msg"], on
    assert not writes(cloud, "nks")


@pytest.mark.parametrize("check", [False, True], ids=["run", "check"])
def test_image_of_a_gone_workspace_removed_is_no_change(cloud, check) -> None:
    cloud.clear_log()
    args = {**connection(cloud, "ecns", "image"), "name": "gone-workspace/nginx", "state": "absent"}
    result = run_module(module_main("image"), args, check=check)
    assert not result.get("failed"), result.get("msg")
    assert result["changed"] is False, result
    assert not writes(cloud, "ecns")

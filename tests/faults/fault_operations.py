"""Fault-suite operations of the modules beyond k8s_cluster on deployme and NKS.

nodegroup, autoscaler and ipacl on NKS, k8s_cluster and load_balancer on ITCare, workload on ECNS,
and their info modules: one :class:`Operation` for each module's main write and one
for each info module. They try :data:`SUBSET` of the faults: one of each kind of code
path in the transport and the reconciler (a 429 backed off without Retry-After, a
refused 503, a connection reset, an answer slower than the timeout, an expired token,
an answer lost after the change and an operation that ends failed). The whole
matrix would repeat those paths through the same shared core at twice the run time;
deployme and NKS clusters still get every fault (see :mod:`fault_scenarios`).

The judges read the provider's state through the emulator's HTTP API, never through
the collection.
"""

from __future__ import annotations

from typing import Any, Callable

from fault_scenarios import (
    NKS_CREATE_BLOCK,
    PROVIDERS,
    WAIT,
    Census,
    Operation,
    Provider,
    module_main,
)
from fault_scenarios import (
    OPERATIONS as CLUSTER_OPERATIONS,
)
from support.harness import Cloud, run_module

SUBSET = frozenset(
    {
        "429 without Retry-After",
        "503",
        "connection reset",
        "slower than timeout",
        "401 once (token expired)",
        "answer lost after the change (504)",
        "operation ends failed",
    }
)
ITCARE_CLUSTERS = "/compute/containers/kubernetes"
ECNS_API = "/api/ecns/eks"
ITCARE_SETTINGS = {"region": "EB", "network_id": 1125, "service_id": 124, "ingress_provider": "NGINX"}
NKS_FLAVOR = "6ef27f21-c774-4c0e-84ff-7dd4a762571f"
Judge = Callable[[Cloud, str, dict[str, Any], Any], tuple[bool, int, str]]


def itcare_cluster(cloud: Cloud, name: str) -> dict[str, Any] | None:
    found = [c for c in cloud.itcare("GET", ITCARE_CLUSTERS).json()["content"] if c["name"] == name]
    assert len(found) <= 1, f"{len(found)} ITCare clusters named {name}"
    return found[0] if found else None


def itcare_census(cloud: Cloud, name: str) -> Census:
    listed = [c for c in cloud.itcare("GET", ITCARE_CLUSTERS).json()["content"] if c["name"] == name]
    if len(listed) != 1:
        return Census(len(listed))
    return Census(1, listed[0]["status"] == "ACTIVE", listed[0].get("nodeCount"))


def ecns_workloads(cloud: Cloud, name: str) -> list[dict[str, Any]]:
    """The workloads of ``name`` in the default namespace of ecns-east (the demo token's session)."""
    cloud.ecns("GET", f"{ECNS_API}/namespace/demo/cluster/ecns-east/ns/default/").raise_for_status()
    listed = cloud.ecns("GET", f"{ECNS_API}/workloads/", params={"page_size": 100}).json()["workloads"]
    return [w["workload_status"] for w in listed if w["workload_base"]["name"] == name]


def ecns_census(cloud: Cloud, name: str) -> Census:
    found = ecns_workloads(cloud, name)
    if len(found) != 1:
        return Census(len(found))
    status = found[0]
    ready = status["status"] == "Running" and status["ready_replicas"] == status["workload_base"]["replicas"]
    return Census(1, ready, status["workload_base"]["replicas"])


ITCARE = Provider(
    "itcare",
    lambda url: {
        "provider": "itcare",
        "api_url": f"{url}/itcare",
        "auth": {
            "client_id": "demo",
            "client_secret": "demo",
            "auth_url": f"{url}/itcare/auth/realms/cloud/protocol/openid-connect/token",
        },
    },
    lambda name: {"name": name, "node_count": 3, "node_size": "2cpu4gb", "itcare": ITCARE_SETTINGS},
    itcare_census,
    api_paths="^/(compute|actions)/",
)
ECNS = Provider(
    "ecns",
    lambda url: {
        "provider": "ecns",
        "api_url": f"{url}/ecns",
        "auth": {"username": "demo", "password": "demo", "project_id": "demo", "auth_url": f"{url}/ecns/identity/v3"},
        "cluster": "ecns-east",
    },
    lambda name: {
        "name": name,
        "replicas": 2,
        "containers": [{"name": "nginx", "image": {"image": "nginx", "image_version": "1.25"}}],
    },
    ecns_census,
    api_paths="^/api/",
)
NKS = next(p for p in PROVIDERS if p.name == "nks")


def run_ok(module: str, args: dict[str, Any]) -> dict[str, Any]:
    result = run_module(module_main(module), {**args, **WAIT})
    assert not result.get("failed"), result
    return result


def nks_cluster_uuid(cloud: Cloud, name: str) -> str:
    return next(c["uuid"] for c in cloud.nks("GET", "/v1/clusters").json()["clusters"] if c["name"] == name)


def arrange_cluster(provider: Provider) -> Callable[[Cloud, dict[str, Any], str], None]:
    def arrange(cloud: Cloud, connection: dict[str, Any], name: str) -> None:
        run_ok("k8s_cluster", {**connection, **provider.create(name)})

    return arrange


def listed_by(key: str, census: Callable[[Cloud, str], Census]) -> Judge:
    """An info module's judge: it listed exactly the one resource of ``name``."""

    def judge(cloud: Cloud, name: str, result: dict[str, Any], tmp: Any) -> tuple[bool, int, str]:
        names = [item.get("name") for item in result.get(key, [])]
        return names == [name], census(cloud, name).count, f"listed {names}"

    return judge


def present(census: Callable[[Cloud, str], Census]) -> Judge:
    def judge(cloud: Cloud, name: str, result: dict[str, Any], tmp: Any) -> tuple[bool, int, str]:
        seen = census(cloud, name)
        return seen.count == 1 and seen.ready, seen.count, f"{seen}"

    return judge


# NKS node groups, autoscaler and IP ACL: each on a cluster named after the task.
NODEGROUP = "batch"
NODEGROUP_NKS = {
    "node_image": NKS_CREATE_BLOCK["node_image"],
    "availability_zone": "kr2-pub-b",
    "boot_volume_type": "General HDD",
    "boot_volume_size": 20,
}


def nodegroup_census(cloud: Cloud, cluster: str) -> Census:
    uuid = nks_cluster_uuid(cloud, cluster)
    groups = cloud.nks("GET", f"/v1/clusters/{uuid}/nodegroups").json()["nodegroups"]
    found = [g for g in groups if g["name"] == NODEGROUP]
    if len(found) != 1:
        return Census(len(found))
    group = cloud.nks("GET", f"/v1/clusters/{uuid}/nodegroups/{found[0]['uuid']}").json()
    return Census(1, group["status"].endswith("_COMPLETE"), group["node_count"])


def nodegroup_args(connection: dict[str, Any], cluster: str) -> dict[str, Any]:
    return {
        **connection,
        **WAIT,
        "cluster": cluster,
        "name": NODEGROUP,
        "node_count": 1,
        "node_size": NKS_FLAVOR,
        "nks": NODEGROUP_NKS,
    }


def arrange_nodegroup(cloud: Cloud, connection: dict[str, Any], name: str) -> None:
    arrange_cluster(NKS)(cloud, connection, name)
    run_ok("nodegroup", nodegroup_args(connection, name))


def judge_nodegroup(cloud: Cloud, name: str, result: dict[str, Any], tmp: Any) -> tuple[bool, int, str]:
    seen = nodegroup_census(cloud, name)
    return seen.count == 1 and seen.ready and seen.node_count == 1, seen.count, f"{seen}"


def judge_nodegroup_info(cloud: Cloud, name: str, result: dict[str, Any], tmp: Any) -> tuple[bool, int, str]:
    names = [g.get("name") for g in result.get("nodegroups", [])]
    return names == [NODEGROUP], nodegroup_census(cloud, name).count, f"listed {names}"


def settled(cloud: Cloud, uuid: str) -> bool:
    return cloud.nks("GET", f"/v1/clusters/{uuid}").json()["status"].endswith("_COMPLETE")


def judge_autoscale(cloud: Cloud, name: str, result: dict[str, Any], tmp: Any) -> tuple[bool, int, str]:
    uuid = nks_cluster_uuid(cloud, name)
    scaler = cloud.nks("GET", f"/v1/clusters/{uuid}/nodegroups/default-worker/autoscale").json()
    done = scaler["ca_enable"] is True and scaler["ca_max_node_count"] == 3 and settled(cloud, uuid)
    return done, 1, f"autoscaler {scaler}"


def judge_ipacl(cloud: Cloud, name: str, result: dict[str, Any], tmp: Any) -> tuple[bool, int, str]:
    uuid = nks_cluster_uuid(cloud, name)
    acl = cloud.nks("GET", f"/v1/clusters/{uuid}/api_ep_ipacl").json()
    done = acl["enable"] == "true" and acl.get("action") == "ALLOW" and settled(cloud, uuid)
    return done, 1, f"ipacl {acl}"


# ITCare load balancers, on a cluster named after the task.
LB_URL = "https://www.fault.example.com"
LB_NAME = "fault.example.com"
LB_SETTINGS = {
    "profile_name": "https",
    "healthcheck": "http",
    "port_members": "80, 443",
    "certificate_name": "wildcard_example.com",
    "redirect_to_https": True,
    "region": "EB",
    "service_id": 124,
}


def lb_census(cloud: Cloud, cluster_name: str) -> Census:
    cluster = itcare_cluster(cloud, cluster_name)
    if cluster is None:
        return Census(0)
    listed = cloud.itcare("GET", f"{ITCARE_CLUSTERS}/{cluster['id']}/loadbalancers").json()
    found = [lb for lb in listed if lb["name"] == LB_NAME]
    if len(found) != 1:
        return Census(len(found))
    return Census(1, found[0]["status"] == "ACTIVE")


def lb_args(connection: dict[str, Any], cluster: str) -> dict[str, Any]:
    return {**connection, **WAIT, "cluster": cluster, "name": LB_URL, "itcare": LB_SETTINGS}


def arrange_lb(cloud: Cloud, connection: dict[str, Any], name: str) -> None:
    arrange_cluster(ITCARE)(cloud, connection, name)
    run_ok("load_balancer", lb_args(connection, name))


def judge_lb_info(cloud: Cloud, name: str, result: dict[str, Any], tmp: Any) -> tuple[bool, int, str]:
    names = [lb.get("name") for lb in result.get("load_balancers", [])]
    return names == [LB_NAME], lb_census(cloud, name).count, f"listed {names}"


def arrange_workload(cloud: Cloud, connection: dict[str, Any], name: str) -> None:
    run_ok("workload", {**connection, **ECNS.create(name)})


def ecns_services(cloud: Cloud, name: str) -> list[dict[str, Any]]:
    """The services named ``name`` in the default namespace of ecns-east (the demo token's session)."""
    cloud.ecns("GET", f"{ECNS_API}/namespace/demo/cluster/ecns-east/ns/default/").raise_for_status()
    listed = cloud.ecns("GET", f"{ECNS_API}/service/").json()["services"]
    return [s["access_mode"] for s in listed if s["access_mode"]["name"] == name]


def ecns_service_census(cloud: Cloud, name: str) -> Census:
    """A service is ready when it exists; a LoadBalancer one once Octavia reports it ACTIVE."""
    found = ecns_services(cloud, name)
    if len(found) != 1:
        return Census(len(found))
    external = found[0].get("external") or {}
    return Census(1, found[0]["type"] != "LoadBalancer" or external.get("provisioning_status") == "ACTIVE")


def service_args(connection: dict[str, Any], name: str) -> dict[str, Any]:
    """A NodePort service ``name`` in front of the workload ``name``."""
    return {**connection, "name": name, "type": "NodePort", "target_workload": name, "ports": [{"port": 80}]}


def ecns_lb_args(connection: dict[str, Any], name: str) -> dict[str, Any]:
    """An Octavia load balancer ``name`` in front of the workload ``name``, from the look-ups' values."""
    octavia = {"target_workload": name, "ports": [{"port": 443}], "subnet": "subnet-app-1", "flavor": "lb.small"}
    return {**connection, **WAIT, "name": name, "ecns": octavia}


def nothing(cloud: Cloud, connection: dict[str, Any], name: str) -> None:
    return None


def more_operations() -> list[Operation]:
    """One operation per main write and per info module, each with :data:`SUBSET` of the faults."""
    operations = [
        Operation(
            "nodegroup create (nks)",
            NKS,
            "nodegroup",
            "POST",
            arrange_cluster(NKS),
            lambda conn, name, tmp: nodegroup_args(conn, name),
            judge_nodegroup,
        ),
        Operation(
            "nodegroup_info (nks)",
            NKS,
            "nodegroup_info",
            None,
            arrange_nodegroup,
            lambda conn, name, tmp: {**conn, "cluster": name, "name": NODEGROUP},
            judge_nodegroup_info,
        ),
        Operation(
            "autoscaler enable (nks)",
            NKS,
            "autoscaler",
            "POST",
            arrange_cluster(NKS),
            lambda conn, name, tmp: {
                **conn,
                **WAIT,
                "cluster": name,
                "enabled": True,
                "min_node_count": 1,
                "max_node_count": 3,
            },
            judge_autoscale,
        ),
        Operation(
            "ipacl enable (nks)",
            NKS,
            "ipacl",
            "POST",
            arrange_cluster(NKS),
            lambda conn, name, tmp: {
                **conn,
                **WAIT,
                "cluster": name,
                "enabled": True,
                "action": "ALLOW",
                "targets": [{"cidr": "203.0.113.0/24"}],
            },
            judge_ipacl,
        ),
        Operation(
            "k8s_cluster create (itcare)",
            ITCARE,
            "k8s_cluster",
            "POST",
            nothing,
            lambda conn, name, tmp: {**conn, **WAIT, **ITCARE.create(name)},
            present(itcare_census),
        ),
        Operation(
            "k8s_cluster_info (itcare)",
            ITCARE,
            "k8s_cluster_info",
            None,
            arrange_cluster(ITCARE),
            lambda conn, name, tmp: {**conn, "name": name},
            listed_by("clusters", itcare_census),
        ),
        Operation(
            "load_balancer create (itcare)",
            ITCARE,
            "load_balancer",
            "POST",
            arrange_cluster(ITCARE),
            lambda conn, name, tmp: lb_args(conn, name),
            present(lb_census),
        ),
        Operation(
            "load_balancer_info (itcare)",
            ITCARE,
            "load_balancer_info",
            None,
            arrange_lb,
            lambda conn, name, tmp: {**conn, "cluster": name},
            judge_lb_info,
        ),
        Operation(
            "workload create (ecns)",
            ECNS,
            "workload",
            "POST",
            nothing,
            lambda conn, name, tmp: {**conn, **WAIT, **ECNS.create(name)},
            present(ecns_census),
        ),
        Operation(
            "service create (ecns)",
            ECNS,
            "service",
            "POST",
            arrange_workload,
            lambda conn, name, tmp: service_args(conn, name),
            present(ecns_service_census),
            # A NodePort service exists once ECNS answers: it has no operation that could end failed.
            fault_names=SUBSET - {"operation ends failed"},
        ),
        Operation(
            "load_balancer create (ecns)",
            ECNS,
            "load_balancer",
            "POST",
            arrange_workload,
            lambda conn, name, tmp: ecns_lb_args(conn, name),
            present(ecns_service_census),
        ),
        Operation(
            "workload_info (ecns)",
            ECNS,
            "workload_info",
            None,
            arrange_workload,
            lambda conn, name, tmp: {**conn, "name": name},
            listed_by("workloads", ecns_census),
        ),
    ]
    return [
        Operation(
            op.name, op.provider, op.module, op.write, op.arrange, op.args, op.judge, op.tags, op.fault_names or SUBSET
        )
        for op in operations
    ]


OPERATIONS = [*CLUSTER_OPERATIONS, *more_operations()]

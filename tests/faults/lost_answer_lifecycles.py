"""The lifecycle of every changing module on every provider, for the lost-answer suite.

A :class:`Lifecycle` is what a user's playbook does to one resource: arrange its
parents, then create it, change it and delete it, one task a step. The suite runs it
once without faults to learn which writes each step sends, then again with the answer
of each of those writes lost in turn.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fault_operations import ECNS, ITCARE, LB_SETTINGS, LB_URL, NKS, NKS_FLAVOR, NODEGROUP_NKS
from fault_scenarios import PROVIDERS, Provider

DEPLOYME = next(p for p in PROVIDERS if p.name == "deployme")
NGINX = [{"name": "nginx", "image": {"image": "nginx", "image_version": "1.25"}}]
BUSYBOX = [{"name": "task", "image": {"image": "busybox", "image_version": "1.36"}}]
NAMESPACE = "lost-ns"


@dataclass(frozen=True)
class Lifecycle:
    """Tasks on one resource: ``setup`` tasks that must simply work, then the ``steps`` under test."""

    name: str
    provider: Provider
    module: str
    steps: tuple[tuple[str, dict[str, Any]], ...]
    setup: tuple[tuple[str, dict[str, Any]], ...] = field(default=())


def _cluster(provider: Provider, name: str) -> tuple[str, dict[str, Any]]:
    return ("k8s_cluster", provider.create(name))


def _ecns(module: str, create: dict[str, Any], change: dict[str, Any] | None, **extra: Any) -> Lifecycle:
    """An ECNS object created in its own namespace, changed when the API can change it, then deleted."""
    scoped = module not in ("namespace", "image_workspace", "storage_class")
    where = {"namespace": NAMESPACE} if scoped else {}
    base = {"name": f"lost-{module.replace('_', '-')}", **where, **create}
    steps = [("create", base)]
    if change is not None:
        steps.append(("change", {**base, **change}))
    steps.append(("delete", {**{k: base[k] for k in ("name", *where)}, "state": "absent"}))
    setup = extra.get("setup", ())
    if where:
        setup = (("namespace", {"name": NAMESPACE}), *setup)
    return Lifecycle(f"{module} (ecns)", ECNS, module, tuple(steps), tuple(setup))


def _clusters(provider: Provider, create: dict[str, Any], *changes: tuple[str, dict[str, Any]]) -> Lifecycle:
    steps = (
        ("create", create),
        *((label, {"name": create["name"], **change}) for label, change in changes),
        ("delete", {"name": create["name"], "state": "absent"}),
    )
    return Lifecycle(f"k8s_cluster ({provider.name})", provider, "k8s_cluster", steps)


def lifecycles() -> list[Lifecycle]:
    nks_group = {
        "cluster": "lost-cluster",
        "name": "batch",
        "node_count": 1,
        "node_size": NKS_FLAVOR,
        "nks": NODEGROUP_NKS,
    }
    itcare_lb = {"cluster": "lost-cluster", "name": LB_URL, "itcare": LB_SETTINGS}
    web = ("workload", {"namespace": NAMESPACE, "name": "web", "replicas": 1, "containers": NGINX})
    return [
        _clusters(
            DEPLOYME,
            {"name": "lost-cluster", "node_count": 1, "node_size": "small"},
            ("scale up", {"node_count": 2}),
            ("resize", {"node_size": "medium"}),
            ("scale down", {"node_count": 1}),
        ),
        _clusters(NKS, NKS.create("lost-cluster"), ("change", {"node_count": 2})),
        _clusters(ITCARE, ITCARE.create("lost-cluster"), ("change", {"node_count": 4})),
        Lifecycle(
            "nodegroup (nks)",
            NKS,
            "nodegroup",
            (
                ("create", nks_group),
                ("change", {**nks_group, "node_count": 2}),
                ("delete", {"cluster": "lost-cluster", "name": "batch", "state": "absent"}),
            ),
            (_cluster(NKS, "lost-cluster"),),
        ),
        Lifecycle(
            "nodegroup (itcare)",
            ITCARE,
            "nodegroup",
            (
                ("create", {"cluster": "lost-cluster", "name": "eb-a-4cpu8gb", "node_count": 1}),
                ("change", {"cluster": "lost-cluster", "name": "eb-a-4cpu8gb", "node_count": 2}),
                ("delete", {"cluster": "lost-cluster", "name": "eb-a-4cpu8gb", "state": "absent"}),
            ),
            (_cluster(ITCARE, "lost-cluster"),),
        ),
        Lifecycle(
            "autoscaler (nks)",
            NKS,
            "autoscaler",
            (
                ("enable", {"cluster": "lost-cluster", "enabled": True, "min_node_count": 1, "max_node_count": 3}),
                ("widen", {"cluster": "lost-cluster", "enabled": True, "min_node_count": 1, "max_node_count": 5}),
                ("disable", {"cluster": "lost-cluster", "enabled": False}),
            ),
            (_cluster(NKS, "lost-cluster"),),
        ),
        Lifecycle(
            "ipacl (nks)",
            NKS,
            "ipacl",
            (
                (
                    "enable",
                    {
                        "cluster": "lost-cluster",
                        "enabled": True,
                        "action": "ALLOW",
                        "targets": [{"cidr": "10.0.0.0/8"}],
                    },
                ),
                ("disable", {"cluster": "lost-cluster", "enabled": False}),
            ),
            (_cluster(NKS, "lost-cluster"),),
        ),
        Lifecycle(
            "load_balancer (itcare)",
            ITCARE,
            "load_balancer",
            (("create", itcare_lb),),
            (_cluster(ITCARE, "lost-cluster"),),
        ),
        _ecns("workload", {"replicas": 1, "containers": NGINX}, {"replicas": 2}),
        _ecns("configmap", {"data": {"MODE": "production"}}, {"data": {"MODE": "staging"}}),
        _ecns("secret", {"type": "Opaque", "data": {"KEY": "value"}}, {"data": {"KEY": "other"}}),
        _ecns("namespace", {"quota": {"pods": 5}}, {"quota": {"pods": 6}}),
        _ecns(
            "service",
            {"type": "NodePort", "target_workload": "web", "ports": [{"port": 80}]},
            {"ports": [{"port": 8080}]},
            setup=(web,),
        ),
        _ecns(
            "ingress",
            {"routers": [{"domain": "shop.example.com", "target_service": "web", "service_port": 80}]},
            {"routers": [{"domain": "shop.example.com", "target_service": "web", "service_port": 8080}]},
            setup=(
                web,
                (
                    "service",
                    {
                        "namespace": NAMESPACE,
                        "name": "web",
                        "type": "ClusterIP",
                        "target_workload": "web",
                        "ports": [{"port": 80}, {"port": 8080}],
                    },
                ),
            ),
        ),
        _ecns("storage_class", {"volume_type": "ssd"}, None),
        _ecns("pvc", {"storage_class": "standard", "capacity": "1Gi"}, None),
        _ecns("job", {"completions": 1, "containers": BUSYBOX}, None),
        # A yearly schedule: no run starts while the suite compares what the provider holds.
        _ecns("cronjob", {"schedule": "0 0 1 1 *", "containers": BUSYBOX}, {"state": "stopped"}),
        _ecns(
            "application",
            {"workloads": [{"name": "app-web", "replicas": 1, "containers": NGINX}]},
            None,
        ),
        _ecns(
            "load_balancer",
            {
                "ecns": {
                    "target_workload": "web",
                    "ports": [{"port": 443}],
                    "subnet": "subnet-app-1",
                    "flavor": "lb.small",
                }
            },
            None,
            setup=(web,),
        ),
        _ecns("image_workspace", {"public": False}, {"public": True}),
    ]

"""A task the module refuses sends no write first: every check of every step runs before step 1.

A create followed by settings the create request cannot carry (ITCare HA, patch
party), or an update made of several operations (an upgrade, then a resize...), must
not send its first write and only then find that a later part is refused: the user
would be left with half of the task applied and an error.

Two suites:

* :data:`REFUSALS`, hand-written option combinations that each module refuses, per
  provider, on a new resource and on an existing one: each must fail with the
  module's own refusal (a ValidationError or PlanError, not a provider's answer) and
  leave the emulator's request log without a write, in check mode as in a real run.
* :func:`test_no_write_precedes_a_refusal`, the property over many tasks: random
  combinations of plausible settings (:data:`SETTINGS`) and of the bad-input suite's
  spoiled values, run one after the other against one emulator (so the earlier ones
  leave resources the later ones update). Whenever a task fails with a refusal of the
  module, no write of that task came before it.
"""

from __future__ import annotations

import importlib
import os
from dataclasses import dataclass, field
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_bad_input import BASES, NKS_BLOCK, captured_spec, connection, option_cases, spoil

from ansible_collections.kaas.cloud.plugins.module_utils import runner
from ansible_collections.kaas.cloud.plugins.module_utils.errors import KaasError, PlanError, ValidationError
from support.harness import Cloud, run_module

EXAMPLES_PER_MODULE = int(os.environ.get("KAAS_REFUSAL_EXAMPLES", "25"))
WAIT = {"poll_interval": 0.2, "wait_timeout": 60}
NKS_FLAVOR = "6ef27f21-c774-4c0e-84ff-7dd4a762571f"
ITCARE_EB = {"region": "EB", "network_id": 1125, "service_id": 124, "ingress_provider": "NGINX"}
# Toulouse has two availability zones: ITCare cannot make a cluster there HA.
ITCARE_ET = {"region": "ET", "network_id": 2201, "service_id": 124, "ingress_provider": "NGINX"}
NKS_CLUSTER = {
    "name": "base",
    "version": "v1.28.3",
    "node_count": 1,
    "node_size": NKS_FLAVOR,
    "nks": {**NKS_BLOCK, "pods_network_cidr": "10.100.0.0/16", "service_cluster_ip_range": "10.254.0.0/16"},
}
NKS_GROUP = {
    "cluster": "base",
    "name": "workers",
    "node_count": 2,
    "node_size": NKS_FLAVOR,
    "nks": {k: NKS_BLOCK[k] for k in ("node_image", "availability_zone", "boot_volume_type", "boot_volume_size")},
}
NGINX = [{"name": "nginx", "image": {"image": "nginx", "image_version": "1.25"}}]
REFUSED = (ValidationError, PlanError)


def module_main(name: str) -> Any:
    return importlib.import_module(f"ansible_collections.kaas.cloud.plugins.modules.{name}").main


@pytest.fixture
def raised(monkeypatch) -> list[KaasError]:
    """The KaasError each module run ended with (the result's message alone does not say which kind)."""
    seen: list[KaasError] = []
    execute = runner.ModuleRun.execute

    def recording(self: runner.ModuleRun, action: Any) -> None:
        def recorded(run: runner.ModuleRun) -> dict[str, Any]:
            try:
                return action(run)
            except KaasError as error:
                seen.append(error)
                raise

        execute(self, recorded)

    monkeypatch.setattr(runner.ModuleRun, "execute", recording)
    return seen


@dataclass(frozen=True)
class Refusal:
    """A task the module refuses, on a provider, after ``arrange`` tasks that must succeed."""

    label: str
    module: str
    provider: str
    args: dict[str, Any]
    arrange: tuple[tuple[str, dict[str, Any]], ...] = field(default=())


ITCARE_CLUSTER = ("k8s_cluster", {"name": "running", "node_count": 3, "node_size": "2cpu4gb", "itcare": ITCARE_EB})
ITCARE_ET_CLUSTER = ("k8s_cluster", {"name": "toulouse", "node_count": 2, "node_size": "2cpu4gb", "itcare": ITCARE_ET})
NEW_ITCARE = {"name": "fresh", "node_count": 3, "node_size": "2cpu4gb"}
NKS_BASE = ("k8s_cluster", NKS_CLUSTER)
NKS_WORKERS = ("nodegroup", NKS_GROUP)
ECNS_WEB = ("workload", {"cluster": "ecns-east", "name": "web", "replicas": 1, "containers": NGINX})

REFUSALS = [
    # ITCare: HA and patch party are applied after the create, as update steps.
    Refusal(
        "excluded from patch party without a reason, on a new cluster",
        "k8s_cluster",
        "itcare",
        {**NEW_ITCARE, "itcare": {**ITCARE_EB, "patch_party_excluded": True}},
    ),
    Refusal(
        "a patch exclusion reason without the exclusion, on a new cluster",
        "k8s_cluster",
        "itcare",
        {**NEW_ITCARE, "itcare": {**ITCARE_EB, "patch_exclusion_reason": "frozen"}},
    ),
    Refusal(
        "a patch exclusion reason with patch_party_excluded false, on a new cluster",
        "k8s_cluster",
        "itcare",
        {**NEW_ITCARE, "itcare": {**ITCARE_EB, "patch_party_excluded": False, "patch_exclusion_reason": "frozen"}},
    ),
    Refusal(
        "HA in a region whose clusters cannot have it, on a new cluster",
        "k8s_cluster",
        "itcare",
        {**NEW_ITCARE, "node_count": 2, "itcare": {**ITCARE_ET, "ha": True}},
        (ITCARE_ET_CLUSTER,),
    ),
    Refusal(
        "HA without wait on a new cluster",
        "k8s_cluster",
        "itcare",
        {**NEW_ITCARE, "wait": False, "itcare": {**ITCARE_EB, "ha": True}},
    ),
    Refusal(
        "an upgrade, then an exclusion without a reason",
        "k8s_cluster",
        "itcare",
        {**ITCARE_CLUSTER[1], "version": "1.31", "itcare": {**ITCARE_EB, "patch_party_excluded": True}},
        (ITCARE_CLUSTER,),
    ),
    Refusal(
        "an upgrade, then a patch group on a cluster of three nodes",
        "k8s_cluster",
        "itcare",
        {**ITCARE_CLUSTER[1], "version": "1.31", "itcare": {**ITCARE_EB, "patch_group": "1"}},
        (ITCARE_CLUSTER,),
    ),
    Refusal(
        "an upgrade, then HA where the region cannot have it",
        "k8s_cluster",
        "itcare",
        {**ITCARE_ET_CLUSTER[1], "version": "1.31", "itcare": {**ITCARE_ET, "ha": True}},
        (ITCARE_ET_CLUSTER,),
    ),
    Refusal(
        "an upgrade, then a node count below the ingress nodes",
        "k8s_cluster",
        "itcare",
        {**ITCARE_CLUSTER[1], "version": "1.31", "node_count": 1},
        (ITCARE_CLUSTER,),
    ),
    Refusal(
        "a version ITCare does not offer, with a resize",
        "k8s_cluster",
        "itcare",
        {**ITCARE_CLUSTER[1], "version": "1.99", "node_count": 4},
        (ITCARE_CLUSTER,),
    ),
    # NKS: one operation per step.
    Refusal(
        "an unsupported upgrade, then a resize",
        "k8s_cluster",
        "nks",
        {**NKS_CLUSTER, "version": "v1.26.3", "node_count": 2},
        (NKS_BASE,),
    ),
    Refusal(
        "a resize, then a service gateway the cluster was created without",
        "k8s_cluster",
        "nks",
        {**NKS_CLUSTER, "node_count": 2, "nks": {**NKS_CLUSTER["nks"], "ncr_sgw": "sgw-1"}},
        (NKS_BASE,),
    ),
    Refusal(
        "a worker upgrade past the control plane, then a resize",
        "nodegroup",
        "nks",
        {**NKS_GROUP, "version": "v1.29.3", "node_count": 3},
        (NKS_BASE, NKS_WORKERS),
    ),
    Refusal(
        "a resize, then stopping a node the group does not have",
        "nodegroup",
        "nks",
        {**NKS_GROUP, "node_count": 3, "nks": {"stopped_nodes": ["no-such-node"]}},
        (NKS_BASE, NKS_WORKERS),
    ),
    Refusal(
        "a flavor change, then removing a node the group does not have",
        "nodegroup",
        "nks",
        {**NKS_GROUP, "node_size": "other-flavor", "node_count": 1, "nks": {"nodes_to_remove": ["no-such-node"]}},
        (NKS_BASE, NKS_WORKERS),
    ),
    Refusal(
        "more buffer nodes than the group can add, with a resize",
        "nodegroup",
        "nks",
        {**NKS_GROUP, "node_count": 3, "nks": {"num_buffer_nodes": 99}, "node_size": "other-flavor"},
        (NKS_BASE, NKS_WORKERS),
    ),
    Refusal(
        "stopped nodes named at the creation of a group",
        "nodegroup",
        "nks",
        {**NKS_GROUP, "name": "new-group", "nks": {**NKS_GROUP["nks"], "stopped_nodes": ["a"]}},
        (NKS_BASE,),
    ),
    Refusal(
        "a minimum above the current maximum",
        "autoscaler",
        "nks",
        {"cluster": "base", "enabled": True, "min_node_count": 9},
        (NKS_BASE, ("autoscaler", {"cluster": "base", "enabled": True, "min_node_count": 1, "max_node_count": 3})),
    ),
    Refusal(
        "access control on without targets",
        "ipacl",
        "nks",
        {"cluster": "base", "enabled": True, "action": "ALLOW"},
        (NKS_BASE,),
    ),
    # ECNS.
    Refusal(
        "a default storage class of a volume type ECNS does not have",
        "storage_class",
        "ecns",
        {"cluster": "ecns-east", "name": "fast", "volume_type": "no-such-type", "default": True},
    ),
    Refusal(
        "a rollback to a revision the workload does not keep, with a resize",
        "workload",
        "ecns",
        {"cluster": "ecns-east", "name": "web", "replicas": 2, "rollback_to": 99},
        (ECNS_WEB,),
    ),
    Refusal(
        "a load balancer on a subnet the look-up does not offer",
        "load_balancer",
        "ecns",
        {
            "cluster": "ecns-east",
            "name": "web-lb",
            "ecns": {"target_workload": "web", "ports": [{"port": 443}], "subnet": "no-such-subnet"},
        },
        (ECNS_WEB,),
    ),
]


def task(cloud: Cloud, provider: str, module: str, args: dict[str, Any]) -> dict[str, Any]:
    waiting = WAIT if "wait_timeout" in captured_spec(module) else {}
    return {**connection(cloud.url, provider), **waiting, **args}


@pytest.mark.parametrize("check", [False, True], ids=["run", "check"])
@pytest.mark.parametrize("case", REFUSALS, ids=[f"{r.module}-{r.provider}-{r.label}" for r in REFUSALS])
def test_refused_combination_sends_no_write(cloud, raised, case: Refusal, check: bool) -> None:
    for module, args in case.arrange:
        done = run_module(module_main(module), task(cloud, case.provider, module, args))
        assert not done.get("failed"), f"arranging {module}: {done.get('msg')}"
    cloud.clear_log()
    raised.clear()
    result = run_module(module_main(case.module), task(cloud, case.provider, case.module, case.args), check=check)
    writes = cloud.api_writes(case.provider)
    assert result.get("failed"), f"{case.label} was accepted: {result}"
    assert raised and isinstance(raised[-1], REFUSED), f"{case.label}: not the module's refusal: {result['msg']}"
    assert not writes, f"{case.label}: {writes} sent before the refusal: {result['msg']}"


#: Plausible values per option, valid or not, that the property combines on each module's base task.
SETTINGS: dict[tuple[str, str], dict[str, list[Any]]] = {
    ("k8s_cluster", "itcare"): {
        "node_count": [1, 2, 3, 4, 13],
        "version": ["1.28", "1.29", "1.31", "1.99"],
        "itcare.ha": [True],
        "itcare.patch_party_excluded": [True, False],
        "itcare.patch_exclusion_reason": ["frozen"],
        "itcare.patch_group": ["1"],
        "itcare.region": ["ET"],
        "itcare.network_id": [2201],
        "wait": [False],
    },
    ("k8s_cluster", "nks"): {
        "node_count": [1, 2, 3],
        "version": ["v1.26.3", "v1.28.3", "v1.29.3"],
        "node_size": ["other-flavor"],
        "nks.cni_driver": ["calico", "flannel"],
        "nks.term_of_validity": [1, 5],
    },
    ("k8s_cluster", "deployme"): {
        "node_count": [1, 2, 5],
        "node_size": ["small", "large"],
        "deployme.control_planes": [1, 3],
    },
    ("nodegroup", "nks"): {
        "node_count": [1, 2, 3],
        "version": ["v1.28.3", "v1.29.3"],
        "node_size": ["other-flavor"],
        "nks.stopped_nodes": [["no-such-node"], []],
        "nks.nodes_to_remove": [["no-such-node"]],
        "nks.num_buffer_nodes": [0, 99],
        "nks.num_max_unavailable_nodes": [1, 99],
        "nks.user_script": ["#!/bin/sh"],
    },
    ("autoscaler", "nks"): {
        "enabled": [True, False],
        "min_node_count": [1, 5, 9],
        "max_node_count": [2, 10],
        "nks.scale_down_enable": [True],
    },
    ("ipacl", "nks"): {
        "enabled": [True, False],
        "action": ["ALLOW", "DENY"],
        "targets": [[{"cidr": "10.0.0.0/8"}]],
    },
    ("load_balancer", "itcare"): {
        "itcare.profile_name": ["tcp", "http"],
        "itcare.vs_port": [8443],
        "itcare.region": ["ET"],
    },
    ("load_balancer", "ecns"): {
        "ecns.subnet": ["no-such-subnet"],
        "ecns.flavor": ["no-such-flavor"],
        "ecns.replicas": [99],
    },
    ("workload", "ecns"): {
        "replicas": [0, 2],
        "containers": [None],
        "rollback_to": [1, 99],
        "state": ["stopped", "started", "restarted"],
    },
    ("storage_class", "ecns"): {"volume_type": ["no-such-type"], "default": [True, False]},
    ("namespace", "ecns"): {"quota": [{"pods": 1}, {"pods": 0}], "psp": ["Unlimited", "Limited"]},
    ("job", "ecns"): {"completions": [1, 2], "containers": [None]},
    ("cronjob", "ecns"): {"schedule": ["0 3 * * *"], "state": ["stopped", "started"], "containers": [None]},
    ("service", "ecns"): {"type": ["ClusterIP", "NodePort"], "target_workload": ["no-such-workload"]},
    ("pvc", "ecns"): {"storage_class": ["no-such-class"], "capacity": ["2Gi"]},
    ("secret", "ecns"): {"type": ["Opaque"], "data": [{"KEY": "other"}]},
}
#: Tasks that give each module a parent to live in (the bases name their cluster ``valid-name``).
PARENTS: dict[tuple[str, str], list[tuple[str, dict[str, Any]]]] = {
    ("nodegroup", "nks"): [("k8s_cluster", BASES["k8s_cluster"]["nks"])],
    ("autoscaler", "nks"): [("k8s_cluster", BASES["k8s_cluster"]["nks"])],
    ("ipacl", "nks"): [("k8s_cluster", BASES["k8s_cluster"]["nks"])],
    ("load_balancer", "itcare"): [("k8s_cluster", BASES["k8s_cluster"]["itcare"])],
    ("service", "ecns"): [ECNS_WEB],
    ("load_balancer", "ecns"): [ECNS_WEB],
}


def fresh_name(module: str, provider: str, number: int) -> str:
    """A name no resource has yet (ITCare load balancers are named by their URL)."""
    if (module, provider) == ("load_balancer", "itcare"):
        return f"https://www.fresh{number}.example.com"
    return f"fresh-{number}"


PROPERTY = [(module, provider) for module, provider in SETTINGS if provider in BASES.get(module, {})]


@pytest.mark.parametrize(("module", "provider"), PROPERTY, ids=[f"{m}-{p}" for m, p in PROPERTY])
def test_no_write_precedes_a_refusal(cloud, raised, report, module: str, provider: str) -> None:
    for parent, args in PARENTS.get((module, provider), []):
        done = run_module(module_main(parent), task(cloud, provider, parent, args))
        assert not done.get("failed"), f"arranging {parent}: {done.get('msg')}"
    spec = captured_spec(module)
    base = BASES[module][provider]
    bad = option_cases(spec, base, provider, module)
    choices = SETTINGS[(module, provider)]
    main = module_main(module)
    outcomes = {"refused": 0, "refused by the argument spec": 0, "failed at the provider": 0, "accepted": 0}
    outcomes["tasks"] = 0

    @settings(
        max_examples=EXAMPLES_PER_MODULE, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck)
    )
    @given(data=st.data())
    def check(data: st.DataObject) -> None:
        paths = data.draw(st.lists(st.sampled_from(sorted(choices)), max_size=3, unique=True))
        args = dict(base)
        if "name" in spec and data.draw(st.booleans(), label="a new resource"):
            # Half the tasks create (a create and its later steps), half update what an earlier one made.
            outcomes["tasks"] += 1
            args["name"] = fresh_name(module, provider, outcomes["tasks"])
        for path in paths:
            args = spoil(args, path, data.draw(st.sampled_from(choices[path]), label=path))
        if data.draw(st.integers(0, 3), label="spoil one option too") == 0:
            path, strategy = data.draw(st.sampled_from(bad), label="spoiled")
            args = spoil(args, path, data.draw(strategy, label=path))
        cloud.clear_log()
        raised.clear()
        result = run_module(main, task(cloud, provider, module, args))
        writes = cloud.api_writes(provider)
        message = str(result.get("msg") or "")
        assert not message.startswith("unexpected error"), message
        if not result.get("failed"):
            outcomes["accepted"] += 1
        elif not raised:
            # Ansible's own argument checks fail the module before the collection runs.
            outcomes["refused by the argument spec"] += 1
            assert not cloud.requests(), f"{args}: sent requests before the refusal: {message}"
        elif isinstance(raised[-1], REFUSED):
            outcomes["refused"] += 1
            assert not writes, f"{args}: {writes} sent before the refusal: {message}"
        else:
            # The provider refused a write, or a wait failed: a write before is expected.
            outcomes["failed at the provider"] += 1

    check()
    report(
        {
            "case": f"no write before a refusal {module} ({provider})",
            "outcome": "failed-cleanly",
            "detail": ", ".join(f"{count} {kind}" for kind, count in outcomes.items() if kind != "tasks"),
        }
    )

"""Requests per task for every module and provider: an unchanged run and a change.

For each write module the benchmark arranges what the task needs (the parent
cluster), runs the task once with ``wait: false`` (the change: reads + the writes it
needs), lets it settle, then runs the same task again (unchanged: the target is one
read per resource and no write). Info modules are run once on an existing resource.
Sign-in requests (Keystone, OAuth2) are counted apart from the API's reads.

Counts come from the emulator's request log, so they are exact. Run through
``make bench`` (``bench_modules.py`` prints this table) or on its own.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
for path in (REPO / "tests", REPO / "tests" / "faults", REPO / ".build" / "collections"):
    sys.path.insert(0, str(path))

from fault_operations import (  # noqa: E402
    ECNS,
    ITCARE,
    LB_SETTINGS,
    LB_URL,
    NKS,
    NKS_FLAVOR,
    NODEGROUP_NKS,
)
from fault_scenarios import PROVIDERS, module_main  # noqa: E402
from support.harness import WRITE_METHODS, Cloud, run_module  # noqa: E402

DEPLOYME = next(p for p in PROVIDERS if p.name == "deployme")
WAIT = {"poll_interval": 0.2, "wait_timeout": 120}
#: Paths of the identity services: signing in is not an API read.
SIGN_IN = ("/identity", "/auth/")


@dataclass(frozen=True)
class Scenario:
    module: str
    provider: str
    change: str  # what the changing run does
    connection: Callable[[str], dict[str, Any]]
    arrange: Callable[[dict[str, Any]], None]
    args: dict[str, Any]
    target: str


def counted(cloud: Cloud, module: str, args: dict[str, Any]) -> tuple[int, int, int, dict[str, Any]]:
    """(sign-ins, reads, writes, result) of one run; a failed run stops the benchmark."""
    cloud.clear_log()
    result = run_module(module_main(module), args)
    if result.get("failed"):
        raise RuntimeError(f"{module}: {result.get('msg')}")
    log = cloud.requests()
    sign_ins = sum(1 for r in log if r["path"].startswith(SIGN_IN))
    writes = sum(1 for r in log if r["method"] in WRITE_METHODS and not r["path"].startswith(SIGN_IN))
    return sign_ins, len(log) - sign_ins - writes, writes, result


def converge(module: str, args: dict[str, Any]) -> None:
    result = run_module(module_main(module), {**args, **WAIT})
    if result.get("failed"):
        raise RuntimeError(f"arranging with {module}: {result.get('msg')}")


def nothing(connection: dict[str, Any]) -> None:
    return None


def cluster_of(provider: Any, name: str) -> Callable[[dict[str, Any]], None]:
    return lambda connection: converge("k8s_cluster", {**connection, **provider.create(name)})


def scenarios() -> list[Scenario]:
    """Every write module on every provider it has, with the task of its typical change."""
    found = []
    for provider in (DEPLOYME, NKS, ITCARE):
        create = provider.create("bench")
        found.append(
            Scenario("k8s_cluster", provider.name, "create", provider.connection, nothing, create, "look-up + 1 write")
        )
        bigger = {"name": "bench", "node_count": create["node_count"] + 1}
        found.append(
            Scenario(
                "k8s_cluster",
                provider.name,
                "scale",
                provider.connection,
                cluster_of(provider, "bench"),
                bigger,
                "look-up + 1 write",
            )
        )
    nks_child = {"cluster": "bench"}
    found += [
        Scenario(
            "nodegroup",
            "nks",
            "create",
            NKS.connection,
            cluster_of(NKS, "bench"),
            {**nks_child, "name": "batch", "node_count": 1, "node_size": NKS_FLAVOR, "nks": NODEGROUP_NKS},
            "look-up + 1 write",
        ),
        Scenario(
            "autoscaler",
            "nks",
            "enable",
            NKS.connection,
            cluster_of(NKS, "bench"),
            {**nks_child, "enabled": True, "min_node_count": 1, "max_node_count": 3},
            "look-up + 1 write",
        ),
        Scenario(
            "ipacl",
            "nks",
            "enable",
            NKS.connection,
            cluster_of(NKS, "bench"),
            {**nks_child, "enabled": True, "action": "ALLOW", "targets": [{"cidr": "203.0.113.0/24"}]},
            "look-up + 1 write",
        ),
        Scenario(
            "load_balancer",
            "itcare",
            "create",
            ITCARE.connection,
            cluster_of(ITCARE, "bench"),
            {"cluster": "bench", "name": LB_URL, "itcare": LB_SETTINGS},
            "look-up + 1 write",
        ),
        Scenario("workload", "ecns", "create", ECNS.connection, nothing, ECNS.create("bench"), "look-up + 1 write"),
        Scenario(
            "workload",
            "ecns",
            "scale",
            ECNS.connection,
            lambda connection: converge("workload", {**connection, **ECNS.create("bench")}),
            {"name": "bench", "replicas": 3},
            "look-up + 1 write",
        ),
    ]
    return found


INFO = (
    ("k8s_cluster_info", DEPLOYME, {"name": "bench"}),
    ("k8s_cluster_info", NKS, {"name": "bench"}),
    ("k8s_cluster_info", ITCARE, {"name": "bench"}),
    ("nodegroup_info", NKS, {"cluster": "bench", "name": "default-worker"}),
    ("load_balancer_info", ITCARE, {"cluster": "bench"}),
    ("workload_info", ECNS, {"name": "bench"}),
)


def requests_per_module(cloud: Cloud) -> list[list[object]]:
    """Rows: module, provider, run, sign-ins, reads, writes, target."""
    rows: list[list[object]] = []
    # Counts do not depend on time: run every operation fast, then give the emulator its scale back.
    with cloud.time_scaled(3000.0):
        collect(cloud, rows)
    return rows


def collect(cloud: Cloud, rows: list[list[object]]) -> None:
    for scenario in scenarios():
        cloud.reset()
        connection = scenario.connection(cloud.url)
        scenario.arrange(connection)
        args = {**connection, **scenario.args}
        signs, reads, writes, _result = counted(cloud, scenario.module, {**args, "wait": False})
        rows.append([scenario.module, scenario.provider, scenario.change, signs, reads, writes, scenario.target])
        converge(scenario.module, args)
        signs, reads, writes, result = counted(cloud, scenario.module, args)
        assert result["changed"] is False, f"{scenario.module} {scenario.change} changed on its re-run"
        rows.append([scenario.module, scenario.provider, "unchanged", signs, reads, writes, "look-up only, 0 writes"])
    for module, provider, selector in INFO:
        cloud.reset()
        connection = provider.connection(cloud.url)
        if provider is not ECNS:  # an ECNS workload's cluster is given, not made
            cluster_of(provider, "bench")(connection)
        if module == "load_balancer_info":
            converge("load_balancer", {**connection, "cluster": "bench", "name": LB_URL, "itcare": LB_SETTINGS})
        if module == "workload_info":
            converge("workload", {**connection, **ECNS.create("bench")})
        signs, reads, writes, _result = counted(cloud, module, {**connection, **selector})
        rows.append([module, provider.name, "read one", signs, reads, writes, "0 writes"])


if __name__ == "__main__":
    from bench_modules import table

    from kaas_emulator.server import EmulatorServer

    with EmulatorServer(time_scale=3000.0) as emulator:
        print(
            table(
                "Requests per task, every module",
                ["module", "provider", "run", "sign-in", "reads", "writes", "target"],
                requests_per_module(Cloud(emulator.url)),
            )
        )

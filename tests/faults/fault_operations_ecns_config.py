"""Fault-suite operations of the ECNS secret and namespace modules and their info modules.

Secrets and namespaces exist as soon as ECNS answers the create (no asynchronous
operation), so the fault "operation ends failed" has nothing to strike: they try the
rest of :data:`fault_operations.SUBSET`. The judges read the emulator's API directly.
"""

from __future__ import annotations

from typing import Any

from fault_operations import ECNS, ECNS_API, SUBSET, listed_by, present
from fault_scenarios import Census, Operation, module_main
from support.harness import Cloud, run_module

FAULT_NAMES = SUBSET - {"operation ends failed"}
SECRET_VALUES = {"type": "Opaque", "data": {"TOKEN": "fault-suite-value"}}
NAMESPACE_SETTINGS = {"psp": "Unlimited", "quota": {"pods": 7}}


def secret_census(cloud: Cloud, name: str) -> Census:
    """The secrets of ``name`` in the default namespace of ecns-east; ready when their keys are the task's."""
    cloud.ecns("GET", f"{ECNS_API}/namespace/demo/cluster/ecns-east/ns/default/").raise_for_status()
    listed = cloud.ecns("GET", f"{ECNS_API}/kubernetes/secret/").json()["secrets"]
    found = [s for s in listed if s["name"] == name]
    return Census(len(found), len(found) == 1 and found[0]["keys"] == sorted(SECRET_VALUES["data"]))


def namespace_census(cloud: Cloud, name: str) -> Census:
    """The namespaces of ``name`` in ecns-east; ready when they have the task's PSP and quota."""
    listed = cloud.ecns("GET", f"{ECNS_API}/namespace/clustertype/PROJECT_ALL/").json()["namespaces"]
    found = [
        n for n in listed if n["namespace_base"]["name"] == name and n["namespace_base"]["cluster_name"] == "ecns-east"
    ]
    ready = len(found) == 1 and (found[0]["psp"], found[0]["quota"]) == (
        NAMESPACE_SETTINGS["psp"],
        NAMESPACE_SETTINGS["quota"],
    )
    return Census(len(found), ready)


def nothing(cloud: Cloud, connection: dict[str, Any], name: str) -> None:
    return None


def created(module: str, args: dict[str, Any]) -> None:
    """Run ``module`` (no wait options: these objects exist once ECNS answers)."""
    result = run_module(module_main(module), args)
    assert not result.get("failed"), result


def arrange_secret(cloud: Cloud, connection: dict[str, Any], name: str) -> None:
    created("secret", {**connection, "name": name, **SECRET_VALUES})


def arrange_namespace(cloud: Cloud, connection: dict[str, Any], name: str) -> None:
    created("namespace", {**connection, "name": name, **NAMESPACE_SETTINGS})


def ecns_config_operations() -> list[Operation]:
    """secret and namespace creates, secret_info and namespace_info reads."""
    return [
        Operation(
            "secret create (ecns)",
            ECNS,
            "secret",
            "POST",
            nothing,
            lambda conn, name, tmp: {**conn, "name": name, **SECRET_VALUES},
            present(secret_census),
            fault_names=FAULT_NAMES,
        ),
        Operation(
            "secret_info (ecns)",
            ECNS,
            "secret_info",
            None,
            arrange_secret,
            lambda conn, name, tmp: {**conn, "name": name},
            listed_by("secrets", secret_census),
            fault_names=FAULT_NAMES,
        ),
        Operation(
            "namespace create (ecns)",
            ECNS,
            "namespace",
            "POST",
            nothing,
            lambda conn, name, tmp: {**conn, "name": name, **NAMESPACE_SETTINGS},
            present(namespace_census),
            fault_names=FAULT_NAMES,
        ),
        Operation(
            "namespace_info (ecns)",
            ECNS,
            "namespace_info",
            None,
            arrange_namespace,
            lambda conn, name, tmp: {**conn, "name": name},
            listed_by("namespaces", namespace_census),
            fault_names=FAULT_NAMES,
        ),
    ]

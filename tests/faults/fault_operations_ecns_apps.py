"""Fault-suite operations of the ECNS image workspaces (Harbor projects).

A workspace exists as soon as ECNS answers the create (no asynchronous operation),
so "operation ends failed" has nothing to strike. Workspaces belong to the project,
not to a cluster: the tasks take the connection without ``cluster``.
"""

from __future__ import annotations

from typing import Any

from fault_operations import ECNS, SUBSET, listed_by, present
from fault_scenarios import Census, Operation, module_main
from support.harness import Cloud, run_module

FAULT_NAMES = SUBSET - {"operation ends failed"}


def registry_connection(connection: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in connection.items() if k != "cluster"}


def workspace_census(cloud: Cloud, name: str) -> Census:
    """The workspaces named ``name``; ready when it is public, as the task asks."""
    listed = cloud.ecns("GET", "/api/ecns/image/images/harbor_projects/?page_size=100").json()["harbor_projects"]
    found = [w for w in listed if w["harbor_project_name"] == name]
    return Census(len(found), len(found) == 1 and found[0]["public"] == "true")


def nothing(cloud: Cloud, connection: dict[str, Any], name: str) -> None:
    return None


def arrange_workspace(cloud: Cloud, connection: dict[str, Any], name: str) -> None:
    args = {**registry_connection(connection), "name": name, "public": True}
    result = run_module(module_main("image_workspace"), args)
    assert not result.get("failed"), result


def ecns_apps_operations() -> list[Operation]:
    """image_workspace create and image_workspace_info read."""
    return [
        Operation(
            "image_workspace create (ecns)",
            ECNS,
            "image_workspace",
            "POST",
            nothing,
            lambda conn, name, tmp: {**registry_connection(conn), "name": name, "public": True},
            present(workspace_census),
            fault_names=FAULT_NAMES,
        ),
        Operation(
            "image_workspace_info (ecns)",
            ECNS,
            "image_workspace_info",
            None,
            arrange_workspace,
            lambda conn, name, tmp: {**registry_connection(conn), "name": name},
            listed_by("image_workspaces", workspace_census),
            fault_names=FAULT_NAMES,
        ),
    ]

# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Which ITCare nodes to add where, and which to remove: shared by clusters and node groups.

ITCare adds nodes per availability zone and sizing (``create_nodes``) and removes
named nodes (``delete_nodes``). It refuses to remove the last node or the last
ingress node; the collection goes further and never removes an ingress node when
it scales down, because ingress nodes carry the cluster's traffic and are chosen
on purpose (see docs/providers/itcare.md).
"""

from __future__ import annotations

from typing import Any

from ansible_collections.kaas.cloud.plugins.module_utils.errors import PlanError
from ansible_collections.kaas.cloud.plugins.module_utils.providers.itcare.rules import (
    CLUSTER_NODES_MAX,
    NODES_PER_REQUEST,
)

GOING = frozenset({"DELETING"})


def live(nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Nodes that stay: every node but those being deleted."""
    return [n for n in nodes if n.get("status") not in GOING]


def sizing_of(node: dict[str, Any]) -> str | None:
    """A node's sizing word: ``nodeSizing`` when ITCare gives it, else ``<cpu>cpu<ram GB>gb``.

    The API reference's node object has only ``cpu`` and ``ram`` (MB); ITCare's sizing names
    follow that pattern (``2cpu4gb``).
    """
    if node.get("nodeSizing"):
        return str(node["nodeSizing"])
    cpu, ram = node.get("cpu"), node.get("ram")
    if isinstance(cpu, int) and isinstance(ram, int) and ram > 0:
        return f"{cpu}cpu{ram // 1024}gb"
    return None


def is_ingress(node: dict[str, Any]) -> bool:
    return bool(node.get("isInternalIngressNode") or node.get("isExternalIngressNode"))


def placements(
    nodes: list[dict[str, Any]], count: int, sizing: str, zones: list[str], *, ingress: bool = False
) -> dict[str, Any]:
    """The ``create_nodes`` options adding ``count`` nodes, each in the zone that has fewest.

    ``nodes`` are those the new ones join (a group, or the cluster), ``zones`` the
    zones they may go to. At most 12 nodes go in one entry, as ITCare requires.
    """
    if not zones:
        raise PlanError("ITCare gave no availability zone to place the new nodes in")
    per_zone = {zone: sum(1 for n in live(nodes) if n.get("az") == zone) for zone in zones}
    added = dict.fromkeys(zones, 0)
    for _index in range(count):
        zone = min(zones, key=lambda z: (per_zone[z] + added[z], zones.index(z)))
        added[zone] += 1
    entries = []
    for zone in zones:
        left = added[zone]
        while left > 0:
            batch = min(left, NODES_PER_REQUEST)
            entries.append({"nodesNb": batch, "nodeSizing": sizing, "az": zone})
            left -= batch
    options: dict[str, Any] = {"nodes": entries}
    if ingress:
        options["isInternalIngressNode"] = True
    return options


def check_room(cluster_nodes: list[dict[str, Any]], count: int, label: str) -> None:
    total = len(cluster_nodes) + count
    if total > CLUSTER_NODES_MAX:
        raise PlanError(
            f"{label}: adding {count} nodes would make {total}; an ITCare cluster holds at most {CLUSTER_NODES_MAX}"
        )


def removals(
    group: list[dict[str, Any]],
    count: int,
    cluster_nodes: list[dict[str, Any]],
    label: str,
    named: tuple[str, ...] = (),
) -> list[str]:
    """Ids of ``count`` nodes of ``group`` to delete: the ``named`` ones first, then the newest.

    Never the last node of the cluster, never an ingress node the cluster cannot
    lose (its last one), never a node that is already going.
    """
    candidates = live(group)
    by_name = {str(n.get("name")): n for n in candidates}
    chosen: list[dict[str, Any]] = []
    for name in named:
        if name not in by_name:
            known = ", ".join(sorted(by_name)) or "none"
            raise PlanError(f"{label}: node {name!r} is not one of its nodes ({known})")
        if len(chosen) < count:
            chosen.append(by_name[name])
    newest_first = sorted(candidates, key=lambda n: (str(n.get("creationTime") or ""), _number(n.get("id"))))
    for node in reversed(newest_first):
        if len(chosen) >= count:
            break
        if node not in chosen:
            chosen.append(node)
    remaining = [n for n in live(cluster_nodes) if n not in chosen]
    if not remaining:
        raise PlanError(
            f"{label}: removing {count} nodes would delete every node of the cluster; ITCare keeps at least one. "
            "Delete the cluster instead."
        )
    if any(is_ingress(n) for n in chosen) and not any(is_ingress(n) for n in remaining):
        raise PlanError(
            f"{label}: removing {count} nodes would delete the last ingress node of the cluster; ITCare keeps at "
            "least one. Add an ingress node first, or remove fewer nodes."
        )
    return [str(n["id"]) for n in chosen]


def _number(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0

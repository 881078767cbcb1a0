"""Validation of ``PATCH /compute/containers/kubernetes/{id}`` operations.

The body is generic (``operation`` + ``options``); each operation has its own option
rules, several of which depend on the cluster (its zones, nodes, topology, version).
:func:`validate_patch` returns the problems and a *payload*: the normalised change
that the action will apply when it completes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kaas_emulator.core.validation import is_int
from kaas_emulator.providers.itcare import catalog
from kaas_emulator.providers.itcare.checks import REASON_MAX, Checker
from kaas_emulator.providers.itcare.web import Problem

OPERATIONS = ("create_nodes", "delete_nodes", "enable_ha", "update_patch_party", "upgrade")
NODES_PER_ENTRY_MAX = 12
CLUSTER_NODES_MAX = 100
PRODUCTS_HINT = "see /compute/platform/products?type=KUBERNETES"

Payload = dict[str, Any]


def _options(check: Checker, allowed: frozenset[str], required: bool) -> Checker | None:
    if not check.present("options", required):
        return Checker({}, "options.", check.problems) if not required else None
    return check.child("options", allowed)


def _create_nodes(check: Checker, cluster: dict[str, Any]) -> Payload:
    options = _options(check, frozenset({"nodes", "isInternalIngressNode"}), True)
    if options is None:
        return {}
    ingress = options.boolean("isInternalIngressNode") or False
    if not options.present("nodes", True):
        return {}
    entries = options.body["nodes"]
    if not isinstance(entries, list) or not entries:
        options.fail("nodes", "must be a non-empty list")
        return {}
    zones = catalog.REGIONS[cluster["region"]].azs
    groups = []
    for index, value in enumerate(entries):
        entry = options.child(f"nodes[{index}]", frozenset({"nodesNb", "nodeSizing", "az"}), value)
        if entry is None:
            continue
        count = entry.integer("nodesNb", True, 1, NODES_PER_ENTRY_MAX)
        sizing = entry.string("nodeSizing", True, catalog.NODE_SIZINGS)
        az = entry.string("az", True, zones)
        if count is not None and sizing is not None and az is not None:
            groups.append({"nodesNb": count, "nodeSizing": sizing, "az": az})
    total = len(cluster["_nodes"]) + sum(group["nodesNb"] for group in groups)
    if not check.problems and total > CLUSTER_NODES_MAX:
        options.fail("nodes", f"a cluster holds at most {CLUSTER_NODES_MAX} nodes, not {total}")
    return {"nodes": groups, "ingress": ingress}


def _node_id(value: object) -> int | None:
    if is_int(value):
        return int(value)  # type: ignore[call-overload]
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None


def removal_problem(cluster: dict[str, Any], node_ids: list[int]) -> str | None:
    """Why removing ``node_ids`` would break the cluster, if it would.

    A cluster keeps at least one node, and at least one ingress node when it has any.
    """
    nodes = cluster["_nodes"]
    remaining = [node for key, node in nodes.items() if int(key) not in node_ids]
    if not remaining:
        return "all nodes of a cluster cannot be deleted; at least one must remain"
    had_ingress = any(node["isInternalIngressNode"] for node in nodes.values())
    if had_ingress and not any(node["isInternalIngressNode"] for node in remaining):
        return "all ingress nodes of a cluster cannot be deleted; at least one must remain"
    return None


def _delete_nodes(check: Checker, cluster: dict[str, Any]) -> Payload:
    options = _options(check, frozenset({"nodes"}), True)
    if options is None or not options.present("nodes", True):
        return {}
    raw = options.body["nodes"]
    if not isinstance(raw, list) or not raw:
        options.fail("nodes", "must be a non-empty list of node ids")
        return {}
    ids: list[int] = []
    for value in raw:
        node_id = _node_id(value)
        if node_id is None or str(node_id) not in cluster["_nodes"]:
            options.fail("nodes", f"{value!r} is not a node of cluster {cluster['id']}")
        elif node_id in ids:
            options.fail("nodes", f"node {node_id} is listed twice")
        else:
            ids.append(node_id)
    if not check.problems and (problem := removal_problem(cluster, ids)):
        options.fail("nodes", problem)
    return {"nodeIds": ids}


def _enable_ha(check: Checker, cluster: dict[str, Any]) -> Payload:
    _options(check, frozenset(), False)
    if cluster["topology"] == "HA":
        check.fail("operation", "HA is already enabled on this cluster (it cannot be undone)")
    elif len(catalog.REGIONS[cluster["region"]].azs) < 3:
        check.fail("operation", f"HA needs 3 availability zones; region {cluster['region']} has 2")
    return {}


def _update_patch_party(check: Checker, cluster: dict[str, Any]) -> Payload:
    options = _options(check, frozenset({"patchParty"}), True)
    if options is None or not options.present("patchParty", True):
        return {}
    party = options.child("patchParty", frozenset({"excluded", "patchGroup", "exclusionReason"}))
    if party is None:
        return {}
    excluded = party.boolean("excluded", True)
    group = party.string("patchGroup", choices=catalog.PATCH_GROUPS)
    reason = party.string("exclusionReason", max_length=REASON_MAX)
    if excluded is True:
        if reason is None and not party.flagged("exclusionReason"):
            party.fail("exclusionReason", "is required when excluded is true")
        if group is not None:
            party.fail("patchGroup", "is not allowed when excluded is true")
    elif excluded is False:
        if reason is not None:
            party.fail("exclusionReason", "is only allowed when excluded is true")
        members = len(cluster["_nodes"])
        if group is not None and members != 1:
            party.fail(
                "patchGroup", f"is only allowed when the farm has one member (it has {members})"
            )
    return {"patchParty": {"excluded": excluded, "patchGroup": group, "exclusionReason": reason}}


def _upgrade(check: Checker, cluster: dict[str, Any]) -> Payload:
    options = _options(check, frozenset({"version"}), True)
    if options is None:
        return {}
    text = options.string("version", True)
    if text is None:
        return {}
    target = catalog.product_for_version(text)
    current = catalog.PRODUCTS_BY_CODE[cluster["productCode"]]
    step = catalog.next_product(current)
    if target is None:
        check.fail("options.version", f"unknown version {text!r}; {PRODUCTS_HINT}")
    elif target == current:
        check.fail("options.version", f"the cluster already runs {current.version}")
    elif catalog.PRODUCTS.index(target) < catalog.PRODUCTS.index(current):
        check.fail("options.version", f"no downgrade: the cluster runs {current.version}")
    elif target != step:
        check.fail(
            "options.version",
            f"step by step upgrade only: from {current.version} the next version is "
            f"{step.version if step else 'none'}",
        )
    else:
        return {"productCode": target.code}
    return {}


_RULES: dict[str, Callable[[Checker, dict[str, Any]], Payload]] = {
    "create_nodes": _create_nodes,
    "delete_nodes": _delete_nodes,
    "enable_ha": _enable_ha,
    "update_patch_party": _update_patch_party,
    "upgrade": _upgrade,
}


def validate_patch(
    body: dict[str, Any], cluster: dict[str, Any]
) -> tuple[list[Problem], str | None, Payload]:
    """``(problems, operation, payload)`` of a PATCH body against ``cluster``."""
    check = Checker(body)
    check.only(frozenset({"operation", "options"}))
    operation = check.string("operation", True, OPERATIONS)
    if operation is None:
        return check.problems, None, {}
    payload = _RULES[operation](check, cluster)
    return check.problems, operation, payload

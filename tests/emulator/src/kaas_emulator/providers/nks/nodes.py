"""Node records of a node group: uuid, name, status and address.

NKS only shows ``node_addresses`` but its resize (``nodes_to_remove``) and
stop/start (``node_list``) calls take node instance UUIDs, and the collection's
inventory lists nodes; so each node group keeps explicit node records.
"""

from __future__ import annotations

import ipaddress
import secrets
import string
import uuid
from typing import Any

from kaas_emulator.providers.nks import catalog

_SUFFIX_ALPHABET = string.ascii_lowercase + string.digits
_FIRST_HOST = 4  # .1 gateway, .2-.3 DHCP/metadata, as in NHN VPC subnets


def node_prefix(cluster_name: str, nodegroup_name: str) -> str:
    """Name stem like the API guide's ``test-k8s-default-w-bnga636xulqk`` (random suffix)."""
    suffix = "".join(secrets.choice(_SUFFIX_ALPHABET) for _ in range(12))
    return f"{cluster_name}-{nodegroup_name[:9]}-{suffix}"


def _next_address(state: dict[str, Any], subnet_id: str) -> str:
    network = ipaddress.IPv4Network(catalog.FIXED_SUBNET_CIDR)
    hosts = network.num_addresses - 2 - (_FIRST_HOST - 1)
    counters: dict[str, int] = state.setdefault("ip_next", {})
    index = counters.get(subnet_id, 0)
    counters[subnet_id] = index + 1
    return str(network.network_address + _FIRST_HOST + index % hosts)


def add_nodes(
    state: dict[str, Any], nodegroup: dict[str, Any], subnet_id: str, count: int, status: str
) -> None:
    """Append ``count`` new nodes (names numbered on from the group's counter)."""
    for _ in range(count):
        index = nodegroup["_next_node"]
        nodegroup["_next_node"] = index + 1
        nodegroup["nodes"].append(
            {
                "uuid": str(uuid.uuid4()),
                "name": f"{nodegroup['_node_prefix']}-node-{index}",
                "status": status,
                "address": _next_address(state, subnet_id),
            }
        )


def set_status(nodegroup: dict[str, Any], status: str, only: list[str] | None = None) -> None:
    """Set the status of every node, or only of the nodes whose uuid is in ``only``."""
    for node in nodegroup["nodes"]:
        if only is None or node["uuid"] in only:
            node["status"] = status


def resize(
    state: dict[str, Any],
    nodegroup: dict[str, Any],
    subnet_id: str,
    count: int,
    to_remove: list[str],
) -> None:
    """Reach ``count`` nodes: drop ``to_remove`` first, then the newest, or add new ones."""
    nodes = [node for node in nodegroup["nodes"] if node["uuid"] not in to_remove]
    nodegroup["nodes"] = nodes[:count]
    if len(nodegroup["nodes"]) < count:
        add_nodes(state, nodegroup, subnet_id, count - len(nodegroup["nodes"]), "ACTIVE")
    nodegroup["node_count"] = count


def uuids(nodegroup: dict[str, Any]) -> set[str]:
    """UUIDs of the group's nodes."""
    return {node["uuid"] for node in nodegroup["nodes"]}


def addresses(nodegroup: dict[str, Any]) -> list[str]:
    """The ``node_addresses`` of the group, in node order."""
    return [node["address"] for node in nodegroup["nodes"]]

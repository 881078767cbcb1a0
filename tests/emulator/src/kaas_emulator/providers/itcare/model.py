"""ITCare cluster model: records, node placement, IP addresses and action effects.

A cluster record holds its nodes (``_nodes``) and load balancers (``_lbs``) keyed by
id, so one JSON document is the whole cloud. Changes become visible in two steps,
like in ITCare: when the action is submitted (status CREATING/UPDATING/DELETING…,
new nodes listed as CREATING) and when it completes (:func:`finish`), where a failed
action rolls back what it started, except a failed creation which leaves the cluster
in ERROR.
"""

from __future__ import annotations

from typing import Any

from kaas_emulator.core.clock import iso8601
from kaas_emulator.providers.itcare import actions, catalog

FIRST_HOST, LAST_HOST = 10, 250
INGRESS_AT_CREATION = 2
#: Cluster status while an action of that kind runs (load balancers leave it alone).
BUSY_STATUS = {"create": "CREATING", "delete": "DELETING", "upgrade": "UPGRADING"}
ACTIVE, ERROR = "ACTIVE", "ERROR"


class NoFreeAddress(Exception):
    """The network has no address left for a new node or virtual IP."""


def new_state() -> dict[str, Any]:
    """Empty ITCare cloud: clusters and actions keyed by id, used IPs per network."""
    return {"clusters": {}, "actions": {}, "ips": {}, "seq": {"resource": 10000, "action": 50000}}


def next_id(state: dict[str, Any]) -> int:
    """A fresh resource id (clusters, nodes and load balancers share one sequence)."""
    state["seq"]["resource"] += 1
    ident: int = state["seq"]["resource"]
    return ident


def free_addresses(state: dict[str, Any], network_id: int) -> int:
    """How many host addresses of the network are still free."""
    return LAST_HOST - FIRST_HOST + 1 - len(state["ips"].get(str(network_id), []))


def allocate_ip(state: dict[str, Any], network_id: int) -> str:
    """The lowest free host address of the network's /24."""
    used = state["ips"].setdefault(str(network_id), [])
    prefix = catalog.NETWORKS[network_id].prefix
    for host in range(FIRST_HOST, LAST_HOST + 1):
        address = f"{prefix}.{host}"
        if address not in used:
            used.append(address)
            return address
    raise NoFreeAddress(f"network {network_id} has no free IP address")


def release_ip(state: dict[str, Any], network_id: int, address: str | None) -> None:
    """Give an address back to its network."""
    used = state["ips"].get(str(network_id), [])
    if address in used:
        used.remove(address)


def add_nodes(
    state: dict[str, Any],
    cluster: dict[str, Any],
    groups: list[dict[str, Any]],
    ingress: bool,
    now: float,
) -> list[int]:
    """Create CREATING node records for ``groups`` (``nodesNb`` nodes of a sizing in an AZ)."""
    created = []
    for group in groups:
        for _ in range(group["nodesNb"]):
            cluster["_node_seq"] += 1
            role = "ing" if ingress else "wrk"
            node = {
                "id": next_id(state),
                "name": f"{cluster['name']}-{role}-{cluster['_node_seq']:02d}",
                "status": "CREATING",
                "az": group["az"],
                "nodeSizing": group["nodeSizing"],
                "ipAddress": allocate_ip(state, cluster["networkId"]),
                "isInternalIngressNode": ingress,
                "isExternalIngressNode": False,
                "creationTime": iso8601(now),
            }
            cluster["_nodes"][str(node["id"])] = node
            created.append(node["id"])
    return created


def initial_groups(resolved: dict[str, Any]) -> list[dict[str, Any]]:
    """Placement of the creation's nodes: the requested AZ, else round-robin over
    the region's AZs, so a cluster is spread by default."""
    zones = [resolved["az"]] if resolved["az"] else list(catalog.REGIONS[resolved["region"]].azs)
    return [
        {"nodesNb": 1, "nodeSizing": resolved["nodeSizing"], "az": zones[index % len(zones)]}
        for index in range(resolved["instanceCount"])
    ]


def build_cluster(state: dict[str, Any], resolved: dict[str, Any], now: float) -> dict[str, Any]:
    """A new CREATING cluster with its nodes; the first two nodes carry the ingress."""
    ident = next_id(state)
    settings = {key: value for key, value in resolved.items() if key != "instanceCount"}
    cluster: dict[str, Any] = {
        "id": ident,
        **settings,
        "status": "CREATING",
        "topology": "Standard",
        "patchParty": {"excluded": False, "patchGroup": None, "exclusionReason": None},
        "ipAddress": allocate_ip(state, resolved["networkId"]),
        "technicalId": f"k8s-{resolved['region'].lower()}-{ident}",
        "creationTime": iso8601(now),
        "comment": None,
        "_created_ts": now,
        "_node_seq": 0,
        "_action": None,
        "_nodes": {},
        "_lbs": {},
    }
    groups = initial_groups(resolved)
    add_nodes(state, cluster, groups[:INGRESS_AT_CREATION], True, now)
    add_nodes(state, cluster, groups[INGRESS_AT_CREATION:], False, now)
    return cluster


def build_loadbalancer(
    state: dict[str, Any], cluster: dict[str, Any], resolved: dict[str, Any], now: float
) -> dict[str, Any]:
    """A CREATING load balancer in front of the cluster's ingress nodes."""
    network_id = resolved["networkId"] or cluster["networkId"]
    url = resolved["url"]
    name = url.split("://", 1)[-1].removeprefix("www.")
    settings = {key: value for key, value in resolved.items() if key != "ports"}
    return {
        "id": next_id(state),
        "name": name,
        **settings,
        "portMembers": ",".join(str(port) for port in resolved["ports"]),
        "networkId": network_id,
        "ipAddress": allocate_ip(state, network_id),
        "status": "CREATING",
        "creationTime": iso8601(now),
    }


def begin(cluster: dict[str, Any], kind: str) -> None:
    """Show the cluster busy while an action of ``kind`` runs."""
    if kind != "create_loadbalancer":
        cluster["status"] = BUSY_STATUS.get(kind, "UPDATING")


def _release_cluster(state: dict[str, Any], cluster: dict[str, Any]) -> None:
    release_ip(state, cluster["networkId"], cluster["ipAddress"])
    for node in cluster["_nodes"].values():
        release_ip(state, cluster["networkId"], node["ipAddress"])
    for lb in cluster["_lbs"].values():
        release_ip(state, lb["networkId"], lb["ipAddress"])


def _finish_nodes(
    state: dict[str, Any], cluster: dict[str, Any], ids: list[int], keep: bool
) -> None:
    for node_id in ids:
        node = cluster["_nodes"].get(str(node_id))
        if node is None:
            continue
        if keep:
            node["status"] = ACTIVE
        else:
            release_ip(state, cluster["networkId"], node["ipAddress"])
            del cluster["_nodes"][str(node_id)]


def finish(
    state: dict[str, Any], action: dict[str, Any], error: str | None, _finished_at: float
) -> None:
    """Apply a completed action to its cluster (see the module docstring)."""
    clusters = state["clusters"]
    cluster = clusters.get(str(action["_cluster"]))
    if cluster is None:
        return
    kind, payload, ok = action["_kind"], action["_payload"], error is None
    cluster["_action"] = None
    if kind == "create":
        cluster["status"] = ACTIVE if ok else ERROR
        cluster["comment"] = error
        for node in cluster["_nodes"].values():
            node["status"] = ACTIVE if ok else ERROR
        return
    if kind == "delete":
        if ok:
            _release_cluster(state, cluster)
            del clusters[str(cluster["id"])]
        else:
            cluster["status"] = payload["previous"]
        return
    if kind == "create_loadbalancer":
        lb = cluster["_lbs"][str(action["resourceId"])]
        if ok:
            lb["status"] = ACTIVE
        else:
            release_ip(state, lb["networkId"], lb["ipAddress"])
            del cluster["_lbs"][str(lb["id"])]
        return
    cluster["status"] = ACTIVE
    if kind == "create_nodes":
        _finish_nodes(state, cluster, payload["nodeIds"], keep=ok)
    elif kind in ("delete_nodes", "delete_node"):
        _finish_nodes(state, cluster, payload["nodeIds"], keep=not ok)
    elif ok and kind == "enable_ha":
        cluster["topology"] = "HA"
    elif ok and kind == "update_patch_party":
        cluster["patchParty"] = payload["patchParty"]
    elif ok and kind == "upgrade":
        cluster["productCode"] = payload["productCode"]


def settle(state: dict[str, Any], now: float, time_scale: float) -> dict[str, Any]:
    """Complete every due action and return the clusters dict."""
    actions.settle(state, now, time_scale, finish)
    clusters: dict[str, Any] = state["clusters"]
    return clusters

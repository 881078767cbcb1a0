# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""ITCare node groups: the nodes of one sizing in one availability zone, ingress or not.

ITCare has no node-group object; it adds nodes per zone and sizing
(``create_nodes``, optionally as internal ingress nodes) and removes named nodes
(``delete_nodes``). This adapter gives those nodes a group identity so that the
portable ``nodegroup`` module can manage them like NKS node groups: the group
``eb-a-2cpu4gb`` is every ``2cpu4gb`` worker in ``EB-A``, ``eb-a-2cpu4gb-ingress``
the ingress nodes of that sizing there. ``node_count`` adds nodes to the group or
removes the named ones first (``itcare.nodes_to_remove``), then the newest; the
last node of the cluster and its last ingress node are never removed.
"""

from __future__ import annotations

import re
from typing import Any

from ansible_collections.kaas.cloud.plugins.module_utils.errors import PlanError, ValidationError
from ansible_collections.kaas.cloud.plugins.module_utils.providers.contract import Field, named
from ansible_collections.kaas.cloud.plugins.module_utils.providers.itcare import nodes
from ansible_collections.kaas.cloud.plugins.module_utils.providers.itcare.api import (
    Tracked,
    cluster_path,
)
from ansible_collections.kaas.cloud.plugins.module_utils.providers.itcare.resource import ItcareResource

INGRESS_SUFFIX = "-ingress"
# <zone>-<sizing>[-ingress]: zones are dashed words (EB-A), sizings one word (2cpu4gb). The
# zone is lazy so that a trailing "-ingress" is never read as a sizing.
GROUP_NAME = re.compile(r"^(?P<az>[a-z0-9]+(?:-[a-z0-9]+)*?)-(?P<sizing>[a-z0-9]+)(?P<ingress>-ingress)?$")
BUSY_NODES = frozenset({"CREATING", "DELETING"})


def group_name(az: str, sizing: str, ingress: bool) -> str:
    return f"{az}-{sizing}{INGRESS_SUFFIX if ingress else ''}".lower()


def parse_group(name: str) -> tuple[str, str, bool]:
    """(zone, sizing, ingress) of a group name, as lower-case words."""
    match = GROUP_NAME.match(str(name or "").lower())
    if not match:
        raise ValidationError(
            f"ITCare node group name {name!r} is invalid: it is <zone>-<sizing>, or <zone>-<sizing>-ingress for "
            "ingress nodes, for example eb-a-2cpu4gb"
        )
    return match.group("az"), match.group("sizing"), bool(match.group("ingress"))


class ItcareNodeGroup(ItcareResource):
    """The nodes of one sizing in one zone of an ITCare cluster, ingress or not."""

    resource = "nodegroup"
    fields = (
        Field("cluster", compare=False),
        Field("node_count", mutable=True),
        Field("node_size", normalize=lambda v: None if v is None else str(v).lower(), api_name="nodeSizing"),
        Field("itcare.az", normalize=lambda v: None if v is None else str(v).lower()),
        Field("itcare.ingress", api_name="isInternalIngressNode"),
        Field("itcare.nodes_to_remove", compare=False),
    )

    def label(self, desired: dict[str, Any]) -> str:
        return f"{named('node group', desired.get('name'))} of cluster '{desired.get('cluster')}' (itcare)"

    def validate(self, desired: dict[str, Any]) -> None:
        # A group's id is its name: a task that gives only the id names the group by it.
        if not desired.get("name") and desired.get("id"):
            desired["name"] = str(desired["id"])
        az, sizing, ingress = parse_group(desired.get("name"))
        block = desired.get("itcare") or {}
        given = {
            "itcare.az": (block.get("az"), az),
            "node_size": (desired.get("node_size"), sizing),
            "itcare.ingress": (block.get("ingress"), ingress),
        }
        for option, (value, from_name) in given.items():
            if value is not None and str(value).lower() != str(from_name).lower():
                raise ValidationError(
                    f"{option} is {value!r} but node group {desired['name']!r} means {from_name!r}; the group's "
                    "name is <zone>-<sizing>[-ingress], so leave the option out or rename the group"
                )
        count = desired.get("node_count")
        if count is not None and count < 1:
            raise ValidationError(
                f"node_count of {self.label(desired)} must be at least 1, got {count}; use state=absent to remove "
                "the group's nodes"
            )

    # -- reading -------------------------------------------------------------------------

    def find(self, desired: dict[str, Any]) -> Any:
        cluster = self.cluster(desired.get("cluster"))
        options = {"cluster": cluster, "group": desired["name"].lower(), **(desired.get("itcare") or {})}
        group = self._group(cluster, options["group"])
        return None if group is None else self.attach_running_action(Tracked(group, options=options))

    def action_owner(self, tracked: Tracked) -> Any:
        # A group is nodes of a cluster: ITCare runs their additions and removals as the cluster's actions.
        return (tracked.options or {}).get("cluster", {}).get("id")

    def list(self, filters: dict[str, Any]) -> list[Any]:
        cluster = self.cluster(filters.get("cluster"))
        listed = self._nodes(cluster["id"])
        names = sorted({self._name_of(node) for node in listed})
        return [
            Tracked(self._shape(cluster, name, listed), options={"cluster": cluster, "group": name}) for name in names
        ]

    def _nodes(self, cluster_id: Any) -> list[dict[str, Any]]:
        return self.api.cluster_nodes(cluster_id)

    @staticmethod
    def _name_of(node: dict[str, Any]) -> str:
        return group_name(str(node.get("az")), str(nodes.sizing_of(node)), nodes.is_ingress(node))

    def _shape(self, cluster: dict[str, Any], name: str, listed: list[dict[str, Any]]) -> dict[str, Any]:
        members = [n for n in listed if self._name_of(n) == name]
        states = {n.get("status") for n in members}
        if cluster.get("status") != "ACTIVE":
            status = cluster.get("status")
        elif states & BUSY_NODES:
            status = "UPDATING"
        elif "ERROR" in states:
            status = "ERROR"
        else:
            status = "ACTIVE"
        return {"id": name, "name": name, "status": status, "nodes": members, "all_nodes": listed}

    def _group(self, cluster: dict[str, Any], name: str) -> dict[str, Any] | None:
        group = self._shape(cluster, name, self._nodes(cluster["id"]))
        return group if group["nodes"] else None

    def fetch(self, current: Tracked) -> Any:
        cluster = self.get(cluster_path(current.options["cluster"]["id"]))
        return None if cluster is None else self._group(cluster, current.options["group"])

    def is_deleting(self, current: Any) -> bool:
        return all(n.get("status") == "DELETING" for n in current.resource["nodes"])

    def view(self, current: Any) -> dict[str, Any]:
        group = current.resource
        az, sizing, ingress = parse_group(group["name"])
        members = group["nodes"]
        sample = members[0] if members else {}
        cluster = current.options["cluster"]
        created = sorted(str(n["creationTime"]) for n in members if n.get("creationTime"))
        return {
            "provider": "itcare",
            "id": group["name"],
            "name": group["name"],
            "cluster": cluster.get("name"),
            "cluster_id": None if cluster.get("id") is None else str(cluster["id"]),
            "status": group.get("status"),
            # Nodes run the cluster's version: ITCare upgrades the cluster as a whole.
            "version": cluster.get("version"),
            "node_count": len(nodes.live(members)),
            "node_size": nodes.sizing_of(sample) or sizing,
            # A group is as old as its first node; ITCare records no change time per node.
            "created_at": created[0] if created else None,
            "updated_at": None,
            "itcare": {
                "az": sample.get("az") or az.upper(),
                "ingress": ingress,
                "nodes": [
                    {key: node.get(key) for key in ("id", "name", "status", "ipAddress", "creationTime")}
                    for node in members
                ],
            },
        }

    # -- planning and writing ------------------------------------------------------------

    def check_plan(self, view: dict[str, Any] | None, changes: dict[str, tuple], desired: dict[str, Any]) -> None:
        label = self.label(desired)
        if view is None:
            if desired.get("node_count") is None:
                raise ValidationError(f"creating {label} needs node_count")
            cluster = self.cluster(desired["cluster"])
            self._additions(cluster, desired, desired["node_count"], self._nodes(cluster["id"]))
            return
        if "node_count" in changes:
            self._node_change(view, changes["node_count"][1], desired, label, self._nodes_of(desired))

    def _nodes_of(self, desired: dict[str, Any]) -> list[dict[str, Any]]:
        return self._nodes(self.cluster(desired["cluster"])["id"])

    def _additions(
        self, cluster: dict[str, Any], desired: dict[str, Any], count: int, listed: list[dict[str, Any]]
    ) -> dict[str, Any]:
        az, sizing, ingress = parse_group(desired["name"])
        zones = [z for z in cluster.get("availableAZs") or [] if z.lower() == az]
        if not zones:
            raise PlanError(
                f"{self.label(desired)}: zone {az.upper()} is not one of the cluster's "
                f"({', '.join(cluster.get('availableAZs') or []) or 'none listed'})"
            )
        nodes.check_room(listed, count, self.label(desired))
        existing = [n for n in listed if self._name_of(n) == desired["name"].lower()]
        # ITCare's sizing words are lower case; keep the one a member already has, if any.
        size = (nodes.sizing_of(existing[0]) if existing else None) or desired.get("node_size") or sizing
        return {"operation": "create_nodes", "options": nodes.placements(existing, count, size, zones, ingress=ingress)}

    def _node_change(
        self, view: dict[str, Any], wanted: int, desired: dict[str, Any], label: str, listed: list[dict[str, Any]]
    ) -> dict[str, Any]:
        members = [n for n in listed if self._name_of(n) == desired["name"].lower()]
        alive = nodes.live(members)
        if wanted > len(alive):
            cluster = self.cluster(desired["cluster"])
            return self._additions(cluster, desired, wanted - len(alive), listed)
        named = tuple((desired.get("itcare") or {}).get("nodes_to_remove") or ())
        chosen = nodes.removals(alive, len(alive) - wanted, listed, label, named)
        return {"operation": "delete_nodes", "options": {"nodes": chosen}}

    def create(self, desired: dict[str, Any]) -> Any:
        cluster = self.cluster(desired["cluster"])
        body = self._additions(cluster, desired, desired["node_count"], self._nodes(cluster["id"]))
        action = self.api.submit("PATCH", cluster_path(cluster["id"]), body)
        options = {"cluster": cluster, "group": desired["name"].lower(), **(desired.get("itcare") or {})}
        placeholder = {
            "id": desired["name"].lower(),
            "name": desired["name"].lower(),
            "status": "UPDATING",
            "nodes": [],
        }
        tracked = Tracked(placeholder, action=action, options=options)
        return self.follow(tracked, action, lambda: self._group(cluster, options["group"]))

    def update(self, current: Any, changes: dict[str, Any], desired: dict[str, Any]) -> Any:
        cluster = current.options["cluster"]
        listed = self._nodes(cluster["id"])
        body = self._node_change(self.view(current), changes["node_count"], desired, self.label(desired), listed)
        action = self.api.submit("PATCH", cluster_path(cluster["id"]), body)
        return self.follow(current, action, lambda: self._group(cluster, current.options["group"]))

    def preview(self, current: Any, changes: dict[str, Any], desired: dict[str, Any]) -> None:
        cluster = self.cluster(desired["cluster"])
        listed = self._nodes(cluster["id"])
        if current is None:
            body = self._additions(cluster, desired, desired["node_count"], listed)
        else:
            body = self._node_change(self.view(current), changes["node_count"], desired, self.label(desired), listed)
        self.api.submit("PATCH", cluster_path(cluster["id"]), body, dry_run=True)

    def _removal_of_all(self, current: Any, desired: dict[str, Any]) -> list[str]:
        listed = self._nodes(current.options["cluster"]["id"])
        members = nodes.live([n for n in listed if self._name_of(n) == current.options["group"]])
        return nodes.removals(members, len(members), listed, self.label(desired))

    def check_delete(self, current: Any, desired: dict[str, Any]) -> None:
        self._removal_of_all(current, desired)

    def delete(self, current: Any) -> Any:
        desired = {"name": current.options["group"], "cluster": current.options["cluster"].get("name")}
        body = {"operation": "delete_nodes", "options": {"nodes": self._removal_of_all(current, desired)}}
        action = self.api.submit("PATCH", cluster_path(current.options["cluster"]["id"]), body)
        return self.follow(current, action)

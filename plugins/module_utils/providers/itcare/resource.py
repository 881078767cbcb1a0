# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The base of every ITCare resource adapter (cluster, node group, load balancer).

An ITCare resource is followed through the action a task started on it (or found
running): the action decides whether the task still waits and why it failed, the
resource's own status covers work started elsewhere. That logic lives here once.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Callable

from ansible_collections.kaas.cloud.plugins.module_utils.errors import ParentNotFound, ValidationError
from ansible_collections.kaas.cloud.plugins.module_utils.providers.contract import (
    FAILED,
    PENDING,
    READY,
    ResourceAdapter,
    Status,
)
from ansible_collections.kaas.cloud.plugins.module_utils.providers.itcare.api import (
    ACTION_DONE,
    ACTION_FAILED,
    ACTION_RUNNING,
    BUSY,
    CLUSTERS,
    HEALTHY,
    ItcareApi,
    Tracked,
    cluster_path,
    is_number,
)
from ansible_collections.kaas.cloud.plugins.module_utils.providers.itcare.rules import network_ref
from ansible_collections.kaas.cloud.plugins.module_utils.providers.paging import unique_by_name

#: Seconds the quickest ITCare action takes: the API reference gives no durations, and a
#: patch-party change, the lightest, still runs for several seconds (docs/providers/itcare.md).
SHORTEST_ACTION = 10.0


def action_status(action: dict[str, Any]) -> Status | None:
    """The status an action gives, ``None`` once it succeeded (the resource's own status then counts)."""
    raw = str(action.get("status") or ACTION_RUNNING)
    ident = str(action.get("id"))
    label = f"action {ident} {action.get('process') or ''}".rstrip()
    if raw == ACTION_FAILED:
        return Status(FAILED, f"{label} {raw}", action.get("message") or "no message", operation=ident)
    if raw != ACTION_DONE:
        return Status(PENDING, f"{label} {raw}", action.get("message"), operation=ident)
    return None


def resource_status(raw: Any, reason: Any = None) -> Status:
    raw = str(raw or "UNKNOWN")
    if raw in HEALTHY:
        return Status(READY, raw)
    if raw in BUSY:
        return Status(PENDING, raw)
    return Status(FAILED, raw, reason or f"status {raw}")


class ItcareResource(ResourceAdapter):
    """What clusters and load balancers share: following actions, reading by id."""

    api: ItcareApi
    shortest_operation = SHORTEST_ACTION

    def get(self, path: str) -> Any:
        return self.get_or_none(path)

    def cluster(self, reference: Any) -> dict[str, Any]:
        """The cluster a resource belongs to, by id (digits) or name; it must exist."""
        text = str(reference or "")
        if not text:
            raise ValidationError("option cluster (the ITCare cluster's name or id) is required")
        if is_number(text):
            found = self.get(cluster_path(text))
        else:
            found = unique_by_name(
                self.api.pages(CLUSTERS, {"names": text}), text, provider=self.provider, resource="cluster"
            )
        if found is None:
            raise ParentNotFound(f"ITCare cluster {text!r} does not exist; create it first")
        return found

    def resolve_network(self, desired: dict[str, Any], cluster_id: Any) -> None:
        """A network the task names by its technical id stands, once the resource exists, for its number.

        ITCare reports ``networkId`` as the network's number; the cluster's networks
        (``…/{id}/networks``: its own and its load balancers') pair each number with its
        technical id, so a task that wrote ``EB_1125_DMZ8`` compares equal to the network
        1125 it names, and unequal to any other. One more request, only for such a task.
        """
        block = desired.get("itcare") or {}
        named = network_ref(block.get("network_id"))
        if not isinstance(named, str):
            return
        networks = self.transport.request("GET", cluster_path(cluster_id, "/networks")) or []
        for network in networks if isinstance(networks, list) else [networks]:
            if isinstance(network, dict) and network.get("technicalId") == named and network.get("id") is not None:
                block["network_id"] = network_ref(network["id"])
                return

    def fetch(self, current: Tracked) -> dict[str, Any] | None:
        """The resource again by id, ``None`` once gone."""
        raise NotImplementedError

    def read(self, current: Any) -> Any:
        action = current.action
        if action is not None and action.get("status") == ACTION_RUNNING:
            action = self.api.action(action["id"])
            if action.get("status", ACTION_RUNNING) == ACTION_RUNNING:
                # While its action runs, the action alone decides the status: the resource
                # is read once, when the action has ended.
                return dataclasses.replace(current, action=action)
        resource = self.fetch(current)
        if resource is None:
            # A failed deletion brings the resource back; a successful one leaves nothing to read.
            if action is not None and action.get("status") == ACTION_FAILED:
                return dataclasses.replace(current, action=action)
            return None
        return dataclasses.replace(current, resource=resource, action=action)

    def status(self, current: Any) -> Status:
        if current.action is not None:
            from_action = action_status(current.action)
            if from_action is not None:
                return from_action
        return resource_status(current.resource.get("status"), current.resource.get("comment"))

    def follow(self, current: Tracked, action: dict[str, Any], refresh: Callable[[], Any] | None = None) -> Tracked:
        """``current`` with the action just submitted, and fresh when ``refresh`` is given.

        A followed write (``followed_after_write``) is not refreshed: the reads that
        follow it look at the action until it ends, then at the resource.
        """
        fresh = refresh() if refresh is not None and not self.followed_after_write else None
        return dataclasses.replace(current, resource=fresh or current.resource, action=action)

    def action_owner(self, tracked: Tracked) -> Any:
        """The id ITCare files this resource's actions under (its own, for a cluster or a load balancer)."""
        return tracked.resource.get("id")

    def attach_running_action(self, tracked: Tracked) -> Tracked:
        """A busy resource found at the start: follow the action that keeps it busy, to name it."""
        owner = self.action_owner(tracked)
        if tracked.resource.get("status") in BUSY and owner is not None:
            running = self.api.running_action(owner)
            if running is not None:
                return dataclasses.replace(tracked, action=running)
        return tracked

    def is_deleting(self, current: Any) -> bool:
        return current.resource.get("status") == "DELETING"

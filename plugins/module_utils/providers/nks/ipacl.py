# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""IP access control of an NKS cluster's API endpoint.

Read with ``GET /v1/clusters/{id}/api_ep_ipacl`` and replaced as a whole with a
POST to the same path, an asynchronous operation on the cluster. Targets are a
set for NKS (their order means nothing), so they are compared sorted, and an
address without a prefix is the same as its ``/32``.
"""

from __future__ import annotations

import dataclasses
import ipaddress
from typing import Any

from ansible_collections.kaas.cloud.plugins.module_utils.errors import ValidationError
from ansible_collections.kaas.cloud.plugins.module_utils.providers.contract import (
    Field,
    Status,
)
from ansible_collections.kaas.cloud.plugins.module_utils.providers.nks import rules
from ansible_collections.kaas.cloud.plugins.module_utils.providers.nks.api import cluster_path
from ansible_collections.kaas.cloud.plugins.module_utils.providers.nks.child import NksClusterChild
from ansible_collections.kaas.cloud.plugins.module_utils.providers.nks.operation import awaited

ACTIONS = ("ALLOW", "DENY")


def to_upper(value: Any) -> Any:
    return value.strip().upper() if isinstance(value, str) and value.strip() else rules.empty_to_none(value)


def to_cidr(value: Any) -> Any:
    """``10.0.0.1`` -> ``10.0.0.1/32``; host bits are kept (NKS takes ``10.10.22.3/24``)."""
    if not isinstance(value, str):
        return value
    try:
        return str(ipaddress.ip_interface(value.strip()))
    except ValueError:
        return value


def to_targets(value: Any) -> Any:
    """Targets (user's ``cidr`` or NKS's ``cidr_address``) as a sorted list of ``{cidr, description}``."""
    if not isinstance(value, list) or not value:
        return rules.empty_to_none(value)
    targets = []
    for item in value:
        if not isinstance(item, dict):
            return value
        target = {"cidr": to_cidr(item.get("cidr", item.get("cidr_address")))}
        if item.get("description"):
            target["description"] = item["description"]
        targets.append(target)
    return sorted(targets, key=lambda t: (str(t["cidr"]), t.get("description", "")))


@dataclasses.dataclass
class AclState:
    cluster: dict[str, Any]
    acl: dict[str, Any]
    expect: dict[str, Any] = dataclasses.field(default_factory=dict)


class NksIpAcl(NksClusterChild):
    """Who may reach the API endpoint of one NKS cluster."""

    resource = "ipacl"
    off_when = (("enabled", False),)
    fields = (
        Field("enabled", mutable=True, normalize=rules.to_bool, api_name="enable"),
        Field("action", mutable=True, normalize=to_upper),
        Field("targets", mutable=True, normalize=to_targets, api_name="ipacl_targets"),
    )

    def label(self, desired: dict[str, Any]) -> str:
        return f"IP access control of cluster '{desired.get('cluster')}' (nks)"

    def validate(self, desired: dict[str, Any]) -> None:
        label = self.label(desired)
        if desired.get("enabled") is False and (desired.get("action") or desired.get("targets")):
            raise ValidationError(
                f"{label}: action and targets apply only with enabled: true (NKS drops them when it is off)"
            )
        action = desired.get("action")
        if action is not None and to_upper(action) not in ACTIONS:
            raise ValidationError(f"{label}: action must be ALLOW or DENY, got {action!r}")
        targets = desired.get("targets")
        if targets is not None and not targets:
            raise ValidationError(f"{label}: targets must name at least one address; use enabled: false to open access")
        for target in targets or ():
            cidr = target.get("cidr")
            try:
                address = ipaddress.ip_interface(str(cidr).strip())
            except ValueError:
                raise ValidationError(
                    f"{label}: target {cidr!r} is not an IPv4 address or CIDR range (write 10.0.0.0/24 or 10.0.0.1)"
                ) from None
            if address.version != 4:
                raise ValidationError(f"{label}: target {cidr!r}: NKS takes IPv4 addresses only")

    # -- reading -------------------------------------------------------------------------

    def find(self, desired: dict[str, Any]) -> Any:
        return self._read(self.parent(desired))

    def _read(self, cluster: dict[str, Any], expect: dict[str, Any] | None = None) -> AclState:
        acl = self.transport.request("GET", cluster_path(cluster["uuid"], "/api_ep_ipacl")) or {}
        return AclState(cluster, acl, dict(expect or {}))

    def read(self, current: Any) -> Any:
        cluster = self.get_or_none(cluster_path(current.cluster["uuid"]))
        return self._read(cluster, current.expect) if cluster is not None else None

    def view(self, current: Any) -> dict[str, Any]:
        acl = current.acl
        enabled = rules.to_bool(acl.get("enable")) is True
        return {
            "provider": "nks",
            "cluster": current.cluster.get("name"),
            "cluster_id": current.cluster.get("uuid"),
            "status": current.cluster.get("status"),
            "enabled": enabled,
            # NKS forgets both when access control is off.
            "action": to_upper(acl.get("action")) if enabled else None,
            "targets": to_targets(acl.get("ipacl_targets")) if enabled else None,
        }

    def predicted(self, after: dict[str, Any], before: dict[str, Any]) -> dict[str, Any]:
        # NKS forgets the action and targets of an access control turned off (see ``view``).
        if after.get("enabled") is False:
            after.update(action=None, targets=None)
        return after

    def status(self, current: Any) -> Status:
        return awaited(self, current, self.cluster_status(current.cluster))

    # -- planning and writing ------------------------------------------------------------

    def check_plan(self, view: dict[str, Any] | None, changes: dict[str, tuple], desired: dict[str, Any]) -> None:
        after = self._after(view or {}, changes)
        if not after["enabled"] and ("action" in changes or "targets" in changes):
            raise ValidationError(
                f"{self.label(desired)}: access control is off; set enabled: true with action and targets "
                "to turn it on (NKS keeps neither while it is off)"
            )
        if after["enabled"] and not (after["action"] and after["targets"]):
            missing = [name for name in ("action", "targets") if not after[name]]
            raise ValidationError(
                f"{self.label(desired)}: turning access control on needs {' and '.join(missing)} "
                "(NKS allows or denies the listed addresses)"
            )

    @staticmethod
    def _after(view: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
        """The ACL once the changes are applied: what the POST must carry, since it replaces the ACL."""
        after = {name: view.get(name) for name in ("enabled", "action", "targets")}
        for path, change in changes.items():
            after[path] = change[1] if isinstance(change, tuple) else change
        return after

    def update(self, current: Any, changes: dict[str, Any], desired: dict[str, Any]) -> Any:
        after = self._after(self.view(current), changes)
        body: dict[str, Any] = {"enable": "true" if after["enabled"] else "false"}
        if after["enabled"]:
            body["action"] = after["action"]
            body["ipacl_targets"] = [
                {"cidr_address": t["cidr"], **({"description": t["description"]} if t.get("description") else {})}
                for t in after["targets"]
            ]
        self.transport.request("POST", cluster_path(current.cluster["uuid"], "/api_ep_ipacl"), json=body)
        expect = {"enabled": after["enabled"]}
        if after["enabled"]:
            expect.update(action=after["action"], targets=after["targets"])
        waiting = dataclasses.replace(current, expect=expect)
        return self.read(waiting) or waiting

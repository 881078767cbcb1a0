# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The cluster autoscaler of an NKS worker node group: always there, on or off.

It is read with ``GET …/nodegroups/{ng}/autoscale`` and changed with a POST to
the same path, an asynchronous NKS operation on the group. The group and its
cluster are read too, for their status: the new settings show only once the
operation has finished.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from ansible_collections.kaas.cloud.plugins.module_utils.errors import ParentNotFound, ValidationError
from ansible_collections.kaas.cloud.plugins.module_utils.providers.contract import (
    Field,
    Status,
    get_path,
)
from ansible_collections.kaas.cloud.plugins.module_utils.providers.nks import rules
from ansible_collections.kaas.cloud.plugins.module_utils.providers.nks.api import cluster_path, group_path
from ansible_collections.kaas.cloud.plugins.module_utils.providers.nks.child import NksClusterChild
from ansible_collections.kaas.cloud.plugins.module_utils.providers.nks.cluster import CONTROL_PLANE
from ansible_collections.kaas.cloud.plugins.module_utils.providers.nks.operation import awaited, operation_status

# Option path -> (lowest, highest) for the numbers, as the NKS API v2 guide's cluster labels state them.
RANGES = {
    "min_node_count": (rules.NODE_COUNT_MIN, rules.NODE_COUNT_MAX),
    "max_node_count": (rules.NODE_COUNT_MIN, rules.NODE_COUNT_MAX),
    "nks.scale_down_unneeded_time": (1, 1440),
    "nks.scale_down_util_thresh": (1, 100),
    "nks.scale_down_delay_after_add": (1, 1440),
}


@dataclasses.dataclass
class AutoscalerState:
    cluster: dict[str, Any]
    group: dict[str, Any]
    settings: dict[str, Any]
    expect: dict[str, Any] = dataclasses.field(default_factory=dict)


def _setting(path: str, normalize: Any) -> Field:
    return Field(path, mutable=True, normalize=normalize, api_name="ca_" + path.rsplit(".", 1)[-1])


class NksAutoscaler(NksClusterChild):
    """The autoscaler settings of one worker node group (option ``nodegroup``, default ``default-worker``)."""

    resource = "autoscaler"
    off_when = (("enabled", False),)
    fields = (
        Field("enabled", mutable=True, normalize=rules.to_bool, api_name="ca_enable"),
        _setting("min_node_count", rules.to_int),
        _setting("max_node_count", rules.to_int),
        _setting("nks.scale_down_enable", rules.to_bool),
        _setting("nks.scale_down_unneeded_time", rules.to_int),
        _setting("nks.scale_down_util_thresh", rules.to_int),
        _setting("nks.scale_down_delay_after_add", rules.to_int),
    )

    def label(self, desired: dict[str, Any]) -> str:
        return f"autoscaler of node group '{desired.get('nodegroup')}' of cluster '{desired.get('cluster')}' (nks)"

    def validate(self, desired: dict[str, Any]) -> None:
        rules.check_reference("nodegroup", desired.get("nodegroup"))
        if desired.get("nodegroup") == CONTROL_PLANE:
            raise ValidationError(
                f"{self.label(desired)}: the control plane has no autoscaler; name a worker node group"
            )
        for path, (low, high) in RANGES.items():
            value = get_path(desired, path)
            if value is not None and not low <= value <= high:
                raise ValidationError(f"{self.label(desired)}: {path} must be between {low} and {high}, got {value}")
        low, high = desired.get("min_node_count"), desired.get("max_node_count")
        if low is not None and high is not None and low > high:
            raise ValidationError(f"{self.label(desired)}: min_node_count {low} is more than max_node_count {high}")

    # -- reading -------------------------------------------------------------------------

    def find(self, desired: dict[str, Any]) -> Any:
        cluster = self.parent(desired)
        state = self._read(cluster, desired["nodegroup"])
        if state is None:
            raise ParentNotFound(
                f"{self.label(desired)}: node group {desired['nodegroup']!r} not found in the cluster; "
                "create it first (kaas.cloud.nodegroup)"
            )
        return state

    def _read(self, cluster: dict[str, Any], group_ident: str, expect: dict[str, Any] | None = None) -> Any:
        group = self.get_or_none(group_path(cluster["uuid"], group_ident))
        if group is None:
            return None
        settings = self.transport.request("GET", group_path(cluster["uuid"], group_ident, "/autoscale")) or {}
        return AutoscalerState(cluster, group, settings, dict(expect or {}))

    def read(self, current: Any) -> Any:
        cluster = self.get_or_none(cluster_path(current.cluster["uuid"]))
        if cluster is None:
            return None
        return self._read(cluster, current.group["uuid"], current.expect)

    def view(self, current: Any) -> dict[str, Any]:
        settings = current.settings

        def setting(path: str) -> Any:
            spec = self.field(path)
            return spec.normalize(settings.get(spec.api_name))

        return {
            "provider": "nks",
            "cluster": current.cluster.get("name"),
            "cluster_id": current.cluster.get("uuid"),
            "nodegroup": current.group.get("name"),
            "nodegroup_id": current.group.get("uuid"),
            "status": current.group.get("status"),
            "node_count": rules.to_int(current.group.get("node_count")),
            "enabled": setting("enabled"),
            "min_node_count": setting("min_node_count"),
            "max_node_count": setting("max_node_count"),
            "nks": {
                **{name: setting(f"nks.{name}") for name in self._block_names()},
                "image": settings.get("ca_image"),
            },
        }

    def _block_names(self) -> list[str]:
        return [f.path.split(".", 1)[1] for f in self.fields if f.path.startswith("nks.")]

    def status(self, current: Any) -> Status:
        group = operation_status(current.group.get("status"), current.group.get("status_reason"))
        return awaited(self, current, group, self.cluster_status(current.cluster))

    # -- planning and writing ------------------------------------------------------------

    def check_plan(self, view: dict[str, Any] | None, changes: dict[str, tuple], desired: dict[str, Any]) -> None:
        low = changes["min_node_count"][1] if "min_node_count" in changes else (view or {}).get("min_node_count")
        high = changes["max_node_count"][1] if "max_node_count" in changes else (view or {}).get("max_node_count")
        if low is not None and high is not None and low > high:
            raise ValidationError(
                f"{self.label(desired)}: min_node_count {low} would be more than max_node_count {high}; "
                "set both so that min <= max"
            )

    def update(self, current: Any, changes: dict[str, Any], desired: dict[str, Any]) -> Any:
        view = self.view(current)
        # NKS needs ca_enable in every request; the other settings may be left out.
        body: dict[str, Any] = {"ca_enable": changes.get("enabled", view["enabled"]) is True}
        for path, value in changes.items():
            body[self.field(path).api_name] = value
        path = group_path(current.cluster["uuid"], current.group["uuid"], "/autoscale")
        self.transport.request("POST", path, json=body)
        waiting = dataclasses.replace(current, expect={**current.expect, **changes})
        return self.read(waiting) or waiting

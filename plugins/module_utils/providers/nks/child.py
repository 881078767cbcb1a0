# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The base of every resource that lives inside an NKS cluster (node group, autoscaler, IP ACL)."""

from __future__ import annotations

from typing import Any

from ansible_collections.kaas.cloud.plugins.module_utils.errors import ParentNotFound, ValidationError
from ansible_collections.kaas.cloud.plugins.module_utils.providers.contract import READY, ResourceAdapter, Status
from ansible_collections.kaas.cloud.plugins.module_utils.providers.nks import timing
from ansible_collections.kaas.cloud.plugins.module_utils.providers.nks.api import NksApi
from ansible_collections.kaas.cloud.plugins.module_utils.providers.nks.operation import operation_status


class NksClusterChild(ResourceAdapter):
    """A resource inside an NKS cluster: looks the cluster up by name or uuid (option ``cluster``)."""

    api: NksApi
    shortest_operation = timing.SHORTEST_OPERATION

    def parent(self, desired: dict[str, Any]) -> dict[str, Any]:
        ident = desired.get("cluster")
        if not ident:
            raise ValidationError(f"{self.label(desired)} needs option cluster (the name or id of its NKS cluster)")
        cluster = self.api.find_cluster(str(ident), uuid_allowed=True)
        if cluster is None:
            raise ParentNotFound(
                f"{self.label(desired)}: NKS cluster {ident!r} not found; create it first (kaas.cloud.k8s_cluster)"
            )
        return cluster

    def cluster_status(self, cluster: dict[str, Any]) -> Status:
        """The cluster's own status as it matters to a child: busy means wait, failed means stop."""
        status = operation_status(cluster.get("status"), cluster.get("status_reason"))
        if status.state == READY:
            return status
        return Status(status.state, f"cluster {cluster.get('name')} {status.raw}", status.reason)

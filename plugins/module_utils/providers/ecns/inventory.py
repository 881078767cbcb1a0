# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""ECNS clusters and their nodes for the ``kaas.cloud.clusters`` inventory.

The shared part (records, tasks, the crawler) is ``inventory_crawl.py``; ``inventory_sources.py``
names the source of each provider.
"""

from __future__ import annotations

from typing import Any

from ansible_collections.kaas.cloud.plugins.module_utils.inventory_crawl import (
    ClusterRecord,
    NodeRecord,
    NodeSource,
    Selection,
    Step,
    Task,
    deferred,
)
from ansible_collections.kaas.cloud.plugins.module_utils.providers.connection import ProviderApi
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.api import EcnsApi
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.shapes import CLUSTER_SELECTOR
from ansible_collections.kaas.cloud.plugins.module_utils.providers.shapes import pick

# ECNS has three products over the same clusters; the inventory lists them through EKS.
PRODUCT_TYPE = "eks"
CONTROLLER = "Controller"


class EcnsSource(NodeSource):
    """EasyStack ECNS: the project's clusters (三级联动全量列举), then each cluster's nodes (1.3).

    ``EcnsApi.project_clusters`` reads the project/cluster/namespace tree, keeping the
    token's own project (ECNS tokens are project-scoped). ECNS gives a cluster no id,
    status or version: its name is its id, and a status filter keeps no ECNS cluster.
    Per cluster, ``EcnsApi.cluster_nodes`` reads the controller nodes first
    (``business_type=Controller``), then all nodes (``apiserver_host=<address>``), so
    that each node has a role (``master`` or ``worker``). A node's address is its
    InternalIP, its status its ``phase``, its flavor its capacity (``8cpu-16Gi``).
    """

    provider = "ecns"
    api: EcnsApi

    def __init__(self, api: ProviderApi, selection: Selection, with_nodes: bool) -> None:
        super().__init__(api, selection, with_nodes)
        # The node listing names a cluster by its API address; written before any node task runs.
        self.addresses: dict[str, str] = {}

    def start(self) -> list[Task]:
        return [self._projects]

    def _projects(self) -> Step:
        records = [
            ClusterRecord(
                provider=self.provider,
                id=str(cluster.get("cluster_name")),
                name=str(cluster.get("cluster_name")),
                api_address=cluster.get("cluster_addr"),
                view={
                    "provider": self.provider,
                    "name": cluster.get("cluster_name"),
                    "ecns": pick(cluster, CLUSTER_SELECTOR),
                },
            )
            for cluster in self.api.project_clusters(PRODUCT_TYPE)
            if cluster.get("cluster_name")
        ]
        self.addresses.update((record.id, str(record.api_address or record.id)) for record in records)
        return self.found_clusters(records)

    def node_tasks(self, cluster_id: str, cluster_name: str) -> list[Task]:
        return [deferred(self._controllers, cluster_id)]

    def _node_list(self, cluster_id: str, business_type: str | None) -> list[dict[str, Any]]:
        return self.api.cluster_nodes(PRODUCT_TYPE, self.addresses[cluster_id], business_type)

    def _controllers(self, cluster_id: str) -> Step:
        masters = frozenset(str(node.get("name")) for node in self._node_list(cluster_id, CONTROLLER))
        return Step(follow=[deferred(self._nodes, cluster_id, masters)])

    def _nodes(self, cluster_id: str, masters: frozenset[str]) -> Step:
        found = []
        for node in self._node_list(cluster_id, None):
            addresses = {item.get("type"): item.get("address") for item in node.get("addresses") or []}
            capacity = node.get("capacity") or {}
            role = "master" if node.get("name") in masters else "worker"
            found.append(
                NodeRecord(
                    provider=self.provider,
                    cluster_id=cluster_id,
                    name=str(node.get("name")),
                    address=addresses.get("InternalIP") or addresses.get("ExternalIP") or addresses.get("Hostname"),
                    role=role,
                    status=node.get("phase"),
                    flavor=f"{capacity['cpu']}cpu-{capacity['memory']}" if capacity.get("cpu") else None,
                )
            )
        return Step(nodes=found)

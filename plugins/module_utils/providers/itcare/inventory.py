# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""ITCare clusters and their nodes for the ``kaas.cloud.clusters`` inventory.

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
from ansible_collections.kaas.cloud.plugins.module_utils.providers.contract import get_path
from ansible_collections.kaas.cloud.plugins.module_utils.providers.itcare import nodes as itcare_nodes
from ansible_collections.kaas.cloud.plugins.module_utils.providers.itcare.api import CLUSTERS as ITCARE_CLUSTERS
from ansible_collections.kaas.cloud.plugins.module_utils.providers.itcare.api import ItcareApi, Tracked
from ansible_collections.kaas.cloud.plugins.module_utils.providers.itcare.cluster import ItcareCluster
from ansible_collections.kaas.cloud.plugins.module_utils.providers.itcare.nodegroup import group_name as itcare_group
from ansible_collections.kaas.cloud.plugins.module_utils.providers.paging import Page

# The largest page the provider documents or accepts: fewer pages, fewer round trips.
# ITCare's API documentation gives no maximum page size; 100 is what the collection's modules use.
PAGE_SIZE = 100


class ItcareSource(NodeSource):
    """Cegedim ITCare: Spring-paged clusters, then each cluster's nodes, through ``ItcareApi``.

    Page 0 gives ``totalPages``; every other page is then fetched at once. ITCare has
    no node-group object: a node's group is the one the ``nodegroup`` module gives it,
    ``<zone>-<sizing>[-ingress]`` (``eb-a-2cpu4gb``), and its role ``ingress`` or
    ``worker``. ITCare runs the control plane itself and lists no control-plane node.
    """

    provider = "itcare"
    api: ItcareApi

    def __init__(self, api: ProviderApi, selection: Selection, with_nodes: bool) -> None:
        super().__init__(api, selection, with_nodes)
        self.adapter = ItcareCluster(api)
        self.params: dict[str, Any] = {}
        # The list filters statuses itself; names are shell patterns, so they are matched here.
        if selection.statuses:
            self.params["statuses"] = ",".join(status.upper() for status in selection.statuses)

    def start(self) -> list[Task]:
        return [self.list_task(self._page, 0, self._found, ITCARE_CLUSTERS)]

    def _page(self, number: int) -> Page:
        return self.api.page(ITCARE_CLUSTERS, number, self.params, PAGE_SIZE)

    def _found(self, items: list[Any]) -> Step:
        return self.found_clusters([self._record(item) for item in items])

    def _record(self, item: dict[str, Any]) -> ClusterRecord:
        view = self.adapter.view(Tracked(item))
        return ClusterRecord.from_view(
            self.provider, view, availability_zone=get_path(view, "itcare.az"), node_count=view["node_count"]
        )

    def node_tasks(self, cluster_id: str, cluster_name: str) -> list[Task]:
        return [deferred(self._nodes, cluster_id)]

    def _nodes(self, cluster_id: str) -> Step:
        listed = self.api.cluster_nodes(cluster_id)
        found = []
        for node in listed:
            if not isinstance(node, dict):
                continue
            sizing, ingress = itcare_nodes.sizing_of(node), itcare_nodes.is_ingress(node)
            zone = node.get("az")
            found.append(
                NodeRecord(
                    provider=self.provider,
                    cluster_id=cluster_id,
                    name=str(node.get("name")),
                    address=node.get("ipAddress"),
                    id=None if node.get("id") is None else str(node["id"]),
                    node_group=itcare_group(str(zone), str(sizing), ingress) if zone and sizing else None,
                    role="ingress" if ingress else "worker",
                    status=node.get("status"),
                    flavor=sizing,
                    availability_zone=zone,
                )
            )
        return Step(nodes=found)

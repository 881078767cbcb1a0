# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""deployme.cloud clusters for the ``kaas.cloud.clusters`` inventory (the API lists no nodes).

The shared part (records, tasks, the crawler) is ``inventory_crawl.py``; ``inventory_sources.py``
names the source of each provider.
"""

from __future__ import annotations

from typing import Any

from ansible_collections.kaas.cloud.plugins.module_utils.inventory_crawl import (
    ClusterRecord,
    NodeSource,
    Selection,
    Step,
    Task,
)
from ansible_collections.kaas.cloud.plugins.module_utils.providers.connection import ProviderApi
from ansible_collections.kaas.cloud.plugins.module_utils.providers.contract import get_path
from ansible_collections.kaas.cloud.plugins.module_utils.providers.deployme.cluster import (
    CLUSTERS,
    DeploymeCluster,
)
from ansible_collections.kaas.cloud.plugins.module_utils.providers.deployme.cluster import (
    STATUSES as DEPLOYME_STATUSES,
)
from ansible_collections.kaas.cloud.plugins.module_utils.providers.paging import Page

# The largest page the provider documents or accepts: fewer pages, fewer round trips.
PAGE_SIZE = 100


class DeploymeSource(NodeSource):
    """deployme.cloud: clusters only.

    Its API (the deployme.cloud API documentation, "API Clusters") has no node
    resource: a cluster reports ``control_planes``, ``workers``, ``node_count``,
    ``node_size`` and ``endpoint`` but no node names, addresses or statuses, so
    deployme clusters are hosts and deployme nodes are not.
    Pages are numbered: page 1 gives ``total``, then every other page is fetched at once,
    through the cluster adapter's ``page`` (its ``list`` reads the same pages one by one).
    """

    provider = "deployme"
    exposes_nodes = False

    def __init__(self, api: ProviderApi, selection: Selection, with_nodes: bool) -> None:
        super().__init__(api, selection, with_nodes)
        self.adapter = DeploymeCluster(api)
        self.params: dict[str, Any] = {}
        # One wanted status is filtered by the API itself; several are filtered here.
        if len(selection.statuses) == 1 and selection.statuses[0] in DEPLOYME_STATUSES:
            self.params["status"] = selection.statuses[0]

    def start(self) -> list[Task]:
        return [self.list_task(self._page, 1, self._found, CLUSTERS)]

    def _page(self, number: int) -> Page:
        return self.adapter.page(number, self.params, PAGE_SIZE)

    def _found(self, items: list[Any]) -> Step:
        return self.found_clusters([self._record(item) for item in items])

    def _record(self, item: dict[str, Any]) -> ClusterRecord:
        view = self.adapter.view(item)
        return ClusterRecord.from_view(self.provider, view, node_count=get_path(view, "deployme.total_nodes"))

# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""NKS clusters and their nodes for the ``kaas.cloud.clusters`` inventory.

The shared part (records, tasks, the crawler) is ``inventory_crawl.py``; ``inventory_sources.py``
names the source of each provider.
"""

from __future__ import annotations

import functools
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
from ansible_collections.kaas.cloud.plugins.module_utils.providers.nks.api import (
    CLUSTERS,
    cluster_path,
    group_path,
    groups_path,
    magnum_page,
)
from ansible_collections.kaas.cloud.plugins.module_utils.providers.nks.cluster import NksCluster, NksState
from ansible_collections.kaas.cloud.plugins.module_utils.providers.paging import Page

# The largest page the provider documents or accepts: fewer pages, fewer round trips.
PAGE_SIZE = 1000


def _address_name(summary: dict[str, Any], group: dict[str, Any], address: Any) -> str:
    """A stable node name when NKS gives only addresses: ``<cluster>-<group>-<address>``."""
    return f"{summary.get('name')}-{group.get('name')}-{str(address).replace('.', '-')}"


class NksSource(NodeSource):
    """NHN Cloud NKS: clusters, then node groups, then each group's nodes.

    Per cluster: the cluster itself (the list leaves out the API address) and its node
    groups are read side by side, then each worker group in full, which gives its
    ``node_addresses``; lists are read through ``magnum_page``, the modules' paging. The
    control plane (``default-master``) is managed by NHN: it is not listed and its nodes
    are not exposed. Where a node group
    also lists ``nodes`` (uuid, name, status, address), those names and statuses are
    used; otherwise a node is named after its cluster, group and address.
    """

    provider = "nks"

    def __init__(self, api: ProviderApi, selection: Selection, with_nodes: bool) -> None:
        super().__init__(api, selection, with_nodes)
        self.adapter = NksCluster(api)

    def start(self) -> list[Task]:
        return [self.list_task(self._cluster_page, None, self._found_clusters, CLUSTERS)]

    def _cluster_page(self, marker: str | None) -> Page:
        return magnum_page(self.transport, CLUSTERS, "clusters", marker, limit=PAGE_SIZE)

    def _found_clusters(self, summaries: list[Any]) -> Step:
        follow: list[Task] = []
        for summary in summaries:
            if not self.selection.accepts(summary.get("name"), summary.get("status")):
                continue
            # The list has no API address: the cluster itself is read, beside its node groups.
            follow.append(deferred(self._detail, summary["uuid"]))
            if self.with_nodes:
                follow.extend(self.node_tasks(summary["uuid"], summary.get("name") or summary["uuid"]))
        return Step(follow=follow)

    def _detail(self, uuid: str) -> Step:
        cluster = self.adapter.get_or_none(cluster_path(uuid))
        if cluster is None:  # deleted since the list was read
            return Step()
        view = self.adapter.view(NksState(cluster))
        record = ClusterRecord.from_view(
            self.provider,
            view,
            availability_zone=get_path(view, "nks.availability_zone"),
            node_count=get_path(view, "nks.total_node_count"),
        )
        return Step(clusters=[record])

    def _group_page(self, cluster_id: str, marker: str | None) -> Page:
        return magnum_page(self.transport, groups_path(cluster_id), "nodegroups", marker, limit=PAGE_SIZE)

    def _found_groups(self, summary: dict[str, Any], groups: list[Any]) -> Step:
        return Step(follow=[deferred(self._group, summary, group["uuid"]) for group in groups])

    def _group(self, summary: dict[str, Any], group_uuid: str) -> Step:
        group = self.adapter.get_or_none(group_path(summary["uuid"], group_uuid))
        if group is None:
            return Step()
        labels = group.get("labels") or {}
        common = {
            "provider": self.provider,
            "cluster_id": summary["uuid"],
            "node_group": group.get("name"),
            "role": group.get("role"),
            "flavor": group.get("flavor_id"),
            "availability_zone": labels.get("availability_zone") or None,
            "kubernetes_version": labels.get("kube_tag"),
        }
        listed = group.get("nodes")
        if isinstance(listed, list) and listed:
            nodes = [
                NodeRecord(
                    name=node.get("name") or _address_name(summary, group, node.get("address")),
                    address=node.get("address"),
                    id=node.get("uuid"),
                    status=node.get("status") or group.get("status"),
                    **common,
                )
                for node in listed
                if isinstance(node, dict)
            ]
        else:
            nodes = [
                NodeRecord(
                    name=_address_name(summary, group, address), address=address, status=group.get("status"), **common
                )
                for address in group.get("node_addresses") or []
            ]
        return Step(nodes=nodes)

    def node_tasks(self, cluster_id: str, cluster_name: str) -> list[Task]:
        summary = {"uuid": cluster_id, "name": cluster_name}
        fetch = functools.partial(self._group_page, cluster_id)
        found = functools.partial(self._found_groups, summary)
        return [self.list_task(fetch, None, found, groups_path(cluster_id))]

# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""NKS clusters and their nodes for the ``kaas.cloud.clusters`` inventory.

The shared part (records, tasks, the crawler) is ``inventory_crawl.py``; ``inventory_sources.py``
names the source of each provider.
"""

from __future__ import annotations

from typing import Any

from ansible_collections.kaas.cloud.plugins.module_utils.errors import ValidationError
from ansible_collections.kaas.cloud.plugins.module_utils.inventory_crawl import (
    MAX_PAGES,
    ClusterRecord,
    NodeRecord,
    NodeSource,
    Selection,
    Step,
    Task,
)
from ansible_collections.kaas.cloud.plugins.module_utils.providers.connection import ProviderApi
from ansible_collections.kaas.cloud.plugins.module_utils.providers.contract import get_path
from ansible_collections.kaas.cloud.plugins.module_utils.providers.nks.cluster import NksCluster, NksState
from ansible_collections.kaas.cloud.plugins.module_utils.providers.nks.cluster import cluster_path as nks_cluster_path
from ansible_collections.kaas.cloud.plugins.module_utils.providers.nks.cluster import group_path as nks_group_path
from ansible_collections.kaas.cloud.plugins.module_utils.providers.paging import marker_from_link

# The largest page the provider documents or accepts: fewer pages, fewer round trips.
PAGE_SIZE = 1000


def _address_name(summary: dict[str, Any], group: dict[str, Any], address: Any) -> str:
    """A stable node name when NKS gives only addresses: ``<cluster>-<group>-<address>``."""
    return f"{summary.get('name')}-{group.get('name')}-{str(address).replace('.', '-')}"


class NksSource(NodeSource):
    """NHN Cloud NKS: clusters, then node groups, then each group's nodes.

    Per cluster: ``GET /v1/clusters/{id}`` (the list leaves out the API address) and
    ``GET .../nodegroups`` run side by side, then one ``GET .../nodegroups/{id}`` per
    worker group gives ``node_addresses``. The control plane (``default-master``) is
    managed by NHN: it is not listed and its nodes are not exposed. Where a node group
    also lists ``nodes`` (uuid, name, status, address), those names and statuses are
    used; otherwise a node is named after its cluster, group and address.
    """

    provider = "nks"

    def __init__(self, api: ProviderApi, selection: Selection, with_nodes: bool) -> None:
        super().__init__(api, selection, with_nodes)
        self.adapter = NksCluster(api)

    def start(self) -> list[Task]:
        return [self._cluster_page_task(None, frozenset())]

    def _cluster_page(self, marker: str | None, seen: frozenset[str]) -> Step:
        items, next_marker = self._list("/v1/clusters", "clusters", marker, seen)
        selected = [s for s in items if self.selection.accepts(s.get("name"), s.get("status"))]
        follow: list[Task] = []
        if next_marker:
            follow.append(self._cluster_page_task(next_marker, seen | {next_marker}))
        for summary in selected:
            # The list has no API address: the cluster itself is read, beside its node groups.
            follow.append(self._detail_task(summary["uuid"]))
            if self.with_nodes:
                follow.extend(self.node_tasks(summary["uuid"], summary.get("name") or summary["uuid"]))
        return Step(follow=follow)

    def _list(self, path: str, key: str, marker: str | None, seen: frozenset[str]) -> tuple[list[Any], str | None]:
        """One Magnum page and the marker of the next one; a marker seen twice ends the list."""
        params: dict[str, Any] = {"limit": PAGE_SIZE}
        if marker:
            params["marker"] = marker
        body = self.transport.request("GET", path, params=params) or {}
        items = body.get(key) or []
        if not body.get("next") or not items:
            return items, None
        next_marker = marker_from_link(body["next"]) or items[-1].get("uuid")
        if next_marker in seen:
            raise ValidationError(f"NKS sent the page marker {next_marker!r} of {path} twice; gave up listing")
        if len(seen) >= MAX_PAGES:
            raise ValidationError(f"NKS kept sending pages of {path} after {MAX_PAGES}; gave up listing")
        return items, next_marker

    def _cluster_page_task(self, marker: str | None, seen: frozenset[str]) -> Task:
        return lambda: self._cluster_page(marker, seen)

    def _detail_task(self, uuid: str) -> Task:
        return lambda: self._detail(uuid)

    def _detail(self, uuid: str) -> Step:
        cluster = self.adapter.get_or_none(nks_cluster_path(uuid))
        if cluster is None:  # deleted since the list was read
            return Step()
        view = self.adapter.view(NksState(cluster))
        record = ClusterRecord(
            provider=self.provider,
            id=view["id"],
            name=view["name"],
            status=view["status"],
            kubernetes_version=view["version"],
            api_address=view["endpoint"],
            flavor=view["node_size"],
            availability_zone=get_path(view, "nks.availability_zone"),
            node_count=get_path(view, "nks.total_node_count"),
            view=view,
        )
        return Step(clusters=[record])

    def _groups_task(self, summary: dict[str, Any], marker: str | None, seen: frozenset[str]) -> Task:
        return lambda: self._group_page(summary, marker, seen)

    def _group_page(self, summary: dict[str, Any], marker: str | None, seen: frozenset[str]) -> Step:
        uuid = summary["uuid"]
        groups, next_marker = self._list(nks_cluster_path(uuid, "/nodegroups"), "nodegroups", marker, seen)
        follow = [self._group_task(summary, group["uuid"]) for group in groups]
        if next_marker:
            follow.append(self._groups_task(summary, next_marker, seen | {next_marker}))
        return Step(follow=follow)

    def _group_task(self, summary: dict[str, Any], group_uuid: str) -> Task:
        return lambda: self._group(summary, group_uuid)

    def _group(self, summary: dict[str, Any], group_uuid: str) -> Step:
        group = self.adapter.get_or_none(nks_group_path(summary["uuid"], group_uuid))
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
        return [self._groups_task({"uuid": cluster_id, "name": cluster_name}, None, frozenset())]

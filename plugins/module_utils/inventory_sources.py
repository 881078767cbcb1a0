# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Where the ``kaas.cloud.clusters`` inventory gets its clusters and nodes from: one source per provider.

The inventory plugin knows hosts, groups and caching; it never speaks HTTP. Each
provider contributes one :class:`NodeSource` that turns the provider's API into
:class:`ClusterRecord` and :class:`NodeRecord` objects, through the provider's
:class:`~.providers.connection.ProviderApi` (transport, authentication, error format) and,
where it has one, its cluster adapter's portable ``view()``. What the sources share
(records, tasks, the crawler) is in ``inventory_crawl.py``.

A source does not loop over its API itself. It hands out *tasks*: small callables
that each send one request (or one page) and return a :class:`Step` holding the
records found plus the follow-up tasks (the next page, one task per cluster, one per
node group). :func:`crawl` runs the tasks of every source on one bounded thread
pool, so listing is concurrent across providers, pages and clusters while no
provider sees more than ``max_workers`` requests at once, and a provider that fails
stops only its own tasks.

Adding a provider is one subclass here plus one line in :data:`SOURCES`:

- ``provider``: the provider's name, as in ``registry.PROVIDER_LOADERS``;
- ``exposes_nodes``: ``False`` when the API has no node listing (deployme);
- :meth:`NodeSource.start`: the first task(s), normally the first page of clusters.
  A page task returns ``self.found_clusters(records, next_page_task)``, which drops
  the clusters the user's filters exclude and queues :meth:`NodeSource.node_tasks`
  for the others when nodes are wanted;
- :meth:`NodeSource.node_tasks`: the tasks that list one cluster's nodes, each
  returning ``Step(nodes=[...])`` (and more tasks if the nodes come in pages).

NKS departs from the first point only because its cluster list lacks the API
address: a page task queues one detail task per cluster, which returns the record.
"""

from __future__ import annotations

from typing import Any

from ansible_collections.kaas.cloud.plugins.module_utils.errors import ValidationError
from ansible_collections.kaas.cloud.plugins.module_utils.inventory_crawl import (
    MAX_PAGES,
    ClusterRecord,
    Listing,
    NodeRecord,
    NodeSource,
    Selection,
    Step,
    Task,
    crawl,
    deferred,
)
from ansible_collections.kaas.cloud.plugins.module_utils.providers.connection import ProviderApi
from ansible_collections.kaas.cloud.plugins.module_utils.providers.contract import get_path
from ansible_collections.kaas.cloud.plugins.module_utils.providers.deployme.cluster import (
    STATUSES as DEPLOYME_STATUSES,
)
from ansible_collections.kaas.cloud.plugins.module_utils.providers.deployme.cluster import (
    DeploymeCluster,
)
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.api import EcnsApi
from ansible_collections.kaas.cloud.plugins.module_utils.providers.itcare import nodes as itcare_nodes
from ansible_collections.kaas.cloud.plugins.module_utils.providers.itcare.api import CLUSTERS as ITCARE_CLUSTERS
from ansible_collections.kaas.cloud.plugins.module_utils.providers.itcare.api import Tracked
from ansible_collections.kaas.cloud.plugins.module_utils.providers.itcare.api import cluster_path as itcare_cluster_path
from ansible_collections.kaas.cloud.plugins.module_utils.providers.itcare.cluster import ItcareCluster
from ansible_collections.kaas.cloud.plugins.module_utils.providers.itcare.nodegroup import group_name as itcare_group
from ansible_collections.kaas.cloud.plugins.module_utils.providers.nks.cluster import NksCluster, NksState
from ansible_collections.kaas.cloud.plugins.module_utils.providers.nks.cluster import cluster_path as nks_cluster_path
from ansible_collections.kaas.cloud.plugins.module_utils.providers.nks.cluster import group_path as nks_group_path
from ansible_collections.kaas.cloud.plugins.module_utils.providers.paging import marker_from_link

# Names the plugin and the tests import from here, whichever module defines them.
__all__ = [
    "SOURCES",
    "ClusterRecord",
    "DeploymeSource",
    "EcnsSource",
    "ItcareSource",
    "Listing",
    "NksSource",
    "NodeRecord",
    "NodeSource",
    "Selection",
    "Step",
    "crawl",
]

# The largest page each provider documents or accepts: fewer pages, fewer round trips.
NKS_PAGE_SIZE = 1000
DEPLOYME_PAGE_SIZE = 100
# ITCare's seed gives no maximum page size; 100 is what the collection's modules use.
ITCARE_PAGE_SIZE = 100
# ECNS has three products over the same clusters; the inventory lists them through EKS.
ECNS_PRODUCT_TYPE = "eks"
ECNS_CONTROLLER = "Controller"


class DeploymeSource(NodeSource):
    """deployme.cloud: clusters only.

    Its API (seed 001) has no node resource: a cluster reports ``control_planes``,
    ``workers``, ``node_count``, ``node_size`` and ``endpoint`` but no node names,
    addresses or statuses, so deployme clusters are hosts and deployme nodes are not.
    Pages are numbered: page 1 gives ``total``, then every other page is fetched at once.
    """

    provider = "deployme"
    exposes_nodes = False

    def __init__(self, api: ProviderApi, selection: Selection, with_nodes: bool) -> None:
        super().__init__(api, selection, with_nodes)
        self.adapter = DeploymeCluster(api)
        self.params: dict[str, Any] = {"per_page": DEPLOYME_PAGE_SIZE}
        # One wanted status is filtered by the API itself; several are filtered here.
        if len(selection.statuses) == 1 and selection.statuses[0] in DEPLOYME_STATUSES:
            self.params["status"] = selection.statuses[0]

    def start(self) -> list[Task]:
        return [lambda: self._page(1)]

    def _page(self, page: int) -> Step:
        body = self.transport.request("GET", "/v1/clusters", params={**self.params, "page": page}) or {}
        step = self.found_clusters([self._record(item) for item in body.get("items") or []])
        if page == 1:
            per_page = body.get("per_page") or DEPLOYME_PAGE_SIZE
            pages = min(-(-int(body.get("total") or 0) // per_page), MAX_PAGES)
            step.follow.extend(self._page_task(number) for number in range(2, pages + 1))
        return step

    def _page_task(self, page: int) -> Task:
        return lambda: self._page(page)

    def _record(self, item: dict[str, Any]) -> ClusterRecord:
        view = self.adapter.view(item)
        return ClusterRecord(
            provider=self.provider,
            id=str(view["id"]),
            name=view["name"],
            status=view["status"],
            kubernetes_version=view["version"],
            api_address=view["endpoint"],
            flavor=view["node_size"],
            node_count=get_path(view, "deployme.total_nodes"),
            view=view,
        )


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
        params: dict[str, Any] = {"limit": NKS_PAGE_SIZE}
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


def _address_name(summary: dict[str, Any], group: dict[str, Any], address: Any) -> str:
    """A stable node name when NKS gives only addresses: ``<cluster>-<group>-<address>``."""
    return f"{summary.get('name')}-{group.get('name')}-{str(address).replace('.', '-')}"


class ItcareSource(NodeSource):
    """Cegedim ITCare: Spring-paged clusters, then ``GET .../{id}/nodes`` per cluster.

    Page 0 gives ``totalPages``; every other page is then fetched at once. ITCare has
    no node-group object: a node's group is the one the ``nodegroup`` module gives it,
    ``<zone>-<sizing>[-ingress]`` (``eb-a-2cpu4gb``), and its role ``ingress`` or
    ``worker``. ITCare runs the control plane itself and lists no control-plane node.
    """

    provider = "itcare"

    def __init__(self, api: ProviderApi, selection: Selection, with_nodes: bool) -> None:
        super().__init__(api, selection, with_nodes)
        self.adapter = ItcareCluster(api)
        self.params: dict[str, Any] = {"size": ITCARE_PAGE_SIZE}
        # The list filters statuses itself; names are shell patterns, so they are matched here.
        if selection.statuses:
            self.params["statuses"] = ",".join(status.upper() for status in selection.statuses)

    def start(self) -> list[Task]:
        return [deferred(self._page, 0)]

    def _page(self, page: int) -> Step:
        body = self.transport.request("GET", ITCARE_CLUSTERS, params={**self.params, "page": page}) or {}
        step = self.found_clusters([self._record(item) for item in body.get("content") or []])
        if page == 0:
            pages = min(int(body.get("totalPages") or 1), MAX_PAGES)
            step.follow.extend(deferred(self._page, number) for number in range(1, pages))
        return step

    def _record(self, item: dict[str, Any]) -> ClusterRecord:
        view = self.adapter.view(Tracked(item))
        return ClusterRecord(
            provider=self.provider,
            id=str(view["id"]),
            name=view["name"],
            status=view["status"],
            kubernetes_version=view["version"],
            api_address=view["endpoint"],
            flavor=view["node_size"],
            availability_zone=get_path(view, "itcare.az"),
            node_count=view["node_count"],
            view=view,
        )

    def node_tasks(self, cluster_id: str, cluster_name: str) -> list[Task]:
        return [deferred(self._nodes, cluster_id)]

    def _nodes(self, cluster_id: str) -> Step:
        listed = self.transport.request("GET", itcare_cluster_path(cluster_id, "/nodes")) or []
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


class EcnsSource(NodeSource):
    """EasyStack ECNS: the project's clusters (三级联动全量列举), then each cluster's nodes (1.3).

    ``GET /api/ecns/eks/namespace/`` lists every project the token sees with its clusters
    (name, API address, type, namespaces); only the token's own project is kept, as
    ECNS tokens are project-scoped. ECNS gives a cluster no id, status or version: its
    name is its id, and a status filter keeps no ECNS cluster. Per cluster, the
    controller nodes are read first (``business_type=Controller``), then all nodes
    (``apiserver_host=<address>``), so that each node has a role (``master`` or
    ``worker``). A node's address is its InternalIP, its status its ``phase``, its
    flavor its capacity (``8cpu-16Gi``).
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
        path = self.api.path(ECNS_PRODUCT_TYPE, "namespace/")
        listed = self.transport.request("GET", path) or []
        projects = listed if isinstance(listed, list) else [listed]
        records = [
            ClusterRecord(
                provider=self.provider,
                id=str(cluster.get("cluster_name")),
                name=str(cluster.get("cluster_name")),
                api_address=cluster.get("cluster_addr"),
                view={"provider": self.provider, "name": cluster.get("cluster_name"), "ecns": dict(cluster)},
            )
            for project in projects
            if isinstance(project, dict) and str(project.get("project_id")) == self.api.project_id
            for cluster in project.get("clusters") or []
            if isinstance(cluster, dict) and cluster.get("cluster_name")
        ]
        self.addresses.update((record.id, str(record.api_address or record.id)) for record in records)
        return self.found_clusters(records)

    def node_tasks(self, cluster_id: str, cluster_name: str) -> list[Task]:
        return [deferred(self._controllers, cluster_id)]

    def _node_list(self, cluster_id: str, business_type: str | None) -> list[dict[str, Any]]:
        params = {"apiserver_host": self.addresses[cluster_id]}
        if business_type:
            params["business_type"] = business_type
        path = self.api.path(ECNS_PRODUCT_TYPE, "cluster/nodes/")
        body = self.transport.request("GET", path, params=params) or {}
        return [node for node in body.get("nodes_status") or [] if isinstance(node, dict)]

    def _controllers(self, cluster_id: str) -> Step:
        masters = frozenset(str(node.get("name")) for node in self._node_list(cluster_id, ECNS_CONTROLLER))
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


SOURCES: dict[str, type[NodeSource]] = {
    "deployme": DeploymeSource,
    "nks": NksSource,
    "itcare": ItcareSource,
    "ecns": EcnsSource,
}

# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Where the ``kaas.cloud.clusters`` inventory gets its clusters and nodes from.

The inventory plugin knows hosts, groups and caching; it never speaks HTTP. Each
provider contributes one :class:`NodeSource` that turns the provider's API into
:class:`ClusterRecord` and :class:`NodeRecord` objects, through the provider's
:class:`~.providers.base.ProviderApi` (transport, authentication, error format) and
its cluster adapter's portable ``view()``.

A source does not loop over its API itself. It hands out *tasks*: small callables
that each send one request (or one page) and return a :class:`Step` holding the
records found plus the follow-up tasks (the next page, one task per cluster, one per
node group). :func:`crawl` runs the tasks of every source on one bounded thread
pool, so listing is concurrent across providers, pages and clusters while no
provider sees more than ``max_workers`` requests at once, and a provider that fails
stops only its own tasks.

Adding a provider (ITCare, ECNS) is one subclass here plus one line in
:data:`SOURCES`:

- ``provider``: the provider's name, as in ``registry.PROVIDERS``;
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

import dataclasses
import fnmatch
from abc import ABC, abstractmethod
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from typing import Any, Callable, ClassVar

from ansible_collections.kaas.cloud.plugins.module_utils.errors import ValidationError
from ansible_collections.kaas.cloud.plugins.module_utils.providers.base import (
    ProviderApi,
    get_path,
    marker_from_link,
)
from ansible_collections.kaas.cloud.plugins.module_utils.providers.deployme import (
    STATUSES as DEPLOYME_STATUSES,
)
from ansible_collections.kaas.cloud.plugins.module_utils.providers.deployme import (
    DeploymeCluster,
)
from ansible_collections.kaas.cloud.plugins.module_utils.providers.nks import NksCluster, NksState

# The largest page each provider documents or accepts: fewer pages, fewer round trips.
NKS_PAGE_SIZE = 1000
DEPLOYME_PAGE_SIZE = 100
# A provider that keeps answering "more pages" must not keep the inventory forever.
MAX_PAGES = 10000


@dataclasses.dataclass
class ClusterRecord:
    """One cluster as the inventory shows it; ``view`` is the adapter's portable view."""

    provider: str
    id: str
    name: str
    status: str | None = None
    kubernetes_version: str | None = None
    api_address: str | None = None
    flavor: str | None = None
    availability_zone: str | None = None
    node_count: int | None = None
    view: dict[str, Any] = dataclasses.field(default_factory=dict)


@dataclasses.dataclass
class NodeRecord:
    """One node of a cluster; cluster-wide facts (name, API address) are joined by the plugin."""

    provider: str
    cluster_id: str
    name: str
    address: str | None = None
    id: str | None = None
    node_group: str | None = None
    role: str | None = None
    status: str | None = None
    flavor: str | None = None
    availability_zone: str | None = None
    kubernetes_version: str | None = None


Task = Callable[[], "Step"]


@dataclasses.dataclass
class Step:
    """What one task found, and the tasks it leads to."""

    clusters: list[ClusterRecord] = dataclasses.field(default_factory=list)
    nodes: list[NodeRecord] = dataclasses.field(default_factory=list)
    follow: list[Task] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class Selection:
    """The clusters an entry asks for: ``filters.status``, ``filters.name``, ``filters.exclude_name``."""

    statuses: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    excluded_names: tuple[str, ...] = ()

    def accepts(self, name: str | None, status: str | None) -> bool:
        """Statuses compare without case (NKS ``CREATE_COMPLETE``); names are shell patterns."""
        if self.statuses and (status or "").lower() not in self.statuses:
            return False
        label = name or ""
        if self.names and not any(fnmatch.fnmatchcase(label, pattern) for pattern in self.names):
            return False
        return not any(fnmatch.fnmatchcase(label, pattern) for pattern in self.excluded_names)


class NodeSource(ABC):
    """The clusters and nodes of one configured provider entry, as tasks for :func:`crawl`."""

    provider: ClassVar[str]
    exposes_nodes: ClassVar[bool] = True

    def __init__(self, api: ProviderApi, selection: Selection, with_nodes: bool) -> None:
        self.api = api
        self.transport = api.transport
        self.selection = selection
        self.with_nodes = with_nodes and self.exposes_nodes

    @abstractmethod
    def start(self) -> list[Task]:
        """The first tasks: usually the first page of the cluster list."""

    def node_tasks(self, cluster_id: str, cluster_name: str) -> list[Task]:
        """Tasks listing the nodes of one cluster; none for a provider without a node listing."""
        return []

    def found_clusters(self, clusters: list[ClusterRecord], next_page: Task | None = None) -> Step:
        """A page's step: the selected clusters, their node tasks, then the next page."""
        selected = [c for c in clusters if self.selection.accepts(c.name, c.status)]
        follow: list[Task] = [next_page] if next_page is not None else []
        if self.with_nodes:
            for cluster in selected:
                follow.extend(self.node_tasks(cluster.id, cluster.name))
        return Step(clusters=selected, follow=follow)

    @property
    def request_count(self) -> int:
        return self.transport.request_count


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
        cluster = self.adapter.get_or_none(f"/v1/clusters/{uuid}")
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
        groups, next_marker = self._list(f"/v1/clusters/{uuid}/nodegroups", "nodegroups", marker, seen)
        follow = [self._group_task(summary, group["uuid"]) for group in groups]
        if next_marker:
            follow.append(self._groups_task(summary, next_marker, seen | {next_marker}))
        return Step(follow=follow)

    def _group_task(self, summary: dict[str, Any], group_uuid: str) -> Task:
        return lambda: self._group(summary, group_uuid)

    def _group(self, summary: dict[str, Any], group_uuid: str) -> Step:
        group = self.adapter.get_or_none(f"/v1/clusters/{summary['uuid']}/nodegroups/{group_uuid}")
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


SOURCES: dict[str, type[NodeSource]] = {
    "deployme": DeploymeSource,
    "nks": NksSource,
}


@dataclasses.dataclass
class Listing:
    """Everything one source found, or the error that stopped it."""

    clusters: list[ClusterRecord] = dataclasses.field(default_factory=list)
    nodes: list[NodeRecord] = dataclasses.field(default_factory=list)
    error: BaseException | None = None


def crawl(sources: list[NodeSource], max_workers: int, fail_fast: bool = False) -> list[Listing]:
    """Run every source's tasks on one pool of ``max_workers`` threads; one listing per source.

    A failing task ends its own source (its queued tasks are cancelled, its later
    results dropped; the error is kept in its listing) and the other sources go on.
    With ``fail_fast`` the first failure cancels the queued tasks of every source.
    """
    listings = [Listing() for _source in sources]
    pending: dict[Future, int] = {}
    with ThreadPoolExecutor(max_workers=max(1, max_workers), thread_name_prefix="kaas-inventory") as pool:
        for index, source in enumerate(sources):
            for task in source.start():
                pending[pool.submit(task)] = index
        while pending:
            done, _still_running = wait(list(pending), return_when=FIRST_COMPLETED)
            for future in done:
                index = pending.pop(future)
                listing = listings[index]
                stopped = fail_fast and any(other.error is not None for other in listings)
                if stopped or listing.error is not None or future.cancelled():
                    continue
                try:
                    step = future.result()
                except Exception as error:  # noqa: BLE001 - one provider's failure, bug or not, hides no other
                    listing.error = error
                    _cancel(pending, None if fail_fast else index)
                    continue
                listing.clusters.extend(step.clusters)
                listing.nodes.extend(step.nodes)
                for task in step.follow:
                    pending[pool.submit(task)] = index
    return listings


def _cancel(pending: dict[Future, int], index: int | None) -> None:
    """Cancel the queued tasks of one source (or of all when ``index`` is None)."""
    for future, owner in list(pending.items()):
        if (index is None or owner == index) and future.cancel():
            del pending[future]

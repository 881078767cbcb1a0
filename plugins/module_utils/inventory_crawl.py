# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The provider-neutral half of the inventory: records, tasks, the node source seam and the crawler.

The concrete sources, one per provider, and how to add one are in
``inventory_sources.py``; this file holds what they share, so that it stays the same
whichever providers exist.
"""

from __future__ import annotations

import dataclasses
import fnmatch
from abc import ABC, abstractmethod
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from typing import Any, Callable, ClassVar

from ansible_collections.kaas.cloud.plugins.module_utils.providers.connection import ProviderApi
from ansible_collections.kaas.cloud.plugins.module_utils.providers.paging import MAX_PAGES, Page, check_next_page


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

    @classmethod
    def from_view(
        cls, provider: str, view: dict[str, Any], *, availability_zone: Any = None, node_count: Any = None
    ) -> ClusterRecord:
        """The record of a cluster from its adapter's portable view (what every module returns)."""
        return cls(
            provider=provider,
            id=str(view["id"]),
            name=view["name"],
            status=view["status"],
            kubernetes_version=view["version"],
            api_address=view["endpoint"],
            flavor=view["node_size"],
            availability_zone=availability_zone,
            node_count=node_count,
            view=view,
        )


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


def deferred(function: Callable[..., Step], *args: Any) -> Task:
    """A task that calls ``function(*args)`` when the pool runs it (arguments bound now, not later)."""
    return lambda: function(*args)


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

    def found_clusters(self, clusters: list[ClusterRecord]) -> Step:
        """A page's step: the selected clusters and their node tasks."""
        selected = [c for c in clusters if self.selection.accepts(c.name, c.status)]
        follow: list[Task] = []
        if self.with_nodes:
            for cluster in selected:
                follow.extend(self.node_tasks(cluster.id, cluster.name))
        return Step(clusters=selected, follow=follow)

    def list_task(
        self, fetch: Callable[[Any], Page], first: Any, found: Callable[[list[Any]], Step], what: str
    ) -> Task:
        """A task reading a list through the provider's page method (the modules'), then the rest of it.

        ``fetch(first)`` is the first page; ``found`` turns a page's items into a step.
        When the first page says how many pages the list has (page-numbered lists), every
        other page is read at once, each its own task; otherwise each page's task queues
        the next (cursors), and a list that loops or never ends is an error naming ``what``.
        """
        return deferred(self._list_page, fetch, first, found, what, None)

    def _list_page(
        self,
        fetch: Callable[[Any], Page],
        cursor: Any,
        found: Callable[[list[Any]], Step],
        what: str,
        seen: frozenset[Any] | None,
    ) -> Step:
        page = fetch(cursor)
        step = found(page.items)
        rest: list[Task] = []
        if seen is None and page.pages is not None:
            last = min(page.pages, MAX_PAGES)
            rest = [deferred(self._counted_page, fetch, cursor + number, found) for number in range(1, last)]
        elif page.next is not None and page.items:
            followed = seen or frozenset()
            check_next_page(page.next, followed, what)
            rest = [deferred(self._list_page, fetch, page.next, found, what, followed | {page.next})]
        # The rest of the list first: its pages lead to more work than this page's items do.
        step.follow[:0] = rest
        return step

    @staticmethod
    def _counted_page(fetch: Callable[[Any], Page], number: int, found: Callable[[list[Any]], Step]) -> Step:
        return found(fetch(number).items)

    @property
    def request_count(self) -> int:
        return self.transport.request_count


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

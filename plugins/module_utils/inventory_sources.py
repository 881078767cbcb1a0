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

A source sends no request itself either: it asks its provider's API object and
adapters for pages, through the page methods the modules' ``list`` uses
(``providers/paging.py``'s :class:`~.providers.paging.Page`), so provider paths and
paging rules live in the provider package alone and HTTP in ``transport.py``.

Adding a provider is one subclass in ``providers/<provider>/inventory.py`` plus one line in
:data:`SOURCES`:

- ``provider``: the provider's name, as in ``registry.PROVIDER_LOADERS``;
- ``exposes_nodes``: ``False`` when the API has no node listing (deployme);
- :meth:`NodeSource.start`: the first task(s), normally
  ``self.list_task(page_method, first_page, found, what)``, which reads the first page
  and then the rest of the list (every other page at once when the first says how many
  there are). ``found(items)`` normally returns ``self.found_clusters(records)``, which
  drops the clusters the user's filters exclude and queues :meth:`NodeSource.node_tasks`
  for the others when nodes are wanted;
- :meth:`NodeSource.node_tasks`: the tasks that list one cluster's nodes, each
  returning ``Step(nodes=[...])`` (or a ``list_task`` if the nodes come in pages).

NKS departs from the first point only because its cluster list lacks the API
address: a page's ``found`` queues one detail task per cluster, which returns the record.
"""

from __future__ import annotations

from ansible_collections.kaas.cloud.plugins.module_utils.inventory_crawl import (
    ClusterRecord,
    Listing,
    NodeRecord,
    NodeSource,
    Selection,
    Step,
    crawl,
)
from ansible_collections.kaas.cloud.plugins.module_utils.providers.deployme.inventory import DeploymeSource
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.inventory import EcnsSource
from ansible_collections.kaas.cloud.plugins.module_utils.providers.itcare.inventory import ItcareSource
from ansible_collections.kaas.cloud.plugins.module_utils.providers.nks.inventory import NksSource

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

SOURCES: dict[str, type[NodeSource]] = {
    "deployme": DeploymeSource,
    "nks": NksSource,
    "itcare": ItcareSource,
    "ecns": EcnsSource,
}

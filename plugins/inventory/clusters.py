# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Inventory of the clusters and nodes of every configured managed-Kubernetes provider.

The provider side lives in ``module_utils/inventory_sources.py``: one ``NodeSource`` per
provider, which asks the provider's API and adapters for pages, as the modules do; HTTP is
``module_utils/transport.py``'s alone. Entry validation is in ``module_utils/inventory_config.py``.
This file turns the records into hosts, variables and groups, and owns caching.
"""

from __future__ import annotations

DOCUMENTATION = r"""
name: clusters
short_description: Clusters and nodes of managed Kubernetes providers as hosts
version_added: 0.1.0
description:
  - Lists the clusters, node groups and nodes of every configured provider entry and makes them hosts
    (nodes by default) with their facts as C(kaas_*) variables, grouped by provider, cluster, node group and status.
  - The inventory source is a YAML file whose name ends in C(.kaas.yml) or C(.kaas.yaml).
  - "Providers: NHN Cloud NKS (clusters, node groups and their nodes), Cegedim ITCare (clusters and their nodes,
    grouped by zone and sizing), EasyStack ECNS (the project's clusters and their nodes) and deployme.cloud (clusters
    only: its API exposes no nodes). What each provider gives is described in C(docs/inventory.md)."
  - Requests run concurrently on one pool of O(max_workers) threads across providers, pages and clusters, and every
    page of every list is read.
  - With O(strict=false) a provider entry that fails (bad credentials, an API error) gives a warning and the other
    entries are still listed; with O(strict=true) the inventory fails.
  - With O(cache=true) a second run within O(cache_timeout) reads the cache and sends no request. The cache holds
    only what the providers returned, never a credential, and is not written when an entry failed.
author:
  - kaas.cloud developers (@kaas-cloud)
requirements:
  - requests
extends_documentation_fragment:
  - ansible.builtin.constructed
  - ansible.builtin.inventory_cache
options:
  plugin:
    description: Marks the file as a source of this plugin.
    type: str
    required: true
    choices: [kaas.cloud.clusters]
  providers:
    description:
      - The provider entries to list, each with the connection options of the modules.
      - Each entry falls back to the modules' environment variables for what it leaves out.
        E(KAAS_API_URL), E(KAAS_REGION) and E(KAAS_AUTH_<KEY>) apply only when E(KAAS_PROVIDER) is unset
        or names its provider, so that one provider's credential is never sent to another;
        E(KAAS_VALIDATE_CERTS), E(KAAS_CA_PATH) and E(KAAS_TIMEOUT) apply to every entry, as to every module task.
      - When empty, one entry for the provider named by E(KAAS_PROVIDER) is listed.
      - String values may be templates, for example V({{ lookup('ansible.builtin.env', 'NKS_PASSWORD') }}).
    type: list
    elements: dict
    default: []
    suboptions:
      provider:
        description: The cloud of this entry.
        type: str
        required: true
        choices: [nks, itcare, deployme, ecns]
      auth:
        description:
          - Credentials, with the keys of the modules' C(auth) option (C(token), C(username), C(password),
            C(project_id), C(domain_name), C(client_id), C(client_secret), C(auth_url)).
        type: dict
      api_url:
        description: Base URL of the provider's API when it is not the public default (for example the emulator).
        type: str
      region:
        description: Region of providers with one endpoint per region (NKS V(kr1), V(kr2)).
        type: str
      validate_certs:
        description: Whether to verify the provider's TLS certificate.
        type: bool
        default: true
      ca_path:
        description: A CA bundle to verify the provider's certificate with.
        type: path
      timeout:
        description: Seconds to wait for each answer.
        type: float
        default: 30
      token_cache:
        description:
          - Share the tokens obtained from a password or client secret with the modules of the run (and the
            next inventory runs), as the modules' C(token_cache) option does; see C(docs/security.md).
          - If not set, the value of the E(KAAS_TOKEN_CACHE) environment variable is used.
        type: bool
        default: true
      token_cache_dir:
        description:
          - Directory of the token cache (E(KAAS_TOKEN_CACHE_DIR), else C(~/.cache/kaas.cloud/tokens)).
        type: path
      filters:
        description: Which clusters to keep; a cluster must match every filter given.
        type: dict
        suboptions:
          status:
            description:
              - Provider statuses to keep (deployme V(running)..., NKS V(CREATE_COMPLETE)..., ITCare V(ACTIVE)...),
                without regard to case.
              - ECNS reports no cluster status, so a status filter keeps no ECNS cluster.
            type: list
            elements: str
          name:
            description: Shell-style patterns (V(prod-*)); the cluster name must match one.
            type: list
            elements: str
          exclude_name:
            description: Shell-style patterns of cluster names to leave out.
            type: list
            elements: str
  hosts:
    description:
      - What becomes a host. V(nodes) gives one host per node (C(ansible_host) is its address); V(clusters) one host
        per cluster (with C(ansible_connection=local), so a play can target a cluster and run the kaas.cloud modules
        on the controller); V(both) gives both.
    type: str
    choices: [nodes, clusters, both]
    default: nodes
  max_workers:
    description: Most requests in flight at once, across every provider entry.
    type: int
    default: 8
  cache_prefix:
    # Restated from ansible.builtin.inventory_cache, which leaves out its type.
    description:
      - Prefix to use for cache plugin files/tables.
    type: str
    default: ansible_inventory_
    env:
      - name: ANSIBLE_CACHE_PLUGIN_PREFIX
      - name: ANSIBLE_INVENTORY_CACHE_PLUGIN_PREFIX
    ini:
      - section: defaults
        key: fact_caching_prefix
      - section: inventory
        key: cache_prefix
"""

EXAMPLES = r"""
# demo.kaas.yml: every node of an NKS project and of an ITCare account, and every deployme cluster
plugin: kaas.cloud.clusters
hosts: both
providers:
  - provider: nks
    region: kr1
    auth:
      username: me@example.com
      password: "{{ lookup('ansible.builtin.env', 'NKS_PASSWORD') }}"
      project_id: 1ffeaca9bbf94ab1aa9cffdec29a258a
    filters:
      status: [CREATE_COMPLETE, UPDATE_COMPLETE]
      name: ["prod-*"]
  - provider: deployme
    # auth.token from KAAS_AUTH_TOKEN, because KAAS_PROVIDER=deployme
  - provider: itcare
    auth:
      client_id: my-client
      client_secret: "{{ lookup('ansible.builtin.env', 'ITCARE_CLIENT_SECRET') }}"
keyed_groups:
  - key: kaas_kubernetes_version
    prefix: k8s
compose:
  ansible_user: "'centos'"
cache: true
cache_plugin: ansible.builtin.jsonfile
cache_connection: ~/.cache/kaas-inventory
cache_timeout: 600
"""

import dataclasses
import os
import re
import time
from typing import Any

from ansible.errors import AnsibleParserError
from ansible.plugins.inventory import BaseInventoryPlugin, Cacheable, Constructable
from ansible.utils.path import basedir

from ansible_collections.kaas.cloud.plugins.module_utils.errors import KaasError, ValidationError
from ansible_collections.kaas.cloud.plugins.module_utils.inventory_config import Entry, provider_entries
from ansible_collections.kaas.cloud.plugins.module_utils.inventory_sources import (
    SOURCES,
    ClusterRecord,
    Listing,
    NodeRecord,
    NodeSource,
    crawl,
)
from ansible_collections.kaas.cloud.plugins.module_utils.registry import PROVIDER_LOADERS, provider_class
from ansible_collections.kaas.cloud.plugins.module_utils.transport import HAS_REQUESTS, ThreadSessions

CACHE_FORMAT = 1
FILE_SUFFIXES = (".kaas.yml", ".kaas.yaml")
UNSAFE_GROUP_CHARS = re.compile(r"[^A-Za-z0-9_]")


def group_name(*parts: Any) -> str:
    """``cluster_prod_eu`` from ``("cluster", "prod-eu")``: a valid group name whatever the provider says."""
    return UNSAFE_GROUP_CHARS.sub("_", "_".join(str(part) for part in parts)).lower()


class InventoryModule(BaseInventoryPlugin, Constructable, Cacheable):
    NAME = "kaas.cloud.clusters"

    def verify_file(self, path: str) -> bool:
        return super().verify_file(path) and path.endswith(FILE_SUFFIXES)

    def parse(self, inventory: Any, loader: Any, path: str, cache: bool = True) -> None:
        super().parse(inventory, loader, path, cache)
        started, cpu_started = time.monotonic(), time.process_time()
        self._read_config_data(path)
        cache_key = self.get_cache_key(path)
        use_cache = self.get_option("cache") and cache
        listings = None
        if use_cache:
            try:
                listings = self._from_cache(self._cache[cache_key])
            except KeyError:
                listings = None
        if listings is None:
            listings, complete = self._list_providers()
            if self.get_option("cache") and complete:
                self._cache[cache_key] = self._to_cache(listings)
        else:
            self.display.vv(f"{self.NAME}: read the listing of {path} from the cache, no request sent")
        hosts = self._populate(listings)
        # CPU seconds beside wall seconds: on a busy machine the wall time mostly measures the others.
        self.display.vv(
            f"{self.NAME}: {hosts} hosts from {path} in {time.monotonic() - started:.2f} s "
            f"({time.process_time() - cpu_started:.2f} s of CPU)"
        )

    # -- listing -------------------------------------------------------------------------

    def _list_providers(self) -> tuple[list[tuple[str | None, Listing]], bool]:
        """Every entry's listing, and whether all of them succeeded (only then is it cached)."""
        if not HAS_REQUESTS:
            raise AnsibleParserError(f"{self.NAME} needs the Python library requests on the controller")
        strict = self.get_option("strict")
        try:
            entries = provider_entries(self.templar.template(self.get_option("providers")), os.environ)
        except KaasError as error:
            raise AnsibleParserError(f"{self.NAME}: {error.message}") from None
        hosts = self.get_option("hosts")
        max_workers = self.get_option("max_workers")
        if max_workers < 1:
            raise AnsibleParserError(f"{self.NAME}: max_workers must be 1 or more, got {max_workers}")
        started = time.monotonic()
        sources: list[NodeSource] = []
        ready: list[Entry] = []
        failed: list[tuple[Entry, Listing]] = []
        for entry in entries:
            try:
                sources.append(self._source(entry, hosts != "clusters"))
                ready.append(entry)
            except KaasError as error:
                self._failed(entry, error.message, strict)
                failed.append((entry, Listing(error=error)))
        try:
            listings = crawl(sources, max_workers, fail_fast=strict)
        finally:
            for source in sources:
                source.transport.session.close()
        for entry, source, listing in zip(ready, sources, listings, strict=True):
            if listing.error is not None:
                # The transport redacts its own errors; an unexpected one is redacted here.
                self._failed(entry, source.transport.redact(_describe(listing.error)), strict)
            elif hosts == "nodes" and not source.exposes_nodes:
                self.display.warning(
                    f"{self.NAME}: {entry.label}: {entry.connection.provider} does not expose nodes, so it adds no "
                    "host with hosts=nodes; set hosts to clusters or both to list its clusters"
                )
        requests_sent = sum(source.request_count for source in sources)
        self.display.vv(
            f"{self.NAME}: {len(sources)} provider entries listed with {requests_sent} requests "
            f"in {time.monotonic() - started:.2f} s ({max_workers} workers)"
        )
        results = sorted([*zip(ready, listings, strict=True), *failed], key=lambda pair: pair[0].number)
        complete = all(listing.error is None for _entry, listing in results)
        return [(entry.connection.region, listing) for entry, listing in results], complete

    def _source(self, entry: Entry, with_nodes: bool) -> NodeSource:
        provider = entry.connection.provider
        source_class, api_class = SOURCES.get(provider), provider_class(provider)
        if source_class is None or api_class is None:
            able = ", ".join(sorted(set(SOURCES) & set(PROVIDER_LOADERS)))
            raise ValidationError(f"provider {provider} cannot be listed yet (providers that can: {able})")
        # The workers share the entry's transport (its sign-in, retries, errors and redaction are
        # the modules'), each thread with its own session: see ThreadSessions.
        return source_class(api_class(entry.connection, session=ThreadSessions()), entry.selection, with_nodes)

    def _failed(self, entry: Entry, reason: str, strict: bool) -> None:
        message = f"{self.NAME}: {entry.label}: {reason}"
        if strict:
            raise AnsibleParserError(message)
        self.display.warning(f"{message}; its hosts are left out (strict is false)")

    # -- cache ---------------------------------------------------------------------------

    @staticmethod
    def _to_cache(listings: list[tuple[str | None, Listing]]) -> dict[str, Any]:
        """Only provider answers: no entry (so no credential) goes into the cache."""
        return {
            "format": CACHE_FORMAT,
            "listings": [
                {
                    "clusters": [dataclasses.asdict(c) for c in listing.clusters],
                    "nodes": [dataclasses.asdict(n) for n in listing.nodes],
                    "region": region,
                }
                for region, listing in listings
            ],
        }

    @staticmethod
    def _from_cache(data: Any) -> list[tuple[str | None, Listing]] | None:
        if not isinstance(data, dict) or data.get("format") != CACHE_FORMAT:
            return None  # written by another version: list again
        try:
            return [
                (
                    item.get("region"),
                    Listing(
                        clusters=[ClusterRecord(**c) for c in item["clusters"]],
                        nodes=[NodeRecord(**n) for n in item["nodes"]],
                    ),
                )
                for item in data["listings"]
            ]
        except (AttributeError, KeyError, TypeError):
            return None  # damaged or hand-edited: list again

    # -- hosts and groups ----------------------------------------------------------------

    def _populate(self, listings: list[tuple[str | None, Listing]]) -> int:
        """Add the hosts, their variables and groups; return how many hosts were added."""
        hosts = self.get_option("hosts")
        taken: set[str] = set()
        self._groups: dict[tuple[Any, ...], str] = {}
        self._links: set[tuple[str, str]] = set()
        self._constructed = any(self.get_option(option) for option in ("compose", "groups", "keyed_groups"))
        # InventoryData.add_host works out inventory_file and inventory_dir for each new
        # host, statting the source file each time: most of a cached run of thousands of
        # hosts. They are worked out once here and set with the host's other variables.
        source = self.inventory.current_source
        self._source_vars = {"inventory_file": source, "inventory_dir": basedir(source) if source else None}
        self.inventory.current_source = None
        try:
            self._add_hosts(listings, hosts, taken)
        finally:
            self.inventory.current_source = source
        return len(taken)

    def _add_hosts(self, listings: list[tuple[str | None, Listing]], hosts: str, taken: set[str]) -> None:
        for region, listing in listings:
            clusters = {c.id: c for c in listing.clusters}
            if hosts in ("clusters", "both"):
                for cluster in sorted(clusters.values(), key=lambda c: (c.name, c.id)):
                    name = _claim(taken, cluster.name, f"{cluster.provider}_{cluster.id}")
                    self._add_host(name, _cluster_vars(cluster, region), cluster, None)
            if hosts in ("nodes", "both"):
                nodes = [n for n in listing.nodes if n.cluster_id in clusters]
                for node in sorted(nodes, key=lambda n: (clusters[n.cluster_id].name, n.node_group or "", n.name)):
                    cluster = clusters[node.cluster_id]
                    name = _claim(taken, node.name, cluster.id)
                    self._add_host(name, _node_vars(node, cluster, region), cluster, node.node_group)

    def _add_host(self, name: str, hostvars: dict[str, Any], cluster: ClusterRecord, node_group: str | None) -> None:
        # Unknown facts are left unset rather than null: each variable has a cost per host.
        known = {k: v for k, v in hostvars.items() if v is not None}
        if name not in self.inventory.hosts:
            known = {**self._source_vars, **known}
        self.inventory.add_host(name)
        # The variables go straight into the host's vars: InventoryData.set_variable
        # validates and untrusts each name again, which made a cached run of 8,500 hosts
        # take seconds; these names are the plugin's own constants (a unit test checks
        # them) and the values are plain provider data, never templates.
        self.inventory.get_host(name).vars.update(known)
        kind = "kaas_nodes" if hostvars["kaas_kind"] == "node" else "kaas_clusters"
        cluster_group = self._group("cluster", cluster.name)
        # A node of a node group is in its cluster's group through the node group's group.
        member_of = self._group("nodegroup", cluster.name, node_group) if node_group else cluster_group
        wanted = [self._group(kind), self._group("provider", cluster.provider), member_of]
        if hostvars.get("kaas_status"):
            wanted.append(self._group("status", hostvars["kaas_status"]))
        for group in wanted:
            self.inventory.add_child(group, name)
        if member_of != cluster_group and (cluster_group, member_of) not in self._links:
            self.inventory.add_child(cluster_group, member_of)
            self._links.add((cluster_group, member_of))
        if self._constructed:
            strict = self.get_option("strict")
            self._set_composite_vars(self.get_option("compose"), hostvars, name, strict)
            self._add_host_to_composed_groups(self.get_option("groups"), hostvars, name, strict)
            self._add_host_to_keyed_groups(self.get_option("keyed_groups"), hostvars, name, strict)

    def _group(self, *parts: Any) -> str:
        """The group named after ``parts``, added to the inventory the first time it is asked for."""
        name = self._groups.get(parts)
        if name is None:
            name = self._groups[parts] = self.inventory.add_group(group_name(*parts))
        return name


def _claim(taken: set[str], name: str, unique: str) -> str:
    """``name`` unless an earlier host has it (two clusters named alike), then ``name_<unique>``.

    Should even that be taken (the same cloud listed by two entries), a counter follows.
    """
    chosen = name if name not in taken else f"{name}_{unique}"
    number = 2
    while chosen in taken:
        chosen = f"{name}_{unique}_{number}"
        number += 1
    taken.add(chosen)
    return chosen


def _common_vars(cluster: ClusterRecord, region: str | None) -> dict[str, Any]:
    return {
        "kaas_provider": cluster.provider,
        "kaas_region": region,
        "kaas_cluster_name": cluster.name,
        "kaas_cluster_id": cluster.id,
        "kaas_api_address": cluster.api_address,
    }


def _cluster_vars(cluster: ClusterRecord, region: str | None) -> dict[str, Any]:
    return {
        "kaas_kind": "cluster",
        **_common_vars(cluster, region),
        "kaas_status": cluster.status,
        "kaas_flavor": cluster.flavor,
        "kaas_availability_zone": cluster.availability_zone,
        "kaas_kubernetes_version": cluster.kubernetes_version,
        "kaas_node_count": cluster.node_count,
        "kaas_cluster": cluster.view,
        "ansible_connection": "local",
    }


def _node_vars(node: NodeRecord, cluster: ClusterRecord, region: str | None) -> dict[str, Any]:
    hostvars = {
        "kaas_kind": "node",
        **_common_vars(cluster, region),
        "kaas_node_name": node.name,
        "kaas_node_id": node.id,
        "kaas_node_group": node.node_group,
        "kaas_role": node.role,
        "kaas_status": node.status,
        "kaas_cluster_status": cluster.status,
        "kaas_flavor": node.flavor,
        "kaas_availability_zone": node.availability_zone,
        "kaas_kubernetes_version": node.kubernetes_version or cluster.kubernetes_version,
        "kaas_address": node.address,
    }
    if node.address:
        hostvars["ansible_host"] = node.address
    return hostvars


def _describe(error: BaseException) -> str:
    if isinstance(error, KaasError):
        return error.message
    return f"unexpected error ({type(error).__name__}: {error}); please report it"

"""Inventory sources against the emulator: every page, node groups, filters, failures, the bounded pool."""

from __future__ import annotations

import threading

import pytest

from ansible_collections.kaas.cloud.plugins.module_utils.errors import ApiError, ValidationError
from ansible_collections.kaas.cloud.plugins.module_utils.inventory_sources import (
    SOURCES,
    DeploymeSource,
    EcnsSource,
    ItcareSource,
    NksSource,
    NodeSource,
    Selection,
    Step,
    crawl,
)
from ansible_collections.kaas.cloud.plugins.module_utils.providers.connection import Connection
from ansible_collections.kaas.cloud.plugins.module_utils.providers.deployme import cluster as deployme_cluster
from ansible_collections.kaas.cloud.plugins.module_utils.providers.deployme import inventory as deployme_inventory
from ansible_collections.kaas.cloud.plugins.module_utils.providers.deployme.api import DeploymeApi
from ansible_collections.kaas.cloud.plugins.module_utils.providers.deployme.cluster import DeploymeCluster
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.api import EcnsApi
from ansible_collections.kaas.cloud.plugins.module_utils.providers.itcare import api as itcare_api
from ansible_collections.kaas.cloud.plugins.module_utils.providers.itcare import inventory as itcare_inventory
from ansible_collections.kaas.cloud.plugins.module_utils.providers.itcare.api import ItcareApi
from ansible_collections.kaas.cloud.plugins.module_utils.providers.itcare.cluster import ItcareCluster
from ansible_collections.kaas.cloud.plugins.module_utils.providers.nks import api as nks_api
from ansible_collections.kaas.cloud.plugins.module_utils.providers.nks import inventory as nks_inventory
from ansible_collections.kaas.cloud.plugins.module_utils.providers.nks.api import NksApi
from ansible_collections.kaas.cloud.plugins.module_utils.providers.nks.cluster import NksCluster
from support.inventory import (
    SEED_TIME_SCALE,
    deployme_entry,
    ecns_entry,
    nks_entry,
    seed_deployme,
    seed_ecns,
    seed_itcare,
    seed_nks,
)

from .fakes import FakeResponse, FakeSession


@pytest.fixture
def fast(cloud):
    """Operations end at once, so seeded clusters are complete when listed."""
    with cloud.time_scaled(SEED_TIME_SCALE):
        yield cloud


EVERYTHING = Selection()


def nks_source(url, selection=EVERYTHING, with_nodes=True):
    entry = nks_entry(url)
    api = NksApi(Connection(provider="nks", auth=entry["auth"], api_url=entry["api_url"]))
    return NksSource(api, selection, with_nodes)


def deployme_source(url, selection=EVERYTHING, with_nodes=True):
    api = DeploymeApi(Connection(provider="deployme", auth={"token": "demo"}, api_url=deployme_entry(url)["api_url"]))
    return DeploymeSource(api, selection, with_nodes)


def itcare_source(url, selection=EVERYTHING, with_nodes=True):
    api = ItcareApi(Connection(provider="itcare", auth={"token": "demo"}, api_url=f"{url}/itcare"))
    return ItcareSource(api, selection, with_nodes)


def ecns_source(url, selection=EVERYTHING, with_nodes=True, session=None):
    entry = ecns_entry(url)
    # Scripted sessions answer no sign-in: they get a pre-issued token.
    auth = entry["auth"] if session is None else {"token": "t", "project_id": "demo"}
    connection = Connection(provider="ecns", auth=auth, api_url=entry["api_url"])
    api = EcnsApi(connection) if session is None else EcnsApi(connection, session=session)
    return EcnsSource(api, selection, with_nodes)


def test_nks_follows_every_page_of_clusters_and_node_groups(fast, monkeypatch):
    monkeypatch.setattr(nks_inventory, "PAGE_SIZE", 1)
    web = seed_nks(fast, "web", 2, {"gpu": 3})
    seed_nks(fast, "db", 1)
    seed_nks(fast, "cache", 1)
    fast.clear_log()

    (listing,) = crawl([nks_source(fast.url)], max_workers=4)

    assert listing.error is None
    assert sorted(c.name for c in listing.clusters) == ["cache", "db", "web"]
    by_group = {}
    for node in listing.nodes:
        by_group.setdefault((node.cluster_id, node.node_group), []).append(node)
    assert len(by_group[(web, "gpu")]) == 3 and len(by_group[(web, "default-worker")]) == 2
    assert len(listing.nodes) == 7
    gpu = by_group[(web, "gpu")][0]
    assert gpu.role == "worker" and gpu.status == "ACTIVE" and gpu.availability_zone == "kr2-pub-a"
    assert gpu.address.startswith("192.168.0.") and gpu.kubernetes_version == "v1.29.3"
    web_cluster = next(c for c in listing.clusters if c.name == "web")
    assert web_cluster.api_address.startswith("https://") and web_cluster.node_count == 5

    gets = [r for r in fast.requests("nks") if r["method"] == "GET"]
    # A full page always carries a next link (Magnum), so each list ends on an empty page:
    # clusters 3 + 1, node groups (2 + 1) for web and (1 + 1) for the others.
    assert sum(1 for r in gets if r["path"] == "/v1/clusters") == 4
    assert sum(1 for r in gets if r["path"].endswith("/nodegroups")) == 3 + 2 + 2
    assert sum(1 for r in gets if "/nodegroups/" in r["path"]) == 4
    assert sum(1 for r in gets if r["path"].count("/") == 3) == 3  # one detail per cluster
    assert len(fast.requests("nks")) == 1 + 4 + 7 + 4 + 3  # one token, then the reads


def test_nks_clusters_only_reads_no_node_group(fast):
    seed_nks(fast, "web", 2)
    fast.clear_log()
    (listing,) = crawl([nks_source(fast.url, with_nodes=False)], max_workers=2)
    assert [c.name for c in listing.clusters] == ["web"] and listing.nodes == []
    assert not [r for r in fast.requests("nks") if "nodegroups" in r["path"]]


def test_nks_filters_skip_the_clusters_they_exclude_before_reading_them(fast):
    keep = seed_nks(fast, "prod-web", 1)
    drop = seed_nks(fast, "test-web", 1)
    fast.clear_log()
    (listing,) = crawl([nks_source(fast.url, Selection(("create_complete",), ("prod-*",)))], max_workers=2)
    assert [c.id for c in listing.clusters] == [keep]
    assert {n.cluster_id for n in listing.nodes} == {keep}
    assert not [r for r in fast.requests("nks") if drop in r["path"]]


def test_deployme_reads_the_pages_after_the_first_at_once_and_has_no_nodes(fast, monkeypatch):
    monkeypatch.setattr(deployme_inventory, "PAGE_SIZE", 2)
    for number in range(5):
        seed_deployme(fast, f"dm-{number}", 2)
    fast.clear_log()
    (listing,) = crawl([deployme_source(fast.url)], max_workers=4)
    assert sorted(c.name for c in listing.clusters) == [f"dm-{n}" for n in range(5)]
    assert listing.nodes == []
    assert sorted(r["query"] for r in fast.requests("deployme")) == [f"per_page=2&page={n}" for n in (1, 2, 3)]
    cluster = listing.clusters[0]
    assert cluster.status == "running" and cluster.flavor == "small" and cluster.node_count == 3
    assert cluster.view["provider"] == "deployme" and cluster.api_address == cluster.view["endpoint"]


def test_a_failing_provider_ends_only_its_own_listing(fast):
    seed_nks(fast, "web", 1)
    seed_deployme(fast, "dm", 1)
    fast.faults({"provider": "nks", "path": "/nodegroups$", "status": 500, "times": None})
    nks, deployme = crawl([nks_source(fast.url), deployme_source(fast.url)], max_workers=4)
    assert isinstance(nks.error, ApiError) and nks.error.status == 500
    assert [c.name for c in deployme.clusters] == ["dm"] and deployme.error is None


class ScriptedSource(NodeSource):
    """A source whose tasks are given: to test the pool without a provider."""

    provider = "scripted"

    def __init__(self, tasks):
        self.tasks = tasks
        self.with_nodes = False

    def start(self):
        return list(self.tasks)


def test_fail_fast_cancels_what_every_source_has_queued():
    ran = []
    release = threading.Event()

    def slow():
        release.wait(5)
        ran.append("slow")
        return Step(follow=[lambda: ran.append("follow-up") or Step()])

    def failing():
        release.set()
        raise ApiError(status=500, provider_message="boom", method="GET", path="/x", provider="scripted")

    queued = [lambda: ran.append("queued") or Step() for _number in range(5)]
    first, second = crawl([ScriptedSource([slow]), ScriptedSource([failing, *queued])], 2, fail_fast=True)
    assert second.error is not None and first.error is None
    # A worker freed by the failure may take one queued task before the pool hears of it
    # (one per worker at most); the rest are cancelled, and no follow-up is ever queued.
    assert "follow-up" not in ran and ran.count("queued") <= 2, ran


def test_the_pool_runs_max_workers_tasks_at_once_and_never_more():
    workers = 4
    barrier = threading.Barrier(workers, timeout=10)  # breaks unless 4 tasks run together
    lock = threading.Lock()
    running = [0, 0]  # now, most

    def task():
        with lock:
            running[0] += 1
            running[1] = max(running[1], running[0])
        barrier.wait()
        with lock:
            running[0] -= 1
        return Step()

    (listing,) = crawl([ScriptedSource([task] * (workers * 3))], workers)
    assert listing.error is None and running[1] == workers


def test_nks_names_nodes_from_their_addresses_when_the_api_lists_no_nodes():
    """The real NKS node group gives only node_addresses (the emulator adds node records)."""
    group = {
        "name": "default-worker",
        "role": "worker",
        "status": "UPDATE_COMPLETE",
        "flavor_id": "m2.c4m8",
        "labels": {"availability_zone": "kr-pub-a", "kube_tag": "v1.29.3"},
        "node_addresses": ["192.168.0.40", "192.168.0.41"],
    }
    session = FakeSession(FakeResponse(200, group))
    api = NksApi(Connection(provider="nks", auth={"token": "t"}, api_url="http://emu/nks"), session=session)
    source = NksSource(api, Selection(), with_nodes=True)
    step = source._group({"uuid": "c-1", "name": "prod"}, "g-1")
    names = [(n.name, n.address, n.status, n.availability_zone) for n in step.nodes]
    assert names == [
        ("prod-default-worker-192-168-0-40", "192.168.0.40", "UPDATE_COMPLETE", "kr-pub-a"),
        ("prod-default-worker-192-168-0-41", "192.168.0.41", "UPDATE_COMPLETE", "kr-pub-a"),
    ]
    assert session.calls[0][1] == "http://emu/nks/v1/clusters/c-1/nodegroups/g-1"


def test_nks_gives_up_when_the_api_repeats_a_page_marker():
    page = {"clusters": [{"uuid": "c-1", "name": "a", "status": "CREATE_COMPLETE"}], "next": "http://x?marker=c-1"}
    session = FakeSession(FakeResponse(200, page), FakeResponse(200, page))
    api = NksApi(Connection(provider="nks", auth={"token": "t"}, api_url="http://emu/nks"), session=session)
    source = NksSource(api, Selection(), with_nodes=False)
    (first,) = source.start()
    next_page = first().follow[0]
    with pytest.raises(ValidationError, match="page marker 'c-1' of /v1/clusters twice"):
        next_page()


def test_itcare_reads_every_page_at_once_after_the_first_then_each_clusters_nodes(fast, monkeypatch):
    monkeypatch.setattr(itcare_inventory, "PAGE_SIZE", 2)
    ids = {seed_itcare(fast, f"it-{number}", 3, number): f"it-{number}" for number in range(5)}
    fast.clear_log()

    (listing,) = crawl([itcare_source(fast.url)], max_workers=4)

    assert listing.error is None
    assert sorted(c.name for c in listing.clusters) == [f"it-{n}" for n in range(5)]
    pages = sorted(r["query"] for r in fast.requests("itcare") if r["path"].endswith("/kubernetes"))
    assert pages == [f"size=2&page={n}" for n in range(3)]
    assert len(listing.nodes) == 15 and {n.cluster_id for n in listing.nodes} == set(ids)
    roles = sorted((n.role, n.node_group) for n in listing.nodes if ids[n.cluster_id] == "it-0")
    assert roles == [
        ("ingress", "eb-a-2cpu4gb-ingress"),
        ("ingress", "eb-b-2cpu4gb-ingress"),
        ("worker", "eb-c-2cpu4gb"),
    ]
    cluster = listing.clusters[0]
    assert cluster.status == "ACTIVE" and cluster.flavor == "2cpu4gb" and cluster.node_count == 3
    assert cluster.view["provider"] == "itcare" and cluster.api_address == cluster.view["endpoint"]


def test_itcare_lets_the_api_filter_statuses_and_matches_names_itself(fast):
    seed_itcare(fast, "keep-me", 3)
    seed_itcare(fast, "drop-me", 3, 1)
    fast.clear_log()
    selection = Selection(statuses=("active",), names=("keep-*",))
    (listing,) = crawl([itcare_source(fast.url, selection)], max_workers=2)
    assert [c.name for c in listing.clusters] == ["keep-me"] and len(listing.nodes) == 3
    listed = [r["query"] for r in fast.requests("itcare") if r["path"].endswith("/kubernetes")]
    assert listed == ["size=100&statuses=ACTIVE&page=0"]
    assert len([r for r in fast.requests("itcare") if r["path"].endswith("/nodes")]) == 1


def test_ecns_lists_its_project_clusters_and_their_nodes_by_api_address(fast):
    addresses = seed_ecns(fast, {"big": 10})
    fast.clear_log()

    (listing,) = crawl([ecns_source(fast.url)], max_workers=4)

    assert listing.error is None
    by_name = {c.name: c for c in listing.clusters}
    assert set(by_name) == {"ecns-east", "ecns-west", "big"}
    assert by_name["big"].api_address == addresses["big"] and by_name["big"].status is None
    big = [n for n in listing.nodes if n.cluster_id == "big"]
    assert len(big) == 10 and sum(n.role == "master" for n in big) == 1
    assert {n.status for n in big} == {"Ready"} and all(n.address.startswith("10.128.0.") for n in big)
    queries = [r["query"] for r in fast.requests("ecns") if r["path"].endswith("/cluster/nodes/")]
    # Two requests a cluster: its controllers, then all its nodes; always by address, never the session's.
    assert len(queries) == 6 and all(q.startswith("apiserver_host=https") for q in queries)


def test_ecns_keeps_only_the_tokens_project_and_a_status_filter_keeps_nothing():
    projects = [
        {"project_id": "other", "clusters": [{"cluster_name": "theirs", "cluster_addr": "https://10.9.0.1:6443"}]},
        {"project_id": "demo", "clusters": [{"cluster_name": "ours", "cluster_addr": "https://10.8.0.1:6443"}]},
    ]
    session = FakeSession(FakeResponse(200, projects), FakeResponse(200, projects))
    source = ecns_source("http://emu", session=session, with_nodes=False)
    (start,) = source.start()
    assert [c.name for c in start().clusters] == ["ours"]
    assert session.calls[0][1] == "http://emu/ecns/api/ecns/eks/namespace/"

    filtered = ecns_source("http://emu", Selection(statuses=("running",)), session=session, with_nodes=False)
    (start,) = filtered.start()
    assert start().clusters == []


# -- the inventory reads the providers' pages through the modules' page methods ----------

SEEDERS = {
    "nks": lambda cloud, number: seed_nks(cloud, f"nks-{number}", 1),
    "deployme": lambda cloud, number: seed_deployme(cloud, f"dm-{number}", 1),
    "itcare": lambda cloud, number: seed_itcare(cloud, f"it-{number}", 3, number),
}
#: Each provider's source, its module-side cluster adapter, how that adapter's states name a
#: cluster, and which request log entries are pages of the cluster list.
LISTINGS = {
    "nks": (nks_source, NksCluster, lambda state: state.cluster["uuid"], lambda path: path == "/v1/clusters"),
    "deployme": (deployme_source, DeploymeCluster, lambda state: state["id"], lambda path: path == "/v1/clusters"),
    "itcare": (
        itcare_source,
        ItcareCluster,
        lambda state: str(state.resource["id"]),
        lambda path: path.endswith("/kubernetes"),
    ),
}
#: Where each provider's page size is set, for the modules and for the inventory.
PAGE_SIZES = {
    "nks": (nks_api, nks_inventory),
    "deployme": (deployme_cluster, deployme_inventory),
    "itcare": (itcare_api, itcare_inventory),
}


@pytest.mark.parametrize("provider", sorted(LISTINGS))
def test_the_inventory_reads_the_same_pages_as_the_modules_list(fast, monkeypatch, provider):
    """Over several pages, the inventory asks for the pages the module's list asks for, and finds the same clusters."""
    for module in PAGE_SIZES[provider]:
        monkeypatch.setattr(module, "PAGE_SIZE", 2)
    for number in range(5):
        SEEDERS[provider](fast, number)
    make_source, adapter_class, ident, is_list_page = LISTINGS[provider]

    fast.clear_log()
    source = make_source(fast.url, with_nodes=False)
    (listing,) = crawl([source], max_workers=4)
    inventory_pages = sorted(r["query"] for r in fast.requests(provider) if is_list_page(r["path"]))

    fast.clear_log()
    listed = adapter_class(make_source(fast.url).api).list({})
    module_pages = sorted(r["query"] for r in fast.requests(provider) if is_list_page(r["path"]))

    assert listing.error is None
    assert sorted(c.id for c in listing.clusters) == sorted(ident(state) for state in listed)
    assert len(listing.clusters) == 5
    assert inventory_pages == module_pages and len(module_pages) >= 3


FIRST_LIST_PAGE = {
    "nks": "^/v1/clusters$",
    "deployme": "^/v1/clusters$",
    "itcare": "/kubernetes$",
    "ecns": "/namespace/$",
}
SOURCES_BY_PROVIDER = {"nks": nks_source, "deployme": deployme_source, "itcare": itcare_source, "ecns": ecns_source}


@pytest.mark.parametrize("provider", sorted(FIRST_LIST_PAGE))
def test_a_transient_failure_is_retried_as_for_the_modules(fast, provider):
    """The sources' requests go through the transport: a 503 on the first list page is sent again."""
    if provider in SEEDERS:
        SEEDERS[provider](fast, 0)
    fast.clear_log()
    rule = {"provider": provider, "method": "GET", "path": FIRST_LIST_PAGE[provider]}
    fast.faults({**rule, "status": 503, "retry_after": 0, "times": 1})
    source = SOURCES_BY_PROVIDER[provider](fast.url, with_nodes=False)
    (listing,) = crawl([source], max_workers=2)
    assert listing.error is None and listing.clusters
    assert [r["status"] for r in fast.requests(provider) if r["fault"]] == [503]
    assert any(record.attempt == 1 for record in source.transport.history)


class EchoingSession:
    """A provider that refuses every request and quotes the credential it was sent."""

    verify = True

    def __init__(self):
        self.calls = []

    def request(self, method, url, **options):
        self.calls.append(url)
        headers = options.get("headers") or {}
        sent = headers.get("Authorization") or headers.get("X-Auth-Token")
        return FakeResponse(403, {"message": f"credential {sent} refused"})


@pytest.mark.parametrize("provider", sorted(SOURCES_BY_PROVIDER))
def test_a_listing_error_never_shows_the_credential(provider):
    session = EchoingSession()
    connection = Connection(provider=provider, auth={"token": "s3cr3t-tok", "project_id": "demo"}, api_url="http://emu")
    api = {"nks": NksApi, "deployme": DeploymeApi, "itcare": ItcareApi, "ecns": EcnsApi}[provider]
    source = SOURCES[provider](api(connection, session=session), Selection(), with_nodes=False)
    (listing,) = crawl([source], max_workers=2)
    assert isinstance(listing.error, ApiError) and listing.error.status == 403
    assert "s3cr3t-tok" not in listing.error.message and "********" in listing.error.message
    assert session.calls, "the source sent its request through the API's transport"


def test_itcare_follows_last_when_the_first_page_gives_no_page_count():
    """Spring may leave out ``totalPages``; the list then goes on until a page says it is the ``last``."""
    pages = [
        {"content": [{"id": 1, "name": "a", "status": "ACTIVE"}], "last": False, "number": 0},
        {"content": [{"id": 2, "name": "b", "status": "ACTIVE"}], "last": False, "number": 1},
        {"content": [{"id": 3, "name": "c", "status": "ACTIVE"}], "last": True, "number": 2},
    ]
    session = FakeSession(*(FakeResponse(200, page) for page in pages))
    api = ItcareApi(Connection(provider="itcare", auth={"token": "t"}, api_url="http://emu/itcare"), session=session)
    (listing,) = crawl([ItcareSource(api, Selection(), with_nodes=False)], max_workers=2)
    assert listing.error is None and sorted(c.name for c in listing.clusters) == ["a", "b", "c"]
    assert [call[2]["params"]["page"] for call in session.calls] == [0, 1, 2]

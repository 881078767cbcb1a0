"""Inventory sources against the emulator: every page, node groups, filters, failures, the bounded pool."""

from __future__ import annotations

import threading

import pytest

from ansible_collections.kaas.cloud.plugins.module_utils import inventory_sources
from ansible_collections.kaas.cloud.plugins.module_utils.errors import ApiError, ValidationError
from ansible_collections.kaas.cloud.plugins.module_utils.inventory_sources import (
    DeploymeSource,
    NksSource,
    NodeSource,
    Selection,
    Step,
    crawl,
)
from ansible_collections.kaas.cloud.plugins.module_utils.providers.base import Connection
from ansible_collections.kaas.cloud.plugins.module_utils.providers.deployme import DeploymeApi
from ansible_collections.kaas.cloud.plugins.module_utils.providers.nks import NksApi
from support.inventory import SEED_TIME_SCALE, deployme_entry, nks_entry, seed_deployme, seed_nks, set_time_scale

from .fakes import FakeResponse, FakeSession


@pytest.fixture
def fast(cloud):
    """Operations end at once, so seeded clusters are complete when listed."""
    before = set_time_scale(cloud, SEED_TIME_SCALE)
    yield cloud
    set_time_scale(cloud, before)


EVERYTHING = Selection()


def nks_source(url, selection=EVERYTHING, with_nodes=True):
    entry = nks_entry(url)
    api = NksApi(Connection(provider="nks", auth=entry["auth"], api_url=entry["api_url"]))
    return NksSource(api, selection, with_nodes)


def deployme_source(url, selection=EVERYTHING, with_nodes=True):
    api = DeploymeApi(Connection(provider="deployme", auth={"token": "demo"}, api_url=deployme_entry(url)["api_url"]))
    return DeploymeSource(api, selection, with_nodes)


def test_nks_follows_every_page_of_clusters_and_node_groups(fast, monkeypatch):
    monkeypatch.setattr(inventory_sources, "NKS_PAGE_SIZE", 1)
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
    monkeypatch.setattr(inventory_sources, "DEPLOYME_PAGE_SIZE", 2)
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
    assert "follow-up" not in ran and "queued" not in ran


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

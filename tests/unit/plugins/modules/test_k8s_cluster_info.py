"""k8s_cluster_info with include: events and supported versions (NKS, ITCare), only when asked."""

from __future__ import annotations

from ansible_collections.kaas.cloud.plugins.modules import k8s_cluster, k8s_cluster_info
from support.harness import run_module

from .test_k8s_cluster_nks import CREATE


def reads(cloud):
    return [r["path"] for r in cloud.requests("nks") if r["method"] == "GET"]


def test_events_and_versions_only_when_included(cloud, nks_args):
    run_module(k8s_cluster.main, {**nks_args, **CREATE})
    run_module(k8s_cluster.main, {**nks_args, "name": "it-nks", "node_count": 2})
    connection = {k: v for k, v in nks_args.items() if k not in ("poll_interval", "wait_timeout")}

    cloud.clear_log()
    plain = run_module(k8s_cluster_info.main, {**connection, "name": "it-nks"})
    assert "events" not in plain["clusters"][0]["nks"] and "supported_versions" not in plain
    assert not [p for p in reads(cloud) if p.endswith("/events") or p == "/v1/supports"]

    full = run_module(k8s_cluster_info.main, {**connection, "include": ["events", "supported_versions"]})
    events = full["clusters"][0]["nks"]["events"]
    assert [(e["type"], e["state"]) for e in events] == [("CLUSTER_CREATE", "SUCCESS"), ("CLUSTER_RESIZE", "SUCCESS")]
    assert set(events[0]) == {
        "id",
        "uuid",
        "type",
        "state",
        "resource_type",
        "resource_name",
        "resource_uuid",
        "contents",
        "created_at",
        "updated_at",
    }
    versions = full["supported_versions"]
    assert {"version": "v1.30.3", "usable": True} in versions and {"version": "v1.17.6", "usable": False} in versions
    assert versions[0]["version"] == "v1.17.6"


def test_a_provider_without_them_fails_before_any_request(cloud, deployme_args):
    connection = {k: v for k, v in deployme_args.items() if k not in ("poll_interval", "wait_timeout")}
    result = run_module(k8s_cluster_info.main, {**connection, "include": ["events"]})
    assert result["failed"] and "provider deployme cannot include events" in result["msg"] and "nks" in result["msg"]
    assert cloud.requests() == []


def test_itcare_lists_its_products_as_supported_versions(cloud, itcare_args):
    """Every product ITCare lists is an upgrade target (one product at a time); one request, only when asked."""
    connection = {k: v for k, v in itcare_args.items() if k not in ("poll_interval", "wait_timeout")}
    cloud.clear_log()
    plain = run_module(k8s_cluster_info.main, connection)
    assert "supported_versions" not in plain
    assert not [r for r in cloud.requests("itcare") if r["path"] == "/compute/platform/products"]

    full = run_module(k8s_cluster_info.main, {**connection, "include": ["supported_versions"]})
    versions = [v["version"] for v in full["supported_versions"]]
    assert versions == sorted(versions, key=lambda v: tuple(int(p) for p in v.split("."))), versions
    assert {"1.29", "1.30"} <= set(versions) and all(v["usable"] for v in full["supported_versions"])
    assert len([r for r in cloud.requests("itcare") if r["path"] == "/compute/platform/products"]) == 1

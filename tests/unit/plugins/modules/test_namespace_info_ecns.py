"""namespace_info against the emulator (set-up helpers from test_namespace_ecns.py)."""

from __future__ import annotations

from ansible_collections.kaas.cloud.plugins.modules import namespace_info, secret
from support.harness import run_module

from .test_namespace_ecns import API, TEAM, api_requests, converge


def test_info_lists_namespaces_with_filters_and_quota_usage(cloud, ecns_object_args):
    converge({**ecns_object_args, **TEAM})
    run_module(
        secret.main,
        {**ecns_object_args, "namespace": "team-a", "name": "db", "type": "Opaque", "data": {"USER": "svc"}},
    )
    base = {k: v for k, v in ecns_object_args.items() if k != "cluster"}
    cloud.clear_log()
    every = run_module(namespace_info.main, base)
    assert [(n["cluster"], n["name"]) for n in every["namespaces"]] == [
        ("ecns-east", "default"),
        ("ecns-east", "kube-system"),
        ("ecns-east", "apps"),
        ("ecns-west", "default"),
        ("ecns-east", "team-a"),
    ]
    assert api_requests(cloud) == [("GET", f"{API}/namespace/clustertype/PROJECT_ALL/")]
    west = run_module(namespace_info.main, {**base, "cluster": "ecns-west"})
    assert [n["name"] for n in west["namespaces"]] == ["default"]
    assert run_module(namespace_info.main, {**base, "cluster_type": "EOS"})["namespaces"] == []
    secure = run_module(namespace_info.main, {**base, "business_type": "SecurityContainer"})
    assert {n["cluster"] for n in secure["namespaces"]} == {"ecns-east"}
    one = run_module(namespace_info.main, {**ecns_object_args, "name": "team-a", "include": ["quota_usage"]})
    (team,) = one["namespaces"]
    assert team["ecns"]["quota_usage"]["hard"]["secrets"] == 5
    assert team["ecns"]["quota_usage"]["used"]["secrets"] == 1
    assert team["ecns"]["quota_usage"]["hard"]["cpu"] == -1
    nameless = run_module(namespace_info.main, {**base, "name": "team-a"})
    assert nameless["failed"] and "option cluster is required" in nameless["msg"]
    assert cloud.api_writes("ecns") == []

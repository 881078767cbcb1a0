"""application_info on ECNS: applications by type, or one by name, against the emulator."""

from __future__ import annotations

from ansible_collections.kaas.cloud.plugins.modules import application, application_info
from support.harness import run_module

from .test_application_ecns import BLOG, SHOP


def converge(args, **kw):
    return run_module(application.main, args, **kw)


def test_info_lists_by_type_or_reads_one(cloud, ecns_args, ecns_object_args):
    converge({**ecns_args, **BLOG})
    converge({**ecns_args, "name": "empty"})
    converge({**ecns_args, **SHOP})
    cloud.clear_log()
    listed = run_module(application_info.main, ecns_object_args)
    assert [(a["name"], a["status"]) for a in listed["applications"]] == [("blog", "Running"), ("empty", "No workload")]
    hybrid = run_module(application_info.main, {**ecns_object_args, "product_type": "hybrid", "type": "Hybrid"})
    assert [a["name"] for a in hybrid["applications"]] == ["shop"]
    one = run_module(application_info.main, {**ecns_object_args, "name": "blog"})
    assert [a["workloads"][0]["name"] for a in one["applications"]] == ["blog-web"]
    none = run_module(application_info.main, {**ecns_object_args, "name": "ghost"})
    assert none["applications"] == [] and none["changed"] is False
    assert cloud.api_writes("ecns") == []


def test_bad_input_is_refused_before_any_request(cloud, ecns_object_args):
    result = run_module(application_info.main, {**ecns_object_args, "name": "Blog"})
    assert result["failed"] and "application name 'Blog' is invalid" in result["msg"], result
    assert [r for r in cloud.requests("ecns") if not r["path"].startswith("/identity")] == []


def test_a_provider_error_surfaces_with_its_message(cloud, ecns_object_args):
    result = run_module(application_info.main, {**ecns_object_args, "cluster": "no-such-cluster"})
    assert result["failed"] and "no-such-cluster" in result["msg"], result

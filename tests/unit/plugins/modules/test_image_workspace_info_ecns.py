"""image_workspace_info on ECNS (Harbor projects), against the emulator."""

from __future__ import annotations

from ansible_collections.kaas.cloud.plugins.modules import image_workspace_info
from support.ecns_registry import push, workspace
from support.harness import run_module


def registry(ecns_object_args):
    return {k: v for k, v in ecns_object_args.items() if k not in ("cluster", "namespace", "product_type")}


def test_lists_every_workspace_with_its_images_or_one(cloud, ecns_object_args):
    workspace(cloud, "team")
    workspace(cloud, "shared", public=True)
    push(cloud, "team", "nginx:1.25")
    cloud.clear_log()
    listed = run_module(image_workspace_info.main, registry(ecns_object_args))
    assert [(w["name"], w["public"], w["images"]) for w in listed["image_workspaces"]] == [
        ("team", False, ["nginx"]),
        ("shared", True, []),
    ]
    one = run_module(image_workspace_info.main, {**registry(ecns_object_args), "name": "shared"})
    assert [w["name"] for w in one["image_workspaces"]] == ["shared"]
    none = run_module(image_workspace_info.main, {**registry(ecns_object_args), "name": "ghost"})
    assert none["image_workspaces"] == [] and none["changed"] is False
    assert cloud.api_writes("ecns") == []


def test_bad_input_is_refused_before_any_request(cloud, ecns_object_args):
    result = run_module(image_workspace_info.main, {**registry(ecns_object_args), "name": "Team"})
    assert result["failed"] and "image workspace name 'Team' is invalid" in result["msg"], result
    assert [r for r in cloud.requests("ecns") if not r["path"].startswith("/identity")] == []


def test_a_provider_error_surfaces_with_its_message(cloud, ecns_object_args):
    cloud.faults({"provider": "ecns", "method": "GET", "path": "/harbor_projects/$", "status": 403})
    result = run_module(image_workspace_info.main, registry(ecns_object_args))
    assert result["failed"] and "403" in result["msg"], result

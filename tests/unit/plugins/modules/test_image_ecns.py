"""image on ECNS: describe an image, delete a tag, delete the image, against the emulator."""

from __future__ import annotations

import pytest

from ansible_collections.kaas.cloud.plugins.modules import image
from support.ecns_registry import IMAGES, push, workspace
from support.harness import run_module

REPO = f"{IMAGES}/repositories/team/nginx"


@pytest.fixture
def registry_args(cloud, ecns_object_args):
    """Connection only, and a workspace holding nginx:1.24 and nginx:1.25."""
    workspace(cloud, "team")
    push(cloud, "team", "nginx:1.24")
    push(cloud, "team", "nginx:1.25")
    cloud.clear_log()
    return {k: v for k, v in ecns_object_args.items() if k not in ("cluster", "namespace", "product_type")}


def converge(args, **kw):
    return run_module(image.main, args, **kw)


def test_describe_rerun_delete_tag_delete_image(cloud, registry_args):
    described = converge({**registry_args, "name": "team/nginx", "description": "# nginx"}, diff=True)
    assert described.get("changed"), described
    view = described["image"]
    assert (view["workspace"], view["image"], view["tags_count"], view["public"]) == ("team", "nginx", 2, False)
    assert (described["diff"]["before"]["description"], view["description"]) == ("", "# nginx")
    assert cloud.api_writes("ecns") == [("PUT", REPO, "")]

    cloud.clear_log()
    again = converge({**registry_args, "name": "team/nginx", "description": "# nginx"})
    assert again["changed"] is False and cloud.api_writes("ecns") == []

    cloud.clear_log()
    untagged = converge({**registry_args, "name": "team/nginx", "tag": "1.24", "state": "absent"}, diff=True)
    assert untagged["changed"] and untagged["image_tag"] == {}
    assert untagged["diff"]["before"]["tag"] == "1.24"
    assert converge({**registry_args, "name": "team/nginx", "tag": "1.24", "state": "absent"})["changed"] is False
    assert cloud.api_writes("ecns") == [("DELETE", f"{REPO}/tags/", "")]
    kept = converge({**registry_args, "name": "team/nginx", "tag": "1.25"})
    assert kept["changed"] is False and kept["image_tag"]["pull_command"].endswith("team/nginx:1.25")

    cloud.clear_log()
    deleted = converge({**registry_args, "name": "team/nginx", "state": "absent"})
    assert deleted["changed"] and deleted["image"] == {}
    assert converge({**registry_args, "name": "team/nginx", "state": "absent"})["changed"] is False
    assert cloud.api_writes("ecns") == [("DELETE", f"{IMAGES}/repositories/", "")]
    assert cloud.ecns("GET", REPO).status_code == 404


def test_check_mode_predicts_without_writing(cloud, registry_args):
    changed = converge({**registry_args, "name": "team/nginx", "description": "x"}, check=True, diff=True)
    assert changed["changed"] and changed["diff"]["after"]["description"] == "x"
    assert converge({**registry_args, "name": "team/nginx", "tag": "1.24", "state": "absent"}, check=True)["changed"]
    assert converge({**registry_args, "name": "team/nginx", "state": "absent"}, check=True)["changed"]
    assert cloud.api_writes("ecns") == []


def test_a_missing_image_or_tag_is_never_created(cloud, registry_args):
    missing = converge({**registry_args, "name": "team/redis", "description": "x"}, check=True)
    assert missing["failed"] and "push it with docker" in missing["msg"], missing
    no_tag = converge({**registry_args, "name": "team/nginx", "tag": "9.9"})
    assert no_tag["failed"] and "image tag 'team/nginx:9.9' (ecns) does not exist" in no_tag["msg"], no_tag
    assert cloud.api_writes("ecns") == []


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"name": "nginx"}, "must be <workspace>/<image>"),
        ({"name": "Team/nginx"}, "must be <workspace>/<image>"),
        ({"name": "team/nginx", "tag": "bad tag!"}, "tag 'bad tag!' is invalid"),
        ({"name": "team/nginx", "tag": "1.25", "description": "x"}, "mutually exclusive"),
    ],
)
def test_bad_input_is_refused_before_any_request(cloud, registry_args, options, message):
    result = converge({**registry_args, **options})
    assert result["failed"] and message in result["msg"], result
    assert [r for r in cloud.requests("ecns") if not r["path"].startswith("/identity")] == []


def test_a_provider_error_surfaces_with_its_message(cloud, registry_args):
    cloud.faults({"provider": "ecns", "method": "PUT", "path": "/repositories/team/nginx$", "status": 403})
    result = converge({**registry_args, "name": "team/nginx", "description": "x"})
    assert result["failed"] and "403" in result["msg"] and "team/nginx" in result["msg"], result


def test_a_missing_workspace_means_the_tag_is_already_absent(cloud, registry_args):
    result = converge({**registry_args, "name": "ghost/nginx", "tag": "1", "state": "absent"})
    assert result["changed"] is False and cloud.api_writes("ecns") == []

"""image_info on ECNS: images, tags, registry login (password only on request), storage and GC."""

from __future__ import annotations

import pytest

from ansible_collections.kaas.cloud.plugins.modules import image_info
from support.ecns_registry import IMAGES, docker_archive, push, workspace
from support.harness import run_module


@pytest.fixture
def registry_args(cloud, ecns_object_args):
    """Connection only; a private workspace with nginx (two tags) and a public one with redis."""
    workspace(cloud, "team")
    workspace(cloud, "shared", public=True)
    push(cloud, "team", "nginx:1.24")
    push(cloud, "team", "nginx:1.25")
    push(cloud, "shared", "redis:7")
    cloud.clear_log()
    return {k: v for k, v in ecns_object_args.items() if k not in ("cluster", "namespace", "product_type")}


def read(args, **options):
    return run_module(image_info.main, {**args, **options})


def test_lists_public_and_private_images_with_reads_only(cloud, registry_args):
    listed = read(registry_args)
    assert listed.get("changed") is False, listed
    assert [(i["name"], i["public"], i["tags_count"]) for i in listed["images"]] == [
        ("shared/redis", True, 1),
        ("team/nginx", False, 2),
    ]
    assert listed["images"][1]["size"] == 2 * len(docker_archive("nginx:1.25"))
    private = read(registry_args, public=False)
    assert [i["name"] for i in private["images"]] == ["team/nginx"]
    of_workspace = read(registry_args, workspace="shared")
    assert [i["name"] for i in of_workspace["images"]] == ["shared/redis"]
    assert cloud.api_writes("ecns") == []


def test_one_image_with_its_tags(cloud, registry_args):
    one = read(registry_args, name="team/nginx", include=["tags"])
    (nginx,) = one["images"]
    assert [t["tag_name"] for t in nginx["tags"]] == ["1.24", "1.25"]
    assert read(registry_args, name="team/ghost")["images"] == []


def test_login_without_password_unless_asked(cloud, registry_args):
    password = cloud.ecns("GET", f"{IMAGES}/loginfo/").json()["password"]
    plain = read(registry_args, name="team/nginx", include=["login"])
    assert set(plain["login"]) == {"username", "harbor_domain", "public_vip"}
    assert password not in str(plain)
    asked = read(registry_args, name="team/nginx", include=["login"], return_password=True)
    assert asked["login"]["password"] == password


def test_storage_and_gc(cloud, registry_args):
    before = read(registry_args, name="team/nginx", include=["storage", "gc"])
    storage = before["storage"]
    assert storage["total"] == storage["free"] + storage["used"] and storage["used"] > 0
    assert before["gc"] == {"status": "finished"}
    cloud.ecns(
        "DELETE", f"{IMAGES}/repositories/", json={"images": [{"harbor_project_name": "team", "image_name": "nginx"}]}
    )
    cloud.ecns("POST", f"{IMAGES}/system/gc/schedule", json={"type": "Manual"})
    during = read(registry_args, include=["gc"])
    assert during["gc"]["status"] in ("pending", "finished")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"name": "nginx"}, "must be <workspace>/<image>"),
        ({"workspace": "Team"}, "image workspace name 'Team' is invalid"),
        ({"return_password": True}, "return_password needs include: [login]"),
        ({"include": ["everything"]}, "include"),
    ],
)
def test_bad_input_is_refused_before_any_request(cloud, registry_args, options, message):
    result = read(registry_args, **options)
    assert result["failed"] and message in result["msg"], result
    assert [r for r in cloud.requests("ecns") if not r["path"].startswith("/identity")] == []


def test_a_provider_error_surfaces_with_its_message(cloud, registry_args):
    cloud.faults({"provider": "ecns", "method": "GET", "path": "/systeminfo/volumes$", "status": 403})
    result = read(registry_args, name="team/nginx", include=["storage"])
    assert result["failed"] and "403" in result["msg"], result

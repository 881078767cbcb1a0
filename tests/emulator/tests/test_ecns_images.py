"""ECNS image workspaces (1.7) and images (1.9): every endpoint, its refusals, storage and GC."""

from __future__ import annotations

import io
import json
import tarfile

import pytest
from ecns_helpers import Ecns
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from kaas_emulator.core.clock import ManualClock

IMAGES = "/api/ecns/image/images"
TOTAL = 5150212096


@pytest.fixture
def ecns(client: FlaskClient, clock: ManualClock) -> Ecns:
    return Ecns(client, clock)


def docker_archive(repo_tag: str | None, payload: bytes = b"layer" * 200) -> bytes:
    """A minimal ``docker save`` tarball: a layer and a manifest naming the tag."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        files = {"layer.tar": payload}
        if repo_tag is not None:
            manifest = [{"Config": "c.json", "RepoTags": [repo_tag], "Layers": ["layer.tar"]}]
            files["manifest.json"] = json.dumps(manifest).encode()
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def workspace(ecns: Ecns, name: str = "team", public: str = "false") -> TestResponse:
    return ecns.post(
        f"{IMAGES}/harbor_project", json={"harbor_project_name": name, "public": public}
    )


def upload(ecns: Ecns, data: bytes, project: str = "team", **form: str) -> TestResponse:
    fields = {"harbor_project_name": project, **form, "image": (io.BytesIO(data), "image.tar")}
    return ecns.post(f"{IMAGES}/upload_image/", data=fields, content_type="multipart/form-data")


def test_create_list_and_detail_workspaces(ecns: Ecns) -> None:
    created = workspace(ecns, "team", "true")
    assert created.status_code == 200, created.json
    assert created.json["harbor_project"]["public"] == "true"
    workspace(ecns, "other")
    listed = ecns.get(f"{IMAGES}/harbor_projects/?page=1&page_size=1&all=false").json
    assert [p["harbor_project_name"] for p in listed["harbor_projects"]] == ["team"]
    assert listed["count"] == 2
    one = ecns.get(f"{IMAGES}/harbor_project/other").json
    assert one["harbor_project"]["public"] == "false" and one["images"] == []
    assert one["harbor_project"]["domain_project_info"]["openstack_project_name"] == "demo"


def test_workspace_refusals(ecns: Ecns) -> None:
    bad = ecns.post(
        f"{IMAGES}/harbor_project", json={"harbor_project_name": "Team!", "public": True}
    )
    message = ecns.error(bad)["message"]
    assert bad.status_code == 400 and "harbor_project_name" in message and "public" in message
    workspace(ecns)
    assert workspace(ecns).status_code == 409
    assert ecns.get(f"{IMAGES}/harbor_project/ghost").status_code == 404
    assert ecns.get(f"{IMAGES}/harbor_projects/?all=maybe").status_code == 400
    # Registry paths live under the image product only.
    assert ecns.get("/api/ecns/eks/images/harbor_projects/").status_code == 404


def test_workspace_access_setting(ecns: Ecns) -> None:
    workspace(ecns)
    response = ecns.put(f"{IMAGES}/harbor_project/team", json={"public": "true"})
    assert response.status_code == 200
    assert ecns.get(f"{IMAGES}/harbor_project/team").json["harbor_project"]["public"] == "true"
    assert ecns.put(f"{IMAGES}/harbor_project/team", json={"public": "yes"}).status_code == 400
    assert ecns.put(f"{IMAGES}/harbor_project/ghost", json={"public": "true"}).status_code == 404


def test_workspace_delete_refuses_a_non_empty_workspace(ecns: Ecns) -> None:
    workspace(ecns)
    workspace(ecns, "spare")
    upload(ecns, docker_archive("nginx:1.25"))
    held = ecns.delete(f"{IMAGES}/harbor_project/", json={"harbor_projects": ["spare", "team"]})
    assert held.status_code == 409 and "delete them first" in ecns.error(held)["message"]
    assert ecns.get(f"{IMAGES}/harbor_project/spare").status_code == 200  # all or none
    gone = ecns.delete(f"{IMAGES}/harbor_project/", json={"harbor_projects": ["spare"]})
    assert gone.status_code == 200
    assert ecns.get(f"{IMAGES}/harbor_project/spare").status_code == 404
    assert ecns.delete(f"{IMAGES}/harbor_project/", json={"harbor_projects": []}).status_code == 400


def test_upload_names_the_image_from_the_archive_or_the_form(ecns: Ecns) -> None:
    workspace(ecns)
    archive = docker_archive("library/nginx:1.25")
    first = upload(ecns, archive)
    assert first.status_code == 200, first.json
    assert first.json["image_base"]["name"] == "nginx"
    assert first.json["tag"]["tag_name"] == "1.25"
    assert first.json["tag"]["size"] == len(archive)
    assert first.json["tag"]["pull_command"].endswith("/team/nginx:1.25")
    named = upload(ecns, docker_archive(None), image_name="nginx", tag_name="1.26")
    assert named.status_code == 200
    assert named.json["image_base"]["tags_count"] == 2


def test_upload_refusals(ecns: Ecns) -> None:
    workspace(ecns)
    unnamed = upload(ecns, docker_archive(None))
    assert unnamed.status_code == 400 and "RepoTags" in ecns.error(unnamed)["message"]
    assert upload(ecns, docker_archive("nginx:1"), project="ghost").status_code == 404
    assert upload(ecns, b"", image_name="x", tag_name="1").status_code == 400
    assert upload(ecns, b"x", image_name="Bad Name", tag_name="1").status_code == 400


def test_list_images_by_visibility(ecns: Ecns) -> None:
    workspace(ecns, "team", "false")
    workspace(ecns, "pub", "true")
    upload(ecns, docker_archive("nginx:1.25"))
    upload(ecns, docker_archive("redis:7"), project="pub")
    private = ecns.get(f"{IMAGES}/repositories/?public=false").json["images"]
    assert [(i["name"], i["public"]) for i in private] == [("nginx", "False")]
    public = ecns.get(f"{IMAGES}/repositories/?public=true&page=1&page_size=5").json["images"]
    assert [(i["name"], i["harbor_project_name"], i["public"]) for i in public] == [
        ("redis", "pub", "True")
    ]
    # Only an administrator may list without ``public``; the demo user is a member.
    assert ecns.get(f"{IMAGES}/repositories/").status_code == 403
    assert ecns.get(f"{IMAGES}/repositories/?public=yes").status_code == 400


def test_tags_detail_and_edit(ecns: Ecns) -> None:
    workspace(ecns)
    upload(ecns, docker_archive("nginx:1.25"))
    upload(ecns, docker_archive("nginx:1.26", b"x" * 5000))
    tags = ecns.get(f"{IMAGES}/repositories/team/nginx/tags/").json["tags"]
    assert [t["tag_name"] for t in tags] == ["1.25", "1.26"]
    info = ecns.get(f"{IMAGES}/repositories/team/nginx").json
    assert info["size"] == sum(t["size"] for t in tags) and info["pull_count"] == 0
    edited = ecns.put(f"{IMAGES}/repositories/team/nginx", json={"description": "# Nginx"})
    assert edited.status_code == 200
    assert edited.json["image_base"]["description"] == "# Nginx"
    assert ecns.put(f"{IMAGES}/repositories/team/nginx", json={}).status_code == 400
    assert ecns.get(f"{IMAGES}/repositories/team/ghost").status_code == 404
    assert ecns.get(f"{IMAGES}/repositories/team/ghost/tags/").status_code == 404


def test_delete_tags_and_images(ecns: Ecns) -> None:
    workspace(ecns)
    upload(ecns, docker_archive("nginx:1.25"))
    upload(ecns, docker_archive("nginx:1.26"))
    tags = f"{IMAGES}/repositories/team/nginx/tags/"
    assert ecns.delete(tags, json={"tags": ["1.25", "9.9"]}).status_code == 404
    assert ecns.delete(tags, json={"tags": ["1.25"]}).status_code == 200
    assert [t["tag_name"] for t in ecns.get(tags).json["tags"]] == ["1.26"]
    assert ecns.delete(tags, json={"tags": []}).status_code == 400
    body = {"images": [{"harbor_project_name": "team", "image_name": "nginx"}]}
    assert ecns.delete(f"{IMAGES}/repositories/", json=body).status_code == 200
    assert ecns.get(f"{IMAGES}/repositories/team/nginx").status_code == 404
    assert ecns.delete(f"{IMAGES}/repositories/", json=body).status_code == 404
    assert ecns.delete(f"{IMAGES}/repositories/", json={"images": [{}]}).status_code == 400


def test_login_info_carries_registry_credentials(ecns: Ecns) -> None:
    first = ecns.get(f"{IMAGES}/loginfo/").json
    assert set(first) == {"username", "password", "harbor_domain", "public_vip"}
    assert first["password"] and ecns.get(f"{IMAGES}/loginfo/").json == first


def test_storage_is_freed_by_garbage_collection(ecns: Ecns) -> None:
    workspace(ecns)
    archive = docker_archive("nginx:1.25", b"z" * 100_000)
    upload(ecns, archive)
    assert ecns.get(f"{IMAGES}/systeminfo/volumes").json == {
        "storage": {"free": TOTAL - len(archive), "total": TOTAL}
    }
    ecns.delete(f"{IMAGES}/repositories/team/nginx/tags/", json={"tags": ["1.25"]})
    # Deleted bytes stay used until a GC collects them.
    assert ecns.get(f"{IMAGES}/systeminfo/volumes").json["storage"]["free"] == TOTAL - len(archive)
    assert ecns.get(f"{IMAGES}/system/gc/schedule").json == {"job_status": "finished"}
    started = ecns.post(f"{IMAGES}/system/gc/schedule", json={"type": "Manual"})
    assert started.json == {"job_status": "pending"}
    ecns.settle(10)
    assert ecns.get(f"{IMAGES}/system/gc/schedule").json == {"job_status": "pending"}
    ecns.settle(60)
    assert ecns.get(f"{IMAGES}/system/gc/schedule").json == {"job_status": "finished"}
    assert ecns.get(f"{IMAGES}/systeminfo/volumes").json["storage"]["free"] == TOTAL


def test_stopping_a_gc_keeps_the_garbage(ecns: Ecns) -> None:
    workspace(ecns)
    archive = docker_archive("nginx:1.25")
    upload(ecns, archive)
    ecns.delete(f"{IMAGES}/repositories/team/nginx/tags/", json={"tags": ["1.25"]})
    ecns.post(f"{IMAGES}/system/gc/schedule", json={"type": "Manual"})
    stopped = ecns.post(f"{IMAGES}/system/gc/schedule", json={"type": "None"})
    assert stopped.json == {"job_status": "finished"}
    ecns.settle()
    assert ecns.get(f"{IMAGES}/systeminfo/volumes").json["storage"]["free"] == TOTAL - len(archive)
    assert ecns.post(f"{IMAGES}/system/gc/schedule", json={"type": "Auto"}).status_code == 400


def test_uniqueness_check_sees_workspaces(ecns: Ecns) -> None:
    check = "/api/ecns/eks/resources/HarborProject/team/"
    assert ecns.get(check).json == {"existence": False}
    workspace(ecns)
    assert ecns.get(check).json == {"existence": True}

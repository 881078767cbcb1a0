"""Helpers of the ECNS registry tests: images pushed straight to the emulator (the modules never push)."""

from __future__ import annotations

import io
import json
import tarfile

IMAGES = "/api/ecns/image/images"


def docker_archive(repo_tag: str, payload: bytes = b"layer" * 100) -> bytes:
    """A minimal ``docker save`` tarball whose manifest names ``repo_tag``."""
    buffer = io.BytesIO()
    manifest = json.dumps([{"Config": "c.json", "RepoTags": [repo_tag], "Layers": ["layer.tar"]}]).encode()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        for name, data in (("layer.tar", payload), ("manifest.json", manifest)):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def workspace(cloud, name: str, public: bool = False) -> None:
    body = {"harbor_project_name": name, "public": "true" if public else "false"}
    cloud.ecns("POST", f"{IMAGES}/harbor_project", json=body).raise_for_status()


def push(cloud, workspace_name: str, repo_tag: str, payload: bytes = b"layer" * 100) -> None:
    """Upload ``repo_tag`` into ``workspace_name`` (the portal's upload call)."""
    files = {"image": ("image.tar", docker_archive(repo_tag, payload))}
    answer = cloud.ecns("POST", f"{IMAGES}/upload_image/", files=files, data={"harbor_project_name": workspace_name})
    answer.raise_for_status()

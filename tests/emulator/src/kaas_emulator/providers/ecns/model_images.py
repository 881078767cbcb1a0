"""The image registry (Harbor) behind sections 1.7 and 1.9: workspaces, images, tags, GC.

A workspace is a Harbor project of the cloud project (not of a namespace). Stored
bytes are the sizes of the uploaded tags; deleting a tag or an image turns its bytes
into garbage that stays counted against the storage until a garbage collection
(``GC_SECONDS`` nominal) finishes, as in Harbor.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import secrets
import tarfile
from typing import Any

from kaas_emulator.core import operations
from kaas_emulator.core.clock import iso8601
from kaas_emulator.providers.ecns import catalog

HARBOR_KEY = "harbor"
IMAGE_PRODUCTS = ("image",)
STORAGE_TOTAL = 5150212096
GC_SECONDS = 30.0
GC = "gc"
HARBOR_DOMAIN = "harbor.ecns.local"
PUBLIC_VIP = "172.24.0.100"
DOCKER_VERSION = "20.10.24"
#: Harbor project names: lower-case alphanumerics split by single ``.``, ``_`` or ``-``.
PROJECT_NAME = re.compile(r"^[a-z0-9]+(?:[._-][a-z0-9]+)*$")
#: One path component of a Docker repository name (the emulator keeps names flat).
IMAGE_NAME = re.compile(r"^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$")
TAG_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")


def harbor(state: dict[str, Any], now: float, time_scale: float) -> dict[str, Any]:
    """The registry's state, a finished GC applied."""
    registry = state.setdefault(
        HARBOR_KEY, {"projects": {}, "images": {}, "garbage": 0, "gc": {}, "sequence": 0}
    )
    operations.settle(registry["gc"], now, time_scale, _collected)
    return registry


def _collected(gc: operations.Resource, operation: operations.Operation, at: float) -> bool:
    gc["freed"] = gc.pop("pending_bytes", 0)
    gc["finished_at"] = at
    return False


def next_seq(registry: dict[str, Any]) -> int:
    registry["sequence"] += 1
    return int(registry["sequence"])


def login(registry: dict[str, Any]) -> dict[str, str]:
    """The registry credentials of the project, made once per cloud."""
    if "password" not in registry:
        registry["password"] = secrets.token_urlsafe(24)
    return {
        "username": f"robot${catalog.PROJECT_NAME}",
        "password": registry["password"],
        "harbor_domain": HARBOR_DOMAIN,
        "public_vip": PUBLIC_VIP,
    }


def used_bytes(registry: dict[str, Any]) -> int:
    """Bytes of every stored tag plus the garbage not yet collected."""
    stored = sum(t["size"] for i in registry["images"].values() for t in i["tags"].values())
    gc = registry["gc"]
    in_flight = gc.get("pending_bytes", 0) if operations.current(gc) else 0
    return stored + registry["garbage"] + in_flight


def start_gc(registry: dict[str, Any], now: float) -> None:
    """Begin collecting the current garbage (a running GC keeps running)."""
    gc = registry["gc"]
    if operations.current(gc) is not None:
        return
    gc["pending_bytes"] = registry["garbage"]
    registry["garbage"] = 0
    operations.begin(gc, GC, GC_SECONDS, now)


def stop_gc(registry: dict[str, Any]) -> None:
    """Cancel a running GC: what it had not freed is garbage again."""
    gc = registry["gc"]
    if operations.current(gc) is None:
        return
    registry["garbage"] += gc.pop("pending_bytes", 0)
    del gc[operations.OPERATION_KEY]


def gc_status(registry: dict[str, Any]) -> str:
    """``pending`` while a GC runs, else ``finished`` (the API reference's two words)."""
    return "pending" if operations.current(registry["gc"]) is not None else "finished"


def domain_project_info() -> dict[str, str]:
    return {"domain_name": "Default", "openstack_project_name": catalog.PROJECT_NAME}


def render_project(registry: dict[str, Any], project: dict[str, Any]) -> dict[str, Any]:
    """The API reference's harbor_project_base Type (``public`` as the strings "true"/"false")."""
    return {
        "harbor_project_name": project["name"],
        "public": "true" if project["public"] else "false",
        "creation_time": iso8601(project["created_at"]),
        "image_count": len(images_of(registry, project["name"])),
        "domain_project_info": domain_project_info(),
    }


def images_of(registry: dict[str, Any], project: str) -> list[dict[str, Any]]:
    found = [i for i in registry["images"].values() if i["project"] == project]
    return sorted(found, key=lambda i: i["seq"])


def image_key(project: str, name: str) -> str:
    return f"{project}/{name}"


def render_image(registry: dict[str, Any], image: dict[str, Any]) -> dict[str, Any]:
    """ECNS's image_base Type (``public`` as "True"/"False", as its API reference writes it)."""
    public = registry["projects"][image["project"]]["public"]
    digest = hashlib.sha256(image_key(image["project"], image["name"]).encode()).hexdigest()
    return {
        "name": image["name"],
        "harbor_project_name": image["project"],
        "creation_time": iso8601(image["created_at"]),
        "tags_count": len(image["tags"]),
        "domain_project_info": domain_project_info(),
        "id": digest[:16],
        "description": image["description"],
        "public": "True" if public else "False",
    }


def reference(image: dict[str, Any]) -> str:
    """``<registry>/<workspace>/<image>``, what ``docker pull`` names."""
    return f"{HARBOR_DOMAIN}/{image['project']}/{image['name']}"


def render_tag(image: dict[str, Any], tag_name: str) -> dict[str, Any]:
    """The API reference's tag_info Type."""
    tag = image["tags"][tag_name]
    return {
        "tag_name": tag_name,
        "creation_time": iso8601(tag["created_at"]),
        "size": tag["size"],
        "docker_version": DOCKER_VERSION,
        "pull_command": f"docker pull {reference(image)}:{tag_name}",
    }


def image_info(registry: dict[str, Any], image: dict[str, Any]) -> dict[str, Any]:
    """The API reference's image_info Type: the base, the bytes used and the pull count."""
    return {
        "image_base": render_image(registry, image),
        "size": sum(t["size"] for t in image["tags"].values()),
        "pull_count": image["pull_count"],
    }


def repo_tag_of_archive(data: bytes) -> tuple[str, str] | None:
    """``(image, tag)`` of the first ``RepoTags`` entry of a ``docker save`` archive."""
    try:
        with tarfile.open(fileobj=io.BytesIO(data)) as archive:
            member = archive.extractfile("manifest.json")
            manifest = json.loads(member.read()) if member else None
    except (tarfile.TarError, KeyError, ValueError):
        return None
    tags = manifest[0].get("RepoTags") if isinstance(manifest, list) and manifest else None
    if not tags or not isinstance(tags[0], str) or ":" not in tags[0]:
        return None
    repository, tag = tags[0].rsplit(":", 1)
    return repository.rsplit("/", 1)[-1], tag

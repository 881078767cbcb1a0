# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""ECNS image registry (Harbor): workspaces, images and tags, on :class:`EcnsObject`.

ECNS API reference, 1.7 工作空间 (workspaces) and 1.9 镜像 (images).

The registry belongs to the cloud project, not to a namespace, and is served under
the product type ``image`` only, so these kinds never switch the session and always
use that product. An image is named as ``docker pull`` names it without the registry:
``<workspace>/<image>``. Images are pushed with ``docker push`` (or uploaded); the
collection edits their description and deletes images and tags. ECNS sends
``public`` as the strings ``"true"``/``"false"`` for a workspace and ``"True"``/``"False"``
for an image; both become booleans here.
"""

from __future__ import annotations

import re
from typing import Any

from ansible_collections.kaas.cloud.plugins.module_utils.errors import PlanError, ValidationError
from ansible_collections.kaas.cloud.plugins.module_utils.providers.contract import Field
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.objects import (
    Call,
    EcnsObject,
    ObjectState,
    Scope,
)

IMAGE_PRODUCT = "image"
#: Harbor's project-name rule.
WORKSPACE_NAME = re.compile(r"^[a-z0-9]+(?:[._-][a-z0-9]+)*$")
#: One path component of a Docker repository name.
IMAGE_NAME = re.compile(r"^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$")
TAG_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")
PUSH_HINT = "push it with docker (kaas.cloud.image_info include=login gives the registry) or upload it in the portal"


def as_bool(value: Any) -> bool | None:
    """``"true"``/``"True"``/``True`` -> True; ``None`` stays unset."""
    return None if value is None else str(value).lower() == "true"


def check_workspace_name(name: Any) -> None:
    """Harbor's project-name rule, or a ValidationError."""
    text = str(name)
    if not WORKSPACE_NAME.match(text) or len(text) > 255:
        raise ValidationError(
            f"image workspace name {text!r} is invalid: lower-case letters and digits split by single '.', '_' "
            "or '-', at most 255"
        )


def split_repository(name: Any) -> tuple[str, str]:
    """``(workspace, image)`` of ``<workspace>/<image>``, or a ValidationError saying what is wrong."""
    workspace, _slash, image = str(name).partition("/")
    if not WORKSPACE_NAME.match(workspace) or len(workspace) > 255 or not IMAGE_NAME.match(image):
        raise ValidationError(
            f"image name {name!r} must be <workspace>/<image>: a workspace of lower-case letters and digits split by "
            "single '.', '_' or '-', and an image of lower-case letters and digits split by '.', '_', '__' or '-'"
        )
    return workspace, image


class RegistryObject(EcnsObject):
    """An object of the project's registry: no namespace, always the ``image`` product."""

    namespaced = False

    @staticmethod
    def in_registry(desired: dict[str, Any]) -> dict[str, Any]:
        return {**desired, "product_type": IMAGE_PRODUCT}

    def validate(self, desired: dict[str, Any]) -> None:
        super().validate(self.in_registry(desired))

    def find(self, desired: dict[str, Any]) -> ObjectState | None:
        return super().find(self.in_registry(desired))

    def list(self, filters: dict[str, Any]) -> list[ObjectState]:
        return super().list(self.in_registry(filters))

    def create(self, desired: dict[str, Any]) -> ObjectState:
        return super().create(self.in_registry(desired))

    def view(self, current: ObjectState) -> dict[str, Any]:
        view = super().view(current)
        del view["product_type"]  # always "image": nothing to tell
        return view


class EcnsImageWorkspace(RegistryObject):
    """A workspace (Harbor project): a named, public or private, set of images."""

    resource = "image_workspace"
    kind = "image workspace"
    list_call = Call("GET", "images/harbor_projects/", (("all", "false"),))
    list_key = "harbor_projects"
    paged = True
    # The detail adds the workspace's images.
    list_is_summary = True
    detail_call = Call("GET", "images/harbor_project/{name}")
    create_call = Call("POST", "images/harbor_project")
    update_call = Call("PUT", "images/harbor_project/{name}")
    delete_call = Call("DELETE", "images/harbor_project/")
    fields = (Field("public", mutable=True, normalize=as_bool),)

    def check_name(self, name: Any) -> None:
        check_workspace_name(name)

    @staticmethod
    def _project(item: dict[str, Any]) -> dict[str, Any]:
        """The harbor_project_base of a detail answer, or the list item itself."""
        project = item.get("harbor_project")
        return project if isinstance(project, dict) else item

    def name_of(self, item: dict[str, Any]) -> str:
        return str(self._project(item).get("harbor_project_name") or "")

    def create_body(self, desired: dict[str, Any]) -> dict[str, Any]:
        # A new workspace is private unless the task says otherwise (the safer default).
        return {"harbor_project_name": desired["name"], "public": "true" if desired.get("public") else "false"}

    def update_body(self, current: ObjectState, changes: dict[str, Any], desired: dict[str, Any]) -> dict[str, Any]:
        return {"public": "true" if changes["public"] else "false"}

    def delete_body(self, current: ObjectState) -> dict[str, Any]:
        return {"harbor_projects": [self.name_of(current.item)]}

    def item_view(self, item: dict[str, Any]) -> dict[str, Any]:
        project = self._project(item)
        domain = project.get("domain_project_info") or {}
        images = item.get("images")
        return {
            "public": as_bool(project.get("public")),
            "image_count": project.get("image_count"),
            "images": [i.get("name") for i in images] if isinstance(images, list) else None,
            "creation_time": project.get("creation_time"),
            "domain": domain.get("domain_name"),
            "project": domain.get("openstack_project_name"),
        }


class RepositoryPaths:
    """A Harbor repository ``<workspace>/<image>`` is two segments of its paths, each encoded on its own."""

    def path_values(self, name: str) -> dict[str, str]:
        workspace, _slash, image = name.partition("/")
        return {"name": name, "workspace": workspace, "image": image}


class EcnsImage(RepositoryPaths, RegistryObject):
    """An image (Harbor repository) ``<workspace>/<image>``; only its description changes in place."""

    resource = "image"
    kind = "image"
    list_call = Call("GET", "images/repositories/")
    list_key = "images"
    paged = True
    # The detail adds the bytes used and the pull count.
    list_is_summary = True
    detail_call = Call("GET", "images/repositories/{workspace}/{image}")
    update_call = Call("PUT", "images/repositories/{workspace}/{image}")
    delete_call = Call("DELETE", "images/repositories/")
    fields = (Field("description", mutable=True),)
    details_offered = ("tags", "login", "storage", "gc")
    tags_call = Call("GET", "images/repositories/{workspace}/{image}/tags/")
    login_call = Call("GET", "images/loginfo/")
    storage_call = Call("GET", "images/systeminfo/volumes")
    gc_call = Call("GET", "images/system/gc/schedule")

    def check_name(self, name: Any) -> None:
        split_repository(name)

    @staticmethod
    def _base(item: dict[str, Any]) -> dict[str, Any]:
        base = item.get("image_base")
        return base if isinstance(base, dict) else item

    def name_of(self, item: dict[str, Any]) -> str:
        base = self._base(item)
        return f"{base.get('harbor_project_name')}/{base.get('name')}"

    def check_plan(self, view: dict[str, Any] | None, changes: dict[str, tuple], desired: dict[str, Any]) -> None:
        if view is None:
            raise PlanError(f"{self.label(desired)} does not exist; {PUSH_HINT}")

    def update_body(self, current: ObjectState, changes: dict[str, Any], desired: dict[str, Any]) -> dict[str, Any]:
        return {"description": changes["description"] or ""}

    def delete_body(self, current: ObjectState) -> dict[str, Any]:
        workspace, image = split_repository(self.name_of(current.item))
        return {"images": [{"harbor_project_name": workspace, "image_name": image}]}

    def list(self, filters: dict[str, Any]) -> list[ObjectState]:
        # ECNS lists public or private images, never both at once for a project member.
        visibilities = [filters["public"]] if filters.get("public") is not None else [True, False]
        found: list[ObjectState] = []
        for public in visibilities:
            found.extend(super().list({**filters, "visibility": "true" if public else "false"}))
        workspace = filters.get("workspace")
        return [s for s in found if not workspace or self.name_of(s.item).partition("/")[0] == workspace]

    def list_params(self, filters: dict[str, Any]) -> dict[str, Any]:
        return {"public": filters["visibility"]}

    def tags(self, current: ObjectState) -> list[dict[str, Any]]:
        answer = self.send(self.tags_call, current.scope, self.name_of(current.item)) or {}
        return list(answer.get("tags") or [])

    def details(self, current: ObjectState, wanted: set[str]) -> dict[str, Any]:
        return {"tags": self.tags(current)} if "tags" in wanted else {}

    def account_details(self, wanted: set[str]) -> dict[str, Any]:
        """The registry's ``login`` (with its password: the caller decides what to return), ``storage``, ``gc``."""
        scope = Scope.of(self.in_registry({}), namespaced=False)
        found: dict[str, Any] = {}
        if "login" in wanted:
            found["login"] = dict(self.send(self.login_call, scope) or {})
        if "storage" in wanted:
            storage = (self.send(self.storage_call, scope) or {}).get("storage") or {}
            total, free = storage.get("total"), storage.get("free")
            used = total - free if isinstance(total, int) and isinstance(free, int) else None
            found["storage"] = {"total": total, "free": free, "used": used}
        if "gc" in wanted:
            found["gc"] = {"status": (self.send(self.gc_call, scope) or {}).get("job_status")}
        return found

    def item_view(self, item: dict[str, Any]) -> dict[str, Any]:
        base = self._base(item)
        return {
            "workspace": base.get("harbor_project_name"),
            "image": base.get("name"),
            "id": base.get("id"),
            "description": base.get("description") or "",
            "public": as_bool(base.get("public")),
            "tags_count": base.get("tags_count"),
            "size": item.get("size"),
            "pull_count": item.get("pull_count"),
            "creation_time": base.get("creation_time"),
        }


class EcnsImageTag(RepositoryPaths, RegistryObject):
    """One tag (version) of an image: it exists once pushed, and can only be deleted."""

    resource = "image_tag"
    kind = "image tag"
    tags_call = Call("GET", "images/repositories/{workspace}/{image}/tags/")
    delete_call = Call("DELETE", "images/repositories/{workspace}/{image}/tags/")
    fields = (Field("tag", compare=False),)
    # A tag is found by its name, never changed: it is the tag's identity, not a setting.
    identity_keys = ("tag",)

    def label(self, desired: dict[str, Any]) -> str:
        return f"image tag '{desired.get('name')}:{desired.get('tag')}' (ecns)"

    def check_name(self, name: Any) -> None:
        split_repository(name)

    def validate(self, desired: dict[str, Any]) -> None:
        super().validate(desired)
        tag = desired.get("tag")
        if tag is not None and not TAG_NAME.match(str(tag)):
            raise ValidationError(f"tag {tag!r} is invalid: up to 128 letters, digits, '_', '.' or '-'")

    def check_plan(self, view: dict[str, Any] | None, changes: dict[str, tuple], desired: dict[str, Any]) -> None:
        if view is None:
            raise PlanError(f"{self.label(desired)} does not exist; {PUSH_HINT}")

    def name_of(self, item: dict[str, Any]) -> str:
        return str(item.get("repository") or "")

    def _find_tag(self, scope: Scope, repository: str, tag: str, desired: dict[str, Any]) -> ObjectState | None:
        answer = self.get_or_none(self.url(self.tags_call, scope, repository))
        for item in (answer or {}).get("tags") or []:
            if item.get("tag_name") == tag:
                return ObjectState({**item, "repository": repository}, scope, desired)
        return None

    def find(self, desired: dict[str, Any]) -> ObjectState | None:
        registry = self.in_registry(desired)
        return self._find_tag(Scope.of(registry, namespaced=False), desired["name"], str(desired["tag"]), desired)

    def read(self, current: ObjectState) -> ObjectState | None:
        return self._find_tag(current.scope, current.item["repository"], current.item["tag_name"], current.desired)

    def delete_body(self, current: ObjectState) -> dict[str, Any]:
        return {"tags": [current.item["tag_name"]]}

    def item_view(self, item: dict[str, Any]) -> dict[str, Any]:
        workspace, image = split_repository(item["repository"])
        return {
            "workspace": workspace,
            "image": image,
            "tag": item.get("tag_name"),
            "size": item.get("size"),
            "docker_version": item.get("docker_version"),
            "pull_command": item.get("pull_command"),
            "creation_time": item.get("creation_time"),
        }

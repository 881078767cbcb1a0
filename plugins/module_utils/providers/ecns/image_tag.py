# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""ECNS image tags (ECNS API reference, 1.9 镜像): a tag exists once pushed, and can only be deleted."""

from __future__ import annotations

from typing import Any

from ansible_collections.kaas.cloud.plugins.module_utils.errors import ValidationError
from ansible_collections.kaas.cloud.plugins.module_utils.providers.contract import Field, named
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.image_common import (
    TAG_NAME,
    RepositoryObject,
    split_repository,
)
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.objects import (
    Call,
    ObjectState,
    Scope,
)


class EcnsImageTag(RepositoryObject):
    """One tag (version) of an image: it exists once pushed, and can only be deleted."""

    resource = "image_tag"
    kind = "image tag"
    delete_call = Call("DELETE", "images/repositories/{workspace}/{image}/tags/")
    fields = (Field("tag", compare=False),)
    # A tag is found by its name, never changed: it is the tag's identity, not a setting.
    identity_keys = ("tag",)

    def label(self, desired: dict[str, Any]) -> str:
        if desired.get("tag") is None:
            return f"tags of {named('image', desired.get('name'))} (ecns)"
        return f"image tag '{desired.get('name')}:{desired['tag']}' (ecns)"

    def validate(self, desired: dict[str, Any]) -> None:
        super().validate(desired)
        tag = desired.get("tag")
        if tag is not None and not TAG_NAME.match(str(tag)):
            raise ValidationError(f"tag {tag!r} is invalid: up to 128 letters, digits, '_', '.' or '-'")

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

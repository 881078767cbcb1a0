# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the ECNS image registry (Harbor) adapters share: workspaces, images and tags.

ECNS API reference, 1.7 工作空间 (workspaces) and 1.9 镜像 (images).

The registry belongs to the cloud project, not to a namespace, and is served under
the product type ``image`` only, so these kinds never switch the session and always
use that product. An image is named as ``docker pull`` names it without the registry:
``<workspace>/<image>``. Images are pushed with ``docker push`` (or uploaded); the
collection edits their description and deletes images and tags. ECNS sends
``public`` as the strings ``"true"``/``"false"`` for a workspace and ``"True"``/``"False"``
for an image; both become booleans here.

Each of the three has its own file: ``image_workspace.py``, ``image.py``, ``image_tag.py``.
"""

from __future__ import annotations

import re
from typing import Any

from ansible_collections.kaas.cloud.plugins.module_utils.errors import PlanError, ValidationError
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.objects import (
    Call,
    EcnsObject,
    ObjectState,
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


class RepositoryObject(RegistryObject):
    """An image or one of its tags: named ``<workspace>/<image>``, and pushed, never created here.

    The name is two segments of the paths, each encoded on its own.
    """

    tags_call = Call("GET", "images/repositories/{workspace}/{image}/tags/")

    def check_name(self, name: Any) -> None:
        split_repository(name)

    def path_values(self, name: str) -> dict[str, str]:
        workspace, _slash, image = name.partition("/")
        return {"name": name, "workspace": workspace, "image": image}

    def check_plan(self, view: dict[str, Any] | None, changes: dict[str, tuple], desired: dict[str, Any]) -> None:
        if view is None:
            raise PlanError(f"{self.label(desired)} does not exist; {PUSH_HINT}")

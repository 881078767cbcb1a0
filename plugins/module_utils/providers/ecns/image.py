# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""ECNS images (Harbor repositories ``<workspace>/<image>``; ECNS API reference, 1.9 镜像).

Images are pushed with ``docker push`` (or uploaded); the collection edits their
description and deletes them.
"""

from __future__ import annotations

from typing import Any

from ansible_collections.kaas.cloud.plugins.module_utils.providers.contract import Field
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.image_common import (
    RepositoryObject,
    as_bool,
    split_repository,
)
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.objects import (
    Call,
    ObjectState,
    Scope,
)
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.shapes import REGISTRY_LOGIN
from ansible_collections.kaas.cloud.plugins.module_utils.providers.shapes import pick


class EcnsImage(RepositoryObject):
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
    login_call = Call("GET", "images/loginfo/")
    storage_call = Call("GET", "images/systeminfo/volumes")
    gc_call = Call("GET", "images/system/gc/schedule")

    @staticmethod
    def _base(item: dict[str, Any]) -> dict[str, Any]:
        base = item.get("image_base")
        return base if isinstance(base, dict) else item

    def name_of(self, item: dict[str, Any]) -> str:
        base = self._base(item)
        return f"{base.get('harbor_project_name')}/{base.get('name')}"

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
            found["login"] = pick(dict(self.send(self.login_call, scope) or {}), REGISTRY_LOGIN)
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

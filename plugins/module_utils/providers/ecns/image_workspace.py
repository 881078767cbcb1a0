# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""ECNS image workspaces (Harbor projects; ECNS API reference, 1.7 工作空间).

A workspace is a named, public or private, set of images.
"""

from __future__ import annotations

from typing import Any

from ansible_collections.kaas.cloud.plugins.module_utils.providers.contract import Field
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.image_common import (
    RegistryObject,
    as_bool,
    check_workspace_name,
)
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.objects import (
    Call,
    ObjectState,
)


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

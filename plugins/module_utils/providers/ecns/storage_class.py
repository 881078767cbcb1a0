# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""ECNS storage classes (ECNS API reference, 1.20 存储管理), declared on :class:`EcnsObject`.

A class is found in the storage list of the session's cluster, so the module
switches the session to the task's cluster first (namespace ``default``: a class
belongs to the cluster). Its volume type is sent at creation only: the list does
not show it.
"""

from __future__ import annotations

from typing import Any

from ansible_collections.kaas.cloud.plugins.module_utils.errors import PlanError
from ansible_collections.kaas.cloud.plugins.module_utils.providers.contract import Field
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.objects import (
    Call,
    EcnsObject,
    ObjectState,
    Scope,
)
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.storage_common import (
    STORAGE,
    sorted_modes,
)


class EcnsStorageClass(EcnsObject):
    """A storage class of one cluster, backed by a Cinder volume type."""

    resource = "storage_class"
    kind = "storage class"
    list_call = Call("GET", STORAGE, (("type", "StorageClass"), ("cluster_selector", "current")))
    list_key = "storage_class"
    name_key = "class_name"
    create_call = Call("POST", "kubernetes/sc/{name}/")
    update_call = Call("PUT", "kubernetes/storageclass/{name}/default/")
    delete_call = Call("DELETE", "kubernetes/sc/{name}/")
    # Whether the class is the default one takes a call of its own after the creation.
    set_after_create = frozenset({"default"})
    fields = (
        Field("cluster"),
        Field("product_type"),
        Field("volume_type", compare=False),
        Field("default", mutable=True, api_name="is_default"),
    )

    def create_body(self, desired: dict[str, Any]) -> dict[str, Any]:
        return {"volume_type": desired["volume_type"]} if desired.get("volume_type") else {}

    def update_body(self, current: ObjectState, changes: dict[str, Any], desired: dict[str, Any]) -> Any:
        return None

    def update_params(self, current: ObjectState, changes: dict[str, Any], desired: dict[str, Any]) -> dict[str, Any]:
        return {"action": "set" if changes["default"] else "unset"}

    def check_plan(self, view: dict[str, Any] | None, changes: dict[str, tuple], desired: dict[str, Any]) -> None:
        wanted = desired.get("volume_type")
        if view is None and wanted:
            scope = Scope.of(desired)
            self.enter(scope)
            known = self.transport.request("GET", self.api.path(scope.product_type, "volumes/")) or []
            names = [t.get("name") for t in known if isinstance(t, dict)]
            if wanted not in names and wanted not in [t.get("id") for t in known if isinstance(t, dict)]:
                raise PlanError(
                    f"{self.label(desired)}: volume type {wanted!r} does not exist in ECNS "
                    f"(volume types: {', '.join(sorted(map(str, names))) or 'none'})"
                )

    def view(self, current: ObjectState) -> dict[str, Any]:
        # A class belongs to the cluster: the namespace the session uses says nothing about it.
        located = super().view(current)
        located.pop("namespace", None)
        return located

    def item_view(self, item: dict[str, Any]) -> dict[str, Any]:
        return {
            "default": bool(item.get("is_default")),
            "provisioner": item.get("provisioner"),
            "access_modes": sorted_modes(item.get("access_modes") or []),
            "cluster_addr": item.get("cluster_addr"),
            "creation_time": item.get("creation_time"),
        }

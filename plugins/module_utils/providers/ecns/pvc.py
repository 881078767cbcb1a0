# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""ECNS persistent volume claims (ECNS API reference, 1.15 持久卷声明), declared on :class:`EcnsObject`.

A claim is found in the storage list of its namespace. It cannot be changed after
creation (ECNS has no update call), so its class, capacity and access modes are
immutable; creating one checks first that its storage class exists and offers the
access modes asked for.
"""

from __future__ import annotations

from typing import Any

from ansible_collections.kaas.cloud.plugins.module_utils.errors import PlanError, ValidationError
from ansible_collections.kaas.cloud.plugins.module_utils.providers.contract import FAILED, PENDING, READY, Field, Status
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.objects import (
    Call,
    EcnsObject,
    ObjectState,
)
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.shapes import ATTACHED_WORKLOAD
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.storage_class import EcnsStorageClass
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.storage_common import (
    ACCESS_MODES,
    STORAGE,
    capacity_text,
    sorted_modes,
)
from ansible_collections.kaas.cloud.plugins.module_utils.providers.shapes import pick

CLAIM_STATES = {"Bound": READY, "Pending": PENDING, "Lost": FAILED}


class EcnsPvc(EcnsObject):
    """A persistent volume claim of one namespace, provisioned from a storage class."""

    resource = "pvc"
    kind = "PVC"
    list_call = Call("GET", STORAGE, (("type", "PVC"), ("cluster_selector", "current")))
    list_key = "pvc"
    create_call = Call("POST", "kubernetes/pvc/{name}/")
    delete_call = Call("DELETE", "kubernetes/pvc/{name}/")
    fields = (
        Field("cluster"),
        Field("namespace"),
        Field("product_type"),
        Field("storage_class", api_name="storage_class_name"),
        Field("capacity", normalize=capacity_text),
        Field("access_modes", normalize=sorted_modes),
    )

    def validate(self, desired: dict[str, Any]) -> None:
        super().validate(desired)
        capacity_text(desired.get("capacity"))
        unknown = sorted(set(desired.get("access_modes") or ()) - set(ACCESS_MODES))
        if unknown:
            raise ValidationError(f"access_modes {', '.join(unknown)} must be among {', '.join(ACCESS_MODES)}")

    def check_plan(self, view: dict[str, Any] | None, changes: dict[str, tuple], desired: dict[str, Any]) -> None:
        if view is not None:
            return
        missing = [option for option in ("storage_class", "capacity") if desired.get(option) is None]
        if missing:
            raise PlanError(f"{self.label(desired)} does not exist; creating it needs {' and '.join(missing)}")
        # The class must exist in the cluster, and offer the access modes asked for.
        classes = EcnsStorageClass(self.api)
        found = classes.find({**desired, "name": desired["storage_class"]})
        if found is None:
            raise PlanError(
                f"{self.label(desired)}: storage class {desired['storage_class']!r} does not exist in cluster "
                f"{desired.get('cluster')!r}; create it first (kaas.cloud.storage_class)"
            )
        offered = found.item.get("access_modes") or []
        refused = [m for m in desired.get("access_modes") or () if offered and m not in offered]
        if refused:
            raise PlanError(
                f"{self.label(desired)}: storage class {desired['storage_class']!r} cannot provide "
                f"{', '.join(refused)} (it offers {', '.join(sorted(map(str, offered)))})"
            )

    def create_body(self, desired: dict[str, Any]) -> dict[str, Any]:
        claim: dict[str, Any] = {
            "name": desired["name"],
            "storage_class_name": desired["storage_class"],
            "capacity": capacity_text(desired["capacity"]),
        }
        if desired.get("access_modes"):
            claim["access_modes"] = list(desired["access_modes"])
        return {"pvc": claim}

    def status(self, current: ObjectState) -> Status:
        raw = str(current.item.get("status") or "Pending")
        reason = "the claim lost its volume" if raw == "Lost" else None
        return Status(CLAIM_STATES.get(raw, PENDING), raw, reason)

    def item_view(self, item: dict[str, Any]) -> dict[str, Any]:
        return {
            "storage_class": item.get("storage_class_name"),
            "capacity": item.get("capacity"),
            "access_modes": sorted_modes(item.get("access_modes") or []),
            "status": item.get("status"),
            "attached_workloads": pick(list(item.get("attached_workloads") or []), ATTACHED_WORKLOAD),
            "creation_time": item.get("creation_time"),
        }

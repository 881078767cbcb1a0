# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""ECNS storage classes (ECNS API reference, 1.20 存储管理) and PVCs (1.15 持久卷声明), declared on :class:`EcnsObject`.

Both are found in the storage list (``GET kubernetes/storage/?type=...``; ECNS has
no detail call for them) of the session's cluster, so the module switches the
session to the task's cluster first (namespace ``default`` for a storage class,
which belongs to the cluster). A class's volume type is sent at creation only:
the list does not show it. A claim cannot be changed after creation (ECNS has no
update call), so its class, capacity and access modes are immutable.
"""

from __future__ import annotations

import re
from typing import Any

from ansible_collections.kaas.cloud.plugins.module_utils.errors import PlanError, ValidationError
from ansible_collections.kaas.cloud.plugins.module_utils.providers.contract import FAILED, PENDING, READY, Field, Status
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.objects import (
    Call,
    EcnsObject,
    ObjectState,
    Scope,
)

STORAGE = "kubernetes/storage/"
ACCESS_MODES = ("ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany")
CLAIM_STATES = {"Bound": READY, "Pending": PENDING, "Lost": FAILED}
# A whole number of Mi, Gi or Ti; a bare number is Gi, as ECNS reads it.
CAPACITY = re.compile(r"^([1-9][0-9]{0,6})(Mi|Gi|Ti)?$")
UNITS = (("Ti", 1024 * 1024), ("Gi", 1024), ("Mi", 1))


def mebibytes(value: Any) -> int:
    """A capacity in MiB; ValidationError for anything ECNS would refuse."""
    match = CAPACITY.match(str(value).strip()) if not isinstance(value, bool) else None
    if match is None:
        raise ValidationError(
            f"capacity {value!r} must be a whole number of Mi, Gi or Ti such as 10Gi (a bare number is Gi)"
        )
    return int(match.group(1)) * dict(UNITS)[match.group(2) or "Gi"]


def capacity_text(value: Any) -> str | None:
    """A capacity in its largest whole unit (``1024Mi`` and ``1`` are both ``1Gi``), for comparing."""
    if value is None:
        return None
    size = mebibytes(value)
    unit, factor = next((u, f) for u, f in UNITS if size % f == 0)
    return f"{size // factor}{unit}"


def sorted_modes(value: Any) -> list[str] | None:
    """Access modes as a set (ECNS does not keep an order)."""
    return None if value is None else sorted(set(value))


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
            "access_modes": list(item.get("access_modes") or []),
            "cluster_addr": item.get("cluster_addr"),
            "creation_time": item.get("creation_time"),
        }


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
            "access_modes": list(item.get("access_modes") or []),
            "status": item.get("status"),
            "attached_workloads": list(item.get("attached_workloads") or []),
            "creation_time": item.get("creation_time"),
        }


#: ``storage_info``'s names for the parts of the storage list, and the ECNS ``type`` of each.
STORAGE_PARTS = {"storage_classes": "StorageClass", "pvcs": "PVC", "pvs": "PV"}


def volume_view(item: dict[str, Any]) -> dict[str, Any]:
    """A persistent volume in the portable shape (the API reference's pv Type, option names for its keys)."""
    return {
        "name": item.get("name"),
        "cluster": item.get("cluster"),
        "storage_class": item.get("storage_class_name"),
        "capacity": item.get("capacity"),
        "access_modes": list(item.get("access_modes") or []),
        "status": item.get("status"),
        "reclaim_policy": item.get("reclaim_policy"),
        "pvc_name": item.get("pvc_name"),
        "pvc_namespace": item.get("pvc_namespace"),
        "creation_time": item.get("creation_time"),
    }


def storage_report(claims: EcnsPvc, settings: dict[str, Any], parts: list[str], available_only: bool) -> dict[str, Any]:
    """What ``storage_info`` returns: the asked-for parts of one storage list call (+ volume types).

    With a cluster: that cluster's classes and volumes and the claims of the namespace
    (``cluster_selector=current``, after the namespace switch); without: every cluster
    and namespace the user can see (``all``).
    """
    scope = Scope.of(settings, namespaced=False)
    report: dict[str, Any] = {}
    types = [STORAGE_PARTS[part] for part in parts if part in STORAGE_PARTS]
    if types:
        query = {"type": ",".join(types), "cluster_selector": "current" if scope.cluster else "all"}
        if available_only:
            query["filter"] = "available"
        if scope.cluster:
            claims.api.use_scope(scope.product_type, scope.cluster, scope.namespace)
        answer = claims.transport.request("GET", claims.api.path(scope.product_type, STORAGE), params=query) or {}
        classes = EcnsStorageClass(claims.api)

        def located(item: dict[str, Any]) -> ObjectState:
            # With every cluster listed, each item is viewed in its own cluster and namespace.
            cluster = str(item.get("cluster") or scope.cluster)
            return ObjectState(item, Scope(scope.product_type, cluster, item.get("namespace") or scope.namespace))

        if "StorageClass" in types:
            report["storage_classes"] = [classes.view(located(i)) for i in answer.get("storage_class") or []]
        if "PVC" in types:
            report["pvcs"] = [claims.view(located(i)) for i in answer.get("pvc") or []]
        if "PV" in types:
            report["pvs"] = [volume_view(i) for i in answer.get("pv") or []]
    if "volume_types" in parts:
        listed = claims.transport.request("GET", claims.api.path(scope.product_type, "volumes/")) or []
        report["volume_types"] = [
            {"id": t.get("id"), "name": t.get("name"), "backend": t.get("type")} for t in listed if isinstance(t, dict)
        ]
    return report

# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What module ``storage_info`` returns: the asked-for parts of one ECNS storage list call.

Storage classes, claims and volumes (ECNS API reference, 1.20 存储管理), and the
volume types a class can use.
"""

from __future__ import annotations

from typing import Any

from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.objects import (
    ObjectState,
    Scope,
)
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.pvc import EcnsPvc
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.storage_class import EcnsStorageClass
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.storage_common import STORAGE, sorted_modes

#: ``storage_info``'s names for the parts of the storage list, and the ECNS ``type`` of each.
STORAGE_PARTS = {"storage_classes": "StorageClass", "pvcs": "PVC", "pvs": "PV"}


def volume_view(item: dict[str, Any]) -> dict[str, Any]:
    """A persistent volume in the portable shape (the API reference's pv Type, option names for its keys)."""
    return {
        "name": item.get("name"),
        "cluster": item.get("cluster"),
        "storage_class": item.get("storage_class_name"),
        "capacity": item.get("capacity"),
        "access_modes": sorted_modes(item.get("access_modes") or []),
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

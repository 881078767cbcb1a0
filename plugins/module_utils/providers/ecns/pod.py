# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""ECNS pods (ECNS API reference, 1.16 容器组), read only (module ``pod_info``).

The list gives each pod's status; the detail adds containers, conditions and events.
"""

from __future__ import annotations

from typing import Any

from ansible_collections.kaas.cloud.plugins.module_utils.errors import ValidationError
from ansible_collections.kaas.cloud.plugins.module_utils.providers.contract import get_path
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.objects import (
    Call,
    EcnsObject,
    is_kubernetes_name,
)
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.shapes import CONDITION, CONTAINER, EVENT
from ansible_collections.kaas.cloud.plugins.module_utils.providers.shapes import pick


class EcnsPod(EcnsObject):
    """Module ``pod_info``: pods of a namespace, or one with its detail."""

    resource = "pod"
    kind = "pod"
    list_call = Call("GET", "pods/")
    list_key = "pods"
    detail_call = Call("GET", "pods/pod/{name}/")

    def check_name(self, name: Any) -> None:
        # Pod names are DNS subdomains (StatefulSet and ReplicaSet pods add suffixes), up to 253.
        text = str(name)
        if not 0 < len(text) <= 253 or not all(is_kubernetes_name(part) for part in text.split(".")):
            raise ValidationError(f"pod name {name!r} is invalid: lower-case letters, digits, '-' and '.'")

    def name_of(self, item: dict[str, Any]) -> str:
        # A list item is the pod status; a detail wraps the pod in ``pod``.
        return str(item.get("name") or get_path(item, "pod.name") or "")

    def item_view(self, item: dict[str, Any]) -> dict[str, Any]:
        status = get_path(item, "pod.pod_status") if "pod" in item else item
        status = status if isinstance(status, dict) else {}
        view = {
            key: status.get(key)
            for key in ("status", "pod_ip", "host_ip", "images", "labels", "restart_count", "creation_time")
        }
        if "pod" in item:
            pod = item["pod"]
            view.update(
                containers=pick(pod.get("containers"), CONTAINER),
                restart_policy=pod.get("restart_policy"),
                conditions=pick(item.get("conditions"), CONDITION),
                events=pick(item.get("events"), EVENT),
            )
        return view

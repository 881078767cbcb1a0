# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""ECNS configmaps (ECNS API reference, 1.4 配置), declared on :class:`EcnsObject`.

ECNS calls the data ``config`` (a dict of strings); the module calls it ``data`` as
Kubernetes does. The update call replaces the whole data, so an update sends the
task's data, never a merge the task did not ask for. The list gives names and keys
only: ``configmap_info`` reads each detail for the values.
"""

from __future__ import annotations

from typing import Any

from ansible_collections.kaas.cloud.plugins.module_utils.errors import ValidationError
from ansible_collections.kaas.cloud.plugins.module_utils.providers.contract import Field
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.objects import Call, EcnsObject

#: Kubernetes' rule for data keys (ECNS passes them on to the cluster).
KEY_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")


def check_data(kind: str, data: Any) -> None:
    """Refuse keys Kubernetes refuses and values that are not text (shared by configmaps and secrets).

    Numbers are taken as their text (YAML reads ``PORT: 8080`` as a number); a boolean is
    refused, because YAML turns ``yes`` into ``True`` and the text to store is ambiguous.
    """
    for key, value in (data or {}).items():
        if not key or len(key) > 253 or set(key) - KEY_CHARACTERS:
            raise ValidationError(f"{kind} data key {key!r} must be 1 to 253 letters, digits, '-', '_' or '.'")
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise ValidationError(
                f"{kind} data value of {key!r} must be text or a number, got {type(value).__name__}; quote it"
            )


def as_text(data: Any) -> dict[str, str] | None:
    """``data`` with every value as text, as ECNS stores it."""
    return None if data is None else {str(key): str(value) for key, value in data.items()}


class EcnsConfigMap(EcnsObject):
    resource = "configmap"
    kind = "configmap"
    list_call = Call("GET", "kubernetes/configmaps/")
    list_key = "configmaps"
    list_is_summary = True
    detail_call = Call("GET", "kubernetes/configmap/{name}/")
    detail_key = "configmap"
    create_call = Call("POST", "kubernetes/configmap/{name}/")
    update_call = Call("PATCH", "kubernetes/configmap/{name}/")
    delete_call = Call("DELETE", "kubernetes/configmaps/")
    fields = (
        Field("cluster"),
        Field("namespace"),
        Field("product_type"),
        Field("data", mutable=True, api_name="config", normalize=as_text),
    )

    def validate(self, desired: dict[str, Any]) -> None:
        super().validate(desired)
        check_data(self.kind, desired.get("data"))

    def create_body(self, desired: dict[str, Any]) -> dict[str, Any]:
        return {"configmap": {"name": desired["name"], "config": as_text(desired.get("data")) or {}}}

    def delete_body(self, current: Any) -> dict[str, Any]:
        return {"configmaps": [self.name_of(current.item)]}

    def item_view(self, item: dict[str, Any]) -> dict[str, Any]:
        config = item.get("config")
        return {
            "data": dict(config) if isinstance(config, dict) else None,
            "keys": sorted(config) if isinstance(config, dict) else list(item.get("keys") or []),
            "creation_time": item.get("creation_time"),
        }

    def list_params(self, filters: dict[str, Any]) -> dict[str, Any]:
        return {"app_selector": filters["application"]} if filters.get("application") else {}

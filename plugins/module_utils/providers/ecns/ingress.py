# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""ECNS ingresses (ECNS API reference, 1.18 路由), declared on :class:`EcnsObject`.

An ingress is a list of routers (domain + path -> service:port). ECNS has no
detail call for it: it is found in the namespace's list. ``PATCH`` replaces the
routers, annotations and labels of the ingress its body names, so an update sends
the task's values over the current ones.
"""

from __future__ import annotations

import re
from typing import Any

from ansible_collections.kaas.cloud.plugins.module_utils.errors import ValidationError
from ansible_collections.kaas.cloud.plugins.module_utils.providers.contract import Field
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.objects import (
    Call,
    ObjectState,
    is_kubernetes_name,
)
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.scope import RemembersScope
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.service import fail_on
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.workload_rules import strip_unset

DOMAIN = re.compile(r"^(\*\.)?([a-z0-9]([-a-z0-9]*[a-z0-9])?\.)*[a-z0-9]([-a-z0-9]*[a-z0-9])?$")


ROUTER_FIELDS = ("domain", "path", "target_service", "service_port")


def router_list(value: Any) -> Any:
    """Routers as ECNS keeps them: unset keys dropped, ``/`` for a router without a path."""
    if value is None:
        return None
    routers = []
    for router in value:
        # Only the fields a task can give: ECNS may add others, which name no difference.
        kept = strip_unset({key: router.get(key) for key in ROUTER_FIELDS}) or {}
        kept.setdefault("path", "/")
        routers.append(kept)
    # A router is one (domain, path) rule: the list is a set, whatever order ECNS keeps.
    return sorted(routers, key=lambda router: (str(router.get("domain") or ""), str(router["path"])))


def check_routers(problems: list[str], routers: Any) -> None:
    """What the API refuses in routers, found before any request."""
    rules = []
    for index, router in enumerate(routers or []):
        at = f"routers[{index}]"
        domain, path = router.get("domain"), router.get("path")
        if domain is not None and (len(domain) > 253 or not DOMAIN.match(domain)):
            problems.append(f"{at}.domain {domain!r} is not a lower-case DNS name")
        if path is not None and not path.startswith("/"):
            problems.append(f"{at}.path {path!r} must start with '/'")
        if not is_kubernetes_name(router.get("target_service") or ""):
            problems.append(f"{at}.target_service {router.get('target_service')!r} is not a service name")
        port = router.get("service_port")
        if port is None or not 1 <= port <= 65535:
            problems.append(f"{at}.service_port must be a port from 1 to 65535, got {port!r}")
        rule = (domain or "", path or "/")
        if rule in rules:
            problems.append(f"{at}: domain {rule[0]!r} path {rule[1]!r} is routed twice")
        rules.append(rule)


class EcnsIngress(RemembersScope):
    """Module ``ingress``."""

    resource = "ingress"
    kind = "ingress"
    list_call = Call("GET", "ingress/")
    list_key = "ingresses"
    create_call = Call("POST", "ingress/")
    update_call = Call("PATCH", "ingress/")
    delete_call = Call("DELETE", "ingress/")
    details_offered = ("access",)
    fields = (
        Field("cluster"),
        Field("namespace"),
        Field("product_type"),
        Field("routers", mutable=True, normalize=router_list),
        Field("annotations", mutable=True),
        Field("labels", mutable=True),
    )

    def validate(self, desired: dict[str, Any]) -> None:
        super().validate(desired)
        problems: list[str] = []
        if desired.get("routers") == []:
            problems.append("routers must not be empty (delete the ingress with state=absent instead)")
        check_routers(problems, desired.get("routers"))
        for key in ("labels", "annotations"):
            for name, value in (desired.get(key) or {}).items():
                if not isinstance(value, str):
                    problems.append(f"{key}.{name} must be text, got {type(value).__name__}; quote it")
        fail_on(problems, "ECNS ingress")

    def check_plan(self, view: dict[str, Any] | None, changes: dict[str, tuple], desired: dict[str, Any]) -> None:
        if view is None and not desired.get("routers"):
            raise ValidationError(f"creating {self.label(desired)} needs routers")

    def create_body(self, desired: dict[str, Any]) -> dict[str, Any]:
        return {
            "ingress": {
                "name": desired["name"],
                "routers": router_list(desired.get("routers")) or [],
                "annotations": dict(desired.get("annotations") or {}),
                "labels": dict(desired.get("labels") or {}),
            }
        }

    def update_body(self, current: ObjectState, changes: dict[str, Any], desired: dict[str, Any]) -> dict[str, Any]:
        merged = {**self.item_view(current.item), **{k: v for k, v in desired.items() if v is not None}}
        return self.create_body({**merged, "name": self.name_of(current.item)})

    def delete_body(self, current: ObjectState) -> dict[str, Any]:
        return {"ingress": [self.name_of(current.item)]}

    def item_view(self, item: dict[str, Any]) -> dict[str, Any]:
        return {
            "routers": router_list(item.get("routers")) or [],
            "annotations": dict(item.get("annotations") or {}),
            "labels": dict(item.get("labels") or {}),
            "creation_time": item.get("creation_time"),
        }

    def list_params(self, filters: dict[str, Any]) -> dict[str, Any]:
        return {"app_selector": filters["selector"]} if filters.get("selector") else {}

    def account_details(self, wanted: set[str]) -> dict[str, Any]:
        """路由access: the URI of every router of the namespace listed (one more read)."""
        scope = self.last_scope
        if "access" not in wanted or scope is None:
            return {}
        self.enter(scope)
        # A set of URIs: shown sorted, whatever order ECNS answers them in.
        return {
            "access": sorted(self.transport.request("GET", self.api.path(scope.product_type, "access/")) or [], key=str)
        }

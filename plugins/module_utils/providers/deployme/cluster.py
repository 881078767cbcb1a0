# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""deployme.cloud clusters: ``/v1/clusters`` (the API access, token and errors, is in ``api.py``).

The smallest of the four APIs: clusters only, and only ``workers`` and
``node_size`` can change after creation. See docs/providers/deployme.md for the
choices made where the provider's document is silent.
"""

from __future__ import annotations

import re
from typing import Any

from ansible_collections.kaas.cloud.plugins.module_utils.errors import ValidationError
from ansible_collections.kaas.cloud.plugins.module_utils.providers.contract import (
    FAILED,
    PENDING,
    READY,
    Field,
    ResourceAdapter,
    Status,
)
from ansible_collections.kaas.cloud.plugins.module_utils.providers.paging import (
    Page,
    every_page,
    numbered_page,
    unique_by_name,
)
from ansible_collections.kaas.cloud.plugins.module_utils.transport import fill_path

NAME_PATTERN = re.compile(r"^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$")
NAME_MAX = 63
# The document shows ids like cls_abc123 and states no rule: letters, digits, '_' and '-'
# (docs/providers/deployme.md), which keeps an id one path segment.
ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$")
CLUSTERS = "/v1/clusters"
CLUSTER_PATH = CLUSTERS + "/{id}"
NODE_SIZES = ("small", "medium", "large", "xlarge")
PHASES = ("managed", "onpremise", "baremetal")
CONTROL_PLANES = (1, 3)
WORKERS_MAX = 100
PAGE_SIZE = 100
STATUSES = ("provisioning", "running", "scaling", "upgrading", "error", "deleting")
BUSY = frozenset({"provisioning", "scaling", "upgrading", "deleting"})


def total_nodes(cluster: dict[str, Any]) -> int | None:
    """``node_count``, or control planes plus workers where the answer leaves it out (a create's does)."""
    count = cluster.get("node_count")
    if count is not None:
        return int(count)
    parts = (cluster.get("control_planes"), cluster.get("workers"))
    return sum(parts) if all(isinstance(part, int) for part in parts) else None


class DeploymeCluster(ResourceAdapter):
    """A deployme cluster; its portable ``node_count`` is deployme's ``workers``."""

    resource = "cluster"
    # Its document gives no durations; clusters take minutes (docs/providers/deployme.md).
    shortest_operation = 60.0
    fields = (
        Field("node_count", mutable=True, api_name="workers"),
        Field("node_size", mutable=True),
        Field("deployme.control_planes"),
        Field("deployme.phase"),
        Field("deployme.infra_id"),
    )

    def validate(self, desired: dict[str, Any]) -> None:
        ident = desired.get("id")
        if ident is not None and not ID_PATTERN.match(str(ident)):
            raise ValidationError(
                f"id {str(ident)!r} is not a deployme cluster id: letters, digits, '_' or '-' (like cls_abc123), "
                "starting with a letter or digit, at most 128 characters"
            )
        name = desired.get("name")
        if name is not None and (not NAME_PATTERN.match(name) or len(name) > NAME_MAX):
            raise ValidationError(
                f"deployme cluster name {name!r} is invalid: use letters, digits and single dashes "
                f"between them, at most {NAME_MAX} characters"
            )
        workers = desired.get("node_count")
        if workers is not None and not 1 <= workers <= WORKERS_MAX:
            raise ValidationError(f"node_count must be between 1 and {WORKERS_MAX} for deployme, got {workers}")
        size = desired.get("node_size")
        if size is not None and size not in NODE_SIZES:
            raise ValidationError(f"node_size {size!r} is not a deployme size; choose one of {', '.join(NODE_SIZES)}")
        block = desired.get("deployme", {})
        if block.get("control_planes") is not None and block["control_planes"] not in CONTROL_PLANES:
            raise ValidationError(f"deployme.control_planes must be 1 or 3, got {block['control_planes']}")
        phase = block.get("phase")
        if phase is not None and phase not in PHASES:
            raise ValidationError(f"deployme.phase {phase!r} is invalid; choose one of {', '.join(PHASES)}")
        if phase not in (None, "managed") and not block.get("infra_id"):
            raise ValidationError(f"deployme.infra_id is required when deployme.phase is {phase}")
        if block.get("infra_id") and phase in (None, "managed"):
            raise ValidationError("deployme.infra_id only applies when deployme.phase is onpremise or baremetal")

    # -- reading -------------------------------------------------------------------------

    def list(self, filters: dict[str, Any]) -> list[Any]:
        params: dict[str, Any] = {}
        if filters.get("status"):
            if filters["status"] not in STATUSES:
                raise ValidationError(f"status {filters['status']!r} is not a deployme status ({', '.join(STATUSES)})")
            params["status"] = filters["status"]
        return every_page(lambda number: self.page(number, params), 1, what=CLUSTERS)

    def page(self, number: int, params: dict[str, Any] | None = None, size: int | None = None) -> Page:
        """Page ``number`` (from 1) of the clusters; ``total`` gives the page count."""
        size = size or PAGE_SIZE
        body = self.transport.request("GET", CLUSTERS, params={"per_page": size, **(params or {}), "page": number})
        body = body if isinstance(body, dict) else {}
        total, per_page = body.get("total"), body.get("per_page")
        per_page = per_page if isinstance(per_page, int) and per_page > 0 else size
        if not isinstance(total, int):
            return numbered_page(body.get("items") or [], number, more=False)
        return numbered_page(
            body.get("items") or [], number, more=number * per_page < total, pages=-(-total // per_page)
        )

    def find(self, desired: dict[str, Any]) -> Any:
        if desired.get("id"):
            return self._get(desired["id"])
        return unique_by_name(self.list({}), desired["name"], provider=self.provider, resource=self.resource)

    def read(self, current: Any) -> Any:
        return self._get(current["id"])

    def _get(self, cluster_id: str) -> Any:
        return self.get_or_none(fill_path(CLUSTER_PATH, id=cluster_id))

    def view(self, current: Any) -> dict[str, Any]:
        return {
            "provider": "deployme",
            "id": current.get("id"),
            "name": current.get("name"),
            "status": current.get("status"),
            "version": current.get("kubernetes_version"),
            "node_count": current.get("workers"),
            "node_size": current.get("node_size"),
            "endpoint": current.get("endpoint"),
            "created_at": current.get("created_at"),
            "updated_at": current.get("updated_at"),
            "deployme": {
                "control_planes": current.get("control_planes"),
                "phase": current.get("phase"),
                "infra_id": current.get("infra_id"),
                "total_nodes": total_nodes(current),
            },
        }

    def status(self, current: Any) -> Status:
        raw = current.get("status") or "unknown"
        if raw == "running":
            return Status(READY, raw)
        if raw in BUSY:
            return Status(PENDING, raw)
        reason = current.get("status_message") or current.get("error_message") or current.get("message")
        return Status(FAILED, raw, reason)

    def is_deleting(self, current: Any) -> bool:
        return current.get("status") == "deleting"

    # -- writing -------------------------------------------------------------------------

    def check_plan(self, view: dict[str, Any] | None, changes: dict[str, tuple], desired: dict[str, Any]) -> None:
        if view is not None:
            return
        missing = [k for k in ("node_count", "node_size") if desired.get(k) is None]
        if missing:
            raise ValidationError(f"creating deployme cluster {desired.get('name')!r} needs {' and '.join(missing)}")

    def create(self, desired: dict[str, Any]) -> Any:
        block = desired.get("deployme", {})
        body: dict[str, Any] = {
            "name": desired["name"],
            "control_planes": block.get("control_planes", 1),
            "workers": desired["node_count"],
            "node_size": desired["node_size"],
        }
        for key in ("phase", "infra_id"):
            if block.get(key) is not None:
                body[key] = block[key]
        return self.transport.request("POST", CLUSTERS, json=body)

    def update(self, current: Any, changes: dict[str, Any], desired: dict[str, Any]) -> Any:
        body = {}
        if "node_count" in changes:
            body["workers"] = changes["node_count"]
        if "node_size" in changes:
            body["node_size"] = changes["node_size"]
        return self.transport.request("PATCH", fill_path(CLUSTER_PATH, id=current["id"]), json=body)

    def delete(self, current: Any) -> Any:
        # deployme answers 204 and the cluster is "deleting" until it is gone.
        self.delete_unless_gone(fill_path(CLUSTER_PATH, id=current["id"]))
        return {**current, "status": "deleting"}

    def kubeconfig(self, current: Any) -> str:
        path = fill_path(CLUSTER_PATH + "/kubeconfig", id=current["id"])
        return self.transport.request("GET", path, headers={"Accept": "*/*"})

# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""ECNS workloads (Deployment, StatefulSet, DaemonSet) for the shared reconciler.

ECNS changes a workload through one narrow call per aspect (``?action=scale``,
``labels``, ``containers``, ``network``, ...), so an update is split into one step
per aspect that differs and nothing else is sent. Nested options (containers,
strategies, access modes) count as unchanged when the workload already has every
value the task sets: ECNS adds its own (assigned node ports, service names), which
must not make a re-run write again.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from ansible_collections.kaas.cloud.plugins.module_utils.errors import PlanError, ValidationError
from ansible_collections.kaas.cloud.plugins.module_utils.providers.contract import (
    FAILED,
    PENDING,
    READY,
    Field,
    ResourceAdapter,
    Status,
    named,
)
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns import workload_rules as rules
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.api import EcnsApi
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.objects import Scope
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.shapes import (
    CONDITION,
    EVENT,
    POD_STATUS,
    REVISION,
    WORKLOAD_TEMPLATE,
)
from ansible_collections.kaas.cloud.plugins.module_utils.providers.shapes import pick

DEFAULT_PRODUCT = "eks"
DEFAULT_NAMESPACE = "default"
DEFAULT_TYPE = "Deployment"
STATUS_STATES = {
    "Running": READY,
    "Stopped": READY,
    "Succeed": READY,
    "Pending": PENDING,
    "Removing": PENDING,
    "Unknown": PENDING,
    "Failed": FAILED,
}
# Option -> ``?action=`` of the PATCH that changes only it.
PATCH_ACTION = {
    "replicas": "scale",
    "labels": "labels",
    "update_strategy": "update_strategy",
    "scale_strategy": "scale_strategy",
    "scheduler_strategy": "scheduler_strategy",
    "network": "network",
    "access_modes": "access_modes",
}
#: The pod template: a change to it is a new revision (Kubernetes).
TEMPLATE = rules.TEMPLATE
# Order of the update steps: start before anything that needs pods, the pod template
# before a scale (new pods get the new template), stop last.
STEP_ORDER = (
    ("running_on",),
    ("containers", "volumes"),
    ("revision",),
    ("replicas",),
    ("labels",),
    ("update_strategy",),
    ("scale_strategy",),
    ("scheduler_strategy",),
    ("network",),
    ("access_modes",),
    ("application",),
    ("running_off",),
)


@dataclasses.dataclass
class WorkloadState:
    """A workload as read (the API reference's workload Type), its detail, and the task that asked."""

    workload: dict[str, Any]
    detail: dict[str, Any]
    scope: tuple[str, str, str]
    desired: dict[str, Any] = dataclasses.field(default_factory=dict)

    @property
    def name(self) -> str:
        return str(self.workload["workload_base"]["name"])

    @property
    def kind(self) -> str:
        return str(self.workload["workload_base"]["type"])

    @property
    def status(self) -> dict[str, Any]:
        return self.workload.get("workload_status") or {}


def _clean(value: Any, option: str | None = None) -> Any:
    """A value as compared and shown; requests send the task's own order (``rules.strip_unset``)."""
    return rules.clean(value, option)


def _container_spec(container: dict[str, Any]) -> dict[str, Any]:
    """A container without what the back end fills (its status)."""
    return {k: v for k, v in container.items() if k != "container_statuses"}


def scope_of(desired: dict[str, Any]) -> tuple[str, str, str]:
    """(product type, cluster, namespace) of a task."""
    cluster = desired.get("cluster")
    if not cluster:
        raise ValidationError("option cluster is required for ECNS workloads (the cluster name)")
    # The objects' rules for cluster and namespace, which are segments of the scope switch's path.
    scope = Scope.of(desired)
    return (scope.product_type, scope.cluster, scope.namespace)


def workload_body(desired: dict[str, Any]) -> dict[str, Any]:
    """The API reference's workload Type for a create, from the options of a workload (also an application's)."""
    kind = desired.get("type") or DEFAULT_TYPE
    base: dict[str, Any] = {"name": desired["name"], "type": kind}
    if kind != "DaemonSet":
        base["replicas"] = desired.get("replicas")
    body: dict[str, Any] = {"workload_base": base}
    for option, api_key in (
        *((path, path) for path in rules.COVERED if path != "access_modes"),
        ("access_modes", "access_mode"),
        ("labels", "labels"),
        ("application", "application_name"),
        ("application_type", "application_type"),
    ):
        value = rules.strip_unset(desired.get(option))
        if value is not None:
            body[api_key] = value
    return body


class EcnsWorkload(ResourceAdapter):
    """A workload of one ECNS namespace, addressed by name and type."""

    resource = "workload"
    api: EcnsApi
    # A rollout stuck on a bad image is fixed by changing the image or rolling back.
    repairable_by_update = True
    fields = (
        Field("cluster"),
        Field("namespace"),
        Field("product_type"),
        Field("type", api_name="workload_base.type"),
        Field("replicas", mutable=True, api_name="workload_base.replicas"),
        # What ECNS adds to a value the task set is not a difference (module docstring).
        *(
            Field(path, mutable=True, normalize=rules.cleaning(path), matches=rules.covering(path))
            for path in rules.COVERED
        ),
        Field("labels", mutable=True, normalize=_clean),
        Field("application", mutable=True, api_name="application_name"),
        Field("application_type", compare=False),
        Field("running", mutable=True),
        Field("revision", mutable=True, api_name="target_version"),
        Field("delete_service", compare=False),
        Field("force_delete", compare=False),
    )

    # -- reading ------------------------------------------------------------------------

    def label(self, desired: dict[str, Any]) -> str:
        return f"{named(desired.get('type') or DEFAULT_TYPE, desired.get('name'))} (ecns)"

    def validate(self, desired: dict[str, Any]) -> None:
        scope_of(desired)
        rules.check_workload(desired)

    def _one_path(self, scope: tuple[str, str, str], name: str) -> str:
        return self.api.path(scope[0], "workloads/workload/{name}/", name=name)

    def _get(self, scope: tuple[str, str, str], name: str, kind: str, desired: dict[str, Any]) -> WorkloadState | None:
        self.api.use_scope(*scope)
        detail = self.get_or_none(self._one_path(scope, name), {"workload_type": kind})
        if detail is None:
            return None
        return WorkloadState(detail.get("workload") or {}, detail, scope, desired)

    def find(self, desired: dict[str, Any]) -> WorkloadState | None:
        return self._get(scope_of(desired), desired["name"], desired.get("type") or DEFAULT_TYPE, desired)

    def read(self, current: WorkloadState) -> WorkloadState | None:
        return self._get(current.scope, current.name, current.kind, current.desired)

    def list(self, filters: dict[str, Any]) -> list[WorkloadState]:
        scope = scope_of(filters)
        self.api.use_scope(*scope)
        params = {"workload_type": filters["type"]} if filters.get("type") else {}
        found = self.api.paged(scope[0], "workloads/", "workloads", params)
        return [WorkloadState(item, {}, scope) for item in found]

    def status(self, current: WorkloadState) -> Status:
        raw = str(current.status.get("status") or "Unknown")
        reason = None
        if raw == "Failed":
            # Kubernetes puts the cause of a stuck rollout in the Progressing condition.
            failing = [c for c in current.detail.get("conditions") or [] if c.get("status") == "False"]
            failing.sort(key=lambda c: c.get("type") != "Progressing")
            reason = failing[0].get("message") if failing else None
        return Status(STATUS_STATES.get(raw, PENDING), raw, reason)

    def is_deleting(self, current: WorkloadState) -> bool:
        return current.status.get("status") == "Removing"

    def predicted(self, after: dict[str, Any], before: dict[str, Any]) -> dict[str, Any]:
        """A new pod template is a new revision; a rollback brings back the images of its revision.

        The API documentation's revisions list each revision's container images only,
        so a rollback is predicted as the current containers with those images.
        """
        if not before:
            return after
        kept = [r for r in before.get("revisions") or [] if isinstance(r, dict)]
        if after.get("revision") != before.get("revision"):
            target = next((r for r in kept if r.get("version") == after.get("revision")), None)
            images = (target or {}).get("image") or []
            containers = [dict(c) for c in after.get("containers") or []]
            for container, image in zip(containers, images, strict=False):
                if isinstance(image, dict):
                    container["image"] = dict(image)
            after["containers"] = containers
        elif any(_clean(after.get(key), key) != _clean(before.get(key), key) for key in TEMPLATE):
            after["revision"] = max((r.get("version") or 0 for r in kept), default=before.get("revision") or 0) + 1
        return after

    def view(self, current: WorkloadState) -> dict[str, Any]:
        """The workload from the fields the API reference names: what ECNS adds is left out (providers/shapes.py)."""
        workload, status = current.workload, current.status
        product, cluster, namespace = current.scope
        template = {
            option: pick(workload.get("access_mode" if option == "access_modes" else option), shape)
            for option, shape in WORKLOAD_TEMPLATE.items()
        }
        template["containers"] = [_container_spec(c) for c in template["containers"] or []]
        return {
            "name": current.name,
            "type": current.kind,
            "cluster": cluster,
            "namespace": namespace,
            "product_type": product,
            "replicas": workload["workload_base"].get("replicas"),
            **template,
            "labels": workload.get("labels") or {},
            "application": workload.get("application_name") or None,
            "running": status.get("status") != "Stopped",
            "revision": status.get("current_revision"),
            "status": status.get("status"),
            "ready_replicas": status.get("ready_replicas"),
            "available_replicas": status.get("available_replicas"),
            "unavailable_replicas": status.get("unavailable_replicas"),
            "images": status.get("images") or [],
            "creation_time": status.get("creation_time"),
            "pods": pick(workload.get("Pods_status") or [], POD_STATUS),
            "revisions": pick(current.detail.get("revisions") or [], REVISION),
            "conditions": pick(current.detail.get("conditions") or [], CONDITION),
            "events": pick(current.detail.get("events") or [], EVENT),
        }

    # -- planning -----------------------------------------------------------------------

    def check_plan(self, view: dict[str, Any] | None, changes: dict[str, tuple], desired: dict[str, Any]) -> None:
        if view is None:
            missing = [] if desired.get("containers") else ["containers"]
            if desired.get("type", DEFAULT_TYPE) != "DaemonSet" and desired.get("replicas") is None:
                missing.append("replicas")
            if missing:
                raise PlanError(f"{self.label(desired)} does not exist; creating it needs {' and '.join(missing)}")
            if desired.get("revision") is not None:
                raise PlanError(f"{self.label(desired)} does not exist, so there is no revision to roll back to")
            return
        if "revision" in changes:
            kept = [r.get("version") for r in view.get("revisions") or []]
            if desired["revision"] not in kept:
                raise PlanError(
                    f"{self.label(desired)} has no revision {desired['revision']} to roll back to "
                    f"(kept revisions: {', '.join(map(str, kept)) or 'none'})"
                )

    def split_update(self, changes: dict[str, Any]) -> list[dict[str, Any]]:
        keyed = dict(changes)
        if "running" in keyed:
            keyed["running_on" if keyed.pop("running") else "running_off"] = True
        steps = []
        for group in STEP_ORDER:
            step = {key: keyed[key] for key in group if key in keyed}
            if step:
                steps.append(step)
        return steps

    # -- writing ------------------------------------------------------------------------

    def _base(self, current: WorkloadState) -> list[dict[str, str]]:
        return [{"name": current.name, "type": current.kind}]

    def create(self, desired: dict[str, Any]) -> WorkloadState:
        scope = scope_of(desired)
        kind = desired.get("type") or DEFAULT_TYPE
        self.api.use_scope(*scope)
        self.transport.request(
            "POST", self.api.path(scope[0], "workloads/"), json={"workloads": [workload_body(desired)]}
        )
        created = self._get(scope, desired["name"], kind, desired)
        if created is None:
            raise ValidationError(f"{self.label(desired)} was accepted but cannot be read back")
        if desired.get("running") is False:
            self._put_action(created, "stop")
        return created

    def update(self, current: WorkloadState, changes: dict[str, Any], desired: dict[str, Any]) -> WorkloadState:
        scope, path = current.scope, self._one_path(current.scope, current.name)
        self.api.use_scope(*scope)
        if "running_on" in changes or "running_off" in changes:
            self._put_action(current, "start" if "running_on" in changes else "stop")
        elif "containers" in changes or "volumes" in changes:
            view = self.view(current)
            body = {
                "containers": rules.strip_unset(desired.get("containers")) or view["containers"],
                "volumes": rules.strip_unset(desired["volumes"]) if "volumes" in desired else view["volumes"],
            }
            self._patch(path, current.kind, "containers", body)
        elif "revision" in changes:
            self._patch(path, current.kind, "rollback", {"target_version": str(changes["revision"])})
        elif "application" in changes:
            self._move_application(current, changes["application"])
        else:
            (option,) = changes
            value = changes[option] if option == "replicas" else rules.strip_unset(changes[option])
            if value is None:
                value = {} if option in ("labels", "network", "update_strategy", "scale_strategy") else []
            self._patch(path, current.kind, PATCH_ACTION[option], {option: value})
        fresh = self.read(current)
        if fresh is None:
            raise ValidationError(f"{self.label(desired)} disappeared during the update")
        return fresh

    def _patch(self, path: str, kind: str, action: str, body: dict[str, Any]) -> None:
        self.transport.request("PATCH", path, params={"action": action, "workload_type": kind}, json=body)

    def _put_action(self, current: WorkloadState, action: str) -> None:
        path = self._one_path(current.scope, current.name)
        self.transport.request("PUT", path, params={"action": action, "workload_type": current.kind})

    def recreate(self, current: WorkloadState) -> WorkloadState:
        """Redeploy every pod (``?action=recreate``); the template and revision stay."""
        self.api.use_scope(*current.scope)
        self._put_action(current, "recreate")
        return self.read(current) or current

    def _move_application(self, current: WorkloadState, application: str | None) -> None:
        batch = self.api.path(current.scope[0], "workloads/")
        owner = current.workload.get("application_name")
        if owner:
            body = {"application_name": owner, "workloads_base": self._base(current)}
            self.transport.request("PUT", batch, params={"action": "detach"}, json=body)
        if application:
            body = {"application_name": application, "workloads_base": self._base(current)}
            self.transport.request("PUT", batch, params={"action": "attach"}, json=body)

    def delete(self, current: WorkloadState) -> WorkloadState:
        body: dict[str, Any] = {"workloads_base": self._base(current)}
        # The API reference (1.21 负载): send these flags only to turn them on ("默认不传").
        for flag in ("delete_service", "force_delete"):
            if current.desired.get(flag):
                body[flag] = True
        self.api.use_scope(*current.scope)
        self.transport.request("DELETE", self.api.path(current.scope[0], "workloads/"), json=body)
        # Accepted, the workload is "Removing" until it is gone: waiting looks after a delay.
        removing = {**current.workload, "workload_status": {**current.status, "status": "Removing"}}
        return dataclasses.replace(current, workload=removing)

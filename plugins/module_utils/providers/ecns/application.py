# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""ECNS applications, on :class:`EcnsObject` (their VM workloads are ``virtual_machine.py``).

ECNS API reference, 1.2 应用管理 (applications) and 1.8 混合编排 (hybrid orchestration).

An application groups workloads of a namespace. ECNS changes only its description in
place; its members are given at creation (``workloads`` in the options of
``kaas.cloud.workload``, and for a ``Hybrid`` application ``virtual_machines``,
``vm_network`` and ``configmaps``) and managed afterwards with their own modules, so
those options are create-only and never compared. ``running`` maps to the batch
start call, a restart to the batch recreate call, and the delete names its cascade in
``?resource=``. A ``Normal`` and a ``Hybrid`` application may share a name, so every
call names the type.
"""

from __future__ import annotations

from typing import Any

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.kaas.cloud.plugins.module_utils.errors import PlanError, ValidationError
from ansible_collections.kaas.cloud.plugins.module_utils.providers.contract import PENDING, READY, Field, Status, named
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.objects import Call, EcnsObject, ObjectState
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.options_workload import workload_options
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.shapes import VM_NETWORK
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.virtual_machine import vm_view
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.workload import workload_body
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.workload_rules import (
    WORKLOAD_SETTINGS,
    check_workload,
    strip_unset,
)
from ansible_collections.kaas.cloud.plugins.module_utils.providers.shapes import pick

DEFAULT_TYPE = "Normal"


START = Call("PUT", "applications/app/", (("action", "start"),))


RECREATE = Call("PUT", "applications/app/", (("action", "recreate"),))


#: Option ``cascade`` -> the delete's ``?resource=`` (none: the members stay, detached).
CASCADE_RESOURCE = {"none": None, "workloads": "workload", "workloads_and_services": "workload,service", "all": "all"}


#: The options of ``kaas.cloud.workload`` an application's ``workloads`` item takes.
WORKLOAD_ITEM_OPTIONS = ("name", *WORKLOAD_SETTINGS)


#: ``PUT /applications/app/`` is the batch start/recreate path: an application named ``app``
#: could never have its description changed, so the name is refused.
RESERVED_NAMES = ("app",)


def workload_item(item: Any, index: int) -> dict[str, Any]:
    """One ``workloads`` item checked and completed like the options of ``kaas.cloud.workload``."""
    if not isinstance(item, dict):
        raise ValidationError(f"workloads[{index}] must be a dictionary of kaas.cloud.workload options")
    all_options = workload_options()
    spec = {key: all_options[key] for key in WORKLOAD_ITEM_OPTIONS}
    result = ArgumentSpecValidator(spec).validate(item)
    if result.error_messages:
        raise ValidationError(f"workloads[{index}]: {'; '.join(result.error_messages)}")
    validated = {key: value for key, value in result.validated_parameters.items() if value is not None}
    try:
        check_workload(validated)
    except ValidationError as error:
        raise ValidationError(f"workloads[{index}]: {error.message}") from None
    return validated


class EcnsApplication(EcnsObject):
    resource = "application"
    kind = "application"
    list_call = Call("GET", "applications/")
    list_key = "applications_info"
    paged = True
    detail_call = Call("GET", "applications/app/{name}/")
    detail_key = "application_info"
    create_call = Call("POST", "applications/")
    update_call = Call("PUT", "applications/{name}/")
    delete_call = Call("DELETE", "applications/app/")
    name_key = "application.name"
    fields = (
        Field("cluster"),
        Field("namespace"),
        Field("product_type"),
        Field("type"),
        Field("description", mutable=True),
        Field("running", mutable=True),
        Field("vm_network", normalize=strip_unset),
        # Create-only: the members are managed with their own modules afterwards.
        Field("workloads", compare=False),
        Field("virtual_machines", compare=False),
        Field("configmaps", compare=False),
        Field("cascade", compare=False),
    )

    def label(self, desired: dict[str, Any]) -> str:
        kind = f"{desired.get('type') or DEFAULT_TYPE} application"
        return f"{named(kind, desired.get('name'))} (ecns)"

    def validate(self, desired: dict[str, Any]) -> None:
        super().validate(desired)
        if desired.get("name") in RESERVED_NAMES:
            raise ValidationError(
                f"application name {desired['name']!r} is reserved: ECNS uses /applications/app/ for batch calls"
            )
        hybrid = desired.get("type") == "Hybrid"
        if hybrid and desired.get("product_type") != "hybrid":
            raise ValidationError("a Hybrid application lives on product_type hybrid; set product_type: hybrid")
        if desired.get("product_type") == "security":
            raise ValidationError("ECNS has applications on product_type eks and hybrid only, not security")
        if not hybrid:
            given = [key for key in ("virtual_machines", "vm_network", "configmaps") if desired.get(key)]
            if given:
                raise ValidationError(f"{', '.join(given)} belong to a Hybrid application only; set type: Hybrid")
        for index, item in enumerate(desired.get("workloads") or []):
            workload_item(item, index)

    def check_plan(self, view: dict[str, Any] | None, changes: dict[str, tuple], desired: dict[str, Any]) -> None:
        if view is None and desired.get("type") == "Hybrid" and not desired.get("vm_network"):
            raise PlanError(f"{self.label(desired)} does not exist; creating a Hybrid application needs vm_network")

    def detail_params(self, desired: dict[str, Any]) -> dict[str, Any]:
        return {"type": desired.get("type") or DEFAULT_TYPE}

    def list_params(self, filters: dict[str, Any]) -> dict[str, Any]:
        return {"type": filters.get("type") or DEFAULT_TYPE}

    def delete_params(self, current: ObjectState) -> dict[str, Any]:
        resource = CASCADE_RESOURCE[current.desired.get("cascade") or "none"]
        return {"resource": resource} if resource else {}

    def _batch(self, current: ObjectState) -> dict[str, Any]:
        application = current.item.get("application") or {}
        return {"applications": [{"name": application.get("name"), "type": application.get("type") or DEFAULT_TYPE}]}

    def create_body(self, desired: dict[str, Any]) -> dict[str, Any]:
        kind = desired.get("type") or DEFAULT_TYPE
        body: dict[str, Any] = {"name": desired["name"], "type": kind, "description": desired.get("description") or ""}
        owner = {"application": desired["name"], "application_type": kind}
        members = [workload_item(item, i) for i, item in enumerate(desired.get("workloads") or [])]
        if members:
            body["workloads"] = [workload_body({**member, **owner}) for member in members]
        if desired.get("configmaps"):
            # Name and config are both required: nothing unset to strip (an empty config stays one).
            body["configmaps"] = desired["configmaps"]
        for key in ("vm_network", "virtual_machines"):
            if desired.get(key):
                body[key] = strip_unset(desired[key])
        return body

    def update_body(self, current: ObjectState, changes: dict[str, Any], desired: dict[str, Any]) -> dict[str, Any]:
        application = current.item.get("application") or {}
        return {
            "name": application.get("name"),
            "type": application.get("type") or DEFAULT_TYPE,
            "description": changes.get("description", application.get("description") or ""),
        }

    def update(self, current: ObjectState, changes: dict[str, Any], desired: dict[str, Any]) -> ObjectState:
        if "running" in changes:
            self.send(START, current.scope, json=self._batch(current))
        if "description" in changes:
            return super().update(current, changes, desired)
        return self.read(current) or current

    def recreate(self, current: ObjectState) -> ObjectState:
        """Redeploy every member (``?action=recreate``): new pods, new VM instances."""
        self.send(RECREATE, current.scope, json=self._batch(current))
        return self.read(current) or current

    def delete_body(self, current: ObjectState) -> dict[str, Any]:
        return self._batch(current)

    def status(self, current: ObjectState) -> Status:
        raw = str((current.item.get("application_status") or {}).get("status") or "Processing")
        return Status(PENDING if raw == "Processing" else READY, raw)

    def item_view(self, item: dict[str, Any]) -> dict[str, Any]:
        application = item.get("application") or {}
        workloads = item.get("workloads_status") or []
        machines = item.get("vms_status") or []
        return {
            "type": application.get("type") or DEFAULT_TYPE,
            "description": application.get("description") or "",
            "status": (item.get("application_status") or {}).get("status"),
            "running": all(w.get("status") != "Stopped" for w in workloads),
            "creation_time": (item.get("application_status") or {}).get("creation_time"),
            "vm_network": pick(application.get("vm_network"), VM_NETWORK),
            "configmaps": [c.get("name") for c in application.get("configmaps") or []],
            "workloads": [
                {
                    "name": (w.get("workload_base") or {}).get("name"),
                    "type": (w.get("workload_base") or {}).get("type"),
                    "status": w.get("status"),
                    "ready_replicas": w.get("ready_replicas"),
                    "images": w.get("images") or [],
                }
                for w in workloads
            ],
            "virtual_machines": [vm_view(vm) for vm in machines],
        }

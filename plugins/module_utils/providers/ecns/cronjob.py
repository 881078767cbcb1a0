# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""ECNS cronjobs (ECNS API reference, 1.5 定时任务), declared on :class:`EcnsObject`.

A cronjob is a schedule, a concurrency policy and the job template of ``job.py``
(immutable: a difference is refused by name before any write). Its only change
in place is to stop or start its scheduling (``state: stopped|started``).
"""

from __future__ import annotations

from typing import Any

from ansible_collections.kaas.cloud.plugins.module_utils.errors import PlanError
from ansible_collections.kaas.cloud.plugins.module_utils.providers.contract import Field
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.cron import cron_rule, scheduler_text
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.job import (
    SCOPE_FIELDS,
    TEMPLATE_FIELDS,
    JobTemplateObject,
    job_body,
    template_view,
)
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.objects import Call, ObjectState
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.shapes import EVENT, JOB
from ansible_collections.kaas.cloud.plugins.module_utils.providers.shapes import pick

#: ``state`` of the cronjob module -> whether it schedules.
RUNNING = {"started": True, "stopped": False}


def cronjob_desired(params: dict[str, Any]) -> dict[str, Any]:
    """The cronjob module's values that are not options as such: one ``schedule`` text from
    ``schedule`` or ``cron_rule`` (checked here, before any request), ``running`` from ``state``."""
    derived: dict[str, Any] = {}
    rule = cron_rule(params.get("schedule"), params.get("cron_rule"))
    if rule is not None:
        derived["schedule"] = scheduler_text(rule)
    if params.get("state") in RUNNING:
        derived["running"] = RUNNING[params["state"]]
    return derived


class EcnsCronJob(JobTemplateObject):
    """A cronjob of one namespace: a schedule, a concurrency policy and a job template."""

    resource = "cronjob"
    kind = "cronjob"
    list_call = Call("GET", "cronjobs/")
    list_key = "cronjobs_status"
    list_is_summary = True
    detail_call = Call("GET", "cronjobs/cronjob/{name}/")
    create_call = Call("POST", "cronjobs/")
    update_call = Call("PUT", "cronjobs/")
    delete_call = Call("DELETE", "cronjobs/")
    # Creating stopped is creating, then stopping: ECNS creates every cronjob running.
    set_after_create = frozenset({"running"})
    fields = (
        *SCOPE_FIELDS,
        Field("schedule", api_name="cron_rule"),
        Field("concurrency_policy"),
        *TEMPLATE_FIELDS,
        Field("running", mutable=True, api_name="status"),
    )
    # A list item is a cronjob_status; a detail holds it under ``status``.
    detail_name_key = "status.name"

    def check_plan(self, view: dict[str, Any] | None, changes: dict[str, tuple], desired: dict[str, Any]) -> None:
        super().check_plan(view, changes, desired)
        if view is None and not desired.get("schedule"):
            raise PlanError(f"{self.label(desired)} does not exist; creating it needs schedule or cron_rule")

    def create_body(self, desired: dict[str, Any]) -> dict[str, Any]:
        return {
            "cronjob": {
                "concurrency_policy": desired.get("concurrency_policy") or "Allow",
                "cron_rule": cron_rule(desired["schedule"], None),
                "job": job_body(desired),
            }
        }

    def update_body(self, current: ObjectState, changes: dict[str, Any], desired: dict[str, Any]) -> dict[str, Any]:
        return {"cronjob_list": [dict(current.item.get("status") or {"name": self.name_of(current.item)})]}

    def update_params(self, current: ObjectState, changes: dict[str, Any], desired: dict[str, Any]) -> dict[str, Any]:
        return {"action": "start" if changes["running"] else "stop"}

    def delete_body(self, current: ObjectState) -> dict[str, Any]:
        return {"cronjobs": [self.name_of(current.item)]}

    def item_view(self, item: dict[str, Any]) -> dict[str, Any]:
        status = item.get("status") if isinstance(item.get("status"), dict) else item
        return {
            "schedule": status.get("scheduler"),
            "schedule_description": status.get("scheduler_en"),
            "concurrency_policy": status.get("concurrency_policy"),
            "running": status.get("status") == "Running",
            "status": status.get("status"),
            "actives": status.get("actives"),
            "images": list(status.get("images") or []),
            "creation_time": status.get("create_time"),
            **template_view(item.get("spec") or {}),
            "jobs": pick(list(item.get("jobs") or []), JOB),
            "events": pick(list(item.get("events") or []), EVENT),
        }

# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""ECNS jobs (ECNS API reference, 1.10 工作任务) and cronjobs (1.5 定时任务), declared on :class:`EcnsObject`.

Both carry the API reference's job Type (completions, parallelism, deadline, retries, restart
policy, labels, containers, volumes). ECNS has no update call for either, and a
Kubernetes job's template is immutable anyway: every template option is compared
and a difference is refused by name before any write (delete and recreate). A
job's life is its run: ``present`` waits, unless ``wait: false``, until it is
``Complete`` and fails when it ends ``Failed``. A cronjob's only change in place is
to stop or start its scheduling (``state: stopped|started``).
"""

from __future__ import annotations

from typing import Any

from ansible_collections.kaas.cloud.plugins.module_utils.errors import PlanError, ValidationError
from ansible_collections.kaas.cloud.plugins.module_utils.providers.contract import (
    FAILED,
    PENDING,
    READY,
    Field,
    Status,
    get_path,
)
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns import workload_rules as rules
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.cron import cron_rule, scheduler_text
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.objects import Call, EcnsObject, ObjectState

#: What ECNS requires and a task may leave out: Kubernetes' own defaults, and one day
#: for the deadline the API reference makes mandatory (Kubernetes has none).
JOB_DEFAULTS = {"completions": 1, "parallelism": 1, "backoff_limit": 6, "active_deadline_seconds": 86400}
#: Minimum of each number of the job Type.
JOB_MINIMUMS = {"completions": 1, "parallelism": 1, "active_deadline_seconds": 1, "backoff_limit": 0}
JOB_TEMPLATE = (*JOB_MINIMUMS, "restart_policy", "labels", "runtime_class_name", "containers", "volumes")
JOB_STATES = {"Complete": READY, "Running": PENDING, "Failed": FAILED}
#: ``state`` of the cronjob module -> whether it schedules.
RUNNING = {"started": True, "stopped": False}
# The template options of a job (and of a cronjob's job): all immutable; nested ones
# count as unchanged when ECNS already has every value the task sets.
TEMPLATE_FIELDS = (
    *(Field(option) for option in JOB_MINIMUMS),
    Field("restart_policy"),
    Field("labels", normalize=rules.strip_unset),
    Field("runtime_class_name"),
    Field("containers", normalize=rules.strip_unset, matches=rules.covers),
    Field("volumes", normalize=rules.strip_unset, matches=rules.covers),
)
SCOPE_FIELDS = (Field("cluster"), Field("namespace"), Field("product_type"))


def check_job_template(desired: dict[str, Any]) -> None:
    """Numbers within the API reference's bounds and a valid pod template; ValidationError naming the option."""
    problems = [
        f"{option} must be at least {minimum}, got {desired[option]}"
        for option, minimum in JOB_MINIMUMS.items()
        if desired.get(option) is not None and desired[option] < minimum
    ]
    if desired.get("containers") == []:
        problems.append("containers must list at least one container")
    problems += rules.pod_template_problems(desired)
    if problems:
        raise ValidationError("invalid ECNS job: " + "; ".join(problems))


def job_body(desired: dict[str, Any]) -> dict[str, Any]:
    """The API reference's job Type for a task: what it set, ECNS's required numbers defaulted."""
    body: dict[str, Any] = {"name": desired["name"]}
    for option in JOB_TEMPLATE:
        value = rules.strip_unset(desired.get(option))
        if value is None:
            value = JOB_DEFAULTS.get(option)
        if value is not None:
            body[option] = value
    return body


def template_view(job: dict[str, Any]) -> dict[str, Any]:
    """The template options of a job Type, as the task writes them."""
    view = {option: job.get(option) for option in JOB_TEMPLATE}
    view["labels"] = job.get("labels") or {}
    return view


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


def missing_containers(adapter: EcnsObject, desired: dict[str, Any]) -> None:
    """Creating needs a pod template: refused after the lookup, before any write."""
    if not desired.get("containers"):
        raise PlanError(f"{adapter.label(desired)} does not exist; creating it needs containers")


class EcnsJob(EcnsObject):
    """A job of one namespace: created, run to completion, deleted."""

    resource = "job"
    kind = "job"
    list_call = Call("GET", "jobs/")
    list_key = "jobs"
    detail_call = Call("GET", "jobs/job/{name}/")
    create_call = Call("POST", "jobs/")
    delete_call = Call("DELETE", "jobs/")
    fields = (*SCOPE_FIELDS, *TEMPLATE_FIELDS)

    def name_of(self, item: dict[str, Any]) -> str:
        # A list item is the job Type; a detail wraps it with its conditions and events.
        return str(item.get("name") or get_path(item, "job.name") or "")

    def validate(self, desired: dict[str, Any]) -> None:
        super().validate(desired)
        check_job_template(desired)

    def check_plan(self, view: dict[str, Any] | None, changes: dict[str, tuple], desired: dict[str, Any]) -> None:
        if view is None:
            missing_containers(self, desired)

    def create_body(self, desired: dict[str, Any]) -> dict[str, Any]:
        return {"job": job_body(desired)}

    def delete_body(self, current: ObjectState) -> dict[str, Any]:
        return {"jobs": [self.name_of(current.item)]}

    def status(self, current: ObjectState) -> Status:
        job = current.item.get("job") or current.item
        raw = str(get_path(job, "job_status.status") or "Running")
        failed = [c for c in current.item.get("conditions") or [] if c.get("type") == "Failed"]
        reason = f"{failed[0].get('reason')}: {failed[0].get('message')}" if failed else None
        return Status(JOB_STATES.get(raw, PENDING), raw, reason)

    def item_view(self, item: dict[str, Any]) -> dict[str, Any]:
        job = item.get("job") or item
        status = job.get("job_status") or {}
        return {
            **template_view(job),
            "status": status.get("status"),
            "scale": status.get("scale"),
            "images": list(status.get("images") or []),
            "creation_time": status.get("creation_time"),
            "pods": list(job.get("pod_status") or []),
            "conditions": list(item.get("conditions") or []),
            "events": list(item.get("events") or []),
        }


class EcnsCronJob(EcnsObject):
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

    def name_of(self, item: dict[str, Any]) -> str:
        # A list item is a cronjob_status; a detail holds it under ``status``.
        return str(item.get("name") or get_path(item, "status.name") or "")

    def validate(self, desired: dict[str, Any]) -> None:
        super().validate(desired)
        check_job_template(desired)

    def check_plan(self, view: dict[str, Any] | None, changes: dict[str, tuple], desired: dict[str, Any]) -> None:
        if view is None:
            missing_containers(self, desired)
            if not desired.get("schedule"):
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
            "jobs": list(item.get("jobs") or []),
            "events": list(item.get("events") or []),
        }

# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""ECNS jobs (ECNS API reference, 1.10 工作任务) and the job template a cronjob runs, on :class:`EcnsObject`.

A job carries the API reference's job Type (completions, parallelism, deadline,
retries, restart policy, labels, containers, volumes). ECNS has no update call,
and a Kubernetes job's template is immutable anyway: every template option is
compared and a difference is refused by name before any write (delete and
recreate). A job's life is its run: ``present`` waits, unless ``wait: false``,
until it is ``Complete`` and fails when it ends ``Failed``.
"""

from __future__ import annotations

from typing import Any, ClassVar

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
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.objects import Call, EcnsObject, ObjectState
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.shapes import (
    CONDITION,
    CONTAINER,
    EVENT,
    POD_STATUS,
    VOLUME,
)
from ansible_collections.kaas.cloud.plugins.module_utils.providers.shapes import pick

#: What ECNS requires and a task may leave out: Kubernetes' own defaults, and one day
#: for the deadline the API reference makes mandatory (Kubernetes has none).
JOB_DEFAULTS = {"completions": 1, "parallelism": 1, "backoff_limit": 6, "active_deadline_seconds": 86400}


#: Minimum of each number of the job Type.
JOB_MINIMUMS = {"completions": 1, "parallelism": 1, "active_deadline_seconds": 1, "backoff_limit": 0}


JOB_TEMPLATE = (*JOB_MINIMUMS, "restart_policy", "labels", "runtime_class_name", "containers", "volumes")


JOB_STATES = {"Complete": READY, "Running": PENDING, "Failed": FAILED}


# The template options of a job (and of a cronjob's job): all immutable; nested ones
# count as unchanged when ECNS already has every value the task sets.
TEMPLATE_FIELDS = (
    *(Field(option) for option in JOB_MINIMUMS),
    Field("restart_policy"),
    Field("labels", normalize=rules.strip_unset),
    Field("runtime_class_name"),
    *(Field(option, normalize=rules.cleaning(option), matches=rules.covering(option)) for option in rules.TEMPLATE),
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
    """The template options of a job Type, as the task writes them (the fields the API reference names)."""
    view = {option: job.get(option) for option in JOB_TEMPLATE}
    view["labels"] = job.get("labels") or {}
    view["containers"] = pick(view["containers"], CONTAINER)
    view["volumes"] = pick(view["volumes"], VOLUME)
    return view


class JobTemplateObject(EcnsObject):
    """A kind that carries a job template (a job, a cronjob): checked alike, and needed to create one."""

    #: Where a detail answer holds the object's name (a list item holds it at the top).
    detail_name_key: ClassVar[str]

    def name_of(self, item: dict[str, Any]) -> str:
        return str(item.get("name") or get_path(item, self.detail_name_key) or "")

    def validate(self, desired: dict[str, Any]) -> None:
        super().validate(desired)
        check_job_template(desired)

    def check_plan(self, view: dict[str, Any] | None, changes: dict[str, tuple], desired: dict[str, Any]) -> None:
        # Creating needs a pod template: refused after the lookup, before any write.
        if view is None and not desired.get("containers"):
            raise PlanError(f"{self.label(desired)} does not exist; creating it needs containers")


class EcnsJob(JobTemplateObject):
    """A job of one namespace: created, run to completion, deleted."""

    resource = "job"
    kind = "job"
    list_call = Call("GET", "jobs/")
    list_key = "jobs"
    detail_call = Call("GET", "jobs/job/{name}/")
    create_call = Call("POST", "jobs/")
    delete_call = Call("DELETE", "jobs/")
    fields = (*SCOPE_FIELDS, *TEMPLATE_FIELDS)
    # A list item is the job Type; a detail wraps it with its conditions and events.
    detail_name_key = "job.name"

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
            "pods": pick(list(job.get("pod_status") or []), POD_STATUS),
            "conditions": pick(list(item.get("conditions") or []), CONDITION),
            "events": pick(list(item.get("events") or []), EVENT),
        }

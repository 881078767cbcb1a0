"""Cronjob schedules run on the emulator's nominal clock, settled lazily like every operation.

A cronjob's schedule is evaluated in nominal time: ``created_at + (now - created_at)
* time_scale``. Whoever reads a namespace's cronjobs or jobs first catches up on
the minutes that passed since the last look (``checked``): each minute the rule
matches starts a job named ``<cronjob>-<minutes since the epoch>`` (Kubernetes'
own naming), subject to the concurrency policy (``Forbid`` skips a run while one is
active, ``Replace`` deletes the active ones first, ``Allow`` runs both). As in
Kubernetes, 3 complete and 1 failed job are kept; a stopped cronjob starts nothing,
and the minutes it missed are not run when it starts again.
"""

from __future__ import annotations

import math
import time
from typing import Any

from kaas_emulator.core.clock import iso8601
from kaas_emulator.providers.ecns import model_jobs

#: Kubernetes' successfulJobsHistoryLimit and failedJobsHistoryLimit defaults.
HISTORY = {"Complete": 3, "Failed": 1}
#: Kubernetes gives up catching up after 100 missed runs; the emulator looks at most this far back.
MAX_MINUTES = 100_000


def field_matches(spec: str, value: int, high: int) -> bool:
    """Whether ``value`` is in a validated crontab field such as ``*/15`` or ``1-5,10``."""
    for item in spec.split(","):
        base, _slash, step = item.partition("/")
        if base == "*":
            start, end = 0, high
        elif "-" in base:
            start, end = (int(part) for part in base.split("-"))
        else:
            start = int(base)
            end = high if step else start
        if start <= value <= end and (value - start) % int(step or 1) == 0:
            return True
    return False


def matches(fields: list[str], minute: float) -> bool:
    """Whether the five-field schedule fires at the (UTC) minute starting at epoch ``minute``."""
    when = time.gmtime(minute)
    minute_f, hour_f, dom_f, month_f, dow_f = fields
    if not (
        field_matches(minute_f, when.tm_min, 59)
        and field_matches(hour_f, when.tm_hour, 23)
        and field_matches(month_f, when.tm_mon, 12)
    ):
        return False
    day_of_month = field_matches(dom_f, when.tm_mday, 31)
    day_of_week = field_matches(dow_f, (when.tm_wday + 1) % 7, 6)  # cron counts from Sunday
    if dom_f != "*" and dow_f != "*":
        return day_of_month or day_of_week  # cron's rule when both days are restricted
    return day_of_month and day_of_week


def owned(jobs: dict[str, Any], record: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The jobs the cronjob started, by state key."""
    return {
        key: job
        for key, job in jobs.items()
        if job.get("owner") == record["name"]
        and (job["cluster"], job["namespace"]) == (record["cluster"], record["namespace"])
    }


def active(jobs: dict[str, Any], record: dict[str, Any], at: float, time_scale: float) -> list[str]:
    """State keys of the cronjob's jobs running at wall time ``at``."""
    return [
        key
        for key, job in owned(jobs, record).items()
        if model_jobs.job_progress(job, at, time_scale)[0] == "Running"
    ]


def _event(record: dict[str, Any], at: float, reason: str, message: str) -> None:
    record["events"].append(
        {"type": "Normal", "reason": reason, "message": message, "update_time": iso8601(at)}
    )
    del record["events"][:-50]


def _start(
    record: dict[str, Any], jobs: dict[str, Any], minute: float, at: float, ts: float
) -> None:
    running = active(jobs, record, at, ts)
    policy = record["concurrency_policy"]
    if running and policy == "Forbid":
        _event(record, at, "JobAlreadyActive", "not starting a job: the previous one is active")
        return
    if running and policy == "Replace":
        for key in running:
            _event(record, at, "SuccessfulDelete", f"deleted job {jobs.pop(key)['name']}")
    name = f"{record['name']}-{int(minute // 60)}"
    job = model_jobs.new_job(
        {**record["job"], "name": name}, record["cluster"], record["namespace"], at, None
    )
    job["owner"] = record["name"]
    jobs[f"{record['cluster']}/{record['namespace']}/{name}"] = job
    _event(record, at, "SuccessfulCreate", f"created job {name}")


def _prune(record: dict[str, Any], jobs: dict[str, Any], now: float, ts: float) -> None:
    for status, keep in HISTORY.items():
        ended = sorted(
            (job["created_at"], key)
            for key, job in owned(jobs, record).items()
            if model_jobs.job_progress(job, now, ts)[0] == status
        )
        for _created, key in ended[: max(0, len(ended) - keep)]:
            del jobs[key]


def settle(record: dict[str, Any], jobs: dict[str, Any], now: float, time_scale: float) -> None:
    """Start the jobs of every minute the schedule matched since the last look."""
    created = record["created_at"]
    nominal_now = created + (now - created) * time_scale
    checked = max(record.get("checked", created), nominal_now - MAX_MINUTES * 60)
    record["checked"] = nominal_now
    if record["stopped"]:
        return
    minute = math.floor(checked / 60) * 60 + 60
    while minute <= nominal_now:
        if matches(record["schedule"], minute):
            _start(record, jobs, minute, created + (minute - created) / time_scale, time_scale)
        minute += 60
    _prune(record, jobs, now, time_scale)


def settle_all(state: dict[str, Any], now: float, time_scale: float) -> None:
    """Bring every cronjob's runs up to ``now``."""
    jobs = state.setdefault(model_jobs.JOBS_KEY, {})
    for record in state.setdefault(model_jobs.CRONJOBS_KEY, {}).values():
        settle(record, jobs, now, time_scale)

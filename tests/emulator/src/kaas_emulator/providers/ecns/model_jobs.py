"""Jobs and cronjobs: records, run progress derived from time, views.

ECNS API reference, 1.10 工作任务 (Job) and 1.5 定时任务 (CronJob).

A job runs its ``completions`` pods ``parallelism`` at a time, each for
``POD_RUN_SECONDS`` nominal seconds, so it is ``Running`` for
``ceil(completions / parallelism) * POD_RUN_SECONDS`` and then ``Complete``. It ends
``Failed`` (reason ``DeadlineExceeded``) when ``active_deadline_seconds`` is shorter
than that, or (reason ``BackoffLimitExceeded``) when an ``async_error`` fault was
planted on its creation, after ``backoff_limit + 1`` failed attempts. A cronjob
keeps its rule and job template; :mod:`.model_cron` starts its jobs on schedule.
"""

from __future__ import annotations

import copy
import hashlib
import math
from typing import Any

from kaas_emulator.core.clock import iso8601
from kaas_emulator.providers.ecns import render

JOBS_KEY = "jobs"
CRONJOBS_KEY = "cronjobs"
POD_RUN_SECONDS = 10.0
JOB_READ_ONLY = ("job_status", "pod_status")
#: The API reference's cron_rule keys, in crontab order, with the short names its examples use.
CRON_FIELDS: tuple[tuple[str, str, int, int], ...] = (
    ("minute", "minute", 0, 59),
    ("hour", "hour", 0, 23),
    ("day of the month", "day", 1, 31),
    ("month", "month", 1, 12),
    ("day of the week", "week", 0, 6),
)
_EN = ("minute", "hour", "day of month", "month", "day of week")
_ZH = ("分钟", "小时", "日", "月", "星期")


def new_job(
    spec: dict[str, Any], cluster: str, namespace: str, now: float, error: str | None
) -> dict[str, Any]:
    """A job record from a validated job body (read-only parts dropped, defaults filled)."""
    kept = {k: copy.deepcopy(v) for k, v in spec.items() if k not in JOB_READ_ONLY}
    kept.setdefault("restart_policy", "OnFailure")
    return {
        "name": spec["name"],
        "cluster": cluster,
        "namespace": namespace,
        "spec": kept,
        "created_at": now,
        "error": error,
    }


def _run(record: dict[str, Any]) -> tuple[float, str | None, str | None]:
    """(nominal seconds until the job ends, failure reason, failure message)."""
    spec = record["spec"]
    if record["error"]:
        attempts = int(spec.get("backoff_limit") or 0) + 1
        return attempts * POD_RUN_SECONDS, "BackoffLimitExceeded", record["error"]
    needed = math.ceil(spec["completions"] / spec["parallelism"]) * POD_RUN_SECONDS
    deadline = spec.get("active_deadline_seconds")
    if deadline is not None and deadline < needed:
        return (
            float(deadline),
            "DeadlineExceeded",
            f"Job was active longer than specified deadline ({deadline}s)",
        )
    return needed, None, None


def job_progress(record: dict[str, Any], now: float, time_scale: float) -> tuple[str, int]:
    """(``Running`` / ``Complete`` / ``Failed``, completed pods) at ``now``."""
    spec = record["spec"]
    elapsed = (now - record["created_at"]) * time_scale
    duration, reason, _message = _run(record)
    waves_done = int(min(elapsed, duration) // POD_RUN_SECONDS)
    done = 0 if record["error"] else min(spec["completions"], waves_done * spec["parallelism"])
    if elapsed < duration:
        return "Running", done
    return ("Failed", done) if reason else ("Complete", spec["completions"])


def job_view(record: dict[str, Any], now: float, time_scale: float) -> dict[str, Any]:
    """The API reference's job Type with ``job_status`` and ``pod_status`` filled."""
    status, done = job_progress(record, now, time_scale)
    spec = record["spec"]
    view = copy.deepcopy(spec)
    view["job_status"] = {
        "status": status,
        "scale": f"{done}/{spec['completions']}",
        "creation_time": iso8601(record["created_at"]),
        "images": render.images(spec),
    }
    view["pod_status"] = _pods(record, status, done)
    return view


def _pods(record: dict[str, Any], status: str, done: int) -> list[dict[str, Any]]:
    spec = record["spec"]
    running = 0 if status != "Running" else min(spec["parallelism"], spec["completions"] - done)
    digest = hashlib.sha256(f"{record['cluster']}/{record['name']}".encode()).hexdigest()
    phases = ["Succeeded"] * done + ["Running"] * running
    if status == "Failed":
        phases.append("Failed")
    return [
        {
            "name": f"{record['name']}-{digest[index * 5 : index * 5 + 5]}",
            "creation_time": iso8601(record["created_at"]),
            "images": render.images(spec),
            "labels": {"job-name": record["name"], **(spec.get("labels") or {})},
            "status": phase,
        }
        for index, phase in enumerate(phases[:12])
    ]


def job_conditions(record: dict[str, Any], now: float, time_scale: float) -> list[dict[str, Any]]:
    """Kubernetes job conditions: none while running, then Complete or Failed."""
    status, _done = job_progress(record, now, time_scale)
    if status == "Running":
        return []
    duration, reason, message = _run(record)
    ended = iso8601(record["created_at"] + duration / time_scale)
    return [
        {
            "type": status,
            "status": "True",
            "reason": reason or "Completed",
            "message": message or f"{record['spec']['completions']} pods succeeded",
            "update_time": ended,
        }
    ]


def job_events(record: dict[str, Any], now: float, time_scale: float) -> list[dict[str, Any]]:
    """Events of the job, newest first."""
    status, _done = job_progress(record, now, time_scale)
    created = iso8601(record["created_at"])
    events = [
        {
            "type": "Normal",
            "reason": "SuccessfulCreate",
            "message": f"Created pod for job {record['name']}",
            "update_time": created,
        }
    ]
    if status != "Running":
        duration, reason, message = _run(record)
        events.append(
            {
                "type": "Warning" if reason else "Normal",
                "reason": reason or "Completed",
                "message": message or "Job completed",
                "update_time": iso8601(record["created_at"] + duration / time_scale),
            }
        )
    return list(reversed(events))


def cron_fields(rule: dict[str, Any]) -> list[str]:
    """The five crontab fields of a validated cron_rule (absent ones are ``*``)."""
    return [str(rule.get(key, rule.get(short, "*"))) for key, short, _low, _high in CRON_FIELDS]


def new_cronjob(body: dict[str, Any], cluster: str, namespace: str, now: float) -> dict[str, Any]:
    """A cronjob record from a validated cronjob body."""
    job = {k: copy.deepcopy(v) for k, v in body["job"].items() if k not in JOB_READ_ONLY}
    job.setdefault("restart_policy", "OnFailure")
    return {
        "name": job["name"],
        "cluster": cluster,
        "namespace": namespace,
        "schedule": cron_fields(body["cron_rule"]),
        "concurrency_policy": body.get("concurrency_policy") or "Allow",
        "job": job,
        "stopped": False,
        "created_at": now,
        "events": [],
    }


def describe(fields: list[str], names: tuple[str, ...], always: str) -> str:
    """A plain description of a schedule: its fields that are not ``*``, else ``always``."""
    parts = [f"{name} {value}" for name, value in zip(names, fields, strict=True) if value != "*"]
    return ", ".join(parts) if parts else always


def cronjob_status(record: dict[str, Any], actives: int = 0) -> dict[str, Any]:
    """The API reference's cronjob_status Type (``actives``: its jobs running now)."""
    return {
        "scheduler": " ".join(record["schedule"]),
        "scheduler_zh": describe(record["schedule"], _ZH, "每分钟"),
        "scheduler_en": describe(record["schedule"], _EN, "every minute"),
        "name": record["name"],
        "actives": actives,
        "create_time": iso8601(record["created_at"]),
        "status": "Stopped" if record["stopped"] else "Running",
        "concurrency_policy": record["concurrency_policy"],
        "labels": copy.deepcopy(record["job"].get("labels") or {}),
        "images": render.images(record["job"]),
    }

"""Validation of job and cronjob bodies, cron rules included.

ECNS API reference, 1.10 工作任务 (Job) and 1.5 定时任务 (CronJob).

Reuses the container and volume checks of :mod:`.checks` (a job's pod template is
a workload's); each problem is ``"<path>: <problem>"`` so one 400 names them all.
"""

from __future__ import annotations

import re
from typing import Any

from kaas_emulator.core.validation import unknown_fields
from kaas_emulator.providers.ecns import checks
from kaas_emulator.providers.ecns.model_jobs import CRON_FIELDS, JOB_READ_ONLY

RESTART_POLICIES = ("Never", "OnFailure")
CONCURRENCY_POLICIES = ("Forbid", "Replace", "Allow")
JOB_KEYS = frozenset(
    {
        "name",
        "completions",
        "parallelism",
        "active_deadline_seconds",
        "backoff_limit",
        "restart_policy",
        "labels",
        "runtime_class_name",
        "containers",
        "volumes",
        *JOB_READ_ONLY,
    }
)
CRONJOB_KEYS = frozenset({"concurrency_policy", "cron_rule", "job"})
#: One item of a crontab field: ``*``, ``n`` or ``a-b``, each with an optional ``/step``.
_CRON_ITEM = re.compile(r"^(\*|(\d+)(?:-(\d+))?)(?:/(\d+))?$")


def job(problems: checks.Problems, where: str, value: Any) -> None:
    """Every documented rule of a job Type."""
    body = checks.obj(problems, where, value)
    if not body:
        problems.append(f"{where}: is required")
        return
    for key in unknown_fields(body, JOB_KEYS):
        problems.append(f"{where}.{key}: unknown field")
    checks.name(problems, f"{where}.name", body.get("name"))
    for key, minimum in (
        ("completions", 1),
        ("parallelism", 1),
        ("active_deadline_seconds", 1),
        ("backoff_limit", 0),
    ):
        if body.get(key) is None:
            problems.append(f"{where}.{key}: is required")
        checks.integer(problems, f"{where}.{key}", body.get(key), minimum)
    checks.enum(
        problems,
        f"{where}.restart_policy",
        body.get("restart_policy"),
        RESTART_POLICIES,
        required=False,
    )
    checks.labels(problems, f"{where}.labels", body.get("labels"))
    checks.text(problems, f"{where}.runtime_class_name", body.get("runtime_class_name"))
    checks.containers(problems, f"{where}.containers", body.get("containers"))
    checks.volumes(problems, f"{where}.volumes", body.get("volumes"))
    checks.mounts_match_volumes(
        problems, f"{where}.containers", body.get("containers"), body.get("volumes")
    )


def cron_item(item: str, low: int, high: int) -> str | None:
    """Why one comma-separated item of a crontab field is wrong, or None."""
    match = _CRON_ITEM.match(item)
    if match is None:
        return f"{item!r} is not *, a number or a range, with an optional /step"
    _whole, start, end, step = match.groups()
    for number in (start, end):
        if number is not None and not low <= int(number) <= high:
            return f"{number} is outside {low}-{high}"
    if start is not None and end is not None and int(start) > int(end):
        return f"range {start}-{end} runs backwards"
    if step is not None and int(step) < 1:
        return "a step must be at least 1"
    return None


def cron_rule(problems: checks.Problems, where: str, value: Any) -> None:
    """A cron_rule: known keys (the API reference's or its examples' short ones), valid fields."""
    rule = checks.obj(problems, where, value)
    if value is None:
        problems.append(f"{where}: is required")
        return
    known = {key for entry in CRON_FIELDS for key in entry[:2]}
    for key in unknown_fields(rule, known):
        problems.append(f"{where}.{key}: unknown field (known: {', '.join(sorted(known))})")
    for key, short, low, high in CRON_FIELDS:
        if key in rule and short != key and short in rule:
            problems.append(f"{where}: give {key!r} or {short!r}, not both")
        given = rule.get(key, rule.get(short))
        if given is None:
            continue
        if not isinstance(given, str) or not given:
            problems.append(f"{where}.{key}: must be a non-empty string, got {given!r}")
            continue
        for item in given.split(","):
            reason = cron_item(item, low, high)
            if reason:
                problems.append(f"{where}.{key}: {reason}")


def cronjob(problems: checks.Problems, where: str, value: Any) -> None:
    """Every documented rule of a cronjob Type."""
    body = checks.obj(problems, where, value)
    if not body:
        problems.append(f"{where}: is required")
        return
    for key in unknown_fields(body, CRONJOB_KEYS):
        problems.append(f"{where}.{key}: unknown field")
    checks.enum(
        problems,
        f"{where}.concurrency_policy",
        body.get("concurrency_policy"),
        CONCURRENCY_POLICIES,
        required=False,
    )
    cron_rule(problems, f"{where}.cron_rule", body.get("cron_rule"))
    job(problems, f"{where}.job", body.get("job"))

# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""ECNS cron rules (``cron_rule`` of the ECNS API reference, 1.5 定时任务), checked before any request.

A task gives a schedule either as one crontab line (``schedule: "10 6 * * 3,4"``)
or field by field (``cron_rule: {minute: "10", hour: "6", day_of_week: "3,4"}``).
Both become the API reference's ``cron_rule`` object, whose keys are the reference's own
(``day of the month``, ``day of the week``), and both compare with the
``scheduler`` string ECNS reports (the five fields joined by spaces).
"""

from __future__ import annotations

import re
from typing import Any

from ansible_collections.kaas.cloud.plugins.module_utils.errors import ValidationError

#: (option of ``cron_rule``, the API reference's key, lowest value, highest value), crontab order.
CRON_FIELDS: tuple[tuple[str, str, int, int], ...] = (
    ("minute", "minute", 0, 59),
    ("hour", "hour", 0, 23),
    ("day_of_month", "day of the month", 1, 31),
    ("month", "month", 1, 12),
    ("day_of_week", "day of the week", 0, 6),
)
# One comma-separated item: ``*``, ``n`` or ``a-b``, each with an optional ``/step``.
_ITEM = re.compile(r"^(\*|(\d+)(?:-(\d+))?)(?:/(\d+))?$")


def item_problem(item: str, low: int, high: int) -> str | None:
    """Why one item of a crontab field is wrong, or None."""
    match = _ITEM.match(item)
    if match is None:
        return f"{item!r} is not *, a number or a range a-b, each with an optional /step"
    start, end, step = match.group(2), match.group(3), match.group(4)
    for number in (start, end):
        if number is not None and not low <= int(number) <= high:
            return f"{number} is outside {low}-{high}"
    if start is not None and end is not None and int(start) > int(end):
        return f"the range {start}-{end} runs backwards"
    if step is not None and int(step) < 1:
        return "a step must be at least 1"
    return None


def check_field(option: str, value: str, low: int, high: int) -> None:
    """A crontab field, or a ValidationError naming ``option`` and the allowed range."""
    problems = [p for p in (item_problem(i, low, high) for i in value.split(",")) if p]
    if problems:
        raise ValidationError(f"{option} {value!r}: {'; '.join(problems)} (allowed {low}-{high})")


def cron_rule(schedule: str | None, fields: dict[str, Any] | None) -> dict[str, str] | None:
    """The API reference's ``cron_rule`` for option ``schedule`` or ``cron_rule`` (None when neither is set)."""
    if schedule is not None:
        parts = schedule.split()
        if len(parts) != len(CRON_FIELDS):
            raise ValidationError(
                f"schedule {schedule!r} must have 5 fields (minute hour day-of-month month day-of-week), "
                f"got {len(parts)}"
            )
        values = {CRON_FIELDS[index][0]: part for index, part in enumerate(parts)}
        where = "schedule field "
    elif fields is not None:
        values = {key: str(value) for key, value in fields.items() if value is not None}
        where = "cron_rule."
    else:
        return None
    rule = {}
    for option, api_key, low, high in CRON_FIELDS:
        value = values.get(option, "*")
        check_field(where + option, value, low, high)
        rule[api_key] = value
    return rule


def scheduler_text(rule: dict[str, str]) -> str:
    """The ``scheduler`` string ECNS reports for a ``cron_rule``: ``"10 6 * * 3,4"``."""
    return " ".join(rule.get(api_key, "*") for _option, api_key, _low, _high in CRON_FIELDS)

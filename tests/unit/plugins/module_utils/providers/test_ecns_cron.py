"""ECNS cron rules: a crontab line or per-field options, checked before any request."""

from __future__ import annotations

import pytest

from ansible_collections.kaas.cloud.plugins.module_utils.errors import ValidationError
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.cron import cron_rule, scheduler_text


def test_a_crontab_line_becomes_the_seed_cron_rule():
    rule = cron_rule("10 6 * * 3,4", None)
    assert rule == {"minute": "10", "hour": "6", "day of the month": "*", "month": "*", "day of the week": "3,4"}
    assert scheduler_text(rule) == "10 6 * * 3,4"


def test_fields_default_to_every_value_and_numbers_become_text():
    rule = cron_rule(None, {"minute": "*/5", "hour": None, "day_of_month": 10})
    assert scheduler_text(rule) == "*/5 * 10 * *"
    assert cron_rule(None, None) is None


@pytest.mark.parametrize(
    ("schedule", "fields", "message"),
    [
        ("* * * *", None, "must have 5 fields (minute hour day-of-month month day-of-week), got 4"),
        ("60 * * * *", None, "schedule field minute '60': 60 is outside 0-59 (allowed 0-59)"),
        (None, {"hour": "5-2"}, "cron_rule.hour '5-2': the range 5-2 runs backwards"),
        (None, {"day_of_month": "0"}, "cron_rule.day_of_month '0': 0 is outside 1-31"),
        (None, {"month": "*/0"}, "cron_rule.month '*/0': a step must be at least 1"),
        ("* * * * mon", None, "schedule field day_of_week 'mon': 'mon' is not *, a number or a range"),
        (None, {"day_of_week": "1,,2"}, "cron_rule.day_of_week '1,,2': '' is not *"),
    ],
)
def test_bad_rules_are_refused_with_the_option_named(schedule, fields, message):
    with pytest.raises(ValidationError) as error:
        cron_rule(schedule, fields)
    assert message in str(error.value)

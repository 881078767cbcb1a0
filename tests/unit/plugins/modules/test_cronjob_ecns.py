"""cronjob and cronjob_info on ECNS, against the emulator: create, stop/start, immutability, cron rules, delete."""

from __future__ import annotations

import pytest

from ansible_collections.kaas.cloud.plugins.modules import cronjob
from support.harness import run_module

API = "/api/ecns/eks"
REPORT = {
    "name": "report",
    "schedule": "30 2 * * *",
    "concurrency_policy": "Forbid",
    "containers": [{"name": "report", "image": {"image": "busybox", "image_version": "1.36"}}],
}


WITHOUT_SCHEDULE = {k: v for k, v in REPORT.items() if k != "schedule"}


def converge(args, **kw):
    return run_module(cronjob.main, args, **kw)


def test_lifecycle_create_rerun_stop_start_delete(cloud, ecns_object_args):
    created = converge({**ecns_object_args, **REPORT}, diff=True)
    assert created.get("changed"), created
    result = created["cronjob"]
    assert (result["schedule"], result["running"], result["concurrency_policy"]) == ("30 2 * * *", True, "Forbid")
    assert (result["schedule_description"], result["completions"]) == ("minute 30, hour 2", 1)
    assert created["diff"]["before"] == {}
    assert cloud.api_writes("ecns") == [("POST", f"{API}/cronjobs/", "")]

    cloud.clear_log()
    same_rule = {"minute": "30", "hour": "2"}
    again = converge(
        {**ecns_object_args, **{k: v for k, v in REPORT.items() if k != "schedule"}, "cron_rule": same_rule}
    )
    assert again["changed"] is False and cloud.api_writes("ecns") == []

    cloud.clear_log()
    stopped = converge({**ecns_object_args, "name": "report", "state": "stopped"}, diff=True)
    assert stopped["changed"] and stopped["cronjob"]["running"] is False and stopped["cronjob"]["status"] == "Stopped"
    assert (stopped["diff"]["before"]["running"], stopped["diff"]["after"]["running"]) == (True, False)
    assert converge({**ecns_object_args, "name": "report", "state": "stopped"})["changed"] is False
    assert converge({**ecns_object_args, "name": "report"})["cronjob"]["running"] is False
    started = converge({**ecns_object_args, "name": "report", "state": "started"})
    assert started["changed"] and started["cronjob"]["running"] is True
    assert cloud.api_writes("ecns") == [
        ("PUT", f"{API}/cronjobs/", "action=stop"),
        ("PUT", f"{API}/cronjobs/", "action=start"),
    ]

    cloud.clear_log()
    deleted = converge({**ecns_object_args, "name": "report", "state": "absent"})
    assert deleted["changed"] and deleted["cronjob"] == {}
    assert converge({**ecns_object_args, "name": "report", "state": "absent"})["changed"] is False
    assert cloud.api_writes("ecns") == [("DELETE", f"{API}/cronjobs/", "")]


def test_created_stopped_is_create_then_stop(cloud, ecns_object_args):
    created = converge({**ecns_object_args, **REPORT, "state": "stopped"})
    assert created["changed"] and created["cronjob"]["status"] == "Stopped"
    assert cloud.api_writes("ecns") == [("POST", f"{API}/cronjobs/", ""), ("PUT", f"{API}/cronjobs/", "action=stop")]


def test_the_cron_rule_is_sent_with_the_seed_keys(cloud, ecns_object_args):
    first = converge({**ecns_object_args, **WITHOUT_SCHEDULE, "cron_rule": {"minute": "10", "day_of_week": "3,4"}})
    assert first.get("changed"), first
    result = converge({**ecns_object_args, "name": "report"})
    assert result["cronjob"]["schedule"] == "10 * * * 3,4"


def test_schedule_policy_and_template_cannot_change(cloud, ecns_object_args):
    converge({**ecns_object_args, **REPORT})
    cloud.clear_log()
    for check in (True, False):
        moved = converge({**ecns_object_args, "name": "report", "schedule": "0 3 * * *"}, check=check)
        assert moved["failed"] and "schedule (ecns cron_rule) cannot be changed in place" in moved["msg"], moved
        assert "'30 2 * * *', requested '0 3 * * *'" in moved["msg"]
    policy = converge({**ecns_object_args, "name": "report", "concurrency_policy": "Allow", "state": "stopped"})
    assert policy["failed"] and "concurrency_policy cannot be changed" in policy["msg"]
    assert "ecns changes in place only: running" in policy["msg"]
    assert cloud.api_writes("ecns") == []


def test_check_mode_predicts_without_writing(cloud, ecns_object_args):
    planned = converge({**ecns_object_args, **REPORT, "state": "stopped"}, check=True, diff=True)
    assert planned["changed"] and planned["diff"]["after"]["schedule"] == "30 2 * * *"
    assert planned["cronjob"]["running"] is False
    converge({**ecns_object_args, **REPORT})
    cloud.clear_log()
    stop = converge({**ecns_object_args, "name": "report", "state": "stopped"}, check=True)
    assert stop["changed"] and stop["cronjob"]["running"] is False
    assert converge({**ecns_object_args, "name": "report", "state": "started"}, check=True)["changed"] is False
    assert converge({**ecns_object_args, "name": "report", "state": "absent"}, check=True)["changed"]
    assert cloud.api_writes("ecns") == []


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"schedule": "*/5 * * *"}, "schedule '*/5 * * *' must have 5 fields"),
        ({"schedule": "0 24 * * *"}, "schedule field hour '24': 24 is outside 0-23"),
        ({"cron_rule": {"day_of_week": "7"}}, "cron_rule.day_of_week '7': 7 is outside 0-6"),
        ({"cron_rule": {"month": "12-1"}}, "the range 12-1 runs backwards"),
        ({"schedule": "* * * * *", "cron_rule": {"minute": "5"}}, "mutually exclusive: schedule|cron_rule"),
        ({"concurrency_policy": "Sometimes"}, "concurrency_policy"),
        ({"state": "paused"}, "state"),
        ({"name": "Report"}, "cronjob name 'Report' is invalid"),
        ({"completions": 0}, "completions must be at least 1"),
    ],
)
def test_bad_input_is_refused_before_any_request(cloud, ecns_object_args, options, message):
    # Each case gives its schedule (or cron_rule), or keeps the valid one of REPORT.
    base = REPORT if "cron_rule" not in options else WITHOUT_SCHEDULE
    result = converge({**ecns_object_args, **base, **options})
    assert result["failed"] and message in result["msg"], result
    assert [r for r in cloud.requests("ecns") if not r["path"].startswith("/identity")] == []


def test_creating_needs_a_schedule_and_containers(cloud, ecns_object_args):
    no_schedule = converge({**ecns_object_args, **WITHOUT_SCHEDULE})
    assert no_schedule["failed"] and "creating it needs schedule or cron_rule" in no_schedule["msg"]
    no_containers = converge({**ecns_object_args, "name": "report", "schedule": "* * * * *"})
    assert no_containers["failed"] and "creating it needs containers" in no_containers["msg"]
    assert cloud.api_writes("ecns") == []


def test_a_provider_error_surfaces_with_its_message(cloud, ecns_object_args):
    result = converge({**ecns_object_args, **REPORT, "cluster": "no-such-cluster"})
    assert result["failed"] and "cluster 'no-such-cluster' not found" in result["msg"], result

"""ECNS cronjobs run on the emulator's clock: jobs on schedule, concurrency policies,
history limits, stop/start and the cascade on delete (seed 1.5, Kubernetes semantics)."""

from __future__ import annotations

import calendar
from typing import Any

import pytest
from ecns_helpers import API, Ecns
from flask.testing import FlaskClient
from test_ecns_jobs import cronjob

from kaas_emulator.core.clock import ManualClock
from kaas_emulator.providers.ecns.model_cron import matches

# The manual clock starts on 2026-03-01 (a Sunday) at 10:00:00 UTC.
START = calendar.timegm((2026, 3, 1, 10, 0, 0))


@pytest.fixture
def ecns(client: FlaskClient, clock: ManualClock) -> Ecns:
    assert clock.now() == START
    return Ecns(client, clock)


def every(minutes: int, policy: str = "Allow", **job: Any) -> dict[str, Any]:
    body = cronjob({"minute": f"*/{minutes}"}, **job)
    body["cronjob"]["concurrency_policy"] = policy
    return body


def detail(ecns: Ecns) -> dict[str, Any]:
    return ecns.get(f"{API}/cronjobs/cronjob/nightly/").json


def test_jobs_start_on_schedule_and_are_listed_as_jobs(ecns: Ecns) -> None:
    ecns.post(f"{API}/cronjobs/", json=every(5, completions=1, parallelism=1))
    ecns.settle(11 * 60)
    found = detail(ecns)
    minutes = (START // 60 + 5, START // 60 + 10)
    assert [j["name"] for j in found["jobs"]] == [f"nightly-{m}" for m in minutes]
    assert [j["job_status"]["status"] for j in found["jobs"]] == ["Complete", "Complete"]
    assert found["status"]["actives"] == 0
    assert [e["reason"] for e in found["events"][:2]] == ["SuccessfulCreate", "SuccessfulCreate"]
    listed = [j["name"] for j in ecns.get(f"{API}/jobs/").json["jobs"]]
    assert listed == [f"nightly-{m}" for m in minutes]


def test_a_running_job_counts_as_active(ecns: Ecns) -> None:
    ecns.post(f"{API}/cronjobs/", json=every(5, completions=3, parallelism=1))
    ecns.settle(5 * 60 + 15)
    assert detail(ecns)["status"]["actives"] == 1
    assert ecns.get(f"{API}/cronjobs/").json["cronjobs_status"][0]["actives"] == 1


def test_forbid_skips_a_run_while_the_previous_one_is_active(ecns: Ecns) -> None:
    # 40 pods one at a time run 400 s, longer than the 5 minutes between runs.
    ecns.post(f"{API}/cronjobs/", json=every(5, "Forbid", completions=40, parallelism=1))
    ecns.settle(11 * 60)
    found = detail(ecns)
    assert [j["name"] for j in found["jobs"]] == [f"nightly-{START // 60 + 5}"]
    assert "JobAlreadyActive" in [e["reason"] for e in found["events"]]


def test_replace_deletes_the_active_run_first(ecns: Ecns) -> None:
    ecns.post(f"{API}/cronjobs/", json=every(5, "Replace", completions=40, parallelism=1))
    ecns.settle(11 * 60)
    found = detail(ecns)
    assert [j["name"] for j in found["jobs"]] == [f"nightly-{START // 60 + 10}"]
    assert "SuccessfulDelete" in [e["reason"] for e in found["events"]]


def test_only_three_complete_jobs_are_kept(ecns: Ecns) -> None:
    ecns.post(f"{API}/cronjobs/", json=every(1, completions=1, parallelism=1))
    ecns.settle(10 * 60 + 30)
    names = [j["name"] for j in detail(ecns)["jobs"]]
    assert names == [f"nightly-{START // 60 + m}" for m in (8, 9, 10)]


def test_a_stopped_cronjob_starts_nothing_and_does_not_catch_up(ecns: Ecns) -> None:
    ecns.post(f"{API}/cronjobs/", json=every(5, completions=1, parallelism=1))
    body = {"cronjob_list": [{"name": "nightly"}]}
    ecns.settle(60)
    ecns.put(f"{API}/cronjobs/?action=stop", json=body)
    ecns.settle(10 * 60)
    assert detail(ecns)["jobs"] == []
    ecns.put(f"{API}/cronjobs/?action=start", json=body)
    ecns.settle(4 * 60)
    assert [j["name"] for j in detail(ecns)["jobs"]] == [f"nightly-{START // 60 + 15}"]


def test_deleting_a_cronjob_deletes_its_jobs(ecns: Ecns) -> None:
    ecns.post(f"{API}/cronjobs/", json=every(5, completions=1, parallelism=1))
    ecns.settle(6 * 60)
    assert len(ecns.get(f"{API}/jobs/").json["jobs"]) == 1
    ecns.delete(f"{API}/cronjobs/", json={"cronjobs": ["nightly"]})
    assert ecns.get(f"{API}/jobs/").json["jobs"] == []


@pytest.mark.parametrize(
    ("fields", "when", "expected"),
    [
        ("*/15 * * * *", (2026, 3, 1, 10, 45), True),
        ("*/15 * * * *", (2026, 3, 1, 10, 46), False),
        ("10 6 * * 3,4", (2026, 3, 4, 6, 10), True),  # a Wednesday
        ("10 6 * * 3,4", (2026, 3, 3, 6, 10), False),  # a Tuesday
        ("0 0 1 * 0", (2026, 3, 8, 0, 0), True),  # day of month OR day of week when both are set
        ("0 0 1 * 0", (2026, 3, 9, 0, 0), False),
        ("30 8-17/3 * 1-6 *", (2026, 3, 1, 14, 30), True),
        ("30 8-17/3 * 1-6 *", (2026, 3, 1, 15, 30), False),
        ("5/20 * * * *", (2026, 3, 1, 0, 45), True),
    ],
)
def test_schedule_matching(fields: str, when: tuple[int, ...], expected: bool) -> None:
    assert matches(fields.split(), calendar.timegm((*when, 0))) is expected

"""ECNS jobs (seed 1.10) and cronjobs (1.5): create, list, detail, run over time,
start/stop, delete, and the cron-rule and job-body refusals."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from ecns_helpers import API, SEED_WORKLOAD, Ecns
from flask.testing import FlaskClient

from kaas_emulator.core.clock import ManualClock


@pytest.fixture
def ecns(client: FlaskClient, clock: ManualClock) -> Ecns:
    return Ecns(client, clock)


def job(**overrides: Any) -> dict[str, Any]:
    """A job built from the field table of seed 1.10, with the seed workload's container."""
    container = copy.deepcopy(SEED_WORKLOAD["containers"][0])
    del container["volume_mounts"]
    body = {
        "name": "backup",
        "completions": 3,
        "parallelism": 2,
        "active_deadline_seconds": 600,
        "backoff_limit": 2,
        "restart_policy": "Never",
        "labels": {"team": "ops"},
        "containers": [container],
    }
    body.update(overrides)
    return body


def cronjob(rule: dict[str, str] | None = None, **job_overrides: Any) -> dict[str, Any]:
    return {
        "cronjob": {
            "concurrency_policy": "Forbid",
            "cron_rule": {"minute": "10", "hour": "6", "day of the week": "3,4"}
            if rule is None
            else rule,
            "job": job(name="nightly", **job_overrides),
        }
    }


def test_job_runs_in_waves_and_completes(ecns: Ecns) -> None:
    response = ecns.post(f"{API}/jobs/", json={"job": job()})
    assert response.status_code == 200, response.json
    created = response.json["job"]
    assert created["job_status"]["status"] == "Running"
    assert created["job_status"]["scale"] == "0/3"
    assert created["job_status"]["images"] == ["nginx:1.25"]
    assert [p["status"] for p in created["pod_status"]] == ["Running", "Running"]
    ecns.settle(10)
    listed = ecns.get(f"{API}/jobs/").json["jobs"]
    assert (listed[0]["job_status"]["status"], listed[0]["job_status"]["scale"]) == (
        "Running",
        "2/3",
    )
    ecns.settle(10)
    detail = ecns.get(f"{API}/jobs/job/backup/").json
    assert detail["job"]["job_status"] == {**detail["job"]["job_status"], "status": "Complete"}
    assert detail["job"]["job_status"]["scale"] == "3/3"
    assert detail["conditions"][0]["type"] == "Complete"
    assert detail["events"][0]["reason"] == "Completed"
    assert detail["job"]["labels"] == {"team": "ops"}


def test_job_fails_past_its_deadline(ecns: Ecns) -> None:
    ecns.post(f"{API}/jobs/", json={"job": job(active_deadline_seconds=5)})
    ecns.settle(6)
    detail = ecns.get(f"{API}/jobs/job/backup/").json
    assert detail["job"]["job_status"]["status"] == "Failed"
    assert detail["conditions"][0]["reason"] == "DeadlineExceeded"


def test_job_with_a_planted_failure_ends_failed_after_its_retries(
    ecns: Ecns, client: FlaskClient
) -> None:
    client.post(
        "/_emulator/faults",
        json={"provider": "ecns", "method": "POST", "path": "/jobs/", "async_error": "pull failed"},
    )
    ecns.post(f"{API}/jobs/", json={"job": job()})
    ecns.settle(29)
    assert ecns.get(f"{API}/jobs/job/backup/").json["job"]["job_status"]["status"] == "Running"
    ecns.settle(1)
    detail = ecns.get(f"{API}/jobs/job/backup/").json
    assert detail["job"]["job_status"]["status"] == "Failed"
    assert detail["conditions"][0]["message"] == "pull failed"


def test_create_job_refuses_bad_bodies_and_duplicates(ecns: Ecns) -> None:
    bad = ecns.post(
        f"{API}/jobs/",
        json={"job": job(name="Backup", completions=0, restart_policy="Always", extra=1)},
    )
    assert bad.status_code == 400
    message = ecns.error(bad)["message"]
    for part in ("job.name: 'Backup'", "job.completions", "job.restart_policy", "job.extra"):
        assert part in message
    missing = ecns.post(f"{API}/jobs/", json={"job": {"name": "x", "containers": []}})
    assert "job.parallelism: is required" in ecns.error(missing)["message"]
    ecns.post(f"{API}/jobs/", json={"job": job()})
    duplicate = ecns.post(f"{API}/jobs/", json={"job": job()})
    assert duplicate.status_code == 409
    assert ecns.error(duplicate)["message"] == (
        'Job "backup" already exists in namespace "default"'
    )


def test_delete_jobs_is_all_or_none(ecns: Ecns) -> None:
    ecns.post(f"{API}/jobs/", json={"job": job()})
    missing = ecns.delete(f"{API}/jobs/", json={"jobs": ["backup", "nope"]})
    assert missing.status_code == 404
    assert [j["name"] for j in ecns.get(f"{API}/jobs/").json["jobs"]] == ["backup"]
    assert ecns.delete(f"{API}/jobs/", json={"jobs": []}).status_code == 400
    assert ecns.delete(f"{API}/jobs/", json={"jobs": ["backup"]}).status_code == 200
    assert ecns.get(f"{API}/jobs/").json["jobs"] == []
    assert ecns.get(f"{API}/jobs/job/backup/").status_code == 404


def test_jobs_belong_to_the_session_namespace(ecns: Ecns) -> None:
    ecns.post(f"{API}/jobs/", json={"job": job()})
    ecns.get(f"{API}/namespace/demo/cluster/ecns-east/ns/apps/")
    assert ecns.get(f"{API}/jobs/").json["jobs"] == []
    assert ecns.post(f"{API}/jobs/", json={"job": job()}).status_code == 200


def test_cronjob_create_list_detail(ecns: Ecns) -> None:
    response = ecns.post(f"{API}/cronjobs/", json=cronjob())
    assert response.status_code == 200, response.json
    status = response.json
    assert status["scheduler"] == "10 6 * * 3,4"
    assert (status["name"], status["status"], status["concurrency_policy"]) == (
        "nightly",
        "Running",
        "Forbid",
    )
    assert status["scheduler_en"] == "minute 10, hour 6, day of week 3,4"
    assert status["labels"] == {"team": "ops"} and status["images"] == ["nginx:1.25"]
    assert ecns.get(f"{API}/cronjobs/").json["cronjobs_status"] == [status]
    detail = ecns.get(f"{API}/cronjobs/cronjob/nightly/").json
    assert detail["status"] == status and detail["jobs"] == []
    assert detail["spec"]["completions"] == 3
    assert detail["events"][0]["reason"] == "SuccessfulCreate"


def test_cron_rule_short_keys_and_defaults(ecns: Ecns) -> None:
    created = ecns.post(
        f"{API}/cronjobs/", json=cronjob({"minute": "10", "hour": "6", "day": "*/2"})
    ).json
    assert created["scheduler"] == "10 6 */2 * *"
    every = ecns.post(
        f"{API}/cronjobs/", json={"cronjob": {**cronjob({})["cronjob"], "job": job(name="tick")}}
    ).json
    assert (every["scheduler"], every["concurrency_policy"]) == ("* * * * *", "Forbid")
    assert every["scheduler_en"] == "every minute"


def test_security_product_jobs_run_with_the_secure_runtime(ecns: Ecns) -> None:
    secure = "/api/ecns/security"
    created = ecns.post(f"{secure}/jobs/", json={"job": job()}).json["job"]
    assert created["runtime_class_name"] == "rune"
    ecns.post(f"{secure}/cronjobs/", json=cronjob())
    assert (
        ecns.get(f"{secure}/cronjobs/cronjob/nightly/").json["spec"]["runtime_class_name"] == "rune"
    )


@pytest.mark.parametrize(
    ("rule", "problem"),
    [
        ({"minute": "60"}, "cronjob.cron_rule.minute: 60 is outside 0-59"),
        ({"hour": "5-2"}, "cronjob.cron_rule.hour: range 5-2 runs backwards"),
        ({"day of the month": "0"}, "cronjob.cron_rule.day of the month: 0 is outside 1-31"),
        ({"month": "*/0"}, "cronjob.cron_rule.month: a step must be at least 1"),
        ({"day of the week": "mon"}, "cronjob.cron_rule.day of the week: 'mon' is not *"),
        ({"week": "3", "day of the week": "4"}, "give 'day of the week' or 'week', not both"),
        ({"second": "5"}, "cronjob.cron_rule.second: unknown field"),
        ({"minute": 5}, "cronjob.cron_rule.minute: must be a non-empty string"),
    ],
)
def test_cron_rule_refusals(ecns: Ecns, rule: dict[str, Any], problem: str) -> None:
    response = ecns.post(f"{API}/cronjobs/", json=cronjob(rule))
    assert response.status_code == 400
    assert problem in ecns.error(response)["message"]


def test_cronjob_refuses_bad_policy_missing_rule_and_duplicates(ecns: Ecns) -> None:
    body = cronjob()
    body["cronjob"]["concurrency_policy"] = "Sometimes"
    del body["cronjob"]["cron_rule"]
    response = ecns.post(f"{API}/cronjobs/", json=body)
    message = ecns.error(response)["message"]
    assert "concurrency_policy: 'Sometimes'" in message
    assert "cron_rule: is required" in message
    ecns.post(f"{API}/cronjobs/", json=cronjob())
    assert ecns.post(f"{API}/cronjobs/", json=cronjob()).status_code == 409


def test_cronjob_stop_then_start_and_the_409s(ecns: Ecns) -> None:
    ecns.post(f"{API}/cronjobs/", json=cronjob())
    body = {"cronjob_list": [{"name": "nightly"}]}
    refused = ecns.put(f"{API}/cronjobs/?action=start", json=body)
    assert refused.status_code == 409
    assert ecns.error(refused)["message"] == 'CronJob "nightly" is Running and cannot start'
    stopped = ecns.put(f"{API}/cronjobs/?action=stop", json=body)
    assert stopped.json["cronjobs_status"][0]["status"] == "Stopped"
    assert ecns.put(f"{API}/cronjobs/?action=stop", json=body).status_code == 409
    started = ecns.put(f"{API}/cronjobs/?action=start", json=body)
    assert started.json["cronjobs_status"][0]["status"] == "Running"
    events = ecns.get(f"{API}/cronjobs/cronjob/nightly/").json["events"]
    assert [e["reason"] for e in events[:2]] == ["Resumed", "Suspended"]
    assert ecns.put(f"{API}/cronjobs/?action=pause", json=body).status_code == 400
    assert ecns.put(f"{API}/cronjobs/?action=stop", json={"cronjob_list": [{}]}).status_code == 400
    missing = ecns.put(f"{API}/cronjobs/?action=stop", json={"cronjob_list": [{"name": "x"}]})
    assert missing.status_code == 404


def test_delete_cronjobs(ecns: Ecns) -> None:
    ecns.post(f"{API}/cronjobs/", json=cronjob())
    assert ecns.delete(f"{API}/cronjobs/", json={"cronjobs": ["nope"]}).status_code == 404
    assert ecns.delete(f"{API}/cronjobs/", json={"cronjobs": "nightly"}).status_code == 400
    assert ecns.delete(f"{API}/cronjobs/", json={"cronjobs": ["nightly"]}).status_code == 200
    assert ecns.get(f"{API}/cronjobs/").json["cronjobs_status"] == []
    assert ecns.get(f"{API}/cronjobs/cronjob/nightly/").status_code == 404

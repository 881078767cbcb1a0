"""job and job_info on ECNS, against the emulator: run to completion, rerun, immutability, failure, delete."""

from __future__ import annotations

import pytest

from ansible_collections.kaas.cloud.plugins.modules import job
from support.harness import run_module

API = "/api/ecns/eks"
BUSYBOX = {"name": "migrate", "image": {"image": "busybox", "image_version": "1.36"}, "commands": {"cmd": ["true"]}}
MIGRATE = {
    "name": "migrate",
    "completions": 3,
    "parallelism": 2,
    "backoff_limit": 2,
    "restart_policy": "Never",
    "labels": {"team": "ops"},
    "containers": [BUSYBOX],
}


def converge(args, **kw):
    return run_module(job.main, args, **kw)


def test_lifecycle_run_rerun_delete(cloud, ecns_args):
    created = converge({**ecns_args, **MIGRATE}, diff=True)
    assert created.get("changed"), created
    result = created["job"]
    assert (result["status"], result["scale"], result["images"]) == ("Complete", "3/3", ["busybox:1.36"])
    assert (result["completions"], result["active_deadline_seconds"], result["labels"]) == (3, 86400, {"team": "ops"})
    assert result["conditions"][0]["type"] == "Complete"
    assert created["diff"]["before"] == {} and created["diff"]["after"]["completions"] == 3
    assert cloud.api_writes("ecns") == [("POST", f"{API}/jobs/", "")]

    cloud.clear_log()
    again = converge({**ecns_args, **MIGRATE})
    assert again["changed"] is False and cloud.api_writes("ecns") == []
    # An unchanged run reads: the namespace switch and the detail, nothing else.
    assert [r["method"] for r in cloud.requests("ecns") if not r["path"].startswith("/identity")] == ["GET", "GET"]

    cloud.clear_log()
    deleted = converge({**ecns_args, "name": "migrate", "state": "absent"})
    assert deleted["changed"] and deleted["job"] == {}
    assert converge({**ecns_args, "name": "migrate", "state": "absent"})["changed"] is False
    assert cloud.api_writes("ecns") == [("DELETE", f"{API}/jobs/", "")]


def test_without_wait_the_job_is_returned_running(cloud, ecns_args):
    with cloud.time_scaled(1.0):
        created = converge({**ecns_args, **MIGRATE, "wait": False})
    assert created["job"]["status"] == "Running" and created["job"]["scale"] == "0/3"
    assert converge({**ecns_args, "name": "migrate"})["job"]["status"] == "Complete"


def test_a_job_cannot_change_and_nothing_is_sent(cloud, ecns_args):
    converge({**ecns_args, **MIGRATE})
    cloud.clear_log()
    for check in (True, False):
        result = converge({**ecns_args, **MIGRATE, "parallelism": 3}, check=check)
        assert result["failed"] and "parallelism cannot be changed in place (parallelism is 2" in result["msg"]
    image = dict(BUSYBOX, image={"image": "busybox", "image_version": "1.37"})
    result = converge({**ecns_args, "name": "migrate", "containers": [image]})
    assert result["failed"] and "containers cannot be changed in place" in result["msg"], result
    assert cloud.api_writes("ecns") == []


def test_a_failed_job_fails_the_task_with_its_reason(cloud, ecns_args):
    result = converge({**ecns_args, **MIGRATE, "active_deadline_seconds": 5})
    assert result["failed"], result
    assert "job 'migrate' (ecns) create failed" in result["msg"]
    assert "DeadlineExceeded: Job was active longer than specified deadline (5s)" in result["msg"]
    again = converge({**ecns_args, "name": "migrate"})
    assert again["failed"] and "is in status Failed" in again["msg"] and "delete it" in again["msg"]


def test_check_mode_predicts_without_writing(cloud, ecns_args):
    planned = converge({**ecns_args, **MIGRATE}, check=True, diff=True)
    assert planned["changed"] and planned["diff"]["before"] == {}
    assert planned["job"]["parallelism"] == 2
    converge({**ecns_args, **MIGRATE})
    cloud.clear_log()
    removal = converge({**ecns_args, "name": "migrate", "state": "absent"}, check=True)
    assert removal["changed"]
    assert cloud.api_writes("ecns") == []


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"name": "Migrate"}, "job name 'Migrate' is invalid"),
        ({"completions": 0}, "completions must be at least 1, got 0"),
        ({"backoff_limit": -1}, "backoff_limit must be at least 0"),
        ({"labels": {"tier": 2}}, "labels.tier must be a string"),
        ({"restart_policy": "Always"}, "restart_policy"),
        (
            {"containers": [dict(BUSYBOX, volume_mounts=[{"volume_name": "x", "mount_path": "/x"}])], "volumes": []},
            "volume_name 'x' is not one of volumes",
        ),
    ],
)
def test_bad_input_is_refused_before_any_request(cloud, ecns_args, options, message):
    result = converge({**ecns_args, **MIGRATE, **options})
    assert result["failed"] and message in result["msg"], result
    assert [r for r in cloud.requests("ecns") if not r["path"].startswith("/identity")] == []


def test_creating_needs_containers(cloud, ecns_args):
    result = converge({**ecns_args, "name": "migrate"})
    assert result["failed"] and "creating it needs containers" in result["msg"], result
    assert cloud.api_writes("ecns") == []


def test_a_provider_error_surfaces_with_its_message(cloud, ecns_args):
    result = converge({**ecns_args, **MIGRATE, "namespace": "nowhere"})
    assert result["failed"] and "namespace 'nowhere' not found in cluster ecns-east" in result["msg"], result

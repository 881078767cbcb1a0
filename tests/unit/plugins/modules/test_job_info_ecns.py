"""job_info against the emulator (set-up helpers from test_job_ecns.py)."""

from __future__ import annotations

from ansible_collections.kaas.cloud.plugins.modules import job_info
from support.harness import run_module

from .test_job_ecns import MIGRATE, converge


def test_info_lists_every_job_or_one_with_its_conditions(cloud, ecns_args):
    converge({**ecns_args, **MIGRATE})
    converge({**ecns_args, **MIGRATE, "name": "seed-data"})
    info_args = {k: v for k, v in ecns_args.items() if k not in ("poll_interval", "wait_timeout")}
    cloud.clear_log()
    listed = run_module(job_info.main, info_args)
    assert [(j["name"], j["status"]) for j in listed["jobs"]] == [("migrate", "Complete"), ("seed-data", "Complete")]
    one = run_module(job_info.main, {**info_args, "name": "seed-data"})
    assert [j["name"] for j in one["jobs"]] == ["seed-data"] and one["jobs"][0]["conditions"]
    assert run_module(job_info.main, {**info_args, "name": "ghost"})["jobs"] == []
    assert cloud.api_writes("ecns") == []

"""cronjob_info against the emulator (set-up helpers from test_cronjob_ecns.py)."""

from __future__ import annotations

from ansible_collections.kaas.cloud.plugins.modules import cronjob_info
from support.harness import run_module

from .test_cronjob_ecns import REPORT, converge


def test_info_lists_every_cronjob_with_its_template_or_one_by_name(cloud, ecns_object_args):
    converge({**ecns_object_args, **REPORT})
    converge({**ecns_object_args, **REPORT, "name": "cleanup", "schedule": "0 * * * *", "state": "stopped"})
    cloud.clear_log()
    listed = run_module(cronjob_info.main, ecns_object_args)
    assert [(c["name"], c["schedule"], c["running"]) for c in listed["cronjobs"]] == [
        ("report", "30 2 * * *", True),
        ("cleanup", "0 * * * *", False),
    ]
    assert listed["cronjobs"][0]["containers"][0]["name"] == "report"
    one = run_module(cronjob_info.main, {**ecns_object_args, "name": "cleanup"})
    assert [c["name"] for c in one["cronjobs"]] == ["cleanup"] and one["cronjobs"][0]["events"]
    assert run_module(cronjob_info.main, {**ecns_object_args, "name": "ghost"})["cronjobs"] == []
    assert cloud.api_writes("ecns") == []

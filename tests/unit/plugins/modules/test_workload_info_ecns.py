"""workload_info against the emulator (set-up helpers from test_workload_ecns.py)."""

from __future__ import annotations

from ansible_collections.kaas.cloud.plugins.modules import workload_info
from support.harness import run_module

from .test_workload_ecns import CREATE, NGINX, _info, api_writes, converge


def test_workload_info_lists_pages_and_reads_one(cloud, ecns_args):
    for index in range(3):
        converge({**ecns_args, **CREATE, "name": f"web{index}", "wait": False})
    converge({**ecns_args, "name": "db", "type": "StatefulSet", "replicas": 1, "containers": [NGINX]})
    cloud.clear_log()
    everything = run_module(workload_info.main, _info(ecns_args))
    assert not everything.get("failed"), everything
    assert [w["name"] for w in everything["workloads"]] == ["web0", "web1", "web2", "db"]
    only = run_module(workload_info.main, _info(ecns_args, type="StatefulSet"))
    assert [w["name"] for w in only["workloads"]] == ["db"]
    one = run_module(workload_info.main, _info(ecns_args, name="web1", type="Deployment"))
    assert one["workloads"][0]["revisions"][0]["version"] == 1 and one["workloads"][0]["events"]
    assert run_module(workload_info.main, _info(ecns_args, name="ghost"))["workloads"] == []
    assert api_writes(cloud) == []

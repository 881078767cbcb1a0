"""``module_defaults`` for ``group/kaas.cloud.all`` reaches every module of the collection.

Modules are discovered from plugins/modules, so a module missing from the group in
meta/runtime.yml fails here (its ``provider`` would be reported missing).
"""

from __future__ import annotations

import json
import subprocess

import pytest
import requests
from collection_docs import BIN, discover_modules
from examples import callback_environment, results_of

from support.playbooks import ansible_env, run_ansible

MODULES = discover_modules()


def run_play(tasks: list[dict], url: str, work) -> tuple[subprocess.CompletedProcess, list[dict]]:
    play = [
        {
            "name": "module_defaults through the action group only",
            "hosts": "localhost",
            "gather_facts": False,
            "module_defaults": {
                "group/kaas.cloud.all": {
                    "provider": "deployme",
                    "api_url": f"{url}/deployme",
                    "auth": {"token": "demo"},
                }
            },
            "tasks": tasks,
        }
    ]
    playbook = work / "group.yml"
    playbook.write_text(json.dumps(play))
    results_file = work / "results.json"
    env = ansible_env(**callback_environment(results_file), ANSIBLE_PYTHON_INTERPRETER=str(BIN / "python"))
    proc = run_ansible(
        "ansible-playbook", "-i", "localhost,", "-c", "local", str(playbook), env=env, cwd=work, timeout=300
    )
    results = [r for module in MODULES for r in results_of(results_file, module)]
    return proc, results


@pytest.mark.integration
def test_group_defaults_reach_every_module(emulator, tmp_path):
    """Each module, called with no argument at all, gets its connection from the group."""
    tasks = [{"name": m, m: {}, "ignore_errors": True, "check_mode": True} for m in MODULES]
    proc, results = run_play(tasks, emulator.url, tmp_path)
    assert proc.returncode == 0, proc.stdout[-4000:]
    assert sorted(r["module"] for r in results) == sorted(MODULES), "a module did not run"
    for record in results:
        msg = str(record["result"].get("msg", ""))
        # A module with no required option of its own (namespace_info) reaches the adapter
        # look-up, whose refusal names the group's provider: the provider did arrive.
        if msg.startswith("provider deployme has no "):
            continue
        assert "provider" not in msg and "api_url" not in msg and "token" not in msg, f"{record['module']}: {msg}"


@pytest.mark.integration
def test_group_defaults_carry_the_connection_to_the_api(emulator, tmp_path):
    requests.post(f"{emulator.url}/_emulator/reset", timeout=10).raise_for_status()
    tasks = [
        {
            "name": "Create through the group's connection",
            "kaas.cloud.k8s_cluster": {"name": "grouped", "node_count": 1, "node_size": "small", "poll_interval": 0.2},
        },
        {"name": "Read it back the same way", "kaas.cloud.k8s_cluster_info": {"name": "grouped"}},
    ]
    proc, results = run_play(tasks, emulator.url, tmp_path)
    assert proc.returncode == 0, proc.stdout[-4000:]
    created, listed = (r["result"] for r in results)
    assert created["changed"] and created["cluster"]["name"] == "grouped"
    assert [c["id"] for c in listed["clusters"]] == [created["cluster"]["id"]]
    log = requests.get(f"{emulator.url}/_emulator/requests", timeout=10).json()["requests"]
    assert {r["provider"] for r in log} == {"deployme"}

"""Modules run in the task's worker process (plugins/plugin_utils/in_process.py) exactly as in a module process.

One playbook of tasks on every provider (reads, a create in check mode with diff, the
create, its unchanged re-run, a refused input, a provider error, ``no_log``, a loop,
the ``environment`` keyword) runs twice on a fresh emulator: in process, then with
``KAAS_IN_PROCESS=false``. The registered results and the requests the emulator
received must be the same, up to ids and times the emulator draws anew. Which path a
task took shows at ``-vvv``: only a module process prints "Using module file" with the module's path.
Then each case that must leave the worker process does: another interpreter,
``async``, the switch turned off as a variable.
"""

from __future__ import annotations

import importlib
import json
import re
import shutil
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from ansible_collections.kaas.cloud.plugins.plugin_utils import in_process
from kaas_emulator.core.clock import ManualClock
from kaas_emulator.server import EmulatorServer
from support.connections import emulator_connections
from support.harness import Cloud
from support.playbooks import REPO, ansible_env, run_ansible

MODULE_PROCESS = re.compile(r"Using module file \S*/kaas/cloud/plugins/modules/")
DRAWN = (
    (re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), "<uuid>"),
    (re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:?\d\d)?"), "<time>"),
    (re.compile(r"\b(cls|req|tok)[-_][0-9A-Za-z]+"), r"<\1>"),
)


def tasks(url: str, results: Path) -> list[dict[str, Any]]:
    conn = emulator_connections(url)
    deployme, nks, itcare, ecns = (conn[p] for p in ("deployme", "nks", "itcare", "ecns"))
    cluster = {**deployme, "name": "in-process", "node_size": "small", "node_count": 1, "wait": False}
    namespace = {**ecns, "cluster": "ecns-east", "name": "in-process"}
    steps: list[dict[str, Any]] = [
        {"name": "plan", "kaas.cloud.k8s_cluster": cluster, "check_mode": True, "diff": True},
        {"name": "create", "kaas.cloud.k8s_cluster": cluster, "diff": True},
        {"name": "unchanged", "kaas.cloud.k8s_cluster": cluster},
        {"name": "scale_plan", "kaas.cloud.k8s_cluster": {**cluster, "node_count": 2}, "check_mode": True},
        {"name": "refused", "kaas.cloud.k8s_cluster": {**cluster, "node_count": -1}},
        {"name": "provider_error", "kaas.cloud.nodegroup_info": {**nks, "cluster": "no-such-cluster"}},
        {"name": "nks_read", "kaas.cloud.k8s_cluster_info": nks},
        {"name": "itcare_read", "kaas.cloud.k8s_cluster_info": itcare},
        {"name": "namespace", "kaas.cloud.namespace": namespace, "diff": True},
        {
            "name": "secret",
            "kaas.cloud.secret": {
                **ecns,
                "cluster": "ecns-east",
                "namespace": "default",
                "name": "s",
                "type": "Opaque",
                "data": {"token": "not-for-logs"},
            },
            "no_log": True,
        },
        {
            "name": "loop",
            "kaas.cloud.k8s_cluster_info": {**deployme, "name": "{{ item }}"},
            "loop": ["in-process", "none"],
        },
        {
            "name": "from_environment",
            "kaas.cloud.k8s_cluster_info": {"name": "in-process"},
            "environment": {
                "KAAS_PROVIDER": "deployme",
                "KAAS_API_URL": deployme["api_url"],
                "KAAS_AUTH_TOKEN": "demo",
            },
        },
    ]
    for step in steps:
        step.update(register=step["name"], ignore_errors=True)
    names = [step["name"] for step in steps]
    pairs = ", ".join(f"'{name}': {name}" for name in names)
    keep = "{{ {" + pairs + "} | to_json }}"
    steps.append({"name": "keep", "ansible.builtin.copy": {"content": keep, "dest": str(results)}})
    return steps


def play(work: Path, steps: list[dict[str, Any]], env: dict[str, str], *extra: str) -> str:
    (work / "play.yml").write_text(json.dumps([{"hosts": "localhost", "gather_facts": False, "tasks": steps}]))
    proc = run_ansible("ansible-playbook", "-vvv", "play.yml", *extra, env=env, cwd=work)
    assert proc.returncode == 0, (proc.stdout + proc.stderr)[-4000:]
    return proc.stdout


def drawn_anew(value: Any) -> Any:
    """``value`` with the ids and times the emulator draws on each run replaced by placeholders."""
    text = json.dumps(value, sort_keys=True)
    for pattern, placeholder in DRAWN:
        text = pattern.sub(placeholder, text)
    return json.loads(text)


def requests_sent(cloud: Cloud) -> list[tuple[str, str, str, int]]:
    return [drawn_anew((r["provider"], r["method"], r["path"], r["status"])) for r in cloud.requests()]


@pytest.fixture(scope="module")
def emulator():
    with EmulatorServer(time_scale=400) as server:
        yield server


@pytest.mark.integration
def test_in_process_results_and_requests_are_those_of_a_module_process(tmp_path):
    outcomes = {}
    work = tmp_path / "work"
    for switch in ("true", "false"):
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir()
        # The emulator's clock stands still (from now: tokens expire by the real clock): a cluster
        # reads the same however long a task took.
        with EmulatorServer(clock=ManualClock(time.time())) as emulator:
            cloud = Cloud(emulator.url)
            results = work / "results.json"
            output = play(work, tasks(emulator.url, results), ansible_env(work, KAAS_IN_PROCESS=switch))
            kept = json.loads(results.read_text().replace(emulator.url, "<url>"))
            outcomes[switch] = (kept, requests_sent(cloud), output)

    (inside, inside_sent, inside_output), (outside, outside_sent, outside_output) = outcomes["true"], outcomes["false"]
    assert not MODULE_PROCESS.search(inside_output)
    assert len(MODULE_PROCESS.findall(outside_output)) >= len(outside)
    assert drawn_anew(inside) == drawn_anew(outside)
    assert inside_sent == outside_sent
    # What the cases are there for: each one did what its name says, on both paths.
    assert inside["plan"]["changed"] and inside["plan"]["diff"] and inside["create"]["changed"]
    assert not inside["unchanged"]["changed"] and inside["scale_plan"]["changed"]
    assert inside["refused"]["failed"] and "node_count" in inside["refused"]["msg"]
    assert inside["provider_error"]["failed"] and "no-such-cluster" in inside["provider_error"]["msg"]
    assert inside["secret"]["changed"] and "not-for-logs" not in inside_output + outside_output
    assert [item["clusters"] != [] for item in inside["loop"]["results"]] == [True, False]
    assert inside["from_environment"]["clusters"][0]["name"] == "in-process"


def fallback_cases(tmp_path: Path) -> dict[str, tuple[dict[str, Any], list[str], dict[str, str]]]:
    """Per case: what the task adds, the extra command-line arguments and environment variables."""
    other = tmp_path / "bin" / "python"
    other.parent.mkdir()
    other.symlink_to(sys.executable)  # the same Python under another name: it may not be the same environment
    cases = {
        "interpreter": ({"vars": {"ansible_python_interpreter": str(other)}}, [], {}),
        # An inventory's localhost has no interpreter set: ansible-core discovers the system's.
        "discovered": ({}, ["-i", "localhost,", "-c", "local"], {}),
        "async": ({"async": 60, "poll": 1}, [], {}),
        "switch": ({}, ["-e", "kaas_in_process=false"], {}),
        "in_process": ({}, [], {}),
        "in_process_configured": (
            {},
            ["-i", "localhost,", "-c", "local"],
            {"ANSIBLE_PYTHON_INTERPRETER": sys.executable},
        ),
    }
    alias = Path(sys.executable).with_name("python" if Path(sys.executable).name != "python" else "python3")
    if alias.exists() and alias.resolve() == Path(sys.executable).resolve():
        # Another name of this Python in its own directory (a virtual environment's python and python3).
        cases["in_process_alias"] = ({"vars": {"ansible_python_interpreter": str(alias)}}, [], {})
    return cases


@pytest.mark.integration
def test_tasks_leave_the_worker_process_when_it_would_make_a_difference(emulator, tmp_path):
    deployme = emulator_connections(emulator.url)["deployme"]
    for case, (keywords, extra, variables) in fallback_cases(tmp_path).items():
        work = tmp_path / case
        work.mkdir()
        step = {"kaas.cloud.k8s_cluster_info": deployme, "register": "read", **keywords}
        check = {"ansible.builtin.assert": {"that": ["read.clusters is defined", "read is not failed"]}}
        if case == "discovered":
            # The system's Python may lack the collection's requirements (requests): only the path counts.
            step, check = {**step, "ignore_errors": True}, {"ansible.builtin.meta": "noop"}
        output = play(work, [step, check], ansible_env(work, **variables), *extra)
        left = bool(MODULE_PROCESS.search(output))
        assert left == (not case.startswith("in_process")), f"{case}: {'a module process' if left else 'in process'}"


def test_every_module_runs_through_the_action():
    modules = sorted(p.stem for p in (REPO / "plugins" / "modules").glob("*.py") if p.stem != "__init__")
    actions = sorted(p.stem for p in (REPO / "plugins" / "action").glob("*.py") if p.stem != "__init__")
    assert actions == modules
    for name in modules:
        action = importlib.import_module(f"ansible_collections.kaas.cloud.plugins.action.{name}")
        assert action.ActionModule is in_process.ActionModule, name

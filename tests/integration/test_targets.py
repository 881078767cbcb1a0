"""Run every integration target with ansible-playbook against kaas-emulator.

Each target is ``targets/<name>/tasks/main.yml``. The driver gives it a fresh
emulator state, runs it at ``-vvv --diff``, and then checks three things a target
cannot check itself: the playbook succeeded, every check-mode prediction (``changed``,
``failed`` and the diff, by the rule of ``support.diffs``) matched the real run that
followed it, and no secret appeared anywhere in the output.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
import requests

from kaas_emulator.server import EmulatorServer
from support.diffs import diff_mismatches
from support.playbooks import ansible_env, run_ansible

HERE = Path(__file__).resolve().parent
TARGETS = sorted(p.name for p in (HERE / "targets").iterdir() if not p.name.startswith("setup_"))
PLAYBOOK = """- name: Integration target {target}
  hosts: localhost
  connection: local
  gather_facts: false
  vars:
    ansible_python_interpreter: "{{{{ ansible_playbook_python }}}}"
    emulator_url: {url}
    work_dir: {work}
  module_defaults:
    group/kaas.cloud.all: {connection}
    kaas.cloud.k8s_cluster: &wait
      poll_interval: 0.2
      wait_timeout: 60
    kaas.cloud.kubeconfig: *wait
    kaas.cloud.nodegroup: *wait
    kaas.cloud.autoscaler: *wait
    kaas.cloud.ipacl: *wait
    kaas.cloud.load_balancer: *wait
    kaas.cloud.workload: *wait
  tasks:
    - name: Run the target
      ansible.builtin.include_tasks: {tasks}
"""

# The emulator's credentials per provider. A target is named ``<module>_<provider>``
# and talks to the provider its name ends with.
CONNECTIONS = {
    "deployme": {"provider": "deployme", "api_url": "{{ emulator_url }}/deployme", "auth": {"token": "demo"}},
    "nks": {
        "provider": "nks",
        "api_url": "{{ emulator_url }}/nks",
        "auth": {
            "username": "demo",
            "password": "demo",
            "project_id": "demo",
            "auth_url": "{{ emulator_url }}/nks/identity/v2.0",
        },
    },
    "itcare": {
        "provider": "itcare",
        "api_url": "{{ emulator_url }}/itcare",
        "auth": {
            "client_id": "demo",
            "client_secret": "demo",
            "auth_url": "{{ emulator_url }}/itcare/auth/realms/cloud/protocol/openid-connect/token",
        },
    },
    "ecns": {
        "provider": "ecns",
        "api_url": "{{ emulator_url }}/ecns",
        "auth": {
            "username": "demo",
            "password": "demo",
            "project_id": "demo",
            "auth_url": "{{ emulator_url }}/ecns/identity/v3",
        },
    },
}


def target_connection(target: str) -> str:
    """The target's connection defaults as a one-line YAML (JSON) mapping."""
    provider = target.rsplit("_", 1)[-1]
    if provider not in CONNECTIONS:
        raise ValueError(f"target {target} is not named <module>_<provider> for a provider in {', '.join(CONNECTIONS)}")
    return json.dumps(CONNECTIONS[provider])


@pytest.fixture(scope="module")
def emulator():
    with EmulatorServer(time_scale=400) as server:
        yield server


def run_target(target: str, url: str, work: Path) -> tuple[subprocess.CompletedProcess, list[dict]]:
    playbook = work / "play.yml"
    playbook.write_text(
        PLAYBOOK.format(
            target=target,
            url=url,
            work=work,
            tasks=HERE / "targets" / target / "tasks" / "main.yml",
            connection=target_connection(target),
        )
    )
    predictions = work / "predictions.json"
    env = ansible_env(
        ANSIBLE_CALLBACK_PLUGINS=str(HERE / "callback_plugins"),
        ANSIBLE_CALLBACKS_ENABLED="kaas_predictions",
        ANSIBLE_ROLES_PATH=str(HERE / "targets"),
        KAAS_PREDICTIONS_FILE=str(predictions),
    )
    proc = run_ansible("ansible-playbook", "-vvv", "--diff", "-i", "localhost,", str(playbook), env=env, cwd=work)
    steps = json.loads(predictions.read_text()) if predictions.exists() else []
    return proc, steps


def misprediction(step: dict[str, Any]) -> list[str]:
    """What check mode got wrong about the real run of one step pair."""
    check, real = step["check"], step["real"]
    wrong = [
        f"{key}: check mode {check[key]}, real run {real[key]}"
        for key in ("changed", "failed")
        if check[key] != real[key]
    ]
    if not wrong and not check["failed"]:
        wrong += diff_mismatches(check.get("diff"), real.get("diff"))
    return wrong


def secrets_in(work: Path) -> list[str]:
    """Tokens the run must never print: the kubeconfig credentials it wrote."""
    found = []
    for path in work.glob("**/*.yaml"):
        for line in path.read_text().splitlines():
            if ":" not in line:
                continue
            key, value = (part.strip() for part in line.split(":", 1))
            if key in ("token", "client-key-data", "password") and value:
                found.append(value.strip('"'))
    return found


@pytest.mark.integration
@pytest.mark.parametrize("target", TARGETS)
def test_target(target, emulator, tmp_path):
    requests.post(f"{emulator.url}/_emulator/reset", timeout=10).raise_for_status()
    proc, steps = run_target(target, emulator.url, tmp_path)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output[-6000:]
    assert "Traceback" not in output

    pairs = [s for s in steps if "check" in s and "real" in s]
    assert pairs, f"target {target} has no check-mode/real step pair"
    wrong = {f"{n}. {s['task']}": found for n, s in enumerate(pairs, 1) if (found := misprediction(s))}
    assert not wrong, f"check mode mispredicted {len(wrong)} of {len(pairs)} steps of {target}:\n" + "\n".join(
        f"  {task}\n" + "".join(f"    {line}\n" for line in lines) for task, lines in wrong.items()
    )

    for secret in secrets_in(tmp_path):
        assert secret not in output, f"a kubeconfig credential of {target} appeared in -vvv output"
    assert "Bearer demo" not in output

"""The roles: molecule scenarios, playbook syntax, and an upgrade resumed after a failure.

Each molecule scenario (extensions/molecule/<role>) starts its own kaas-emulator in
``create`` and stops it in ``destroy``, so the scenarios are independent.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from kaas_emulator.server import EmulatorServer
from support.playbooks import REPO, ansible_env, run_ansible

SCENARIOS = sorted(p.parent.name for p in (REPO / "extensions" / "molecule").glob("*/molecule.yml"))
PLAYBOOKS = sorted(p.name for p in (REPO / "playbooks").glob("*.yml"))


def roles_env(tmp: Path) -> dict[str, str]:
    """HOME in the test's directory; molecule's own output without colours too."""
    return ansible_env(tmp, NO_COLOR="1")


@pytest.mark.integration
@pytest.mark.slow
@pytest.mark.parametrize("scenario", SCENARIOS)
def test_molecule_scenario(scenario, tmp_path):
    """converge, idempotence (zero changed), verify and destroy, against the emulator."""
    try:
        proc = run_ansible("molecule", "test", "-s", scenario, env=roles_env(tmp_path), cwd=REPO, timeout=900)
    finally:
        # destroy stops the scenario's emulator; one left by an interrupted run is stopped here.
        for pid_file in tmp_path.glob("**/emulator.pid"):
            subprocess.run(["kill", pid_file.read_text().strip()], capture_output=True, check=False)
    assert proc.returncode == 0, (proc.stdout + proc.stderr)[-8000:]


@pytest.mark.parametrize("playbook", PLAYBOOKS)
def test_playbook_syntax(playbook, tmp_path):
    syntax = ("--syntax-check", "-i", "localhost,", f"playbooks/{playbook}")
    proc = run_ansible("ansible-playbook", *syntax, env=roles_env(tmp_path), cwd=REPO, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def run_playbook(playbook: str, url: str, tmp: Path, *extra: str) -> subprocess.CompletedProcess:
    """ansible-playbook on localhost with this interpreter, against the emulator at ``url``."""
    local = ["-i", "localhost,", "-c", "local", "-e", f"ansible_python_interpreter={sys.executable}"]
    args = (*local, playbook, "-e", f"emulator_url={url}", *extra)
    return run_ansible("ansible-playbook", *args, env=roles_env(tmp), cwd=REPO)


def upgrade_posts(url: str) -> list[str]:
    """Paths of the upgrade requests NKS accepted (not the injected failures), in order."""
    log = requests.get(f"{url}/_emulator/requests", params={"method": "POST"}, timeout=10).json()["requests"]
    return [r["path"] for r in log if r["path"].endswith("/upgrade") and r["status"] < 400]


@pytest.mark.integration
@pytest.mark.slow
def test_interrupted_upgrade_resumes_without_repeating_a_finished_step(tmp_path):
    """The worker upgrades fail at the gateway; the re-run sends nothing finished again.

    The demo's NKS cluster goes from v1.28.3 to v1.30.3: control plane to v1.29.3, both worker
    groups, control plane to v1.30.3, both worker groups. The injected failure answers 503 to
    every worker upgrade after the control plane's first step finished, until the outage ends.
    (An ``async_error`` on the upgrade instead would leave the cluster UPDATE_FAILED, which NKS,
    like Magnum, refuses to update: the re-run then fails naming the group, as it must.)
    """
    with EmulatorServer(time_scale=3000) as emulator:
        url = emulator.url
        demo = [
            "-e",
            "@playbooks/vars/demo.yml",
            "-e",
            f"molecule_state={tmp_path}",
            "-e",
            f"kubeconfig_dir={tmp_path}",
        ]
        demo += ["-e", "demo_token=demo", "-e", "demo_poll=0.1"]
        prepared = run_playbook("extensions/molecule/upgrade/prepare.yml", url, tmp_path, *demo)
        assert prepared.returncode == 0, prepared.stdout[-4000:]
        requests.delete(f"{url}/_emulator/requests", timeout=10).raise_for_status()
        worker_upgrade = {
            "provider": "nks",
            "method": "POST",
            "path": "/nodegroups/(?!default-master/)[^/]+/upgrade$",
            "status": 503,
            "times": None,
            # The client retries at once instead of backing off for seconds before it gives up.
            "retry_after": 0,
        }
        requests.post(f"{url}/_emulator/faults", json=worker_upgrade, timeout=10).raise_for_status()
        auth = {"username": "demo", "password": "demo", "project_id": "demo", "auth_url": f"{url}/nks/identity/v2.0"}
        upgrade = ["-e", json.dumps({"upgrade_connection": {"api_url": f"{url}/nks", "auth": auth}})]
        upgrade += ["-e", "upgrade_provider=nks", "-e", "upgrade_cluster=kaas-nks", "-e", "upgrade_version=v1.30.3"]
        upgrade += ["-e", "upgrade_poll_interval=0.1"]

        first = run_playbook("playbooks/upgrade.yml", url, tmp_path, *upgrade)
        assert first.returncode != 0, first.stdout[-4000:]
        assert "nks answered 503 to POST" in first.stdout
        interrupted = upgrade_posts(url)
        (master,) = interrupted
        assert master.endswith("/nodegroups/default-master/upgrade")
        requests.delete(f"{url}/_emulator/faults", timeout=10).raise_for_status()

        second = run_playbook("playbooks/upgrade.yml", url, tmp_path, *upgrade)
        assert second.returncode == 0, second.stdout[-4000:]
        resumed = upgrade_posts(url)[len(interrupted) :]
        # The control plane's v1.29.3 is not sent again: the re-run starts with the workers.
        first_group, second_group = resumed[:2]
        assert master not in (first_group, second_group)
        assert resumed == [first_group, second_group, master, first_group, second_group]

        third = run_playbook("playbooks/upgrade.yml", url, tmp_path, *upgrade)
        assert third.returncode == 0, third.stdout[-4000:]
        assert "changed=0" in third.stdout
        assert upgrade_posts(url)[len(interrupted) + len(resumed) :] == []

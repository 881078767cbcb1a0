"""ECNS application and registry secrets never appear in output or in any file the run leaves.

A hybrid application's VM login password and user data are planted in a playbook run at
``-vvv --diff`` (check mode, diff, a failing task); the registry password is made by the
emulator and read back from its state. The output, the Ansible log and every file of the
run's directory are searched for them and for the Keystone tokens issued.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import requests
from test_secrets import issued_tokens, playbook_run

from kaas_emulator.server import EmulatorServer

HERE = Path(__file__).resolve().parent
PLANTED = {
    "__ECNS_PASSWORD__": "Pl4nted-ecns-Passw0rd-4e21",
    "__ECNS_VM_PASSWORD__": "Pl4nted-ecns-VmPassw0rd-1f3a",
    "__ECNS_USER_DATA__": "echo Pl4nted-ecns-UserData-7b2c",
}


def registry_passwords(state_file: Path) -> list[str]:
    """The password(s) of the emulated Harbor registry (``harbor.password`` in the ECNS state)."""
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            harbor = node.get("harbor")
            if isinstance(harbor, dict) and harbor.get("password"):
                found.append(harbor["password"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(json.loads(state_file.read_text()))
    return found


@pytest.mark.integration
def test_no_application_or_registry_secret_leaks(tmp_path, report):
    work = tmp_path / "run"
    work.mkdir()
    state_file = tmp_path / "emulator-state.json"
    with EmulatorServer(time_scale=400, state_file=state_file) as server:
        credentials = {"credentials": [PLANTED["__ECNS_PASSWORD__"]]}
        requests.post(f"{server.url}/_emulator/config", json=credentials, timeout=10).raise_for_status()
        playbook = (HERE / "secrets_play_ecns_apps.yml").read_text()
        for marker, value in {**PLANTED, "__URL__": server.url}.items():
            playbook = playbook.replace(marker, value)
        (work / "play.yml").write_text(playbook)
        proc = playbook_run(work, "play.yml")
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output[-6000:]
    assert "failed=0" in proc.stdout and "ignored=1" in proc.stdout, output[-3000:]
    assert "Traceback" not in output

    secrets = {
        **{f"planted {k}": v for k, v in PLANTED.items()},
        **{f"issued token {i}": t for i, t in enumerate(issued_tokens(state_file))},
        **{f"registry password {i}": p for i, p in enumerate(registry_passwords(state_file))},
    }
    assert any(name.startswith("registry password") for name in secrets), "image_info should have read the login"
    assert any(name.startswith("issued token") for name in secrets), "the run should have signed in"
    places = {"ansible-playbook output": output}
    for path in work.rglob("*"):
        if path.is_file() and path.name != "play.yml":
            places[str(path.relative_to(work))] = path.read_text(errors="replace")
    leaks = [
        f"{name} in {place}: ...{text[max(0, text.find(value) - 300) : text.find(value) + 60]}..."
        for name, value in secrets.items()
        for place, text in places.items()
        if value in text
    ]
    assert not leaks, leaks
    report(
        {
            "case": "ecns-apps secrets",
            "detail": f"{len(secrets)} secret values searched in {len(places)} places, 0 found",
        }
    )

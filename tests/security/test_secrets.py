"""Planted secrets never appear in output, results, diffs, logs or any file the run leaves.

The emulator is told to accept distinctive credential values; a playbook uses them
with every module at ``-vvv``, in check and diff mode, on success and on failure
(secrets_play.yml). Then the whole output, the Ansible log and every file of the
run's directory are searched for: the planted values, the wrong values sent on
purpose, the tokens the emulator issued (read from its state file), and the
credentials inside the kubeconfig files written (which are the only files allowed to
hold them).
"""

from __future__ import annotations

import json
import stat
import subprocess
from pathlib import Path

import pytest
import requests

from kaas_emulator.server import EmulatorServer
from support.playbooks import ansible_env, run_ansible

HERE = Path(__file__).resolve().parent

PLANTED = {
    "__DEPLOYME_TOKEN__": "Pl4nted-dm-T0ken-4b1d9e",
    "__NKS_PASSWORD__": "Pl4nted-nks-Passw0rd-77ac02",
    "__NKS_VOLUME_KEY__": "Pl4nted-nks-VolumeKey-5e7f",
    "__NKS_USER_SCRIPT__": "echo Pl4nted-nks-Script-c0ffee",
    # Values of ECNS secrets (module kaas.cloud.secret), compared by the module, never shown.
    "__ECNS_SECRET_VALUE__": "Pl4nted-ecns-SecretValue-3a9f",
    "__ECNS_SECRET_ROTATED__": "Pl4nted-ecns-Rotated-8c2d",
    "__ECNS_TLS_KEY__": "Pl4nted-ecns-TlsKey-61be",
    "__ECNS_REGISTRY_PASSWORD__": "Pl4nted-ecns-RegistryPw-d4e0",
}
WRONG = {
    "__WRONG_TOKEN__": "Wr0ng-dm-T0ken-9a8b7c",
    "__WRONG_PASSWORD__": "Wr0ng-nks-Passw0rd-3d2e1f",
}
ACCEPTED_CREDENTIALS = ["Pl4nted-dm-T0ken-4b1d9e", "Pl4nted-nks-Passw0rd-77ac02"]
KUBECONFIG_SECRET_KEYS = ("token", "client-key-data", "password")


ENV_PLAY = """- name: Credentials from the environment
  hosts: localhost
  connection: local
  gather_facts: false
  vars:
    ansible_python_interpreter: "{{ ansible_playbook_python }}"
  tasks:
    - name: No auth in the task
      kaas.cloud.k8s_cluster_info:
        provider: deployme
        api_url: "__URL__/deployme"
"""


def playbook_run(work: Path, playbook: str, **extra: str) -> subprocess.CompletedProcess[str]:
    """``playbook`` at -vvv --diff in ``work``, logging to ``work/ansible.log``, which is searched too.

    Modules are copied as files before they run (no pipelining, Ansible's default) and
    removed after: the run a user gets with no configuration of their own.
    """
    env = ansible_env(
        ANSIBLE_LOG_PATH=str(work / "ansible.log"),
        ANSIBLE_PIPELINING="false",
        ANSIBLE_KEEP_REMOTE_FILES="0",
        **extra,
    )
    return run_ansible("ansible-playbook", "-vvv", "--diff", "-i", "localhost,", playbook, env=env, cwd=work)


def issued_tokens(state_file: Path) -> list[str]:
    """Every token the emulator handed out during the run (Keystone, OAuth2)."""
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "_tokens" and isinstance(value, dict):
                    found.extend(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(json.loads(state_file.read_text()))
    return found


def kubeconfig_secrets(work: Path) -> list[str]:
    values = []
    for path in work.glob("*.kubeconfig.yaml"):
        for line in path.read_text().splitlines():
            key, sep, value = line.strip().partition(":")
            if sep and key in KUBECONFIG_SECRET_KEYS and value.strip():
                values.append(value.strip().strip('"'))
    return values


@pytest.mark.integration
def test_no_secret_leaks_anywhere(tmp_path, report, private_token_cache):
    work = tmp_path / "run"
    work.mkdir()
    state_file = tmp_path / "emulator-state.json"
    with EmulatorServer(time_scale=400, state_file=state_file) as server:
        requests.post(
            f"{server.url}/_emulator/config", json={"credentials": ACCEPTED_CREDENTIALS}, timeout=10
        ).raise_for_status()
        playbook = (HERE / "secrets_play.yml").read_text()
        for marker, value in {**PLANTED, **WRONG, "__URL__": server.url, "__WORK__": str(work)}.items():
            playbook = playbook.replace(marker, value)
        (work / "play.yml").write_text(playbook)
        (work / "env_play.yml").write_text(ENV_PLAY.replace("__URL__", server.url))
        proc = playbook_run(work, "play.yml")
        # AWX hands credentials to the ansible-playbook process as environment variables.
        from_env = playbook_run(work, "env_play.yml", KAAS_AUTH_TOKEN=PLANTED["__DEPLOYME_TOKEN__"])
    output = proc.stdout + proc.stderr + from_env.stdout + from_env.stderr
    assert proc.returncode == 0, output[-6000:]
    assert from_env.returncode == 0, (from_env.stdout + from_env.stderr)[-3000:]
    assert "failed=0" in proc.stdout and "ignored=4" in proc.stdout, output[-3000:]
    assert "Traceback" not in output

    secrets = {
        **{f"planted {k}": v for k, v in PLANTED.items()},
        **{f"wrong {k}": v for k, v in WRONG.items()},
        **{f"issued token {i}": t for i, t in enumerate(issued_tokens(state_file))},
        **{f"kubeconfig credential {i}": s for i, s in enumerate(kubeconfig_secrets(work))},
    }
    assert any(name.startswith("issued token") for name in secrets), "the NKS run should have signed in"
    assert any(name.startswith("kubeconfig") for name in secrets), "kubeconfig files should hold credentials"
    places = {"ansible-playbook output": output}
    for path in work.rglob("*"):
        if (
            path.is_file()
            and path.name not in ("play.yml", "env_play.yml")
            and not path.name.endswith(".kubeconfig.yaml")
        ):
            places[str(path.relative_to(work))] = path.read_text(errors="replace")
    leaks = [
        f"{name} in {place}: ...{text[max(0, text.find(value) - 300) : text.find(value) + 60]}..."
        for name, value in secrets.items()
        for place, text in places.items()
        if value in text
    ]
    assert not leaks, leaks
    report({"case": "secrets", "detail": f"{len(secrets)} secret values searched in {len(places)} places, 0 found"})
    check_token_cache(private_token_cache, secrets, issued_tokens(state_file), report)


def check_token_cache(cache: Path, secrets: dict[str, str], issued: list[str], report) -> None:
    """The token cache the play left: private, and holding issued tokens only (no credential)."""
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700, oct(cache.stat().st_mode)
    files = [path for path in cache.iterdir() if path.is_file()]
    assert any(path.suffix == ".json" for path in files), "the NKS tasks should have cached their token"
    credentials = {name: value for name, value in secrets.items() if not name.startswith("issued token")}
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, (path.name, oct(path.stat().st_mode))
        content = path.read_bytes().decode(errors="replace")
        found = [name for name, value in credentials.items() if value in content or value in path.name]
        assert not found, f"{path.name} holds {found}"
        if path.suffix == ".json":
            assert set(json.loads(content)) == {"version", "token", "expires_at"}
            assert json.loads(content)["token"] in issued
    report({"case": "token cache", "detail": f"{len(files)} files, mode 0600 in 0700, no credential in them"})

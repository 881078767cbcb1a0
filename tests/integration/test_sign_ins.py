"""One sign-in per credential and run: the tasks of a playbook share the token, forks included.

A play of ``TASKS`` read tasks on ``HOSTS`` hosts (all local, run ``FORKS`` at once)
runs against the emulator for every provider that issues tokens from a password or a
client secret; the emulator's request log counts the sign-ins. With the cache turned
off (``KAAS_TOKEN_CACHE=0``, or the ``token_cache`` option) every task signs in, as
before. A token left in the cache by an emulator that since forgot it is refused once
(401), then replaced: the run still succeeds with one new sign-in.
"""

from __future__ import annotations

import json
import stat
import sys
from pathlib import Path
from typing import Any

import pytest

from kaas_emulator.server import EmulatorServer
from support.connections import emulator_connections
from support.harness import SIGN_IN_PATHS, Cloud
from support.playbooks import ansible_env, run_ansible

HOSTS = 4
FORKS = 4
TASKS = 3


#: Per provider that signs in with a password or a client secret: the read task it runs.
READS = {
    "nks": ("kaas.cloud.k8s_cluster_info", {}),
    "itcare": ("kaas.cloud.k8s_cluster_info", {}),
    # A namespaced read: it switches the token's session to its scope.
    "ecns": ("kaas.cloud.configmap_info", {"cluster": "ecns-east", "namespace": "default"}),
}


def connections(url: str) -> dict[str, dict[str, Any]]:
    """Per provider: the connection a task uses (password or client secret) and one read task."""
    emulator = emulator_connections(url)
    return {
        provider: {"conn": emulator[provider], "module": module, "args": args}
        for provider, (module, args) in READS.items()
    }


def playbook(case: dict[str, Any], extra: dict[str, Any] | None = None) -> str:
    tasks = [
        {"name": f"Read {number}", case["module"]: {**case["conn"], **case["args"], **(extra or {})}}
        for number in range(TASKS)
    ]
    play = [{"name": "Reads", "hosts": "all", "connection": "local", "gather_facts": False, "tasks": tasks}]
    return json.dumps(play)


def run(work: Path, case: dict[str, Any], env: dict[str, str], extra: dict[str, Any] | None = None) -> str:
    (work / "play.yml").write_text(playbook(case, extra))
    inventory = ",".join(f"host{n}" for n in range(HOSTS)) + ","
    proc = run_ansible("ansible-playbook", "-f", str(FORKS), "-i", inventory, "play.yml", env=env, cwd=work)
    assert proc.returncode == 0, (proc.stdout + proc.stderr)[-4000:]
    return proc.stdout


def sign_ins(cloud: Cloud, provider: str) -> int:
    return sum(1 for r in cloud.requests(provider) if r["method"] == "POST" and r["path"].startswith(SIGN_IN_PATHS))


@pytest.fixture(scope="module")
def emulator():
    with EmulatorServer(time_scale=400) as server:
        yield server


def base_env(cache: Path) -> dict[str, str]:
    """Runs with the token cache at ``cache``, where the test looks at what they left."""
    return ansible_env(ANSIBLE_PYTHON_INTERPRETER=sys.executable, KAAS_TOKEN_CACHE_DIR=str(cache))


PROVIDERS = ("nks", "itcare", "ecns")


@pytest.mark.integration
@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_playbook_signs_in_once_per_credential(emulator, tmp_path, provider):
    cloud = Cloud(emulator.url)
    cloud.reset()
    case = connections(emulator.url)[provider]
    cache = tmp_path / "tokens"
    env = base_env(cache)

    run(tmp_path, case, env)
    assert sign_ins(cloud, provider) == 1, f"{HOSTS * TASKS} tasks, {FORKS} at once"
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in cache.iterdir())

    # A second run finds the token: no sign-in at all.
    cloud.clear_log()
    run(tmp_path, case, env)
    assert sign_ins(cloud, provider) == 0

    # The emulator forgets every token (a reset): each stale token is refused once, then replaced.
    cloud.reset()
    run(tmp_path, case, env)
    assert sign_ins(cloud, provider) == 1
    refused = [r for r in cloud.requests(provider) if r["status"] == 401]
    assert 1 <= len(refused) <= FORKS, "only the tasks that held the stale token at once are refused"


@pytest.mark.integration
@pytest.mark.parametrize("switch", ["variable", "option"])
def test_without_the_cache_every_task_signs_in(emulator, tmp_path, switch):
    cloud = Cloud(emulator.url)
    cloud.reset()
    case = connections(emulator.url)["nks"]
    cache = tmp_path / "tokens"
    env = base_env(cache)
    if switch == "variable":
        run(tmp_path, case, {**env, "KAAS_TOKEN_CACHE": "0"})
    else:
        run(tmp_path, case, env, {"token_cache": False})
    assert sign_ins(cloud, "nks") == HOSTS * TASKS
    assert not cache.exists() or not list(cache.glob("*.json"))

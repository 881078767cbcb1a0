"""``hack/live.sh`` (make live) against the emulator standing in for a real account.

The same script, playbooks and modules a user runs against a provider; only the URLs and
credentials in the KAAS_* variables point at the emulator.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from kaas_emulator.server import EmulatorServer
from support.connections import connection_environment, emulator_connections
from support.harness import Cloud
from support.inventory import REPO

pytestmark = pytest.mark.integration

LIVE = REPO / "hack" / "live.sh"
BIN = str(Path(sys.executable).parent)
#: The KAAS_LIVE_SETTINGS file of a deployme account: its smallest cluster.
SMALLEST = {"cluster": {"node_size": "small", "node_count": 1, "deployme": {"control_planes": 1}}}


def connection(url: str, provider: str) -> dict[str, str]:
    """The KAAS_* variables a user of ``provider`` would set, aimed at the emulator."""
    env = connection_environment(emulator_connections(url)[provider])
    # hack/live.sh is given the provider as its argument, not through KAAS_PROVIDER.
    del env["KAAS_PROVIDER"]
    if provider == "ecns":
        env["KAAS_LIVE_ECNS_CLUSTER"] = "ecns-east"
    return env


def live(provider: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("KAAS_", "ANSIBLE_"))}
    clean.update(KAAS_LIVE_BIN=BIN, **env)
    return subprocess.run(
        ["bash", str(LIVE), provider], cwd=REPO, env=clean, capture_output=True, text=True, timeout=240, check=False
    )


@pytest.fixture(scope="module")
def emulator():
    with EmulatorServer(time_scale=2000) as server:
        Cloud(server.url).reset()
        yield server


@pytest.mark.parametrize("provider", ["", "nks", "itcare", "deployme", "ecns"])
def test_without_the_variables_it_says_what_to_set_and_exits_0(provider):
    run = live(provider, {})
    assert run.returncode == 0, run.stderr
    assert "Nothing was run: set these variables" in run.stdout and "KAAS_LIVE_LIFECYCLE=yes" in run.stdout
    assert "ansible-playbook" not in run.stdout and "PLAY" not in run.stdout


@pytest.mark.parametrize("provider", ["nks", "itcare", "deployme", "ecns"])
def test_read_only_smoke_test_writes_nothing(emulator, provider):
    cloud = Cloud(emulator.url)
    cloud.clear_log()
    run = live(provider, connection(emulator.url, provider))
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert "failed=0" in run.stdout and "lifecycle skipped" in run.stdout
    assert cloud.api_writes(provider) == []
    assert [r for r in cloud.requests(provider) if r["method"] == "GET"], "the smoke test read nothing"
    if provider != "ecns":
        assert "@all:" in run.stdout  # the inventory plugin's graph


def test_lifecycle_creates_a_uniquely_named_cluster_and_deletes_it(emulator, tmp_path):
    cloud = Cloud(emulator.url)
    cloud.clear_log()
    settings = tmp_path / "deployme.yml"
    settings.write_text(
        yaml.safe_dump({"cluster": {"node_size": "small", "node_count": 1, "deployme": {"control_planes": 1}}})
    )
    env = {**connection(emulator.url, "deployme"), "KAAS_LIVE_LIFECYCLE": "yes", "KAAS_LIVE_SETTINGS": str(settings)}
    run = live("deployme", env)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    writes = cloud.api_writes("deployme")
    assert [w[0] for w in writes] == ["POST", "DELETE"], writes
    assert cloud.deployme("GET", "/v1/clusters").json()["items"] == []


def test_a_failed_lifecycle_still_deletes_what_it_made(emulator, tmp_path):
    cloud = Cloud(emulator.url)
    cloud.clear_log()
    settings = tmp_path / "deployme.yml"
    # The cluster is made, then waiting for it fails: the always block must delete it.
    settings.write_text(
        yaml.safe_dump({"cluster": {"node_size": "small", "node_count": 1, "deployme": {"control_planes": 1}}})
    )
    cloud.faults({"provider": "deployme", "method": "POST", "path": "^/v1/clusters$", "async_error": "no capacity"})
    env = {**connection(emulator.url, "deployme"), "KAAS_LIVE_LIFECYCLE": "yes", "KAAS_LIVE_SETTINGS": str(settings)}
    run = live("deployme", env)
    assert run.returncode != 0
    assert [w[0] for w in cloud.api_writes("deployme")] == ["POST", "DELETE"], run.stdout[-3000:]

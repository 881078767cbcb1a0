"""--state-file: the emulated cloud survives a restart."""

from __future__ import annotations

import json
from pathlib import Path

import requests
from emulator_helpers import AUTH, SEED_CREATE, Deployme

from kaas_emulator.app import create_app
from kaas_emulator.core.clock import ManualClock
from kaas_emulator.server import EmulatorServer


def test_state_survives_app_restart(tmp_path: Path) -> None:
    path = tmp_path / "cloud.json"
    clock = ManualClock()
    first = Deployme(create_app(clock=clock, state_file=path).test_client())
    cluster = first.create()
    clock.advance(100)
    assert path.exists()
    second = Deployme(create_app(clock=clock, state_file=path).test_client())
    assert second.status(cluster["id"]) == "provisioning"
    clock.advance(140)  # the operation keeps running across the restart
    assert second.get(f"/v1/clusters/{cluster['id']}").json["status"] == "running"
    assert (
        second.get(f"/v1/clusters/{cluster['id']}/kubeconfig").data
        == first.get(f"/v1/clusters/{cluster['id']}/kubeconfig").data
    )


def test_reads_and_failures_do_not_write(tmp_path: Path) -> None:
    path = tmp_path / "cloud.json"
    dm = Deployme(create_app(state_file=path).test_client())
    dm.get("/v1/clusters")
    dm.post("/v1/clusters", json={"name": "x"})
    assert not path.exists()


def test_reset_is_persisted(tmp_path: Path) -> None:
    path = tmp_path / "cloud.json"
    app = create_app(state_file=path)
    Deployme(app.test_client()).create()
    app.test_client().post("/_emulator/reset")
    assert json.loads(path.read_text())["providers"]["deployme"] == {"clusters": {}}


def test_live_server_restart(tmp_path: Path) -> None:
    path = tmp_path / "cloud.json"
    with EmulatorServer(state_file=path) as server:
        created = requests.post(
            f"{server.url}/deployme/v1/clusters", json=SEED_CREATE, headers=AUTH, timeout=5
        ).json()
    with EmulatorServer(state_file=path, time_scale=1e6) as server:
        got = requests.get(
            f"{server.url}/deployme/v1/clusters/{created['id']}", headers=AUTH, timeout=5
        )
    assert got.status_code == 200
    assert got.json()["status"] == "running"

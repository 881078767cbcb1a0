"""playbooks/fleet_upgrade.yml on a fleet of the four providers in the emulator.

Twelve clusters: four ITCare and two NKS clusters that can be upgraded, three deployme clusters
and three ECNS ones, which cannot. One ``ansible-playbook`` run per step, against the
kaas.cloud.clusters inventory: a selection with deployme and ECNS clusters is refused before any
write; NKS and ITCare go to 1.30 in waves (a canary, then two at a time) with one cluster of the
second wave failing, so the run stops after that wave and the later waves are untouched; the
re-run, fault cleared, leaves the upgraded clusters alone and finishes the rest.

A run costs mostly the modules Ansible starts: seven per NKS cluster upgraded (the role plans,
steps and checks), three per ITCare cluster, one per provider for the check. So the waves that
run in both runs are ITCare's, and NKS has the two clusters of the last waves.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from kaas_emulator.server import EmulatorServer
from support.harness import SIGN_IN_PATHS, Cloud
from support.inventory import (
    ITCARE_CLUSTER,
    REPO,
    SEED_TIME_SCALE,
    deployme_entry,
    ecns_entry,
    itcare_entry,
    nks_entry,
    seed_deployme,
    seed_ecns,
    seed_nks,
    write_source,
)
from support.playbooks import ansible_env, run_ansible

pytestmark = [pytest.mark.integration, pytest.mark.slow]

ITCARE = [f"it-{n:02}" for n in range(1, 5)]
NKS = [f"nks-{n:02}" for n in range(1, 3)]
DEPLOYME = [f"dm-{n:02}" for n in range(1, 4)]
# Inventory order (provider entry, then name) cut by serial [1, 2].
WAVES = [ITCARE[:1], ITCARE[1:3], [ITCARE[3], NKS[0]], NKS[1:]]
FAILING = ITCARE[2]


def seed_itcare_129(cloud: Cloud, name: str, number: int) -> str:
    body = {**ITCARE_CLUSTER, "name": name, "instanceCount": 3, "networkId": 1125 + number % 2}
    answer = cloud.itcare("POST", "/compute/containers/kubernetes", json={**body, "productCode": "KUBERNETES_1_29"})
    answer.raise_for_status()
    return str(answer.json()["resourceId"])


def run(tmp: Path, source: Path, url: str, **settings: object) -> subprocess.CompletedProcess:
    """ansible-playbook playbooks/fleet_upgrade.yml on the inventory ``source``, with the four connections."""
    entries = {e["provider"]: e for e in (nks_entry(url), itcare_entry(url), deployme_entry(url), ecns_entry(url))}
    connections = {p: {k: v for k, v in e.items() if k != "provider"} for p, e in entries.items()}
    extra = {"fleet_upgrade_connections": connections, "upgrade_poll_interval": 0.05, **settings}
    command = ["-i", str(source), "-f", "6", "playbooks/fleet_upgrade.yml", "-e", json.dumps(extra)]
    return run_ansible("ansible-playbook", *command, env=ansible_env(tmp), cwd=REPO)


def versions(cloud: Cloud, ids: dict[str, str]) -> dict[str, tuple[str, ...]]:
    """Each cluster's versions as the emulator holds them: NKS control plane and worker groups, ITCare product."""
    found = {}
    for name in NKS:
        control_plane = cloud.nks("GET", f"/v1/clusters/{ids[name]}").json()["labels"]["kube_tag"]
        groups = cloud.nks("GET", f"/v1/clusters/{ids[name]}/nodegroups").json()["nodegroups"]
        workers = [cloud.nks("GET", f"/v1/clusters/{ids[name]}/nodegroups/{g['uuid']}").json() for g in groups]
        found[name] = (control_plane, *(g["labels"]["kube_tag"] for g in workers if g["name"] != "default-master"))
    for name in ITCARE:
        found[name] = (cloud.itcare("GET", f"/compute/containers/kubernetes/{ids[name]}").json()["version"],)
    return found


def written(cloud: Cloud, ids: dict[str, str]) -> set[str]:
    """The clusters whose provider accepted a write (signing in is none) since the log was cleared."""
    writes = [r for r in cloud.writes() if r["status"] is not None and r["status"] < 400]
    paths = [r["path"] for r in writes if not r["path"].startswith(SIGN_IN_PATHS)]
    return {name for name, ident in ids.items() if any(f"/{ident}/" in p or p.endswith(f"/{ident}") for p in paths)}


def test_a_fleet_upgrades_in_waves_stops_on_failure_and_resumes(tmp_path):
    with EmulatorServer(time_scale=SEED_TIME_SCALE) as emulator:
        cloud, url = Cloud(emulator.url), emulator.url
        cloud.reset()
        ids = {name: seed_nks(cloud, name, 1) for name in NKS}
        ids.update({name: seed_itcare_129(cloud, name, n) for n, name in enumerate(ITCARE)})
        ids.update({name: seed_deployme(cloud, name, 1) for name in DEPLOYME})
        seed_ecns(cloud, {"ecns-01": 2})  # beside the emulator's ecns-east and ecns-west
        source = write_source(
            tmp_path,
            [itcare_entry(url), nks_entry(url), deployme_entry(url), ecns_entry(url)],
            name="fleet.kaas.yml",
            hosts="clusters",
            strict=True,
        )
        before = versions(cloud, ids)
        assert set(before.values()) == {("v1.29.3", "v1.29.3"), ("v1.29.10",)}
        cloud.clear_log()

        # Selected by a pattern: deployme and ECNS cannot reach 1.30, so nothing starts, not even on NKS.
        mixed = "dm-01,ecns-01,ecns-east,nks-01,it-01"
        refused = run(tmp_path, source, url, fleet_upgrade_version="1.30", fleet_upgrade_hosts=mixed)
        assert refused.returncode != 0, refused.stdout[-3000:]
        assert "nothing was upgraded" in refused.stdout
        for name in ("dm-01", "ecns-01", "ecns-east"):
            assert f"cluster {name} (target 1.30)" in refused.stdout, refused.stdout[-3000:]
        assert "ok: [nks-01]" in refused.stdout and "cluster nks-01 (target" not in refused.stdout
        assert "deployme cluster dm-01 (target 1.30): runs v1.31.0" in refused.stdout
        assert "(supported versions: none)" in refused.stdout
        assert written(cloud, ids) == set()

        # ITCare and NKS, one cluster of the second wave failing at the gateway: 1 of 2 > 25 %.
        path = f"^/compute/containers/kubernetes/{ids[FAILING]}$"
        cloud.faults({"provider": "itcare", "method": "PATCH", "path": path, "status": 503, "times": None})
        waves = {
            "fleet_upgrade_version": "1.30",
            "fleet_upgrade_providers": "itcare, nks",
            "fleet_upgrade_canary_size": 1,
            "fleet_upgrade_wave_size": 2,
            "fleet_upgrade_max_fail_percentage": 25,
        }
        stopped = run(tmp_path, source, url, **waves)
        assert stopped.returncode != 0, stopped.stdout[-4000:]
        out = stopped.stdout
        assert f"canary wave 1: itcare/{WAVES[0][0]} v1.29.10 -> 1.30" in out, out[-4000:]
        assert "wave 2 of 4: 1 of 2 failed, more than 25%" in out and "stopping" in out, out[-4000:]
        assert f"failed (1): itcare/{FAILING} (" in out and "503" in out
        not_reached = ", ".join(f"{'nks' if n in NKS else 'itcare'}/{n}" for n in WAVES[2] + WAVES[3])
        assert f"not reached (3): {not_reached}" in out, out[-4000:]
        after = versions(cloud, ids)
        for name in WAVES[0] + WAVES[1]:
            assert after[name] == (before[name] if name == FAILING else ("v1.30.6",)), (name, after[name])
        for name in WAVES[2] + WAVES[3]:
            assert after[name] == before[name], name
        assert written(cloud, ids) == set(WAVES[0] + WAVES[1]) - {FAILING}

        # The re-run, fault cleared: the upgraded clusters are read, not written; the rest is finished.
        cloud.clear_faults()
        cloud.clear_log()
        resumed = run(tmp_path, source, url, **waves)
        assert resumed.returncode == 0, resumed.stdout[-4000:]
        assert f"canary wave 1: itcare/{FAILING} v1.29.10 -> 1.30" in resumed.stdout, resumed.stdout[-4000:]
        assert "already at target (2): itcare/it-01, itcare/it-02" in resumed.stdout
        assert "failed (0)" in resumed.stdout and "not reached (0)" in resumed.stdout
        assert set(versions(cloud, ids).values()) == {("v1.30.3", "v1.30.3"), ("v1.30.6",)}
        assert written(cloud, ids) == {FAILING, *WAVES[2], *WAVES[3]}

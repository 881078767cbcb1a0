"""Seed the emulator with clusters and run ``ansible-inventory`` on a ``*.kaas.yml``: for tests and benchmarks.

Seeding goes through the providers' own create APIs (a few ms per cluster): with the
emulator's time scale raised, every cluster is complete by the time it is listed. ECNS
is the exception: its API cannot create a cluster (they are built in its console), so
its clusters are added through the emulator's ``/_emulator/preload/ecns`` control route.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import yaml

from support.harness import MUTATED, Cloud, assert_known_fields_only
from support.playbooks import ansible_env, run_ansible

REPO = Path(__file__).resolve().parents[2]
# Fast enough that a 600 s NKS creation is over before the next request.
SEED_TIME_SCALE = 1_000_000.0

# The English NKS seed's create example, reduced to what the API requires.
NKS_CLUSTER = {
    "cluster_template_id": "iaas_console",
    "fixed_network": "eb212079-b6ec-430c-ba57-14280a457bcb",
    "fixed_subnet": "4fdf5b80-3d35-43f5-a5c1-010a3b6c8e90",
    "flavor_id": "6ef27f21-c774-4c0e-84ff-7dd4a762571f",
    "keypair": "test-keypair",
    "labels": {
        "availability_zone": "kr2-pub-b",
        "boot_volume_size": "20",
        "boot_volume_type": "General HDD",
        "ca_enable": "false",
        "cert_manager_api": "True",
        "kube_tag": "v1.29.3",
        "master_lb_floating_ip_enabled": "false",
        "node_image": "f462a2a5-ba24-46d6-b7a1-9a9febcd3cfc",
    },
}
NKS_NODEGROUP = {
    "flavor_id": "6ef27f21-c774-4c0e-84ff-7dd4a762571f",
    "image_id": "f462a2a5-ba24-46d6-b7a1-9a9febcd3cfc",
    "labels": {
        "availability_zone": "kr2-pub-a",
        "boot_volume_size": "20",
        "boot_volume_type": "General HDD",
        "ca_enable": "false",
    },
}


def seed_nks(cloud: Cloud, name: str, nodes: int, extra_groups: dict[str, int] | None = None) -> str:
    """One complete NKS cluster with ``nodes`` default workers (and extra node groups); its uuid."""
    answer = cloud.nks("POST", "/v1/clusters", json={**NKS_CLUSTER, "name": name, "node_count": nodes})
    answer.raise_for_status()
    uuid = answer.json()["uuid"]
    for group, count in (extra_groups or {}).items():
        cloud.nks("GET", f"/v1/clusters/{uuid}")  # settles the creation before the group is added
        body = {**NKS_NODEGROUP, "name": group, "node_count": count}
        cloud.nks("POST", f"/v1/clusters/{uuid}/nodegroups", json=body).raise_for_status()
    return uuid


def seed_deployme(cloud: Cloud, name: str, workers: int) -> str:
    body = {"name": name, "control_planes": 1, "workers": workers, "node_size": "small"}
    answer = cloud.deployme("POST", "/v1/clusters", json=body)
    answer.raise_for_status()
    return answer.json()["id"]


# The EB networks of the ITCare emulator that clusters are spread over, each holding
# 241 addresses (a cluster of n nodes takes n + 1).
ITCARE_NETWORKS = (1125, 1126, *range(3001, 3013))
ITCARE_CLUSTER = {"region": "EB", "area": "EB", "serviceId": 124, "ingressProvider": "NGINX", "nodeSizing": "2cpu4gb"}


def seed_itcare(cloud: Cloud, name: str, nodes: int, number: int = 0) -> str:
    """One ITCare cluster of ``nodes`` nodes (the first two ingress), cluster ``number`` of a series; its id."""
    network = ITCARE_NETWORKS[number % len(ITCARE_NETWORKS)]
    body = {**ITCARE_CLUSTER, "name": name, "instanceCount": nodes, "networkId": network}
    answer = cloud.itcare("POST", "/compute/containers/kubernetes", json=body)
    answer.raise_for_status()
    return str(answer.json()["resourceId"])


def seed_ecns(cloud: Cloud, clusters: dict[str, int]) -> dict[str, str]:
    """ECNS clusters by name with their node counts (one controller, the rest workers); their API addresses."""
    body = {"clusters": [{"name": name, "nodes": count} for name, count in clusters.items()]}
    answer = cloud.http.post(f"{cloud.url}/_emulator/preload/ecns", json=body)
    answer.raise_for_status()
    return {item["name"]: item["cluster_addr"] for item in answer.json()["clusters"]}


def nks_entry(url: str, **extra: Any) -> dict[str, Any]:
    """An NKS entry signing in through the emulator's Keystone v2 with its demo credentials."""
    auth = {"username": "demo", "password": "demo", "project_id": "demo", "auth_url": f"{url}/nks/identity/v2.0"}
    return {"provider": "nks", "api_url": f"{url}/nks", "auth": auth, **extra}


def deployme_entry(url: str, **extra: Any) -> dict[str, Any]:
    return {"provider": "deployme", "api_url": f"{url}/deployme", "auth": {"token": "demo"}, **extra}


def itcare_entry(url: str, **extra: Any) -> dict[str, Any]:
    """An ITCare entry signing in with OAuth2 client credentials (the emulator's demo client)."""
    token_url = f"{url}/itcare/auth/realms/cloud/protocol/openid-connect/token"
    auth = {"client_id": "demo", "client_secret": "demo", "auth_url": token_url}
    return {"provider": "itcare", "api_url": f"{url}/itcare", "auth": auth, **extra}


def ecns_entry(url: str, **extra: Any) -> dict[str, Any]:
    """An ECNS entry signing in through the emulator's Keystone v3 (project ``demo``)."""
    auth = {"username": "demo", "password": "demo", "project_id": "demo", "auth_url": f"{url}/ecns/identity/v3"}
    return {"provider": "ecns", "api_url": f"{url}/ecns", "auth": auth, **extra}


def write_source(directory: Path, providers: list[dict[str, Any]], name: str = "test.kaas.yml", **options: Any) -> Path:
    path = directory / name
    path.write_text(yaml.safe_dump({"plugin": "kaas.cloud.clusters", "providers": providers, **options}))
    return path


def run_inventory(source: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``ansible-inventory -i source args``; a source that cannot be parsed fails the run instead of a warning."""
    env = ansible_env(ANSIBLE_INVENTORY_UNPARSED_FAILED="true", **(env or {}))
    return run_ansible("ansible-inventory", "-i", str(source), *args, env=env, timeout=300)


def listed(source: Path, env: dict[str, str] | None = None) -> dict[str, Any]:
    """``ansible-inventory --list`` as JSON; fails the caller with the output when the run fails."""
    proc = run_inventory(source, "--list", env=env)
    if proc.returncode != 0:
        raise AssertionError(f"ansible-inventory failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    if MUTATED:
        assert_known_fields_only(proc.stdout)
    return plain(json.loads(proc.stdout))


def plain(value: Any) -> Any:
    """``--list`` output without the ``{"__ansible_unsafe": ...}`` wrappers ansible-core puts on provider data."""
    if isinstance(value, dict):
        if set(value) == {"__ansible_unsafe"}:
            return value["__ansible_unsafe"]
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


def members(inventory: dict[str, Any], group: str) -> set[str]:
    """Hosts of ``group`` and of its children, from ``--list`` output."""
    found = set(inventory.get(group, {}).get("hosts", []))
    for child in inventory.get(group, {}).get("children", []):
        found |= members(inventory, child)
    return found

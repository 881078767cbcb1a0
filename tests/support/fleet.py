"""A fleet file over the four providers of the emulator, and ``playbooks/fleet.yml`` runs: for tests and benchmarks."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import yaml

from support.harness import SIGN_IN_PATHS, WRITE_METHODS
from support.inventory import ITCARE_NETWORKS, deployme_entry, ecns_entry, itcare_entry, nks_entry
from support.playbooks import REPO, ansible_env, run_ansible

NKS_FLAVOR = "6ef27f21-c774-4c0e-84ff-7dd4a762571f"
NKS_NODES = {
    "node_image": "f462a2a5-ba24-46d6-b7a1-9a9febcd3cfc",
    "availability_zone": "kr2-pub-b",
    "boot_volume_type": "General HDD",
    "boot_volume_size": 20,
}


def connections(url: str) -> dict[str, Any]:
    return {
        "nks-demo": nks_entry(url),
        "itcare-demo": itcare_entry(url),
        "deployme-demo": {**deployme_entry(url), "auth": {"token": "demo"}},
        "ecns-demo": ecns_entry(url),
    }


def defaults() -> dict[str, Any]:
    return {
        "nks": {
            "version": "v1.28.3",
            "node_count": 1,
            "node_size": NKS_FLAVOR,
            "nks": {
                **NKS_NODES,
                "keypair": "demo-keypair",
                "fixed_network": "eb212079-b6ec-430c-ba57-14280a457bcb",
                "fixed_subnet": "4fdf5b80-3d35-43f5-a5c1-010a3b6c8e90",
            },
        },
        "itcare": {
            "version": "1.29",
            "node_count": 3,
            "node_size": "2cpu4gb",
            "itcare": {"region": "EB", "network_id": 1125, "service_id": 124, "ingress_provider": "NGINX"},
        },
        "deployme": {"node_count": 1, "node_size": "small", "deployme": {"control_planes": 1}},
    }


def nks_cluster(number: int) -> dict[str, Any]:
    """Every third NKS cluster has a batch group with an autoscaler, every other one an IP ACL."""
    cluster: dict[str, Any] = {"name": f"fleet-nks-{number:03d}", "connection": "nks-demo", "labels": {"env": "test"}}
    if number % 3 == 0:
        cluster["node_groups"] = [{"name": "batch", "node_count": 1, "node_size": NKS_FLAVOR, "nks": NKS_NODES}]
        cluster["autoscalers"] = [{"nodegroup": "batch", "min_node_count": 1, "max_node_count": 3}]
    if number % 2 == 0:
        cluster["ip_acl"] = {"action": "ALLOW", "targets": [{"cidr": "203.0.113.0/24", "description": "office"}]}
    return cluster


def itcare_cluster(number: int) -> dict[str, Any]:
    network = ITCARE_NETWORKS[number % len(ITCARE_NETWORKS)]
    cluster: dict[str, Any] = {
        "name": f"fleet-it-{number:03d}",
        "connection": "itcare-demo",
        "itcare": {"network_id": network},
    }
    if number == 0:
        cluster["load_balancers"] = [
            {
                "name": "shop.example.com",
                "itcare": {
                    "profile_name": "http",
                    "healthcheck": "http",
                    "port_members": "80",
                    "region": "EB",
                    "service_id": 124,
                },
            }
        ]
    return cluster


def deployme_cluster(number: int) -> dict[str, Any]:
    return {"name": f"fleet-dm-{number:03d}", "connection": "deployme-demo"}


ECNS_WORKLOAD = {
    "name": "web",
    "replicas": 1,
    "containers": [{"name": "nginx", "image": {"image": "nginx", "image_version": "1.25"}}],
    "labels": {"tier": "web"},
}


#: The emulator's ECNS clusters (ECNS's API cannot create one; its namespaces can be).
ECNS_CLUSTERS = ("ecns-east", "ecns-west")


def ecns_cluster(number: int) -> dict[str, Any]:
    """The ECNS cluster's namespace, with one workload in it on every other cluster."""
    cluster: dict[str, Any] = {
        "name": ECNS_CLUSTERS[number],
        "connection": "ecns-demo",
        "namespaces": [{"name": "shop"}],
    }
    if number % 2 == 0:
        cluster["workloads"] = [{**ECNS_WORKLOAD, "namespace": "shop"}]
    return cluster


def fleet(url: str, nks: int, itcare: int, deployme: int) -> dict[str, Any]:
    """A fleet document of that many clusters on NKS, ITCare and deployme, plus the two ECNS ones."""
    clusters = [ecns_cluster(number) for number in range(len(ECNS_CLUSTERS))]
    clusters += [nks_cluster(number) for number in range(nks)]
    clusters += [itcare_cluster(number) for number in range(itcare)]
    clusters += [deployme_cluster(number) for number in range(deployme)]
    return {"connections": connections(url), "defaults": defaults(), "clusters": clusters}


def write(path: Path, document: dict[str, Any]) -> Path:
    path.write_text(yaml.safe_dump(document, sort_keys=False))
    return path


def run_fleet(
    fleet_file: Path, home: Path, *extra: str, forks: int = 8, env: dict[str, str] | None = None
) -> tuple[subprocess.CompletedProcess, dict[str, Any]]:
    """``ansible-playbook playbooks/fleet.yml -e fleet=FILE`` with ``extra``; the run and the plan it wrote."""
    output = home / "plan.json"
    output.unlink(missing_ok=True)
    variables = ("-e", f"fleet={fleet_file}", "-e", f"fleet_plan_output={output}", "-e", "fleet_poll_interval=0.05")
    args = ("-i", "localhost,", "-f", str(forks), "playbooks/fleet.yml", *variables, *extra)
    env = ansible_env(home, ANSIBLE_HOST_KEY_CHECKING="false", **(env or {}))
    proc = run_ansible("ansible-playbook", *args, env=env, cwd=REPO, timeout=1800)
    plan = json.loads(output.read_text()) if output.exists() else {}
    return proc, plan


def by_name(plan: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {item["name"]: item for item in plan.get("clusters", [])}


def writes(cloud: Any, since: int = 0) -> list[tuple[str, str, str]]:
    """Writes the providers accepted (after request number ``since`` of the emulator's log): signing in
    is none, nor an ITCare dry run (answered 200, not 202)."""
    return [
        (r["provider"], r["method"], r["path"])
        for r in cloud.requests()
        if r["seq"] > since
        and r["method"] in WRITE_METHODS
        and not r["path"].startswith(SIGN_IN_PATHS)
        and not (r["provider"] == "itcare" and r["status"] == 200)
    ]

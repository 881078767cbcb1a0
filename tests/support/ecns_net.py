"""Arrangements shared by the ECNS networking module tests: workloads to point services at."""

from __future__ import annotations

API = "/api/ecns/eks"
SWITCH = f"{API}/namespace/demo/cluster/{{cluster}}/ns/{{namespace}}/"


def add_workload(cloud, name="web", cluster="ecns-east", namespace="default", replicas=1):
    """Create a Deployment ``name`` (nginx) through the API, as a user would have before a service."""
    cloud.ecns("GET", SWITCH.format(cluster=cluster, namespace=namespace)).raise_for_status()
    body = {
        "workloads": [
            {
                "workload_base": {"name": name, "type": "Deployment", "replicas": replicas},
                "containers": [
                    {"name": "nginx", "type": "worker", "image": {"image": "nginx", "image_version": "1.25"}}
                ],
            }
        ]
    }
    cloud.ecns("POST", f"{API}/workloads/", json=body).raise_for_status()


def api_reads(cloud):
    """Paths of the reads sent to ECNS's API (signing in left out)."""
    return [r["path"] for r in cloud.requests("ecns") if r["method"] == "GET" and not r["path"].startswith("/identity")]


def api_requests(cloud):
    """Every request sent to ECNS's API (signing in left out)."""
    return [r for r in cloud.requests("ecns") if not r["path"].startswith("/identity")]

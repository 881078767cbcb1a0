"""Bodies for the ECNS networking emulator tests (services, ingress, load balancers)."""

from __future__ import annotations

import copy
from typing import Any

from ecns_helpers import API, Ecns

SMALL_FLAVOR = "5a1c2f0e-0001-4c3b-9d1e-000000000001"
DISABLED_FLAVOR = "5a1c2f0e-0003-4c3b-9d1e-000000000003"


def cluster_ip_service(name: str = "web-internal", port: int = 80) -> dict[str, Any]:
    """A ClusterIP service in front of the seed workload ``web``."""
    return {
        "service": {
            "target_workload": "web",
            "workload_type": "Deployment",
            "labels": {"app": "web"},
            "access_mode": {
                "type": "ClusterIP",
                "access": [{"port": port, "target_port": 8080, "protocol": "TCP"}],
                "annotations": {},
            },
        }
    }


def lb_service(**external: Any) -> dict[str, Any]:
    """A LoadBalancer service built from the 1.23 look-ups; ``external`` parts replaced."""
    blocks: dict[str, Any] = {
        "loadbalancer": {"name": "web-lb", "vip_subnet_id": "subnet-app-1"},
        "availability_zone_profile": {
            "availability_zone_data": {"compute_zone": "default-az", "cpu_arch": "x86_64"}
        },
        "flavor_profile": {
            "flavor_data": {
                "compute_flavor": SMALL_FLAVOR,
                "loadbalancer_topology": "ACTIVE_STANDBY",
            }
        },
    }
    blocks.update(copy.deepcopy(external))
    return {
        "service": {
            "target_workload": "web",
            "workload_type": "Deployment",
            "labels": {"app": "web"},
            "access_mode": {
                "type": "LoadBalancer",
                "access": [{"port": 443, "target_port": 8443, "protocol": "TCP"}],
                "annotations": {},
                "external": blocks,
            },
        }
    }


def ingress(name: str = "web", **overrides: Any) -> dict[str, Any]:
    """An ingress routing ``shop.example.com/`` to ``web-internal:80``."""
    body = {
        "name": name,
        "routers": [
            {
                "domain": "shop.example.com",
                "path": "/",
                "target_service": "web-internal",
                "service_port": 80,
            }
        ],
        "annotations": {"nginx.ingress.kubernetes.io/rewrite-target": "/"},
        "labels": {"app": "web"},
    }
    body.update(overrides)
    return {"ingress": body}


def create_service(ecns: Ecns, name: str, body: dict[str, Any]) -> dict[str, Any]:
    """POST a service and return the created service (asserting success)."""
    response = ecns.post(f"{API}/service/{name}/", json=body)
    assert response.status_code == 200, response.json
    return response.json["service"]


def services(ecns: Ecns, selector: str | None = None) -> list[dict[str, Any]]:
    """The session namespace's services."""
    query = f"?app_selector={selector}" if selector else ""
    response = ecns.get(f"{API}/service/{query}")
    assert response.status_code == 200, response.json
    return response.json["services"]


def service_named(ecns: Ecns, name: str) -> dict[str, Any]:
    """One listed service by its access-mode name."""
    return next(s for s in services(ecns) if s["access_mode"]["name"] == name)

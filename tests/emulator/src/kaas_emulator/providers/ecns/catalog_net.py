"""The fixed OpenStack side of ECNS networking: the exclusive load-balancer look-ups (1.23).

ECNS's exclusive ("独享型") load balancers are Octavia load balancers. The portal
offers the availability zones, Nova flavors and subnets of the project to choose
from; the emulator serves a fixed set with one unusable entry of each kind, so that
a client that validates against the look-ups has something to refuse.
"""

from __future__ import annotations

from typing import Any

#: The look-ups exist for the ``eks`` product only (ECNS's ``product_type_list=[eks]``).
LB_PRODUCT_TYPES = ("eks",)

AVAILABILITY_ZONES: list[dict[str, Any]] = [
    {"name": "default-az", "state": {"available": True}},
    {"name": "az-2", "state": {"available": True}},
    {"name": "az-maintenance", "state": {"available": False}},
]


def _flavor(ident: str, name: str, vcpus: int, ram: int, **flags: bool) -> dict[str, Any]:
    return {
        "id": ident,
        "name": name,
        "vcpus": vcpus,
        "ram": ram,
        "description": f"{vcpus} vCPU / {ram // 1024} GiB amphora",
        "is_disabled": flags.get("is_disabled", False),
        "is_public": flags.get("is_public", True),
        "is_recommend": flags.get("is_recommend", False),
    }


LB_FLAVORS: list[dict[str, Any]] = [
    _flavor("5a1c2f0e-0001-4c3b-9d1e-000000000001", "lb.small", 1, 1024, is_recommend=True),
    _flavor("5a1c2f0e-0002-4c3b-9d1e-000000000002", "lb.medium", 2, 4096),
    _flavor("5a1c2f0e-0003-4c3b-9d1e-000000000003", "lb.legacy", 1, 512, is_disabled=True),
]


def _subnet(ident: str, name: str, cidr: str, **where: Any) -> dict[str, Any]:
    prefix = cidr.rsplit(".", 1)[0]
    return {
        "id": ident,
        "name": name,
        "network_id": f"net-{ident}",
        "project_id": where.get("project", "demo"),
        "cidr": cidr,
        "gateway_ip": f"{prefix}.1",
        "allocation_pools": [{"start": f"{prefix}.10", "end": f"{prefix}.250"}],
        "ip_version": 4,
        "is_dhcp_enabled": True,
        "description": where.get("description", ""),
        "created_at": "2026-01-05T08:00:00Z",
        "updated_at": "2026-01-05T08:00:00Z",
        "revision_number": 1,
        # Filter attributes of the look-up's query; not part of the API reference's response.
        "_router_external": where.get("router_external", False),
        "_connect_router": where.get("connect_router", True),
    }


SUBNETS: list[dict[str, Any]] = [
    _subnet("subnet-app-1", "app-subnet", "192.168.10.0/24", description="application tier"),
    _subnet("subnet-db-1", "db-subnet", "192.168.20.0/24"),
    _subnet("subnet-isolated", "isolated", "192.168.30.0/24", connect_router=False),
    _subnet("subnet-public", "public", "172.24.4.0/24", router_external=True),
    _subnet("subnet-other-project", "shared-ops", "192.168.40.0/24", project="ops"),
]

#: 多活副本数限制: most amphorae an ACTIVE_ACTIVE flavor profile may ask for.
REPLICAS_LIMIT = 4
TOPOLOGIES = ("SINGLE", "ACTIVE_STANDBY", "ACTIVE_ACTIVE")
#: Octavia per cluster's region: ecns-west's region has none (lb/type says not installed).
OCTAVIA_MISSING = frozenset({"ecns-west"})
#: License quota of exclusive load balancers, for the whole project.
LICENSE_HARD_LIMIT = 4
LICENSE_RESOURCE = "loadbalancer"
#: Nominal seconds Octavia takes to build (or change) a load balancer.
LB_BUILD_SECONDS = 30.0


def octavia_installed(cluster: str) -> bool:
    """Whether the cluster's region runs Octavia."""
    return cluster not in OCTAVIA_MISSING


def public(item: dict[str, Any]) -> dict[str, Any]:
    """An item as the API shows it (internal ``_`` keys removed)."""
    return {key: value for key, value in item.items() if not key.startswith("_")}


def flavor(ident: str) -> dict[str, Any] | None:
    """The Nova flavor with this id."""
    return next((f for f in LB_FLAVORS if f["id"] == ident), None)


def zone(name: str) -> dict[str, Any] | None:
    """The availability zone with this name."""
    return next((z for z in AVAILABILITY_ZONES if z["name"] == name), None)


def subnet(ident: str) -> dict[str, Any] | None:
    """The subnet with this id."""
    return next((s for s in SUBNETS if s["id"] == ident), None)

"""Validation of service (1.19) and ingress (1.18) bodies.

Shape rules (required fields, enums, names) are checked here; rules that need the
catalog or the state (a known flavor, a free node port, an existing service) are
checked by the views. Like :mod:`.checks`, every checker appends ``"<path>: <problem>"``.
"""

from __future__ import annotations

import re
from typing import Any

from kaas_emulator.core.validation import is_int, unknown_fields
from kaas_emulator.providers.ecns import catalog_net, checks

SERVICE_KEYS = frozenset(
    {"access_mode", "target_workload", "workload_type", "labels", "creation_time"}
)
ACCESS_MODE_KEYS = frozenset(
    {
        "name",
        "type",
        "external_name",
        "cluster_ip",
        "public_ips",
        "private_ips",
        "access",
        "annotations",
        "external",
        "subnet",
    }
)
INGRESS_KEYS = frozenset({"name", "routers", "annotations", "labels", "creation_time"})
ROUTER_KEYS = frozenset({"domain", "path", "target_service", "service_port"})
CPU_ARCHES = ("x86_64", "aarch64")
_DOMAIN = re.compile(r"^(\*\.)?([a-z0-9]([-a-z0-9]*[a-z0-9])?\.)*[a-z0-9]([-a-z0-9]*[a-z0-9])?$")


def _unknown(
    problems: checks.Problems, where: str, block: dict[str, Any], allowed: frozenset[str]
) -> None:
    for key in unknown_fields(block, allowed):
        problems.append(f"{where}.{key}: unknown field")


def service(problems: checks.Problems, body: Any) -> dict[str, Any]:
    """The ``service`` object of a create/update body; returns it ({} when unusable)."""
    block = checks.obj(problems, "service", body)
    if not block:
        problems.append("service: is required")
        return {}
    _unknown(problems, "service", block, SERVICE_KEYS)
    checks.text(problems, "service.target_workload", block.get("target_workload"), required=True)
    checks.enum(
        problems, "service.workload_type", block.get("workload_type"), checks.WORKLOAD_TYPES
    )
    checks.labels(problems, "service.labels", block.get("labels"))
    mode = checks.obj(problems, "service.access_mode", block.get("access_mode"))
    if not mode:
        problems.append("service.access_mode: is required")
        return block
    _unknown(problems, "service.access_mode", mode, ACCESS_MODE_KEYS)
    found: checks.Problems = []
    checks.access_modes(found, "service.access_mode", [mode])
    # ``access_modes`` checks a list; a service carries one mode, so drop the index.
    problems.extend(p.replace("service.access_mode[0]", "service.access_mode") for p in found)
    if mode.get("type") == "LoadBalancer":
        _external(problems, "service.access_mode.external", mode.get("external"))
        subnet = mode.get("subnet")
        lb_subnet = _lb_subnet(mode)
        if subnet is not None and subnet != lb_subnet:
            problems.append(
                f"service.access_mode.subnet: {subnet!r} differs from "
                f"external.loadbalancer.vip_subnet_id {lb_subnet!r}"
            )
    else:
        for key in ("external", "subnet"):
            if mode.get(key) is not None:
                problems.append(
                    f"service.access_mode.{key}: only for a LoadBalancer, not a {mode.get('type')}"
                )
    return block


def _lb_subnet(mode: dict[str, Any]) -> Any:
    external = mode.get("external") if isinstance(mode.get("external"), dict) else {}
    balancer = (
        external.get("loadbalancer") if isinstance(external.get("loadbalancer"), dict) else {}
    )
    return balancer.get("vip_subnet_id")


def _external(problems: checks.Problems, where: str, value: Any) -> None:
    """The external-request Type: the Octavia load balancer to build."""
    external = checks.obj(problems, where, value)
    if not external:
        problems.append(f"{where}: is required for a LoadBalancer")
        return
    _unknown(
        problems,
        where,
        external,
        frozenset({"availability_zone_profile", "flavor_profile", "loadbalancer"}),
    )
    balancer = checks.obj(problems, f"{where}.loadbalancer", external.get("loadbalancer"))
    if not balancer:
        problems.append(f"{where}.loadbalancer: is required")
    else:
        checks.name(problems, f"{where}.loadbalancer.name", balancer.get("name"))
        checks.text(
            problems, f"{where}.loadbalancer.vip_subnet_id", balancer.get("vip_subnet_id"), True
        )
    zone_profile = checks.obj(
        problems, f"{where}.availability_zone_profile", external.get("availability_zone_profile")
    )
    zone_data = checks.obj(
        problems,
        f"{where}.availability_zone_profile.availability_zone_data",
        zone_profile.get("availability_zone_data"),
    )
    at = f"{where}.availability_zone_profile.availability_zone_data"
    checks.text(problems, f"{at}.compute_zone", zone_data.get("compute_zone"))
    checks.enum(problems, f"{at}.cpu_arch", zone_data.get("cpu_arch"), CPU_ARCHES, False)
    flavor_profile = checks.obj(problems, f"{where}.flavor_profile", external.get("flavor_profile"))
    if "flavor_data" not in flavor_profile:
        return
    data = checks.obj(
        problems, f"{where}.flavor_profile.flavor_data", flavor_profile["flavor_data"]
    )
    at = f"{where}.flavor_profile.flavor_data"
    topology = data.get("loadbalancer_topology")
    checks.enum(problems, f"{at}.loadbalancer_topology", topology, catalog_net.TOPOLOGIES)
    checks.text(problems, f"{at}.compute_flavor", data.get("compute_flavor"))
    checks.text(problems, f"{at}.amp_volume_type", data.get("amp_volume_type"))
    replicas = data.get("replicas")
    if replicas is not None and topology != "ACTIVE_ACTIVE":
        problems.append(f"{at}.replicas: only for the ACTIVE_ACTIVE topology")
    elif replicas is not None and (not is_int(replicas) or replicas < 2):
        problems.append(f"{at}.replicas: must be an integer >= 2, got {replicas!r}")


def flavor_data(mode: dict[str, Any]) -> dict[str, Any]:
    """``external.flavor_profile.flavor_data`` of a validated LoadBalancer mode ({} if none)."""
    profile = (mode.get("external") or {}).get("flavor_profile") or {}
    return profile.get("flavor_data") or {}


def zone_data(mode: dict[str, Any]) -> dict[str, Any]:
    """``external.availability_zone_profile.availability_zone_data`` ({} if none)."""
    profile = (mode.get("external") or {}).get("availability_zone_profile") or {}
    return profile.get("availability_zone_data") or {}


def ingress(problems: checks.Problems, body: Any) -> dict[str, Any]:
    """The ``ingress`` object of a create/update body; returns it ({} when unusable)."""
    block = checks.obj(problems, "ingress", body)
    if not block:
        problems.append("ingress: is required")
        return {}
    _unknown(problems, "ingress", block, INGRESS_KEYS)
    checks.name(problems, "ingress.name", block.get("name"))
    checks.labels(problems, "ingress.labels", block.get("labels"))
    checks.labels(problems, "ingress.annotations", block.get("annotations"))
    routers = checks.items(problems, "ingress.routers", block.get("routers"))
    if not routers and isinstance(block.get("routers"), list | type(None)):
        problems.append("ingress.routers: at least one router is required")
    for index, router in enumerate(routers):
        _router(problems, f"ingress.routers[{index}]", router)
    rules = [(r.get("domain") or "", r.get("path") or "/") for r in routers]
    for rule in sorted({r for r in rules if rules.count(r) > 1}):
        problems.append(f"ingress.routers: domain {rule[0]!r} path {rule[1]!r} is routed twice")
    return block


def _router(problems: checks.Problems, where: str, router: dict[str, Any]) -> None:
    _unknown(problems, where, router, ROUTER_KEYS)
    domain, path = router.get("domain"), router.get("path")
    checks.text(problems, f"{where}.domain", domain)
    if isinstance(domain, str) and domain and (len(domain) > 253 or not _DOMAIN.match(domain)):
        problems.append(f"{where}.domain: {domain!r} is not a lower-case DNS name")
    checks.text(problems, f"{where}.path", path)
    if isinstance(path, str) and path and not path.startswith("/"):
        problems.append(f"{where}.path: {path!r} must start with '/'")
    checks.name(problems, f"{where}.target_service", router.get("target_service"))
    port = router.get("service_port")
    if not is_int(port) or not 1 <= port <= 65535:
        problems.append(f"{where}.service_port: must be a port from 1 to 65535, got {port!r}")

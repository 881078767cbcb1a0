"""Validation of application bodies (1.2) and their hybrid parts (1.8).

Same convention as :mod:`.checks`: each checker appends ``"<path>: <problem>"``.
"""

from __future__ import annotations

from typing import Any

from kaas_emulator.core.validation import unknown_fields
from kaas_emulator.providers.ecns import checks, model_apps

APPLICATION_KEYS = frozenset(
    {"name", "description", "type", "vm_network", "configmaps", "workloads", "virtual_machines"}
)
VM_KEYS = frozenset(
    {
        "name",
        "replicas",
        "availability_zone",
        "boot_manager",
        "flavor_name",
        "system_disk",
        "data_disk",
        "security_groups",
        "loadbalancer",
        "authentication",
        "user_data",
    }
)
VM_NETWORK_KEYS = ("network_name", "network_id", "subnet_name", "subnet_id")
#: ``PUT /applications/app/`` is the batch start/recreate endpoint, so an application
#: named ``app`` could never have its description changed: the emulator refuses the name.
RESERVED_NAMES = ("app",)


def application(problems: checks.Problems, body: dict[str, Any]) -> None:
    """Every documented rule of an application create body."""
    for key in unknown_fields(body, APPLICATION_KEYS):
        problems.append(f"{key}: unknown field")
    name = body.get("name")
    checks.name(problems, "name", name)
    if name in RESERVED_NAMES:
        problems.append(f"name: {name!r} is reserved (PUT /applications/app/ is the batch path)")
    checks.text(problems, "description", body.get("description"))
    checks.enum(problems, "type", body.get("type"), checks.APPLICATION_TYPES, required=False)
    hybrid = body.get("type") == "Hybrid"
    network = checks.obj(problems, "vm_network", body.get("vm_network"))
    if hybrid and not network:
        problems.append("vm_network: is required for a Hybrid application")
    for key in VM_NETWORK_KEYS if network else ():
        checks.text(problems, f"vm_network.{key}", network.get(key), required=True)
    for index, configmap in enumerate(checks.items(problems, "configmaps", body.get("configmaps"))):
        checks.name(problems, f"configmaps[{index}].name", configmap.get("name"))
        config = configmap.get("config")
        if not isinstance(config, dict) or not all(isinstance(v, str) for v in config.values()):
            problems.append(f"configmaps[{index}].config: must be an object of string values")
    machines = checks.items(problems, "virtual_machines", body.get("virtual_machines"))
    if machines and not hybrid:
        problems.append("virtual_machines: only a Hybrid application has virtual machines")
    names = [m.get("name") for m in machines]
    for duplicate in sorted({n for n in names if isinstance(n, str) and names.count(n) > 1}):
        problems.append(f"virtual_machines: name {duplicate!r} is used twice")
    for index, machine in enumerate(machines):
        virtual_machine(problems, f"virtual_machines[{index}]", machine)


def virtual_machine(problems: checks.Problems, where: str, item: dict[str, Any]) -> None:
    """The virtual_machine Type: every required block, the cloud's flavors and zones."""
    for key in unknown_fields(item, VM_KEYS):
        problems.append(f"{where}.{key}: unknown field")
    checks.name(problems, f"{where}.name", item.get("name"))
    if item.get("replicas") is None:
        problems.append(f"{where}.replicas: is required")
    checks.integer(problems, f"{where}.replicas", item.get("replicas"), 1)
    checks.enum(
        problems,
        f"{where}.availability_zone",
        item.get("availability_zone"),
        model_apps.AVAILABILITY_ZONES,
    )
    checks.enum(problems, f"{where}.flavor_name", item.get("flavor_name"), model_apps.FLAVORS)
    _boot_manager(problems, f"{where}.boot_manager", item.get("boot_manager"))
    system_disk = checks.obj(problems, f"{where}.system_disk", item.get("system_disk"))
    if not system_disk:
        problems.append(f"{where}.system_disk: is required")
    else:
        _disk(problems, f"{where}.system_disk", system_disk)
    for index, disk in enumerate(
        checks.items(problems, f"{where}.data_disk", item.get("data_disk"))
    ):
        _disk(problems, f"{where}.data_disk[{index}]", disk)
        if disk.get("type") is None:
            problems.append(f"{where}.data_disk[{index}].type: is required for a data disk")
    groups = checks.items(problems, f"{where}.security_groups", item.get("security_groups"), str)
    if item.get("security_groups") is None or (
        isinstance(item.get("security_groups"), list) and not groups
    ):
        problems.append(f"{where}.security_groups: at least one security group is required")
    _loadbalancer(problems, f"{where}.loadbalancer", item.get("loadbalancer"))
    login = checks.obj(problems, f"{where}.authentication", item.get("authentication"))
    if not (login.get("keypair") or login.get("password")):
        problems.append(f"{where}.authentication: a keypair or a password is required")
    for key in ("keypair", "password"):
        checks.text(problems, f"{where}.authentication.{key}", login.get(key))
    checks.text(problems, f"{where}.user_data", item.get("user_data"))


def _boot_manager(problems: checks.Problems, where: str, value: Any) -> None:
    manager = checks.obj(problems, where, value)
    if not manager:
        problems.append(f"{where}: is required")
        return
    kind = manager.get("type")
    checks.enum(problems, f"{where}.type", kind, model_apps.BOOT_SOURCES)
    source = model_apps.BOOT_SOURCES.get(kind) if isinstance(kind, str) else None
    if source is not None:
        checks.text(problems, f"{where}.{source}", manager.get(source), required=True)
    if kind == "image" and isinstance(manager.get("image"), str) and manager["image"]:
        checks.enum(problems, f"{where}.image", manager["image"], model_apps.VM_IMAGES)


def _disk(problems: checks.Problems, where: str, disk: dict[str, Any]) -> None:
    checks.enum(problems, f"{where}.type", disk.get("type"), model_apps.DISK_TYPES, required=False)
    if disk.get("size") is None:
        problems.append(f"{where}.size: is required (GiB)")
    checks.integer(problems, f"{where}.size", disk.get("size"), 1)
    checks.integer(problems, f"{where}.amount", disk.get("amount"), 1)
    checks.boolean(problems, f"{where}.cascade_deletion", disk.get("cascade_deletion"))


def _loadbalancer(problems: checks.Problems, where: str, value: Any) -> None:
    balancer = checks.obj(problems, where, value)
    if not balancer:
        problems.append(f"{where}: is required")
        return
    checks.text(problems, f"{where}.internal_ip", balancer.get("internal_ip"), required=True)
    ports = checks.items(problems, f"{where}.access", balancer.get("access"))
    if not ports:
        problems.append(f"{where}.access: at least one port is required")
    for index, port in enumerate(ports):
        if port.get("port") is None:
            problems.append(f"{where}.access[{index}].port: is required")
        checks.integer(problems, f"{where}.access[{index}].port", port.get("port"), 1)
        checks.enum(
            problems,
            f"{where}.access[{index}].protocol",
            port.get("protocol"),
            checks.PROTOCOLS,
            False,
        )


def batch(body: dict[str, Any]) -> tuple[list[tuple[str, str]], checks.Problems]:
    """``applications: [{name, type}]`` of a batch request as (type, name) pairs."""
    problems: checks.Problems = []
    listed = checks.items(problems, "applications", body.get("applications"))
    if body.get("applications") is None or (not listed and not problems):
        problems.append("applications: at least one application is required")
    pairs = []
    for index, item in enumerate(listed):
        checks.text(problems, f"applications[{index}].name", item.get("name"), required=True)
        checks.enum(
            problems,
            f"applications[{index}].type",
            item.get("type"),
            checks.APPLICATION_TYPES,
            False,
        )
        pairs.append((item.get("type") or model_apps.DEFAULT_TYPE, item.get("name")))
    return pairs, problems

"""Applications (1.2) and hybrid virtual-machine workloads (1.8): records and views.

An application is a named group in one namespace: it owns the container workloads
whose ``application_name`` (and ``application_type``, default ``Normal``) name it, and,
for a ``Hybrid`` application, virtual-machine workloads kept here. Membership is read
from the workload records, so a workload attached or detached through the workload
endpoints (1.21) joins or leaves its application at once.

Virtual machines boot in ``VM_BOOT_SECONDS`` nominal seconds (status ``BUILD`` then
``ACTIVE``, the OpenStack words; the API reference gives no values).
"""

from __future__ import annotations

import copy
import hashlib
import uuid
from typing import Any

from kaas_emulator.core import operations
from kaas_emulator.core.clock import iso8601
from kaas_emulator.providers.ecns import model, render

APPLICATIONS_KEY = "applications"
VIRTUAL_MACHINES_KEY = "virtual_machines"
APPLICATION_PRODUCTS = ("eks", "hybrid")
VM_PRODUCTS = ("hybrid",)
DEFAULT_TYPE = "Normal"
#: Nominal seconds for the instances of a VM workload to boot.
VM_BOOT_SECONDS = 20.0
BOOT = "boot"

#: The cloud's VM flavors (name -> the API reference's flavor Type), zones, images and snapshots.
FLAVORS: dict[str, dict[str, str]] = {
    "m1.small": {"cpu": "1C", "memory": "2GiB", "disk": "20GiB"},
    "m1.medium": {"cpu": "2C", "memory": "4GiB", "disk": "40GiB"},
    "m1.large": {"cpu": "4C", "memory": "8GiB", "disk": "80GiB"},
}
AVAILABILITY_ZONES = ("nova", "az-2")
VM_IMAGES = ("cirros-0.6.2", "ubuntu-22.04")
DISK_TYPES = ("hdd", "high-performance")
BOOT_SOURCES = {"image": "image", "snapshot": "snapshot", "volume": "bootable_volume"}


def vm_key(cluster: str, namespace: str, name: str) -> str:
    """State key of a VM workload (names are unique per namespace, like workloads)."""
    return f"{cluster}/{namespace}/VirtualMachine/{name}"


def app_key(cluster: str, namespace: str, app_type: str, name: str) -> str:
    """State key of an application: a Normal and a Hybrid one may share a name (1.8 混合编排)."""
    return f"{cluster}/{namespace}/Application/{app_type}/{name}"


def new_vm(spec: dict[str, Any], app: dict[str, Any], now: float) -> dict[str, Any]:
    """A VM-workload record from one validated ``virtual_machines[]`` item of ``app``."""
    record = {
        "name": spec["name"],
        "cluster": app["cluster"],
        "namespace": app["namespace"],
        "application_name": app["name"],
        "vm_network": copy.deepcopy(app.get("vm_network")),
        "spec": copy.deepcopy(spec),
        "created_at": now,
        "generation": 0,
    }
    boot(record, now)
    return record


def boot(record: dict[str, Any], now: float) -> None:
    """(Re)create every instance: a new generation of instances that boot together."""
    record["generation"] += 1
    record["booted_at"] = now
    operations.begin(record, BOOT, VM_BOOT_SECONDS, now)


def settle_vms(vms: dict[str, Any], now: float, time_scale: float) -> None:
    """Finish due boots (a boot leaves the record in place)."""
    operations.settle_all(vms, now, time_scale, lambda *_: False)


def vm_status(record: dict[str, Any]) -> str:
    """``BUILD`` while booting, then ``ACTIVE``."""
    return "BUILD" if operations.current(record) is not None else "ACTIVE"


def _boot_image(spec: dict[str, Any]) -> str:
    manager = spec["boot_manager"]
    return str(manager.get(BOOT_SOURCES[manager["type"]]) or "")


def render_vm(record: dict[str, Any]) -> dict[str, Any]:
    """The API reference's vm_status Type, instances included."""
    spec = record["spec"]
    flavor = dict(FLAVORS[spec["flavor_name"]])
    status = vm_status(record)
    instances = []
    for index in range(int(spec["replicas"])):
        key = f"{record['cluster']}/{record['namespace']}/{record['name']}/{record['generation']}"
        digest = hashlib.sha256(f"{key}/{index}".encode()).hexdigest()
        instances.append(
            {
                "name": f"{record['name']}-{index}",
                "id": str(uuid.UUID(digest[:32])),
                "status": status,
                "image": _boot_image(spec),
                "internal_ip": f"192.168.{int(digest[:2], 16) % 250}.{10 + index}",
                "flavor": dict(flavor),
                "creation_time": iso8601(record["booted_at"]),
            }
        )
    view: dict[str, Any] = {
        "name": record["name"],
        "replicas": spec["replicas"],
        "status": status,
        "application_name": record["application_name"],
        "image": _boot_image(spec),
        "flavor": flavor,
        "vm_instances": instances,
        "vm_network": copy.deepcopy(record["vm_network"]),
        "creation_time": iso8601(record["created_at"]),
    }
    if spec.get("loadbalancer"):
        balancer = copy.deepcopy(spec["loadbalancer"])
        balancer.setdefault("name", f"{record['name']}-lb")
        balancer["status"] = "ACTIVE" if status == "ACTIVE" else "PENDING_CREATE"
        view["loadbalancer"] = balancer
    return view


def member_workloads(
    workloads: dict[str, Any], app: dict[str, Any], include_removing: bool = False
) -> list[dict[str, Any]]:
    """Container workloads of the application's namespace that name it as their owner."""
    prefix = f"{app['cluster']}/{app['namespace']}/"
    return sorted(
        (
            record
            for key, record in workloads.items()
            if key.startswith(prefix)
            and record["spec"].get("application_name") == app["name"]
            and (record["spec"].get("application_type") or DEFAULT_TYPE) == app["type"]
            and (include_removing or not model.is_removing(record))
        ),
        key=lambda r: r["seq"],
    )


def member_vms(vms: dict[str, Any], app: dict[str, Any]) -> list[dict[str, Any]]:
    """VM workloads of the application (only a Hybrid application has any)."""
    if app["type"] != "Hybrid":
        return []
    prefix = f"{app['cluster']}/{app['namespace']}/"
    return [
        r
        for key, r in vms.items()
        if key.startswith(prefix) and r["application_name"] == app["name"]
    ]


def application_status(workload_states: list[str], vm_states: list[str]) -> str:
    """The API reference's five words, from the members' states.

    No member: ``No workload``; anything in flight: ``Processing``; a failed member:
    ``Unready``; every member stopped: ``Stopped``; everything up: ``Running``; a mix
    of stopped and running members: ``Unready``.
    """
    states = workload_states + vm_states
    if not states:
        return "No workload"
    if any(s in ("Pending", "Removing", "BUILD") for s in states):
        return "Processing"
    if any(s == "Failed" for s in states):
        return "Unready"
    if all(s == "Stopped" for s in states):
        return "Stopped"
    if all(s in ("Running", "ACTIVE") for s in states):
        return "Running"
    return "Unready"


def render_application(
    app: dict[str, Any],
    workloads: dict[str, Any],
    vms: dict[str, Any],
    configmaps: list[dict[str, Any]],
    now: float,
    time_scale: float,
) -> dict[str, Any]:
    """ECNS's application_info Type (``configmaps``: those it created that still exist)."""
    members = member_workloads(workloads, app, include_removing=True)
    machines = member_vms(vms, app)
    workload_views = [render.workload(r, now, time_scale) for r in members]
    vm_views = [render_vm(r) for r in machines]
    application = {
        "name": app["name"],
        "description": app["description"],
        "type": app["type"],
        "vm_network": copy.deepcopy(app.get("vm_network")),
        "configmaps": configmaps,
        "workloads": workload_views,
        "virtual_machines": [copy.deepcopy(r["spec"]) for r in machines],
    }
    for machine in application["virtual_machines"]:
        # The login password is write-only: the portal never shows it back.
        (machine.get("authentication") or {}).pop("password", None)
    info: dict[str, Any] = {
        "application": application,
        "application_status": {
            "creation_time": iso8601(app["created_at"]),
            "status": application_status(
                [w["workload_status"]["status"] for w in workload_views],
                [v["status"] for v in vm_views],
            ),
        },
        "workloads_status": [w["workload_status"] for w in workload_views],
    }
    if app["type"] == "Hybrid":
        info["vms_status"] = vm_views
    return info

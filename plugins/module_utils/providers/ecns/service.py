# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""ECNS services (ECNS API reference, 1.19 服务), declared on :class:`EcnsObject`.

A service is one access mode (the API reference's access_mode Type) in front of one
workload. ECNS has no detail call: a service is found in the namespace's list, where
its name is ``access_mode.name``. ``PUT`` replaces the whole definition, so an update
starts from the service as ECNS has it (its cluster IP and node ports included, which
ECNS keeps) and applies the task's options on top: options a task leaves unset keep
their value.

:class:`EcnsServiceObject` is that common part; :class:`EcnsService` (module
``service``) exposes the access mode's options at the top, and ``ecns_lb`` (module
``load_balancer``) exposes a LoadBalancer service with its Octavia options.
"""

from __future__ import annotations

import copy
from typing import Any

from ansible_collections.kaas.cloud.plugins.module_utils.errors import PlanError, ValidationError
from ansible_collections.kaas.cloud.plugins.module_utils.providers.contract import (
    ASSIGNED,
    FAILED,
    PENDING,
    READY,
    Field,
    Status,
)
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.objects import (
    Call,
    ObjectState,
    Scope,
)
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.scope import RemembersScope
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.workload_rules import (
    NODE_PORTS,
    covers,
    strip_unset,
)

ACCESS_TYPES = ("ClusterIP", "NodePort", "LoadBalancer", "ExternalName")
WORKLOAD_TYPES = ("Deployment", "StatefulSet", "DaemonSet")
PORT_KEYS = ("port", "target_port", "protocol", "node_port")


def in_port_order(ports: Any) -> Any:
    """Ports by number and protocol: a service's ports are a set, which ECNS may list in any order."""
    if not isinstance(ports, list):
        return ports
    return sorted(ports, key=lambda port: (port.get("port") or 0, port.get("protocol") or "TCP", repr(port)))


def port_list(value: Any) -> Any:
    """Ports as compared: unset sub-options dropped, so a port ECNS completed still covers the task's."""
    return in_port_order(strip_unset(value))


def completed_ports(current: Any, wanted: Any, node_ports: bool) -> Any:
    """The ports ECNS will show for the ports a task set, as Kubernetes completes them.

    A port's protocol defaults to TCP and its target port to the port. A service
    that has node ports (``node_ports``: NodePort, LoadBalancer) shows for each port
    the node port the task set, else the one the same port and protocol already had
    (``current``: an update keeps it), else one ECNS assigns (``ASSIGNED``); any
    other type has none.
    """
    if not isinstance(wanted, list):
        return wanted
    kept = {
        (port.get("port"), port.get("protocol") or "TCP"): port.get("node_port")
        for port in current or []
        if isinstance(port, dict)
    }
    shown = []
    for port in wanted:
        port = dict(port or {})
        port["protocol"] = port.get("protocol") or "TCP"
        if port.get("target_port") is None:
            port["target_port"] = port.get("port")
        if not node_ports:
            port.pop("node_port", None)
        elif port.get("node_port") is None:
            port["node_port"] = kept.get((port.get("port"), port["protocol"])) or ASSIGNED
        shown.append({key: port[key] for key in PORT_KEYS if port.get(key) is not None})
    return in_port_order(shown)


def service_ports(current: Any, wanted: Any, after: dict[str, Any]) -> Any:
    """``completed_ports`` of a service, whose type (in ``after``) says whether it has node ports."""
    return completed_ports(current, wanted, after.get("type") in ("NodePort", "LoadBalancer"))


def check_ports(problems: list[str], at: str, ports: Any, kind: Any) -> None:
    """Port numbers in range, node ports only where Kubernetes has them, no port listed twice."""
    seen = set()
    for index, port in enumerate(ports or []):
        where = f"{at}[{index}]"
        for key in ("port", "target_port"):
            number = port.get(key)
            if number is not None and not 1 <= number <= 65535:
                problems.append(f"{where}.{key} {number} is outside 1-65535")
        if port.get("port") is None:
            problems.append(f"{where}.port is required")
        node_port = port.get("node_port")
        if node_port is not None and kind not in (None, "NodePort", "LoadBalancer"):
            problems.append(f"{where}.node_port is for a NodePort or LoadBalancer service, not a {kind}")
        elif node_port is not None and not NODE_PORTS[0] <= node_port <= NODE_PORTS[1]:
            problems.append(f"{where}.node_port {node_port} is outside {NODE_PORTS[0]}-{NODE_PORTS[1]}")
        key = (port.get("port"), port.get("protocol") or "TCP")
        if key in seen:
            problems.append(f"{where}: port {key[0]}/{key[1]} is listed twice")
        seen.add(key)


def fail_on(problems: list[str], label: str) -> None:
    if problems:
        raise ValidationError(f"invalid {label}: " + "; ".join(problems))


def ports_view(mode: dict[str, Any]) -> list[dict[str, Any]]:
    """The access mode's ports (``access``) with the keys ECNS sets, in port order."""
    listed = mode.get("access") or []
    return in_port_order([{key: port.get(key) for key in PORT_KEYS if port.get(key) is not None} for port in listed])


class EcnsServiceObject(RemembersScope):
    """What every ECNS service has: its calls, its request form, its load balancer's status."""

    list_call = Call("GET", "service/")
    list_key = "services"
    create_call = Call("POST", "service/{name}/")
    update_call = Call("PUT", "service/{name}/")
    delete_call = Call("DELETE", "service/")
    name_key = "access_mode.name"

    # -- hooks of the two kinds ------------------------------------------------------------

    def apply(self, request: dict[str, Any], desired: dict[str, Any]) -> None:
        """Set the task's options into a request-form service (``{"target_workload", ..., "access_mode"}``)."""
        raise NotImplementedError

    # -- the request form --------------------------------------------------------------------

    @staticmethod
    def request_of(item: dict[str, Any]) -> dict[str, Any]:
        """The service as ECNS has it, in the form a create or update sends."""
        mode = item.get("access_mode") or {}
        wanted = {key: copy.deepcopy(mode[key]) for key in ("type", "external_name", "cluster_ip") if mode.get(key)}
        wanted["annotations"] = copy.deepcopy(mode.get("annotations") or {})
        wanted["access"] = ports_view(mode)
        external = mode.get("external")
        if mode.get("type") == "LoadBalancer" and isinstance(external, dict):
            built = {"loadbalancer": {"name": external.get("name"), "vip_subnet_id": external.get("vip_subnet_id")}}
            for profile in ("availability_zone_profile", "flavor_profile"):
                if external.get(profile):
                    built[profile] = copy.deepcopy(external[profile])
            wanted["external"] = built
        return {
            "target_workload": item.get("target_workload"),
            "workload_type": item.get("workload_type"),
            "labels": copy.deepcopy(item.get("labels") or {}),
            "access_mode": wanted,
        }

    @staticmethod
    def set_type(mode: dict[str, Any], kind: str) -> None:
        """Change the access mode's type, dropping what the new type has no use for."""
        mode["type"] = kind
        if kind != "LoadBalancer":
            mode.pop("external", None)
            mode.pop("subnet", None)
        if kind not in ("NodePort", "LoadBalancer"):
            for port in mode.get("access") or []:
                port.pop("node_port", None)
        if kind == "ExternalName":
            mode.pop("cluster_ip", None)
        else:
            mode.pop("external_name", None)

    def create_body(self, desired: dict[str, Any]) -> dict[str, Any]:
        request: dict[str, Any] = {"labels": {}, "access_mode": {"annotations": {}, "access": []}}
        self.apply(request, desired)
        return {"service": request}

    def update_body(self, current: ObjectState, changes: dict[str, Any], desired: dict[str, Any]) -> dict[str, Any]:
        request = self.request_of(current.item)
        self.apply(request, desired)
        return {"service": request}

    def delete_body(self, current: ObjectState) -> dict[str, Any]:
        return {"service": [self.name_of(current.item)]}

    # -- reading -----------------------------------------------------------------------------

    def status(self, current: ObjectState) -> Status:
        """A LoadBalancer service is ready once Octavia reports its load balancer ACTIVE."""
        external = (current.item.get("access_mode") or {}).get("external")
        if not isinstance(external, dict):
            return Status(READY, "Active")
        provisioning = str(external.get("provisioning_status") or "ACTIVE")
        if provisioning == "ACTIVE":
            return Status(READY, provisioning)
        if provisioning == "ERROR":
            return Status(FAILED, provisioning, f"Octavia reports load balancer {external.get('name')} in ERROR")
        return Status(PENDING, provisioning)

    def check_free_node_ports(self, desired_ports: Any, current: ObjectState | None, scope: Scope) -> None:
        """Refuse, before writing, a requested node port another service of the cluster holds."""
        requested = {p["node_port"] for p in desired_ports or [] if p.get("node_port") is not None}
        if current is not None:
            requested -= {p.get("node_port") for p in ports_view(current.item.get("access_mode") or {})}
        if not requested:
            return
        self.enter(scope)
        answer = self.transport.request("GET", self.api.path(scope.product_type, "service/nodeports/")) or {}
        taken = sorted(requested & set(answer.get("nodeports") or []))
        if taken:
            raise PlanError(
                f"node port {', '.join(map(str, taken))} is already allocated in cluster {scope.cluster}; "
                "choose another or leave node_port unset for ECNS to pick a free one"
            )


class EcnsService(EcnsServiceObject):
    """Module ``service``: a ClusterIP, NodePort or ExternalName service of a workload."""

    resource = "service"
    kind = "service"
    fields = (
        Field("cluster"),
        Field("namespace"),
        Field("product_type"),
        Field("type", mutable=True),
        Field("target_workload", mutable=True),
        Field("workload_type", mutable=True),
        Field("ports", mutable=True, normalize=port_list, matches=covers, api_name="access", complete=service_ports),
        Field("external_name", mutable=True),
        # Kubernetes never changes a service's cluster IP in place.
        Field("cluster_ip"),
        Field("annotations", mutable=True),
        Field("labels", mutable=True),
    )

    def validate(self, desired: dict[str, Any]) -> None:
        super().validate(desired)
        problems: list[str] = []
        kind = desired.get("type")
        if desired.get("external_name") is not None and kind not in (None, "ExternalName"):
            problems.append(f"external_name is for an ExternalName service, not a {kind}")
        if kind == "ExternalName" and desired.get("cluster_ip"):
            problems.append("an ExternalName service has no cluster_ip")
        check_ports(problems, "ports", desired.get("ports"), kind)
        for key, value in (desired.get("labels") or {}).items():
            if not isinstance(value, str):
                problems.append(f"labels.{key} must be text, got {type(value).__name__}; quote it")
        fail_on(problems, "ECNS service")

    def check_plan(self, view: dict[str, Any] | None, changes: dict[str, tuple], desired: dict[str, Any]) -> None:
        merged = {**(view or {}), **{path: change[1] for path, change in changes.items()}}
        if view is None:
            missing = [key for key in ("target_workload", "type") if not desired.get(key)]
            if missing:
                raise ValidationError(f"creating {self.label(desired)} needs {', '.join(missing)}")
        if merged.get("type") == "LoadBalancer" and "type" not in changes:
            raise PlanError(
                f"{self.label(desired)} is a LoadBalancer service: "
                "change it with kaas.cloud.load_balancer (provider ecns)"
            )
        if merged.get("type") == "ExternalName" and not merged.get("external_name"):
            raise ValidationError(f"{self.label(desired)}: an ExternalName service needs external_name")
        if merged.get("type") != "ExternalName" and not merged.get("ports"):
            raise ValidationError(f"{self.label(desired)}: a {merged.get('type')} service needs ports")
        if "ports" in changes:
            # check_plan gets views; the node ports a service already holds are in its item.
            current = self.find(desired) if view is not None else None
            self.check_free_node_ports(desired.get("ports"), current, Scope.of(desired))

    def apply(self, request: dict[str, Any], desired: dict[str, Any]) -> None:
        mode = request["access_mode"]
        if desired.get("type"):
            self.set_type(mode, desired["type"])
        for key in ("target_workload", "workload_type"):
            if desired.get(key):
                request[key] = desired[key]
        request.setdefault("workload_type", "Deployment")
        if desired.get("labels") is not None:
            request["labels"] = dict(desired["labels"])
        if desired.get("ports") is not None:
            mode["access"] = [strip_unset(port) or {} for port in desired["ports"]]
        for key in ("external_name", "cluster_ip", "annotations"):
            if desired.get(key) is not None:
                mode[key] = copy.deepcopy(desired[key])

    def item_view(self, item: dict[str, Any]) -> dict[str, Any]:
        mode = item.get("access_mode") or {}
        external = mode.get("external") if isinstance(mode.get("external"), dict) else None
        return {
            "type": mode.get("type"),
            "target_workload": item.get("target_workload"),
            "workload_type": item.get("workload_type"),
            "ports": ports_view(mode),
            "cluster_ip": mode.get("cluster_ip"),
            "external_name": mode.get("external_name"),
            "public_ips": list(mode.get("public_ips") or []),
            "private_ips": list(mode.get("private_ips") or []),
            "annotations": dict(mode.get("annotations") or {}),
            "labels": dict(item.get("labels") or {}),
            "load_balancer": None
            if external is None
            else {key: external.get(key) for key in ("id", "name", "vip_address", "provisioning_status")},
            "creation_time": item.get("creation_time"),
        }

    def list_params(self, filters: dict[str, Any]) -> dict[str, Any]:
        return {"app_selector": filters["selector"]} if filters.get("selector") else {}

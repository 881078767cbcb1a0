"""Records of services (1.19) and ingresses (1.18), Octavia load balancers, and pods (1.16).

Services and ingresses are kept per cluster and namespace under their own state
keys. A workload's access modes are Kubernetes services too: they are listed with
the services, and they hold node ports, but they are changed through the workload.
Pods are not stored: they are derived from the workloads' rollouts, plus the pods a
client deleted (``pod_replacements``), which the workload's controller replaces.
"""

from __future__ import annotations

import copy
import hashlib
from typing import Any

from kaas_emulator.core import operations
from kaas_emulator.core.clock import iso8601
from kaas_emulator.providers.ecns import catalog, catalog_net, model, render
from kaas_emulator.providers.ecns.web import Scope

SERVICES_KEY = "net_services"
INGRESSES_KEY = "net_ingresses"
POD_REPLACEMENTS_KEY = "net_pod_replacements"
#: Kubernetes' default termination grace period, in nominal seconds.
GRACE_SECONDS = 30.0
LB_BUILD = "lb_build"
NODE_PORTS = range(30000, 32768)


def net_key(where: Scope, name: str) -> str:
    """State key of a service or ingress of this scope."""
    return f"{where.cluster}/{where.namespace}/{name}"


def in_scope(records: dict[str, Any], where: Scope) -> list[dict[str, Any]]:
    """Records of the scope's namespace, oldest first."""
    found = [r for k, r in records.items() if k.startswith(where.prefix())]
    return sorted(found, key=lambda r: r["seq"])


def next_sequence(state: dict[str, Any]) -> int:
    """A project-wide creation counter (shared with workloads, so addresses never clash)."""
    state["sequence"] = state.get("sequence", 0) + 1
    return int(state["sequence"])


def services(state: dict[str, Any], now: float, time_scale: float) -> dict[str, Any]:
    """Every service record, with finished load-balancer builds settled."""
    found: dict[str, Any] = state.setdefault(SERVICES_KEY, {})
    operations.settle_all(found, now, time_scale, _lb_built)
    return found


def _lb_built(
    record: operations.Resource, operation: operations.Operation, finished_at: float
) -> bool:
    """Octavia finished: ACTIVE, or ERROR with the reason when the build failed."""
    record["_lb_error"] = operation.error
    return False


def ingresses(state: dict[str, Any]) -> dict[str, Any]:
    """Every ingress record."""
    found: dict[str, Any] = state.setdefault(INGRESSES_KEY, {})
    return found


def workload_records(state: dict[str, Any], now: float, time_scale: float) -> dict[str, Any]:
    """The workload records, settled (the same view the workload endpoints have)."""
    found: dict[str, Any] = state.setdefault(model.WORKLOADS_KEY, {})
    model.settle_all(found, now, time_scale)
    return found


def workload_services(workloads: dict[str, Any], where: Scope) -> list[dict[str, Any]]:
    """The services a namespace's workloads made from their access modes (ECNS's service Type)."""
    found = []
    for key, record in sorted(workloads.items(), key=lambda item: item[1]["seq"]):
        if not key.startswith(where.prefix()):
            continue
        for mode in record["spec"].get("access_mode") or []:
            found.append(
                {
                    "access_mode": copy.deepcopy(mode),
                    "target_workload": record["name"],
                    "workload_type": record["type"],
                    "labels": {"app": record["name"]},
                    "creation_time": iso8601(record["created_at"]),
                }
            )
    return found


def used_node_ports(
    services_by_key: dict[str, Any], workloads: dict[str, Any], cluster: str
) -> set[int]:
    """Node ports taken in a cluster (node ports are cluster-wide), by services and workloads."""
    modes = [
        r["spec"]["access_mode"] for k, r in services_by_key.items() if k.startswith(f"{cluster}/")
    ]
    for key, record in workloads.items():
        if key.startswith(f"{cluster}/"):
            modes.extend(record["spec"].get("access_mode") or [])
    return {
        port["node_port"]
        for mode in modes
        for port in mode.get("access") or []
        if port.get("node_port") is not None
    }


def assign_service_mode(
    name: str, cluster: str, mode: dict[str, Any], taken: set[int], sequence: int
) -> dict[str, Any]:
    """The access mode as stored: named after the service, addresses and node ports filled."""
    wanted = copy.deepcopy(mode)
    free = (port for port in NODE_PORTS if port not in taken)
    if wanted["type"] in ("NodePort", "LoadBalancer"):
        for port in wanted.get("access") or []:
            if port.get("node_port") is None:
                port["node_port"] = next(free)
    if wanted["type"] != "ExternalName":
        wanted.setdefault("cluster_ip", f"10.97.{sequence // 250 % 250}.{10 + sequence % 240}")
    stored = render.assign_access({"name": name, "cluster": cluster}, [wanted], sequence)[0]
    stored["name"] = name
    if stored["type"] == "LoadBalancer":
        stored["subnet"] = stored["external"]["loadbalancer"]["vip_subnet_id"]
    if stored["type"] != "ExternalName":
        stored.pop("external_name", None)
    return stored


def load_balancers(services_by_key: dict[str, Any]) -> list[dict[str, Any]]:
    """Service records that own an Octavia load balancer, project-wide."""
    return [
        r for r in services_by_key.values() if r["spec"]["access_mode"]["type"] == "LoadBalancer"
    ]


def license_usage(services_by_key: dict[str, Any]) -> dict[str, Any]:
    """The API reference's license quota of exclusive load balancers."""
    used = len(load_balancers(services_by_key))
    return {
        "available": max(0, catalog_net.LICENSE_HARD_LIMIT - used),
        "delta": used,
        "hard_limit": catalog_net.LICENSE_HARD_LIMIT,
        "resource": catalog_net.LICENSE_RESOURCE,
    }


def begin_lb_build(
    record: dict[str, Any], now: float, creating: bool, error: str | None = None
) -> None:
    """Octavia builds (or reconfigures) the load balancer: PENDING_* for a while.

    ``error`` (an injected asynchronous failure) ends the build in ERROR.
    """
    record["_lb_creating"] = creating
    operations.begin(record, LB_BUILD, catalog_net.LB_BUILD_SECONDS, now, error)


def external_view(record: dict[str, Any]) -> dict[str, Any]:
    """The external-response Type: Octavia's load balancer, plus the profiles it was built with."""
    mode = record["spec"]["access_mode"]
    request = mode["external"]
    balancer = request["loadbalancer"]
    subnet = catalog_net.subnet(balancer["vip_subnet_id"]) or {}
    prefix = str(subnet.get("cidr", "0.0.0.0/24")).rsplit(".", 1)[0]
    ident = hashlib.sha256(f"lb/{record['cluster']}/{record['seq']}".encode()).hexdigest()
    building = operations.current(record) is not None
    pending = "PENDING_CREATE" if record.get("_lb_creating") else "PENDING_UPDATE"
    settled = "ERROR" if record.get("_lb_error") else "ACTIVE"
    zone = (request.get("availability_zone_profile") or {}).get("availability_zone_data") or {}
    flavor = (request.get("flavor_profile") or {}).get("flavor_data") or {}
    ports = [p.get("port") for p in mode.get("access") or []]
    return {
        "id": f"{ident[:8]}-{ident[8:12]}-{ident[12:16]}-{ident[16:20]}-{ident[20:32]}",
        "name": balancer["name"],
        "description": f"service {record['namespace']}/{record['name']}",
        "admin_state_up": True,
        "availability_zone": zone.get("compute_zone"),
        "flavor_id": flavor.get("compute_flavor"),
        "created_at": iso8601(record["created_at"]),
        "updated_at": iso8601(record.get("updated_at", record["created_at"])),
        "listeners": [f"listener-{ident[:8]}-{port}" for port in ports],
        "pools": [f"pool-{ident[:8]}-{port}" for port in ports],
        "loadbalancers": [],
        "project_id": catalog.PROJECT_ID,
        "provider": "amphora",
        "provisioning_status": pending if building else settled,
        "operating_status": "ONLINE" if settled == "ACTIVE" and not building else "OFFLINE",
        "tags": [f"kube_service_{record['cluster']}_{record['namespace']}_{record['name']}"],
        "vip_address": f"{prefix}.{10 + record['seq'] % 240}",
        "vip_network_id": subnet.get("network_id"),
        "vip_port_id": f"port-{ident[:12]}",
        "vip_qos_policy_id": None,
        "vip_subnet_id": balancer["vip_subnet_id"],
        "availability_zone_profile": copy.deepcopy(request.get("availability_zone_profile")),
        "flavor_profile": copy.deepcopy(request.get("flavor_profile")),
    }


def service_view(record: dict[str, Any]) -> dict[str, Any]:
    """The API reference's service Type."""
    mode = copy.deepcopy(record["spec"]["access_mode"])
    if mode["type"] == "LoadBalancer":
        mode["external"] = external_view(record)
        ready = operations.current(record) is None and not record.get("_lb_error")
        mode["public_ips"] = [f"172.24.4.{10 + record['seq'] % 240}"] if ready else []
    return {
        "access_mode": mode,
        "target_workload": record["spec"]["target_workload"],
        "workload_type": record["spec"]["workload_type"],
        "labels": copy.deepcopy(record["spec"].get("labels") or {}),
        "creation_time": iso8601(record["created_at"]),
    }


def ingress_view(record: dict[str, Any]) -> dict[str, Any]:
    """The API reference's ingress Type."""
    return {
        "name": record["name"],
        "routers": copy.deepcopy(record["spec"]["routers"]),
        "annotations": copy.deepcopy(record["spec"].get("annotations") or {}),
        "labels": copy.deepcopy(record["spec"].get("labels") or {}),
        "creation_time": iso8601(record["created_at"]),
    }


#: Uniqueness-check types (1.13) kept here.
UNIQUE_KINDS = ("Service", "Ingress")


def exists(state: dict[str, Any], cluster: str, namespace: str, kind: str, name: str) -> bool:
    """唯一性校验 of a service (its own or a workload's access mode) or an ingress."""
    key = f"{cluster}/{namespace}/{name}"
    if kind == "Ingress":
        return key in ingresses(state)
    if key in state.setdefault(SERVICES_KEY, {}):
        return True
    workloads = state.setdefault(model.WORKLOADS_KEY, {})
    return any(
        mode.get("name") == name
        for record in workloads.values()
        if record["cluster"] == cluster and record["namespace"] == namespace
        for mode in record["spec"].get("access_mode") or []
    )


def matches_selector(labels: dict[str, str], selector: str | None) -> bool:
    """``app_selector``: ``key=value`` matches that label, a bare value the label ``app``."""
    if not selector:
        return True
    key, sep, value = selector.partition("=")
    return labels.get(key if sep else "app") == (value if sep else key)


# -- pods -------------------------------------------------------------------------------


def _replacement_name(pod_name: str, kind: str, generation: int) -> str:
    if kind == "StatefulSet":
        return pod_name  # a StatefulSet pod comes back under its own name
    suffix = hashlib.sha256(f"{pod_name}/{generation}".encode()).hexdigest()[:5]
    return f"{pod_name.rsplit('-', 1)[0]}-{suffix}"


def pods(
    state: dict[str, Any], cluster: str, namespace: str | None, now: float, time_scale: float
) -> list[dict[str, Any]]:
    """Pods of a namespace (every namespace when None): the workloads' pods, replacements applied.

    Each pod carries internal keys: ``_key`` (its slot), ``_workload`` (the record) and
    ``_node`` (host name).
    """
    replaced = state.setdefault(POD_REPLACEMENTS_KEY, {})
    found = []
    for record in sorted(workload_records(state, now, time_scale).values(), key=lambda r: r["seq"]):
        if record["cluster"] != cluster or namespace not in (None, record["namespace"]):
            continue
        ready = model.ready_replicas(record, now, time_scale)
        workers = catalog.schedulable_workers(record["cluster"])
        for index, pod in enumerate(render.pods(record, ready, model.target_replicas(record))):
            if record["failure"] and pod["status"] == "Pending":
                pod["status"] = "Failed"  # the rollout gave up on it (e.g. an image pull error)
            slot = f"{record['cluster']}/{record['namespace']}/{pod['name']}"
            node = workers[index % len(workers)]["name"]
            extra = {"_key": slot, "_workload": record, "_node": node}
            replacement = replaced.get(slot)
            if replacement is None:
                found.append({**pod, **extra})
                continue
            elapsed = (now - replacement["at"]) * time_scale
            grace = 0.0 if replacement["force"] else GRACE_SECONDS
            if elapsed < grace:
                old_name = replacement.get("old_name", pod["name"])
                found.append({**pod, "name": old_name, "status": "Terminating", **extra})
                if record["type"] == "StatefulSet":
                    continue  # its successor waits for the name to be free
            name = _replacement_name(pod["name"], record["type"], replacement["generation"])
            starting = elapsed < (grace if record["type"] == "StatefulSet" else 0.0) + (
                catalog.POD_READY_SECONDS
            )
            found.append(
                {
                    **pod,
                    "name": name,
                    "creation_time": iso8601(replacement["at"]),
                    "restart_count": "0",
                    "status": "Pending" if starting else pod["status"],
                    **extra,
                }
            )
    return found


def replace_pod(state: dict[str, Any], pod: dict[str, Any], force: bool, now: float) -> None:
    """The controller replaces a deleted pod; ``force`` skips the grace period."""
    replaced = state.setdefault(POD_REPLACEMENTS_KEY, {})
    previous = replaced.get(pod["_key"])
    if previous is not None and pod["status"] == "Terminating":
        previous["force"] = previous["force"] or force  # already going: force only shortens it
        return
    generation = (previous or {}).get("generation", 0) + 1
    replaced[pod["_key"]] = {
        "generation": generation,
        "at": now,
        "force": force,
        "old_name": pod["name"],
    }


def public_pod(pod: dict[str, Any]) -> dict[str, Any]:
    """A pod list item as the API shows it."""
    return {key: value for key, value in pod.items() if not key.startswith("_")}

"""Services (ECNS API reference, 1.19 服务): list, node ports, create, update, delete.

A service is the API reference's service Type: one access mode (ClusterIP, NodePort,
LoadBalancer or ExternalName) in front of one workload. A LoadBalancer service owns
an exclusive Octavia load balancer, built from the 1.23 look-ups (flavor, zone,
subnet) and counted against the license quota; Octavia fixes its flavor, zone,
topology and subnet when it builds it.
"""

from __future__ import annotations

import copy
from typing import Any

from flask import Response, jsonify, request

from kaas_emulator.core import operations
from kaas_emulator.core.errors import ApiError
from kaas_emulator.core.runtime import now, provider_state, take_async_error, time_scale
from kaas_emulator.core.validation import json_object_body
from kaas_emulator.providers.ecns import catalog_net, checks, checks_net, model_net
from kaas_emulator.providers.ecns.errors import bad_request
from kaas_emulator.providers.ecns.web import API, Scope, blueprint, scope

SERVICE = f"{API}/service"
#: Parts of a LoadBalancer that Octavia fixes when it builds it: (label, getter).
FIXED_LB_PARTS = (
    (
        "external.loadbalancer.vip_subnet_id",
        lambda m: m["external"]["loadbalancer"]["vip_subnet_id"],
    ),
    ("compute_zone", lambda m: checks_net.zone_data(m).get("compute_zone")),
    ("cpu_arch", lambda m: checks_net.zone_data(m).get("cpu_arch")),
    ("compute_flavor", lambda m: checks_net.flavor_data(m).get("compute_flavor")),
    ("loadbalancer_topology", lambda m: checks_net.flavor_data(m).get("loadbalancer_topology")),
    ("replicas", lambda m: checks_net.flavor_data(m).get("replicas")),
    ("amp_volume_type", lambda m: checks_net.flavor_data(m).get("amp_volume_type")),
)


def _body(name: str | None) -> dict[str, Any]:
    body = json_object_body()
    problems: checks.Problems = []
    if name is not None:
        checks.name(problems, "service_name", name)
    block = checks_net.service(problems, body.get("service"))
    if problems:
        raise bad_request(problems)
    return block


def _check_workload(state: dict[str, Any], where: Scope, block: dict[str, Any]) -> None:
    workloads = model_net.workload_records(state, now(), time_scale())
    kind, target = block["workload_type"], block["target_workload"]
    if where.key(kind, target) not in workloads:
        raise bad_request(
            f'service.target_workload: no {kind} "{target}" in namespace "{where.namespace}"'
        )


def _check_node_ports(taken: set[int], mode: dict[str, Any]) -> None:
    for index, port in enumerate(mode.get("access") or []):
        if port.get("node_port") in taken:
            raise ApiError(
                409,
                f"service.access_mode.access[{index}].node_port: {port['node_port']} is "
                "already allocated in this cluster",
            )


def _check_load_balancer(where: Scope, mode: dict[str, Any], services: dict[str, Any]) -> None:
    """What a new Octavia load balancer needs: Octavia, the look-ups' values, a license."""
    if not catalog_net.octavia_installed(where.cluster):
        raise ApiError(
            409,
            f"Octavia is not installed in the region of cluster {where.cluster!r}: "
            "no exclusive load balancer can be created",
        )
    problems: checks.Problems = []
    at = "service.access_mode.external"
    subnet_id = mode["external"]["loadbalancer"]["vip_subnet_id"]
    subnet = catalog_net.subnet(subnet_id)
    if subnet is None or subnet["_router_external"] or not subnet["_connect_router"]:
        problems.append(
            f"{at}.loadbalancer.vip_subnet_id: {subnet_id!r} is not a subnet of the project "
            "connected to a router"
        )
    zone_name = checks_net.zone_data(mode).get("compute_zone")
    zone = catalog_net.zone(zone_name) if zone_name else None
    if zone_name and (zone is None or not zone["state"]["available"]):
        problems.append(
            f"{at}.availability_zone_profile.availability_zone_data.compute_zone: "
            f"{zone_name!r} is not an available zone"
        )
    data = checks_net.flavor_data(mode)
    flavor_id = data.get("compute_flavor")
    flavor = catalog_net.flavor(flavor_id) if flavor_id else None
    if flavor_id and (flavor is None or flavor["is_disabled"]):
        problems.append(
            f"{at}.flavor_profile.flavor_data.compute_flavor: {flavor_id!r} is not an enabled "
            "flavor id"
        )
    replicas = data.get("replicas")
    if isinstance(replicas, int) and replicas > catalog_net.REPLICAS_LIMIT:
        problems.append(
            f"{at}.flavor_profile.flavor_data.replicas: {replicas} is above the limit of "
            f"{catalog_net.REPLICAS_LIMIT}"
        )
    if problems:
        raise bad_request(problems)
    usage = model_net.license_usage(services)
    if usage["available"] < 1:
        raise ApiError(
            409,
            f"license quota of {usage['resource']} exhausted ({usage['delta']} of "
            f"{usage['hard_limit']} used)",
        )


def _workload_service_names(state: dict[str, Any], where: Scope) -> set[str]:
    workloads = model_net.workload_records(state, now(), time_scale())
    return {s["access_mode"]["name"] for s in model_net.workload_services(workloads, where)}


def _owned_by_workload(name: str, where: Scope) -> ApiError:
    return ApiError(
        409,
        f'service "{name}" is an access mode of a workload in namespace "{where.namespace}": '
        "change it through the workload's access modes",
    )


@blueprint.get(f"{SERVICE}/", strict_slashes=False)
def list_services(product_type: str) -> Response:
    """The namespace's services (its own, then the workloads' access modes), by ``app_selector``."""
    selector = request.args.get("app_selector")
    with provider_state() as state:
        where = scope(state, product_type)
        records = model_net.in_scope(model_net.services(state, now(), time_scale()), where)
        views = [model_net.service_view(r) for r in records]
        workloads = model_net.workload_records(state, now(), time_scale())
        views += model_net.workload_services(workloads, where)
    return jsonify(
        {"services": [v for v in views if model_net.matches_selector(v["labels"], selector)]}
    )


@blueprint.get(f"{SERVICE}/nodeports/", strict_slashes=False)
def node_ports(product_type: str) -> Response:
    """Node ports already allocated in the session's cluster (a new service must avoid them)."""
    with provider_state() as state:
        where = scope(state, product_type)
        taken = model_net.used_node_ports(
            model_net.services(state, now(), time_scale()),
            model_net.workload_records(state, now(), time_scale()),
            where.cluster,
        )
    return jsonify({"nodeports": sorted(taken)})


@blueprint.post(f"{SERVICE}/<name>/", strict_slashes=False)
def create_service(product_type: str, name: str) -> Response:
    """Create a service; a LoadBalancer one starts an Octavia build."""
    block = _body(name)
    with provider_state() as state:
        where = scope(state, product_type)
        services = model_net.services(state, now(), time_scale())
        key = model_net.net_key(where, name)
        if key in services or name in _workload_service_names(state, where):
            raise ApiError(409, f'service "{name}" already exists in namespace "{where.namespace}"')
        _check_workload(state, where, block)
        mode = block["access_mode"]
        taken = model_net.used_node_ports(
            services, model_net.workload_records(state, now(), time_scale()), where.cluster
        )
        _check_node_ports(taken, mode)
        if mode["type"] == "LoadBalancer":
            _check_load_balancer(where, mode, services)
        sequence = model_net.next_sequence(state)
        record: dict[str, Any] = {
            "name": name,
            "cluster": where.cluster,
            "namespace": where.namespace,
            "seq": sequence,
            "created_at": now(),
            "spec": {
                "target_workload": block["target_workload"],
                "workload_type": block["workload_type"],
                "labels": copy.deepcopy(block.get("labels") or {}),
                "access_mode": model_net.assign_service_mode(
                    name, where.cluster, mode, taken, sequence
                ),
            },
        }
        if mode["type"] == "LoadBalancer":
            model_net.begin_lb_build(record, now(), creating=True, error=take_async_error())
        services[key] = record
        return jsonify({"service": model_net.service_view(record)})


def _keep_allocations(old: dict[str, Any], new: dict[str, Any]) -> None:
    """An update keeps the cluster IP and the node ports of the ports it keeps (Kubernetes)."""
    if new["type"] != "ExternalName" and old.get("cluster_ip"):
        wanted = new.get("cluster_ip")
        if wanted not in (None, old["cluster_ip"]):
            raise bad_request(
                f"service.access_mode.cluster_ip: {wanted!r} differs from {old['cluster_ip']!r}; "
                "a cluster IP cannot change"
            )
        new["cluster_ip"] = old["cluster_ip"]
    kept = {
        (p.get("port"), p.get("protocol") or "TCP"): p.get("node_port")
        for p in old.get("access") or []
    }
    if new["type"] in ("NodePort", "LoadBalancer"):
        for port in new.get("access") or []:
            if port.get("node_port") is None:
                port["node_port"] = kept.get((port.get("port"), port.get("protocol") or "TCP"))


def _check_fixed_lb_parts(old: dict[str, Any], new: dict[str, Any]) -> None:
    changed = [label for label, get in FIXED_LB_PARTS if get(old) != get(new)]
    if changed:
        raise ApiError(
            409,
            f"{', '.join(changed)} of the load balancer cannot change once Octavia built it; "
            "delete the service and create it again",
        )


@blueprint.put(f"{SERVICE}/<name>/", strict_slashes=False)
def update_service(product_type: str, name: str) -> Response:
    """Replace a service's definition; Octavia reconfigures its load balancer."""
    block = _body(name)
    with provider_state() as state:
        where = scope(state, product_type)
        services = model_net.services(state, now(), time_scale())
        record = services.get(model_net.net_key(where, name))
        if record is None:
            if name in _workload_service_names(state, where):
                raise _owned_by_workload(name, where)
            raise ApiError(404, f'service "{name}" not found in namespace "{where.namespace}"')
        if operations.current(record) is not None:
            raise ApiError(409, f'the load balancer of service "{name}" is still being built')
        _check_workload(state, where, block)
        old, mode = record["spec"]["access_mode"], copy.deepcopy(block["access_mode"])
        _keep_allocations(old, mode)
        others = {k: r for k, r in services.items() if r is not record}
        taken = model_net.used_node_ports(
            others, model_net.workload_records(state, now(), time_scale()), where.cluster
        )
        _check_node_ports(taken, mode)
        was_lb, is_lb = old["type"] == "LoadBalancer", mode["type"] == "LoadBalancer"
        if was_lb and is_lb:
            _check_fixed_lb_parts(old, mode)
        elif is_lb:
            _check_load_balancer(where, mode, others)
        stored = model_net.assign_service_mode(name, where.cluster, mode, taken, record["seq"])
        lb_changed = is_lb and (
            not was_lb
            or stored["external"] != old["external"]
            or stored.get("access") != old.get("access")
        )
        record["spec"].update(
            target_workload=block["target_workload"],
            workload_type=block["workload_type"],
            labels=copy.deepcopy(block.get("labels") or {}),
            access_mode=stored,
        )
        record["updated_at"] = now()
        if lb_changed:
            record.pop("_lb_error", None)
            model_net.begin_lb_build(record, now(), creating=not was_lb, error=take_async_error())
        return jsonify({"service": model_net.service_view(record)})


@blueprint.delete(f"{SERVICE}/", strict_slashes=False)
def delete_services(product_type: str) -> Response:
    """Delete services by name (``{"service": [names]}``); all or none."""
    body = json_object_body()
    problems: checks.Problems = []
    names = checks.items(problems, "service", body.get("service"), str)
    if not names and not problems:
        problems.append("service: at least one service name is required")
    if problems:
        raise bad_request(problems)
    with provider_state() as state:
        where = scope(state, product_type)
        services = model_net.services(state, now(), time_scale())
        owned = _workload_service_names(state, where)
        for name in names:
            if name in owned:
                raise _owned_by_workload(name, where)
            if model_net.net_key(where, name) not in services:
                raise ApiError(404, f'service "{name}" not found in namespace "{where.namespace}"')
        for name in names:
            del services[model_net.net_key(where, name)]
    return jsonify({"service": names})

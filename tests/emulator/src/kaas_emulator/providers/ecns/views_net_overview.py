"""Overview (ECNS API reference, 1.14 概览): pods, PVCs and OpenStack instances of one
cluster, by status.

Each endpoint takes ``apiserver_host`` (else the session's cluster) and covers every
namespace of the cluster, as a dashboard does.
"""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify, request

from kaas_emulator.core import operations
from kaas_emulator.core.runtime import now, provider_state, time_scale
from kaas_emulator.providers.ecns import model_net
from kaas_emulator.providers.ecns.web import API, blueprint, check_product, cluster_by_addr

OVERVIEW = f"{API}/overview"
#: instance_status ``status`` values, in the API reference's order.
INSTANCE_STATES = ("Active", "Shutoff", "Error", "Other")


def _cluster(product_type: str, state: dict[str, Any]) -> str:
    check_product(product_type)
    return cluster_by_addr(request.args.get("apiserver_host"), state)


@blueprint.get(f"{OVERVIEW}/pods_status/", strict_slashes=False)
def pods_status(product_type: str) -> Response:
    """概览容器组: the cluster's pods as running / failed / other, each one pod_overview."""
    with provider_state() as state:
        cluster = _cluster(product_type, state)
        listed = model_net.pods(state, cluster, None, now(), time_scale())
    groups: dict[str, list[dict[str, Any]]] = {"running": [], "failed": [], "other": []}
    for pod in listed:
        group = {"Running": "running", "Failed": "failed"}.get(pod["status"], "other")
        groups[group].append(model_net.public_pod(pod))
    return jsonify({key: [{"count": len(pods), "pods": pods}] for key, pods in groups.items()})


def _mounted_pvcs(state: dict[str, Any], cluster: str) -> list[dict[str, Any]]:
    """PVCs the cluster's workloads mount (ECNS's pvc Type, the parts a workload shows)."""
    found: dict[tuple[str, str], dict[str, Any]] = {}
    workloads = model_net.workload_records(state, now(), time_scale())
    for record in sorted(workloads.values(), key=lambda r: r["seq"]):
        if record["cluster"] != cluster:
            continue
        for volume in record["spec"].get("volumes") or []:
            if volume.get("type") != "PVC" or not isinstance(volume.get("pvc"), dict | str):
                continue
            pvc = volume["pvc"]
            name = pvc if isinstance(pvc, str) else pvc.get("name") or pvc.get("pvc_name")
            entry = found.setdefault(
                (record["namespace"], str(name)),
                {"name": name, "cluster": cluster, "status": "Bound", "attached_workloads": []},
            )
            entry["attached_workloads"].append({"name": record["name"], "type": record["type"]})
    return list(found.values())


@blueprint.get(f"{OVERVIEW}/pvc_status/", strict_slashes=False)
def pvc_status(product_type: str) -> Response:
    """概览持久卷声明: available / mounted / creating / error, each a pvc_overview."""
    with provider_state() as state:
        cluster = _cluster(product_type, state)
        listed = _mounted_pvcs(state, cluster)
    groups: dict[str, list[dict[str, Any]]] = {
        "available": [],
        "mounted": [],
        "creating": [],
        "error": [],
    }
    for pvc in listed:
        if pvc["status"] == "Pending":
            groups["creating"].append(pvc)
        elif pvc["status"] == "Lost":
            groups["error"].append(pvc)
        else:
            groups["mounted" if pvc["attached_workloads"] else "available"].append(pvc)
    return jsonify({key: {"count": len(pvcs), "pvcs": pvcs} for key, pvcs in groups.items()})


def _instances(kind: str, named: list[tuple[str, str]]) -> list[dict[str, Any]]:
    """One instance_status per status, in the API reference's order."""
    return [
        {
            "type": kind,
            "status": status,
            "count": sum(1 for _, s in named if s == status),
            "names": [n for n, s in named if s == status],
        }
        for status in INSTANCE_STATES
    ]


def _lb_state(record: dict[str, Any]) -> str:
    if operations.current(record) is not None:
        return "Other"
    return "Error" if record.get("_lb_error") else "Active"


@blueprint.get(f"{OVERVIEW}/openstack_status/", strict_slashes=False)
def openstack_status(product_type: str) -> Response:
    """概览虚拟机/负载均衡: the cluster's servers and load balancers by status."""
    with provider_state() as state:
        cluster = _cluster(product_type, state)
        services = model_net.services(state, now(), time_scale())
        balancers = [
            (
                r["spec"]["access_mode"]["external"]["loadbalancer"]["name"],
                _lb_state(r),
            )
            for r in model_net.load_balancers(services)
            if r["cluster"] == cluster
        ]
    return jsonify(
        {"servers": _instances("server", []), "loadbalances": _instances("loadbalance", balancers)}
    )

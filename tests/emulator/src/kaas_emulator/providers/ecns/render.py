"""JSON views of workloads in the shapes of the ECNS API reference, 1.21 负载.

``workload`` is the API reference's workload Type: what was created plus the read-only
``Pods_status`` and ``workload_status`` the back end fills. Server-assigned parts of
access modes (service name, cluster IP, node ports, addresses) are stored at write
time so they stay stable between reads.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from kaas_emulator.core.clock import iso8601
from kaas_emulator.providers.ecns import catalog, model


def _image_ref(container: dict[str, Any]) -> str:
    image = container.get("image") or {}
    return f"{image.get('image')}:{image.get('image_version')}"


def images(spec: dict[str, Any]) -> list[str]:
    """``image:version`` of every container, init containers first as Kubernetes runs them."""
    ordered = sorted(spec.get("containers") or [], key=lambda c: c.get("type") != "init")
    return [_image_ref(c) for c in ordered]


def base(record: dict[str, Any]) -> dict[str, Any]:
    """``workload_base``: name, type and replicas (no replicas for a DaemonSet)."""
    view: dict[str, Any] = {"name": record["name"], "type": record["type"]}
    if record["type"] != "DaemonSet":
        view["replicas"] = record["spec"]["workload_base"].get("replicas")
    return view


def _node_ips(record: dict[str, Any], masters: bool) -> list[str]:
    nodes = catalog.CLUSTERS[record["cluster"]]["nodes"]
    return [
        a["address"]
        for n in nodes
        if n["_master"] == masters or not masters
        for a in n["addresses"]
        if a["type"] == ("ExternalIP" if masters else "InternalIP")
    ]


def assign_access(
    record: dict[str, Any], modes: list[dict[str, Any]], sequence: int
) -> list[dict[str, Any]]:
    """Access modes as stored: the request plus the service each one became."""
    assigned = []
    for index, requested in enumerate(modes):
        mode = copy.deepcopy(requested)
        kind = mode["type"]
        mode["name"] = f"{record['name']}-{kind.lower()}" + (f"-{index}" if index else "")
        if kind != "ExternalName":
            mode.setdefault("cluster_ip", f"10.96.{sequence % 250}.{10 + index}")
        for a_index, port in enumerate(mode.get("access") or []):
            port.setdefault("protocol", "TCP")
            port.setdefault("target_port", port.get("port"))
            if kind in ("NodePort", "LoadBalancer") and port.get("node_port") is None:
                port["node_port"] = 30000 + (sequence * 10 + index * 3 + a_index) % 2768
        if kind == "NodePort":
            mode["public_ips"] = _node_ips(record, masters=True)
            mode["private_ips"] = _node_ips(record, masters=False)
        elif kind == "LoadBalancer":
            mode["public_ips"] = [f"172.24.1.{10 + sequence % 240}"]
        mode.setdefault("annotations", {})
        mode.setdefault("external", None)
        mode.setdefault("subnet", None)
        assigned.append(mode)
    return assigned


def containers(record: dict[str, Any], ready: int) -> list[dict[str, Any]]:
    """The containers with the back end's ``container_statuses``."""
    state = "Running" if ready > 0 else "Terminated" if record["stopped"] else "Waiting"
    return [
        {**copy.deepcopy(c), "container_statuses": state}
        for c in record["spec"].get("containers") or []
    ]


def pods(record: dict[str, Any], ready: int, target: int) -> list[dict[str, Any]]:
    """``Pods_status``: one entry per pod of the target count, the first ``ready`` Running."""
    workers = catalog.schedulable_workers(record["cluster"])
    found = []
    for index in range(target):
        if record["type"] == "StatefulSet":
            pod_name = f"{record['name']}-{index}"
        else:
            pod_name = f"{record['name']}-{model.pod_hash(record)}-{index:05d}"
        node = workers[index % len(workers)]
        host_ip = next(a["address"] for a in node["addresses"] if a["type"] == "InternalIP")
        found.append(
            {
                "name": pod_name,
                "creation_time": iso8601(record["created_at"]),
                "pod_ip": f"10.244.{index % 250}.{10 + record['current_revision'] % 240}",
                "host_ip": host_ip,
                "images": images(record["spec"]),
                "labels": {"app": record["name"], **(record["spec"].get("labels") or {})},
                "restart_count": str(record["restarts"]),
                "status": "Running" if index < ready else "Pending",
            }
        )
    return found


def workload(record: dict[str, Any], now: float, time_scale: float) -> dict[str, Any]:
    """The API reference's workload Type, with its status parts filled."""
    ready = model.ready_replicas(record, now, time_scale)
    target = model.target_replicas(record)
    view = {
        k: copy.deepcopy(v)
        for k, v in record["spec"].items()
        if k not in ("workload_base", "containers")
    }
    view["workload_base"] = base(record)
    view["containers"] = containers(record, ready)
    view["Pods_status"] = pods(record, ready, target)
    view["workload_status"] = {
        "workload_base": base(record),
        "owner": record["spec"].get("application_name") or "",
        "status": model.status(record, now, time_scale),
        "images": images(record["spec"]),
        "access_mode": copy.deepcopy(record["spec"].get("access_mode") or []),
        "ready_replicas": ready,
        "available_replicas": ready,
        "unavailable_replicas": max(0, target - ready),
        "creation_time": iso8601(record["created_at"]),
        "current_revision": record["current_revision"],
    }
    return view


def revision(entry: dict[str, Any]) -> dict[str, Any]:
    """A revision: its number, the image blocks of its containers, its time."""
    return {
        "version": entry["version"],
        "image": [copy.deepcopy(c.get("image")) for c in entry["template"].get("containers") or []],
        "creation_time": iso8601(entry["created_at"]),
    }


def conditions(record: dict[str, Any], now: float, time_scale: float) -> list[dict[str, Any]]:
    """Kubernetes-style Available / Progressing conditions."""
    current = model.status(record, now, time_scale)
    ready = model.ready_replicas(record, now, time_scale)
    target = model.target_replicas(record)
    stamp = iso8601(now)
    available = {
        "type": "Available",
        "status": "True" if ready >= min(1, target) and current != "Failed" else "False",
        "reason": "MinimumReplicasAvailable"
        if ready >= min(1, target)
        else "MinimumReplicasUnavailable",
        "message": f"{ready} of {target} pods are ready",
        "update_time": stamp,
    }
    progressing = {
        "type": "Progressing",
        "status": "False" if current == "Failed" else "True",
        "reason": "ProgressDeadlineExceeded" if current == "Failed" else "NewReplicaSetAvailable",
        "message": record["failure"]
        or f"revision {record['current_revision']} is {current.lower()}",
        "update_time": stamp,
    }
    return [available, progressing]


def manifest(record: dict[str, Any], entry: dict[str, Any]) -> str:
    """A revision as a Kubernetes manifest. JSON is valid YAML, so it is served as is."""
    tmpl = entry["template"]
    pod_spec = {
        "containers": [
            _k8s_container(c) for c in tmpl.get("containers") or [] if c.get("type") != "init"
        ],
        "initContainers": [
            _k8s_container(c) for c in tmpl.get("containers") or [] if c.get("type") == "init"
        ],
        "volumes": [{"name": v.get("name")} for v in tmpl.get("volumes") or []],
    }
    document = {
        "apiVersion": "apps/v1",
        "kind": record["type"],
        "metadata": {
            "name": record["name"],
            "namespace": record["namespace"],
            "annotations": {"deployment.kubernetes.io/revision": str(entry["version"])},
        },
        "spec": {"template": {"spec": pod_spec}},
    }
    return json.dumps(document, indent=2) + "\n"


def _k8s_container(container: dict[str, Any]) -> dict[str, Any]:
    image = container.get("image") or {}
    return {
        "name": container.get("name"),
        "image": _image_ref(container),
        "imagePullPolicy": image.get("image_pull_policy") or "IfNotPresent",
    }

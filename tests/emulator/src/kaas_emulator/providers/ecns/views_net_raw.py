"""Raw YAML: ``/_raw/<kind>/name/<name>/``.

ECNS API reference, 1.16 容器组 (pods): 查看yaml / 编辑yaml / 上传yaml创建资源 (view, edit and
create from YAML).

The API reference leaves the answer of a GET "to be completed" and gives no request body for
edit and create; the emulator's choices (see docs/providers/ecns-net.md):

* GET answers one ``yaml_item`` (``name``, ``kind``, ``yaml``);
* PUT and POST take ``{"yaml": "<manifest>"}`` and answer ``{"succeed": [...],
  "failed": [...]}`` with one ``yaml_item`` per document, a refused one in ``failed``
  with its ``reason``;
* the manifest is JSON-style YAML (JSON is YAML), the form the GET serves: the
  emulator depends on Flask only, and has no YAML parser.

Services, ingresses, pods and workloads are served from their records; an edit of a
service, ingress or workload changes its labels and annotations. Other kinds live in
a raw store of their own (key ``net_raw``), separate from the structured endpoints.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

from flask import Response, jsonify, request

from kaas_emulator.core.errors import ApiError
from kaas_emulator.core.runtime import now, provider_state, time_scale
from kaas_emulator.core.validation import json_object_body
from kaas_emulator.providers.ecns import checks, model, model_net, render
from kaas_emulator.providers.ecns.errors import bad_request
from kaas_emulator.providers.ecns.web import API, Scope, blueprint, cluster_by_addr, scope

RAW = f"{API}/_raw/<kind>/name/<name>"
RAW_KEY = "net_raw"
KINDS = (
    "Pod",
    "Service",
    "ConfigMap",
    "Ingress",
    "DaemonSet",
    "Deployment",
    "StatefulSet",
    "CronJob",
    "Job",
    "ReplicaSet",
    "PersistentVolumeClaim",
    "PersistentVolume",
    "StorageClass",
    "Secret",
)
#: Kinds without a namespace: the ``cluster_addr`` parameter picks their cluster.
CLUSTER_SCOPED = ("PersistentVolume", "StorageClass")
WORKLOAD_KINDS = ("Deployment", "StatefulSet", "DaemonSet")
#: Kinds this emulator keeps as records (served from them, never from the raw store).
RECORD_KINDS = ("Pod", "Service", "Ingress", *WORKLOAD_KINDS)


def _document(kind: str, name: str, namespace: str, **parts: Any) -> str:
    api_version = {"Ingress": "networking.k8s.io/v1", **dict.fromkeys(WORKLOAD_KINDS, "apps/v1")}
    metadata = {"name": name, "namespace": namespace, **parts.pop("metadata", {})}
    body = {"apiVersion": api_version.get(kind, "v1"), "kind": kind, "metadata": metadata, **parts}
    return json.dumps(body, indent=2) + "\n"


def _service_yaml(view: dict[str, Any], namespace: str) -> str:
    mode = view["access_mode"]
    spec: dict[str, Any] = {"type": mode["type"], "selector": {"app": view["target_workload"]}}
    if mode["type"] == "ExternalName":
        spec["externalName"] = mode.get("external_name")
    else:
        spec["clusterIP"] = mode.get("cluster_ip")
        spec["ports"] = [
            {
                k8s: port.get(ecns)
                for k8s, ecns in (
                    ("port", "port"),
                    ("targetPort", "target_port"),
                    ("nodePort", "node_port"),
                    ("protocol", "protocol"),
                )
                if port.get(ecns) is not None
            }
            for port in mode.get("access") or []
        ]
    metadata = {"labels": view["labels"], "annotations": mode.get("annotations") or {}}
    return _document("Service", mode["name"], namespace, metadata=metadata, spec=spec)


def _ingress_yaml(view: dict[str, Any], namespace: str) -> str:
    rules = [
        {
            "host": r.get("domain") or None,
            "http": {
                "paths": [
                    {
                        "path": r.get("path") or "/",
                        "pathType": "Prefix",
                        "backend": {
                            "service": {
                                "name": r["target_service"],
                                "port": {"number": r["service_port"]},
                            }
                        },
                    }
                ]
            },
        }
        for r in view["routers"]
    ]
    metadata = {"labels": view["labels"], "annotations": view["annotations"]}
    return _document("Ingress", view["name"], namespace, metadata=metadata, spec={"rules": rules})


def _records(state: dict[str, Any], where: Scope, kind: str) -> dict[str, Any]:
    """Name -> record of a record-backed kind in the scope."""
    if kind == "Service":
        services = model_net.services(state, now(), time_scale())
        return {r["name"]: r for r in model_net.in_scope(services, where)}
    if kind == "Ingress":
        return {r["name"]: r for r in model_net.in_scope(model_net.ingresses(state), where)}
    workloads = model_net.workload_records(state, now(), time_scale())
    return {
        r["name"]: r
        for k, r in workloads.items()
        if k.startswith(where.prefix()) and r["type"] == kind
    }


def _record_yaml(state: dict[str, Any], where: Scope, kind: str, name: str) -> str | None:
    if kind == "Pod":
        listed = model_net.pods(state, where.cluster, where.namespace, now(), time_scale())
        pod = next((p for p in listed if p["name"] == name), None)
        if pod is None:
            return None
        spec = {"nodeName": pod["_node"], "containers": [{"image": i} for i in pod["images"]]}
        status = {"phase": pod["status"], "podIP": pod["pod_ip"], "hostIP": pod["host_ip"]}
        metadata = {"labels": pod["labels"]}
        return _document("Pod", name, where.namespace, metadata=metadata, spec=spec, status=status)
    if kind == "Service":
        workloads = model_net.workload_records(state, now(), time_scale())
        views = [model_net.service_view(r) for r in _records(state, where, kind).values()]
        views += model_net.workload_services(workloads, where)
        view = next((v for v in views if v["access_mode"]["name"] == name), None)
        return None if view is None else _service_yaml(view, where.namespace)
    record = _records(state, where, kind).get(name)
    if record is None:
        return None
    if kind == "Ingress":
        return _ingress_yaml(model_net.ingress_view(record), where.namespace)
    current = model.revision(record, record["current_revision"]) or record["revisions"][-1]
    return render.manifest(record, current)


def _raw_key(state: dict[str, Any], where: Scope, kind: str, name: str) -> str:
    if kind in CLUSTER_SCOPED:
        return f"{cluster_by_addr(request.args.get('cluster_addr'), state)}/-/{kind}/{name}"
    return f"{where.cluster}/{where.namespace}/{kind}/{name}"


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise bad_request(f"kind: {kind!r} is not one of {', '.join(KINDS)}")


@blueprint.get(f"{RAW}/", strict_slashes=False)
def get_yaml(product_type: str, kind: str, name: str) -> Response:
    """查看yaml: one resource as a manifest."""
    _check_kind(kind)
    with provider_state() as state:
        where = scope(state, product_type)
        if kind in RECORD_KINDS:
            text = _record_yaml(state, where, kind, name)
        else:
            text = state.setdefault(RAW_KEY, {}).get(_raw_key(state, where, kind, name))
    if text is None:
        raise ApiError(404, f'{kind} "{name}" not found')
    return jsonify({"name": name, "kind": kind, "yaml": text})


def _manifest(kind: str, name: str) -> tuple[dict[str, Any] | None, str]:
    """The body's manifest, or None with the reason it is refused."""
    body = json_object_body()
    text = body.get("yaml")
    if not isinstance(text, str) or not text.strip():
        raise bad_request("yaml: is required, the manifest as a string")
    try:
        manifest = json.loads(text)
    except ValueError:
        raise bad_request(
            "yaml: the emulator reads JSON-style YAML only (the form GET serves)"
        ) from None
    if not isinstance(manifest, dict):
        return None, "the manifest must be one object"
    metadata = manifest.get("metadata") if isinstance(manifest.get("metadata"), dict) else {}
    if manifest.get("kind") != kind:
        return None, f"kind {manifest.get('kind')!r} differs from {kind!r} of the path"
    if metadata.get("name") != name:
        return None, f"metadata.name {metadata.get('name')!r} differs from {name!r} of the path"
    problems: checks.Problems = []
    checks.labels(problems, "metadata.labels", metadata.get("labels"))
    checks.labels(problems, "metadata.annotations", metadata.get("annotations"))
    return (None, "; ".join(problems)) if problems else (manifest, "")


def _outcome(kind: str, name: str, text: str, reason: str) -> Response:
    item = {"name": name, "kind": kind, "yaml": text, "reason": reason}
    return jsonify({"succeed": [] if reason else [item], "failed": [item] if reason else []})


def _edit_labels(record: dict[str, Any], kind: str, metadata: dict[str, Any]) -> None:
    labels = copy.deepcopy(metadata.get("labels") or {})
    annotations = copy.deepcopy(metadata.get("annotations") or {})
    setters: dict[str, Callable[[dict[str, Any]], None]] = {
        "Service": lambda spec: (
            spec.update(labels=labels),
            spec["access_mode"].update(annotations=annotations),
        ),
        "Ingress": lambda spec: spec.update(labels=labels, annotations=annotations),
    }
    setters.get(kind, lambda spec: spec.update(labels=labels))(record["spec"])


@blueprint.put(f"{RAW}/", strict_slashes=False)
def edit_yaml(product_type: str, kind: str, name: str) -> Response:
    """编辑yaml: replace a raw resource; labels/annotations of a record-backed one."""
    _check_kind(kind)
    manifest, reason = _manifest(kind, name)
    text = json.dumps(manifest, indent=2) + "\n" if manifest else ""
    if manifest is None:
        return _outcome(kind, name, text, reason)
    with provider_state() as state:
        where = scope(state, product_type)
        if kind == "Pod":
            return _outcome(kind, name, text, "a pod belongs to its workload: edit the workload")
        if kind in RECORD_KINDS:
            record = _records(state, where, kind).get(name)
            if record is None:
                raise ApiError(404, f'{kind} "{name}" not found')
            _edit_labels(record, kind, manifest["metadata"])
            return _outcome(kind, name, _record_yaml(state, where, kind, name) or "", "")
        store, key = state.setdefault(RAW_KEY, {}), _raw_key(state, where, kind, name)
        if key not in store:
            raise ApiError(404, f'{kind} "{name}" not found')
        store[key] = text
    return _outcome(kind, name, text, "")


@blueprint.post(f"{RAW}/", strict_slashes=False)
def create_yaml(product_type: str, kind: str, name: str) -> Response:
    """上传yaml创建资源: create a raw resource from its manifest."""
    _check_kind(kind)
    manifest, reason = _manifest(kind, name)
    text = json.dumps(manifest, indent=2) + "\n" if manifest else ""
    if manifest is None:
        return _outcome(kind, name, text, reason)
    if kind in RECORD_KINDS:
        return _outcome(
            kind,
            name,
            text,
            f"the emulator creates a {kind} through its own endpoint only, not from YAML",
        )
    with provider_state() as state:
        where = scope(state, product_type)
        store, key = state.setdefault(RAW_KEY, {}), _raw_key(state, where, kind, name)
        if key in store:
            return _outcome(kind, name, text, f'{kind} "{name}" already exists')
        store[key] = text
    return _outcome(kind, name, text, "")

"""Storage management (list classes/claims/volumes, create a class, set or unset the
default class, delete a volume, delete a class, volume types) and PVCs (create, delete).

ECNS API reference, 1.20 存储管理 (storage management) and 1.15 持久卷声明 (PVC).

The cluster of a call is its ``cluster_addr`` (or ``cluster`` name) from the query
string or the body, else the session's; claims live in the session's namespace.
"""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify, request

from kaas_emulator.core.errors import ApiError
from kaas_emulator.core.runtime import now, provider_state, time_scale
from kaas_emulator.core.validation import json_object_body, unknown_fields
from kaas_emulator.providers.ecns import catalog, checks, model_storage, preloaded
from kaas_emulator.providers.ecns.errors import bad_request
from kaas_emulator.providers.ecns.web import API, blueprint, check_product, cluster_by_addr, scope

K8S = f"{API}/kubernetes"
SELECTORS = ("current", "all")
FILTERS = ("all", "available")
DEFAULT_ACTIONS = ("set", "unset")
PVC_KEYS = frozenset(
    {
        "name",
        "domain",
        "project",
        "cluster",
        "cluster_addr",
        "storage_class_name",
        "capacity",
        "access_modes",
        "attached_workloads",
        "status",
        "creation_time",
        "namespace",
    }
)


def _param(body: dict[str, Any], name: str) -> Any:
    """A parameter from the query string, else from the body (the API reference lists both)."""
    return request.args.get(name) or body.get(name) or None


def _cluster(state: dict[str, Any], body: dict[str, Any]) -> str:
    """The call's cluster: ``cluster_addr``, else ``cluster``, else the session's."""
    return cluster_by_addr(_param(body, "cluster_addr") or _param(body, "cluster"), state)


def _class(classes: dict[str, Any], cluster: str, name: str) -> dict[str, Any]:
    record = classes.get(f"{cluster}/{name}")
    if record is None:
        raise ApiError(404, f'StorageClass "{name}" not found in cluster "{cluster}"')
    return record


@blueprint.get(f"{API}/volumes/", strict_slashes=False)
def volume_types(product_type: str) -> Response:
    """The Cinder volume types a storage class can use (a JSON array)."""
    check_product(product_type)
    return jsonify([model_storage.public_volume_type(t) for t in model_storage.VOLUME_TYPES])


@blueprint.get(f"{K8S}/storage/", strict_slashes=False)
def list_storage(product_type: str) -> Response:
    """``type`` (comma-separated StorageClass, PVC, PV), ``cluster_selector``, ``filter``.

    ``current``: the session's cluster, and for claims its namespace; ``all``: every
    cluster. Only the requested types' keys are in the answer.
    """
    kinds = [k for k in (request.args.get("type") or "").split(",") if k]
    selector = request.args.get("cluster_selector")
    wanted = request.args.get("filter") or "all"
    problems: checks.Problems = []
    if not kinds:
        known = ", ".join(model_storage.STORAGE_TYPES)
        problems.append(f"type: is required (one or more of {known})")
    for kind in kinds:
        checks.enum(problems, "type", kind, model_storage.STORAGE_TYPES)
    checks.enum(problems, "cluster_selector", selector, SELECTORS)
    checks.enum(problems, "filter", wanted, FILTERS)
    if problems:
        raise bad_request(problems)
    with provider_state() as state:
        where = scope(state, product_type)
        store = model_storage.storage(state, now())
        clusters = list(preloaded.all_clusters(state)) if selector == "all" else [where.cluster]

        def here(record: dict[str, Any], namespaced: bool = False) -> bool:
            if record["cluster"] not in clusters:
                return False
            return selector == "all" or not namespaced or record["namespace"] == where.namespace

        answer: dict[str, Any] = {}
        if "StorageClass" in kinds:
            answer["storage_class"] = [
                model_storage.class_view(r, state)
                for r in store[model_storage.CLASSES_KEY].values()
                if here(r)
            ]
        if "PVC" in kinds:
            claims = [
                model_storage.claim_view(r, state, now(), time_scale())
                for r in store[model_storage.CLAIMS_KEY].values()
                if here(r, namespaced=True)
            ]
            if wanted == "available":
                claims = [c for c in claims if model_storage.is_available(c)]
            answer["pvc"] = claims
        if "PV" in kinds:
            answer["pv"] = [
                model_storage.volume_view(r, state)
                for r in store[model_storage.VOLUMES_KEY].values()
                if here(r) and model_storage.is_provisioned(r, now(), time_scale())
            ]
    return jsonify(answer)


@blueprint.post(f"{K8S}/sc/<name>/", strict_slashes=False)
def create_class(product_type: str, name: str) -> Response:
    """A storage class of ``volume_type`` (default ``hdd``) in the call's cluster."""
    body = json_object_body(allow_empty=True)
    problems: checks.Problems = []
    checks.name(problems, "storage_name", name)
    type_name = _param(body, "volume_type") or model_storage.DEFAULT_VOLUME_TYPE
    found = model_storage.volume_type(type_name)
    if found is None:
        known = ", ".join(t["name"] for t in model_storage.VOLUME_TYPES)
        problems.append(f"volume_type: {type_name!r} is not a volume type (known: {known})")
    if problems:
        raise bad_request(problems)
    with provider_state() as state:
        scope(state, product_type)
        cluster = _cluster(state, body)
        classes = model_storage.storage(state, now())[model_storage.CLASSES_KEY]
        if f"{cluster}/{name}" in classes:
            raise ApiError(409, f'StorageClass "{name}" already exists in cluster "{cluster}"')
        record = model_storage.new_class(cluster, name, found["name"], now())
        classes[f"{cluster}/{name}"] = record
        return jsonify({"storage_class": model_storage.class_view(record, state)})


@blueprint.put(f"{K8S}/storageclass/<name>/default/", strict_slashes=False)
def set_default(product_type: str, name: str) -> Response:
    """``?action=set`` makes the class its cluster's only default; ``unset`` clears it.

    Asking for the state the class is already in changes nothing (200).
    """
    action = request.args.get("action")
    if action not in DEFAULT_ACTIONS:
        raise bad_request(f"action: {action!r} is not one of {', '.join(DEFAULT_ACTIONS)}")
    body = json_object_body(allow_empty=True)
    with provider_state() as state:
        scope(state, product_type)
        cluster = _cluster(state, body)
        classes = model_storage.storage(state, now())[model_storage.CLASSES_KEY]
        record = _class(classes, cluster, name)
        if action == "set":
            for other in classes.values():
                if other["cluster"] == cluster:
                    other["is_default"] = False
        record["is_default"] = action == "set"
        return jsonify({"storage_class": model_storage.class_view(record, state)})


@blueprint.delete(f"{K8S}/sc/<name>/", strict_slashes=False)
def delete_class(product_type: str, name: str) -> Response:
    """Delete a class; its claims and volumes stay (Kubernetes keeps them too)."""
    body = json_object_body(allow_empty=True)
    with provider_state() as state:
        scope(state, product_type)
        cluster = _cluster(state, body)
        classes = model_storage.storage(state, now())[model_storage.CLASSES_KEY]
        _class(classes, cluster, name)
        del classes[f"{cluster}/{name}"]
    return jsonify({})


@blueprint.delete(f"{K8S}/storage/<name>/", strict_slashes=False)
def delete_volume(product_type: str, name: str) -> Response:
    """``?type=PV`` deletes a volume no claim is bound to; ``?type=PVC`` a claim."""
    kind = request.args.get("type")
    if kind not in ("PV", "PVC"):
        raise bad_request(f"type: {kind!r} is not one of PV, PVC")
    body = json_object_body(allow_empty=True)
    with provider_state() as state:
        where = scope(state, product_type)
        cluster = _cluster(state, body)
        if kind == "PVC":
            _delete_claim(state, cluster, where.namespace, name)
            return jsonify({})
        store = model_storage.storage(state, now())
        volume = store[model_storage.VOLUMES_KEY].get(f"{cluster}/{name}")
        if volume is None or not model_storage.is_provisioned(volume, now(), time_scale()):
            raise ApiError(404, f'PersistentVolume "{name}" not found in cluster "{cluster}"')
        view = model_storage.volume_view(volume, state)
        if view["status"] == "Bound":
            raise ApiError(
                409,
                f'PersistentVolume "{name}" is bound to PVC '
                f'"{view["pvc_namespace"]}/{view["pvc_name"]}"; delete the PVC first',
            )
        del store[model_storage.VOLUMES_KEY][f"{cluster}/{name}"]
    return jsonify({})


def _check_project(body: dict[str, Any]) -> None:
    project = _param(body, "project_id")
    if project is not None and project != catalog.PROJECT_ID:
        raise ApiError(404, f"project {project!r} not found")


@blueprint.post(f"{K8S}/pvc/<name>/", strict_slashes=False)
def create_claim(product_type: str, name: str) -> Response:
    """A claim in the session's namespace, provisioned from its storage class."""
    body = json_object_body()
    _check_project(body)
    problems: checks.Problems = []
    claim = checks.obj(problems, "pvc", body.get("pvc"))
    if body.get("pvc") is None:
        problems.append("pvc: is required")
    checks.name(problems, "pvc_name", name)
    for key in unknown_fields(claim, PVC_KEYS):
        problems.append(f"pvc.{key}: unknown field")
    if claim.get("name") not in (None, name):
        problems.append(f"pvc.name: {claim.get('name')!r} differs from the path's {name!r}")
    checks.text(problems, "pvc.storage_class_name", claim.get("storage_class_name"), True)
    size = claim.get("capacity")
    if not isinstance(size, str) or not model_storage.CAPACITY.match(size):
        problems.append(
            f"pvc.capacity: must be a whole number of Mi, Gi or Ti such as '10Gi', got {size!r}"
        )
    modes = checks.items(problems, "pvc.access_modes", claim.get("access_modes"), str)
    for index, mode in enumerate(modes):
        checks.enum(problems, f"pvc.access_modes[{index}]", mode, model_storage.ACCESS_MODES)
    if problems:
        raise bad_request(problems)
    modes = modes or ["ReadWriteOnce"]
    with provider_state() as state:
        where = scope(state, product_type)
        store = model_storage.storage(state, now())
        key = f"{where.cluster}/{where.namespace}/{name}"
        if key in store[model_storage.CLAIMS_KEY]:
            raise ApiError(
                409,
                f'PersistentVolumeClaim "{name}" already exists in namespace "{where.namespace}"',
            )
        sc_name = claim["storage_class_name"]
        sc = store[model_storage.CLASSES_KEY].get(f"{where.cluster}/{sc_name}")
        if sc is None:
            raise bad_request(
                f'pvc.storage_class_name: no StorageClass "{sc_name}" in cluster "{where.cluster}"'
            )
        supported = model_storage.class_access_modes(sc)
        refused = [m for m in modes if m not in supported]
        if refused:
            raise bad_request(
                f"pvc.access_modes: {', '.join(refused)} not supported by StorageClass "
                f'"{sc_name}" (supports {", ".join(supported)})'
            )
        record = {
            "name": name,
            "cluster": where.cluster,
            "namespace": where.namespace,
            "storage_class_name": sc_name,
            "capacity": model_storage.capacity(size),
            "access_modes": modes,
            "created_at": now(),
        }
        store[model_storage.CLAIMS_KEY][key] = record
        volume = model_storage.volume_name(where.cluster, where.namespace, name, now())
        store[model_storage.VOLUMES_KEY][f"{where.cluster}/{volume}"] = {
            "name": volume,
            "cluster": where.cluster,
            "storage_class_name": sc_name,
            "capacity": record["capacity"],
            "access_modes": list(modes),
            "reclaim_policy": "Delete",
            "pvc": [where.namespace, name],
            "created_at": now(),
            "delay": model_storage.PROVISION_SECONDS,
        }
        return jsonify({"pvc": model_storage.claim_view(record, state, now(), time_scale())})


def _delete_claim(state: dict[str, Any], cluster: str, namespace: str, name: str) -> None:
    """Delete a claim no workload mounts; its ``Delete``-policy volume goes with it."""
    store = model_storage.storage(state, now())
    record = store[model_storage.CLAIMS_KEY].get(f"{cluster}/{namespace}/{name}")
    if record is None:
        raise ApiError(404, f'PersistentVolumeClaim "{name}" not found in namespace "{namespace}"')
    users = model_storage.attached_workloads(state, cluster, namespace, name)
    if users:
        listed = ", ".join(f"{u['type']} {u['name']}" for u in users)
        raise ApiError(409, f'PersistentVolumeClaim "{name}" is mounted by {listed}')
    del store[model_storage.CLAIMS_KEY][f"{cluster}/{namespace}/{name}"]
    volumes = store[model_storage.VOLUMES_KEY]
    bound = [
        k for k, v in volumes.items() if (v["cluster"], v["pvc"]) == (cluster, [namespace, name])
    ]
    for key in bound:
        if volumes[key]["reclaim_policy"] == "Delete":
            del volumes[key]


@blueprint.delete(f"{K8S}/pvc/<name>/", strict_slashes=False)
def delete_claim(product_type: str, name: str) -> Response:
    """Delete a claim of the session's namespace (``project_id`` optional)."""
    body = json_object_body(allow_empty=True)
    _check_project(body)
    with provider_state() as state:
        where = scope(state, product_type)
        _delete_claim(state, where.cluster, where.namespace, name)
    return jsonify({})

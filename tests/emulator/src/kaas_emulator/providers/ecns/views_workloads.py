"""Workload endpoints of the ECNS API reference, 1.21 负载: batch operations on ``/workloads/``."""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify, request

from kaas_emulator.core import operations
from kaas_emulator.core.errors import ApiError
from kaas_emulator.core.runtime import now, provider_state, take_async_error, time_scale
from kaas_emulator.core.validation import json_object_body, query_int, unknown_fields
from kaas_emulator.providers.ecns import catalog, checks, model, render
from kaas_emulator.providers.ecns.errors import bad_request, workload_not_found
from kaas_emulator.providers.ecns.web import API, Scope, blueprint, scope

WORKLOAD_KEYS = frozenset(
    {
        "application_name",
        "application_type",
        "workload_base",
        "security_groups",
        "labels",
        "access_mode",
        "vm_access",
        "vm_network",
        "runtime_class_name",
        "containers",
        "volumes",
        "update_strategy",
        "scale_strategy",
        "scheduler_strategy",
        "network",
        *model.READ_ONLY_KEYS,
    }
)
BATCH_ACTIONS = ("attach", "detach", "start", "stop", "recreate")


def workloads_of(state: dict[str, Any]) -> dict[str, Any]:
    """Every workload record, settled to the current time."""
    found: dict[str, Any] = state.setdefault(model.WORKLOADS_KEY, {})
    model.settle_all(found, now(), time_scale())
    return found


def validate_workload(problems: checks.Problems, where: str, item: Any) -> None:
    """Every documented rule of one ``workloads[]`` item."""
    if not isinstance(item, dict):
        problems.append(f"{where}: must be an object")
        return
    for key in unknown_fields(item, WORKLOAD_KEYS):
        problems.append(f"{where}.{key}: unknown field")
    checks.workload_base(
        problems, f"{where}.workload_base", item.get("workload_base"), with_replicas=True
    )
    checks.enum(
        problems,
        f"{where}.application_type",
        item.get("application_type"),
        checks.APPLICATION_TYPES,
        False,
    )
    checks.text(problems, f"{where}.application_name", item.get("application_name"))
    checks.containers(problems, f"{where}.containers", item.get("containers"))
    checks.volumes(problems, f"{where}.volumes", item.get("volumes"))
    checks.mounts_match_volumes(
        problems, f"{where}.containers", item.get("containers"), item.get("volumes")
    )
    kind = (
        (item.get("workload_base") or {}).get("type")
        if isinstance(item.get("workload_base"), dict)
        else None
    )
    checks.update_strategy(problems, f"{where}.update_strategy", item.get("update_strategy"), kind)
    checks.scale_strategy(problems, f"{where}.scale_strategy", item.get("scale_strategy"))
    checks.scheduler_strategy(
        problems, f"{where}.scheduler_strategy", item.get("scheduler_strategy")
    )
    checks.network(problems, f"{where}.network", item.get("network"))
    checks.labels(problems, f"{where}.labels", item.get("labels"))
    checks.access_modes(problems, f"{where}.access_mode", item.get("access_mode"))
    checks.items(problems, f"{where}.security_groups", item.get("security_groups"), str)


def bases(body: dict[str, Any], key: str = "workloads_base") -> list[dict[str, Any]]:
    """The ``workloads_base`` list of a batch request (name and type, no replicas)."""
    problems: checks.Problems = []
    listed = checks.items(problems, key, body.get(key))
    if body.get(key) is None or (not listed and not problems):
        problems.append(f"{key}: at least one workload is required")
    for index, item in enumerate(listed):
        checks.workload_base(problems, f"{key}[{index}]", item, with_replicas=False)
    if problems:
        raise bad_request(problems)
    return listed


def lookup(workloads: dict[str, Any], where: Scope, kind: str, name: str) -> dict[str, Any]:
    """The workload record, or ECNS's 404."""
    record = workloads.get(where.key(kind, name))
    if record is None:
        raise workload_not_found(kind, name, where.namespace)
    return record


def require_idle(record: dict[str, Any]) -> None:
    """A workload being removed accepts no change (409)."""
    if model.is_removing(record):
        raise ApiError(409, f'{record["type"]} "{record["name"]}" is being deleted')


@blueprint.post(f"{API}/workloads/", strict_slashes=False)
def create_workloads(product_type: str) -> Response:
    """Create (add) a batch of workloads; all or none."""
    body = json_object_body()
    problems: checks.Problems = []
    listed = checks.items(problems, "workloads", body.get("workloads"))
    if body.get("workloads") is None or (not listed and not problems):
        problems.append("workloads: at least one workload is required")
    for index, item in enumerate(listed):
        validate_workload(problems, f"workloads[{index}]", item)
    if problems:
        raise bad_request(problems)
    error = take_async_error()
    with provider_state() as state:
        where = scope(state, product_type)
        workloads = workloads_of(state)
        keys = [where.key(i["workload_base"]["type"], i["workload_base"]["name"]) for i in listed]
        for index, key in enumerate(keys):
            if key in workloads or keys.index(key) != index:
                base = listed[index]["workload_base"]
                raise ApiError(
                    409,
                    f'{base["type"]} "{base["name"]}" already exists in namespace '
                    f'"{where.namespace}"',
                )
        created = []
        for key, item in zip(keys, listed, strict=True):
            record = model.new_record(item, product_type, where.cluster, where.namespace, now())
            state["sequence"] = state.get("sequence", 0) + 1
            record["seq"] = state["sequence"]
            record["spec"]["access_mode"] = render.assign_access(
                record, item.get("access_mode") or [], state["sequence"]
            )
            model.event(
                record, now(), "ScalingReplicaSet", f"created {record['type']} {record['name']}"
            )
            model.start_rollout(record, now(), time_scale(), replace_pods=True, error=error)
            workloads[key] = record
            created.append(render.workload(record, now(), time_scale()))
    return jsonify({"workloads": created})


@blueprint.get(f"{API}/workloads/", strict_slashes=False)
def list_workloads(product_type: str) -> Response:
    """The namespace's workloads, ``page``/``page_size`` paged, optionally of one type."""
    page = query_int("page", 1)
    size = query_int("page_size", catalog.DEFAULT_PAGE_SIZE, maximum=catalog.MAX_PAGE_SIZE)
    kind = request.args.get("workload_type") or None
    if kind is not None and kind not in checks.WORKLOAD_TYPES:
        raise bad_request(
            f"workload_type: {kind!r} is not one of {', '.join(checks.WORKLOAD_TYPES)}"
        )
    with provider_state() as state:
        where = scope(state, product_type)
        records = [
            r
            for key, r in workloads_of(state).items()
            if key.startswith(where.prefix()) and (kind is None or r["type"] == kind)
        ]
        records.sort(key=lambda r: r["seq"])  # creation order, stable across pages
        chunk = records[(page - 1) * size : page * size]
        views = [render.workload(r, now(), time_scale()) for r in chunk]
    return jsonify({"workloads": views, "count": len(records), "page": page, "page_size": size})


@blueprint.put(f"{API}/workloads/", strict_slashes=False)
def batch_action(product_type: str) -> Response:
    """``?action=attach|detach|start|stop|recreate`` on several workloads at once."""
    action = request.args.get("action")
    if action not in BATCH_ACTIONS:
        raise bad_request(f"action: {action!r} is not one of {', '.join(BATCH_ACTIONS)}")
    body = json_object_body()
    listed = bases(body)
    application = body.get("application_name")
    if action in ("attach", "detach") and (not isinstance(application, str) or not application):
        raise bad_request("application_name: is required")
    with provider_state() as state:
        where = scope(state, product_type)
        workloads = workloads_of(state)
        records = [lookup(workloads, where, b["type"], b["name"]) for b in listed]
        for record in records:
            require_idle(record)
            if action == "detach" and record["spec"].get("application_name") != application:
                raise ApiError(
                    409,
                    f'{record["type"]} "{record["name"]}" does not belong to application '
                    f'"{application}"',
                )
        for record in records:
            apply_action(record, action, application)
        views = [render.workload(r, now(), time_scale()) for r in records]
    return jsonify({"workloads": views})


def apply_action(record: dict[str, Any], action: str, application: str | None = None) -> None:
    """One start / stop / recreate / attach / detach on a record."""
    stamp = now()
    if action == "attach":
        record["spec"]["application_name"] = application
        model.event(record, stamp, "Attached", f"attached to application {application}")
    elif action == "detach":
        record["spec"]["application_name"] = None
        model.event(record, stamp, "Detached", f"detached from application {application}")
    elif action == "stop":
        record["stopped"] = True
        model.event(record, stamp, "Stopped", "scaled to 0 pods")
        model.start_rollout(record, stamp, time_scale(), replace_pods=False)
    elif action == "start":
        record["stopped"] = False
        model.event(record, stamp, "Started", f"scaled to {model.target_replicas(record)} pods")
        model.start_rollout(
            record, stamp, time_scale(), replace_pods=False, error=take_async_error()
        )
    else:  # recreate: every pod replaced, no new revision (the template is unchanged)
        record["restarts"] += 1
        model.event(record, stamp, "Redeployed", "every pod is being recreated")
        model.start_rollout(
            record, stamp, time_scale(), replace_pods=True, error=take_async_error()
        )


@blueprint.delete(f"{API}/workloads/", strict_slashes=False)
def delete_workloads(product_type: str) -> Response:
    """Batch delete; ``force_delete`` removes at once, ``delete_service`` drops the services."""
    body = json_object_body()
    listed = bases(body)
    problems: checks.Problems = []
    for key in ("force_delete", "delete_service"):
        checks.boolean(problems, key, body.get(key))
    checks.enum(
        problems,
        "delete_policy",
        body.get("delete_policy"),
        ("Foreground", "Background", "Orphan"),
        False,
    )
    if problems:
        raise bad_request(problems)
    with provider_state() as state:
        where = scope(state, product_type)
        workloads = workloads_of(state)
        records = [lookup(workloads, where, b["type"], b["name"]) for b in listed]
        for record in records:
            key = where.key(record["type"], record["name"])
            if body.get("force_delete"):
                del workloads[key]
                continue
            if body.get("delete_service"):
                record["spec"]["access_mode"] = []
            if not model.is_removing(record):
                model.event(record, now(), "Killing", "deleting every pod")
                operations.begin(record, model.DELETE, catalog.DELETE_SECONDS, now())
    return jsonify({})

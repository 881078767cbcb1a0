"""Endpoints of one workload (``/workloads/workload/<name>/``): reads, PATCH actions,
start/stop/recreate, revisions and rollback.

Every request names the workload's kind in ``?workload_type=`` (names are unique per
kind, as in Kubernetes). A PATCH that changes the pod template (``containers``, and
the ``volumes`` sent with it) records a new revision and starts a rollout.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from flask import Response, jsonify, request

from kaas_emulator.core.errors import ApiError
from kaas_emulator.core.runtime import now, provider_state, take_async_error, time_scale
from kaas_emulator.core.validation import is_int, json_object_body
from kaas_emulator.providers.ecns import checks, model, render
from kaas_emulator.providers.ecns.errors import bad_request
from kaas_emulator.providers.ecns.views_workloads import (
    apply_action,
    lookup,
    require_idle,
    workloads_of,
)
from kaas_emulator.providers.ecns.web import API, blueprint, scope

ONE = f"{API}/workloads/workload/<name>"
PUT_ACTIONS = ("start", "stop", "recreate")


def workload_type() -> str:
    """The mandatory ``workload_type`` query parameter."""
    kind = request.args.get("workload_type")
    if kind not in checks.WORKLOAD_TYPES:
        raise bad_request(
            f"workload_type: {kind!r} is not one of {', '.join(checks.WORKLOAD_TYPES)}"
        )
    return kind


def _read(product_type: str, name: str, build: Callable[[dict[str, Any]], Any]) -> Response:
    kind = workload_type()
    with provider_state() as state:
        record = lookup(workloads_of(state), scope(state, product_type), kind, name)
        return jsonify(build(record))


@blueprint.get(f"{ONE}/", strict_slashes=False)
def detail(product_type: str, name: str) -> Response:
    """Detail with conditions, events and revisions."""
    return _read(
        product_type,
        name,
        lambda r: {
            "conditions": render.conditions(r, now(), time_scale()),
            "events": list(reversed(r["events"])),
            "revisions": [render.revision(e) for e in r["revisions"]],
            "workload": render.workload(r, now(), time_scale()),
        },
    )


@blueprint.get(f"{ONE}/access/", strict_slashes=False)
def access(product_type: str, name: str) -> Response:
    """The workload's access modes (the API reference names the key ``access_mod``)."""
    return _read(
        product_type,
        name,
        lambda r: {"access_mod": copy.deepcopy(r["spec"].get("access_mode") or [])},
    )


@blueprint.get(f"{ONE}/containers/", strict_slashes=False)
def containers(product_type: str, name: str) -> Response:
    """The workload's containers with their statuses."""
    return _read(
        product_type,
        name,
        lambda r: {
            "containers": render.containers(r, model.ready_replicas(r, now(), time_scale()))
        },
    )


def _spec_part(key: str) -> Callable[[str, str], Response]:
    def view(product_type: str, name: str) -> Response:
        return _read(product_type, name, lambda r: {key: copy.deepcopy(r["spec"].get(key))})

    view.__name__ = f"get_{key}"
    view.__doc__ = f"The workload's ``{key}``."
    return view


for _key in ("scale_strategy", "scheduler_strategy", "network"):
    blueprint.add_url_rule(
        f"{ONE}/{_key}", view_func=_spec_part(_key), methods=["GET"], strict_slashes=False
    )


@blueprint.get(f"{ONE}/revisions/", strict_slashes=False)
def revisions(product_type: str, name: str) -> Response:
    """Every kept revision, oldest first."""
    return _read(
        product_type, name, lambda r: {"revisions": [render.revision(e) for e in r["revisions"]]}
    )


@blueprint.get(f"{ONE}/revision/<version>/yaml/", strict_slashes=False)
def revision_yaml(product_type: str, name: str, version: str) -> Response:
    """One revision as a manifest (text)."""
    kind = workload_type()
    with provider_state() as state:
        record = lookup(workloads_of(state), scope(state, product_type), kind, name)
        entry = model.revision(record, int(version)) if version.isdigit() else None
        if entry is None:
            raise ApiError(404, f'revision {version} of {kind} "{name}" not found')
        text = render.manifest(record, entry)
    return Response(text, mimetype="application/yaml")


# -- PATCH ?action=... --------------------------------------------------------------------


def _scale(record: dict[str, Any], body: dict[str, Any]) -> None:
    replicas = body.get("replicas")
    if record["type"] == "DaemonSet":
        raise bad_request("replicas: a DaemonSet runs one pod per node and cannot be scaled")
    if not is_int(replicas) or replicas < 0:
        raise bad_request(f"replicas: must be an integer >= 0, got {replicas!r}")
    problems: checks.Problems = []
    checks.too_many(problems, "replicas", replicas)
    if problems:
        raise bad_request(problems)
    record["spec"]["workload_base"]["replicas"] = replicas
    model.event(record, now(), "ScalingReplicaSet", f"scaled to {replicas}")
    if not record["stopped"]:
        model.start_rollout(
            record, now(), time_scale(), replace_pods=False, error=take_async_error()
        )


def _containers(record: dict[str, Any], body: dict[str, Any]) -> None:
    problems: checks.Problems = []
    checks.containers(problems, "containers", body.get("containers"))
    volumes = body["volumes"] if "volumes" in body else record["spec"].get("volumes")
    checks.volumes(problems, "volumes", volumes)
    checks.mounts_match_volumes(problems, "containers", body.get("containers"), volumes)
    if problems:
        raise bad_request(problems)
    old = model.template(record["spec"])
    record["spec"]["containers"] = copy.deepcopy(body["containers"])
    record["spec"]["volumes"] = copy.deepcopy(volumes)
    if model.template(record["spec"]) == old:
        return  # Kubernetes makes no revision (and no rollout) for an identical template
    version = model.add_revision(record, now())
    model.event(
        record,
        now(),
        "ScalingReplicaSet",
        f"revision {version}: {', '.join(render.images(record['spec']))}",
    )
    model.start_rollout(record, now(), time_scale(), replace_pods=True, error=take_async_error())


def _rollback(record: dict[str, Any], body: dict[str, Any]) -> None:
    target = body.get("target_version")
    entry = model.revision(record, int(target)) if str(target).isdigit() else None
    if entry is None:
        raise bad_request(
            f'target_version: no revision {target!r} of {record["type"]} "{record["name"]}"'
        )
    if entry["version"] == record["current_revision"]:
        return
    record["spec"].update(copy.deepcopy(entry["template"]))
    record["current_revision"] = entry["version"]
    model.event(record, now(), "Rollback", f"rolled back to revision {entry['version']}")
    model.start_rollout(record, now(), time_scale(), replace_pods=True, error=take_async_error())


def _setter(key: str, check: Callable[[checks.Problems, str, Any], None]) -> Callable[..., None]:
    def apply(record: dict[str, Any], body: dict[str, Any]) -> None:
        if key not in body:
            raise bad_request(f"{key}: is required")
        problems: checks.Problems = []
        check(problems, key, body[key])
        if problems:
            raise bad_request(problems)
        value = copy.deepcopy(body[key])
        if key == "access_modes":
            record["spec"]["access_mode"] = render.assign_access(
                record, value or [], record["current_revision"]
            )
        else:
            record["spec"][key] = value
        model.event(record, now(), "Updated", f"{key} updated")

    return apply


PATCH_ACTIONS: dict[str, Callable[[dict[str, Any], dict[str, Any]], None]] = {
    "scale": _scale,
    "containers": _containers,
    "rollback": _rollback,
    "access_modes": _setter("access_modes", checks.access_modes),
    "scale_strategy": _setter("scale_strategy", checks.scale_strategy),
    "scheduler_strategy": _setter("scheduler_strategy", checks.scheduler_strategy),
    "network": _setter("network", checks.network),
    "labels": _setter("labels", checks.labels),
}


@blueprint.patch(f"{ONE}/", strict_slashes=False)
def patch(product_type: str, name: str) -> Response:
    """``?action=scale|access_modes|containers|update_strategy|rollback|...``."""
    action = request.args.get("action")
    kind = workload_type()
    if action not in (*PATCH_ACTIONS, "update_strategy"):
        raise bad_request(
            f"action: {action!r} is not one of {', '.join(sorted(PATCH_ACTIONS))}, update_strategy"
        )
    body = json_object_body()
    with provider_state() as state:
        record = lookup(workloads_of(state), scope(state, product_type), kind, name)
        require_idle(record)
        if action == "update_strategy":
            problems: checks.Problems = []
            if "update_strategy" not in body:
                problems.append("update_strategy: is required")
            checks.update_strategy(problems, "update_strategy", body.get("update_strategy"), kind)
            if problems:
                raise bad_request(problems)
            record["spec"]["update_strategy"] = copy.deepcopy(body["update_strategy"])
            model.event(record, now(), "Updated", "update_strategy updated")
        else:
            PATCH_ACTIONS[action](record, body)
        return jsonify({"workload": render.workload(record, now(), time_scale())})


@blueprint.put(f"{ONE}/", strict_slashes=False)
def put_action(product_type: str, name: str) -> Response:
    """``?action=start|stop|recreate`` on one workload."""
    action = request.args.get("action")
    kind = workload_type()
    if action not in PUT_ACTIONS:
        raise bad_request(f"action: {action!r} is not one of {', '.join(PUT_ACTIONS)}")
    with provider_state() as state:
        record = lookup(workloads_of(state), scope(state, product_type), kind, name)
        require_idle(record)
        apply_action(record, action)
        return jsonify({"workload": render.workload(record, now(), time_scale())})


@blueprint.delete(f"{ONE}/revisions/", strict_slashes=False)
def delete_revisions(product_type: str, name: str) -> Response:
    """``?history_version=<n>`` deletes one revision; a ``revisions`` body deletes several."""
    kind = workload_type()
    single = request.args.get("history_version")
    if single is not None:
        wanted = [single]
    else:
        body = json_object_body()
        problems: checks.Problems = []
        listed = checks.items(problems, "revisions", body.get("revisions"))
        if problems or not listed:
            raise bad_request(problems or ["revisions: at least one revision is required"])
        wanted = [r.get("version") for r in listed]
    with provider_state() as state:
        record = lookup(workloads_of(state), scope(state, product_type), kind, name)
        versions = []
        for value in wanted:
            entry = model.revision(record, int(value)) if str(value).isdigit() else None
            if entry is None:
                raise ApiError(404, f'revision {value} of {kind} "{name}" not found')
            if entry["version"] == record["current_revision"]:
                raise ApiError(
                    409, f"revision {value} is the current revision and cannot be deleted"
                )
            versions.append(entry["version"])
        record["revisions"] = [r for r in record["revisions"] if r["version"] not in versions]
    return jsonify({"revisions": [{"version": v} for v in versions]})

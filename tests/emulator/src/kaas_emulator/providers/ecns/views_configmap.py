"""Configmaps (ECNS API reference, 1.4 配置): list, keys, create, detail, update and batch delete.

A configmap is ``{"name", "config": {key: value}}`` in the session's namespace. The
API reference's list filter ``app_selector`` names an application: the emulator lists the
configmaps that a workload of that application uses (an ``env`` entry of type
``ConfigMap`` naming it in ``key``, or a ``ConfigMap`` volume naming it in
``configmap.name``), the only link between the two that the API reference defines.
"""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify, request

from kaas_emulator.core.runtime import now, provider_state
from kaas_emulator.core.validation import json_object_body, unknown_fields
from kaas_emulator.providers.ecns import checks, model, objects
from kaas_emulator.providers.ecns.errors import bad_request
from kaas_emulator.providers.ecns.web import API, Scope, blueprint, scope

CONFIGMAPS_KEY = "configmaps"
LABEL = "configmap"
#: Kubernetes' rule for data keys: letters, digits, '-', '_' and '.'.
_KEY_CHARS = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")


def _summary(name: str, record: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": name,
        "keys": sorted(record["config"]),
        "creation_time": record["creation_time"],
    }


def _detail(name: str, record: dict[str, Any]) -> dict[str, Any]:
    return {
        "configmap": {
            "name": name,
            "config": dict(record["config"]),
            "creation_time": record["creation_time"],
        }
    }


def _validated(name: str) -> dict[str, Any]:
    """The ``configmap`` of the body, checked against the API reference and Kubernetes' rules."""
    body = json_object_body()
    problems: checks.Problems = [
        f"{key}: unknown field" for key in unknown_fields(body, {"configmap"})
    ]
    block = body.get("configmap")
    if not isinstance(block, dict):
        raise bad_request([*problems, "configmap: is required and must be an object"])
    problems += [
        f"configmap.{key}: unknown field" for key in unknown_fields(block, {"name", "config"})
    ]
    checks.name(problems, "configmap.name", block.get("name"))
    if block.get("name") not in (None, name):
        problems.append(f"configmap.name: {block.get('name')!r} differs from the path's {name!r}")
    config = block.get("config")
    if not isinstance(config, dict):
        problems.append("configmap.config: is required and must be an object of key-value pairs")
    else:
        for key, value in config.items():
            if not key or len(key) > 253 or set(key) - _KEY_CHARS:
                problems.append(
                    f"configmap.config: key {key!r} must be 1-253 letters, digits, '-', '_' or '.'"
                )
            if not isinstance(value, str):
                problems.append(f"configmap.config.{key}: must be a string, got {value!r}")
    if problems:
        raise bad_request(problems)
    return {"config": dict(config)}


def _used_by(state: dict[str, Any], where: Scope, application: str) -> set[str]:
    """Names of the configmaps the workloads of ``application`` use in this namespace."""
    used: set[str] = set()
    for key, record in state.get(model.WORKLOADS_KEY, {}).items():
        spec = record.get("spec", {})
        if not key.startswith(where.prefix()) or spec.get("application_name") != application:
            continue
        for container in spec.get("containers") or []:
            # An env entry of type ConfigMap names the configmap in ``key`` (see checks._env).
            used.update(
                e.get("key") for e in container.get("env") or [] if e.get("type") == "ConfigMap"
            )
        for volume in spec.get("volumes") or []:
            if volume.get("type") == "ConfigMap" and isinstance(volume.get("configmap"), dict):
                used.add(volume["configmap"].get("name"))
    return {name for name in used if name}


@blueprint.get(f"{API}/kubernetes/configmaps/", strict_slashes=False)
def list_configmaps(product_type: str) -> Response:
    """配置列表: every configmap of the namespace, or those of one application."""
    with provider_state() as state:
        where = scope(state, product_type)
        found = objects.in_scope(state, CONFIGMAPS_KEY, where)
        application = request.args.get("app_selector")
        if application:
            wanted = _used_by(state, where, application)
            found = {name: record for name, record in found.items() if name in wanted}
        return jsonify({"configmaps": [_summary(name, found[name]) for name in sorted(found)]})


@blueprint.get(f"{API}/kubernetes/configmap/<name>/keys/", strict_slashes=False)
def configmap_keys(product_type: str, name: str) -> Response:
    """列举配置的键."""
    with provider_state() as state:
        record = objects.get(state, CONFIGMAPS_KEY, scope(state, product_type), name, LABEL)
        return jsonify({"keys": sorted(record["config"])})


@blueprint.post(f"{API}/kubernetes/configmap/<name>/", strict_slashes=False)
def create_configmap(product_type: str, name: str) -> Response:
    """创建配置."""
    record = _validated(name)
    with provider_state() as state:
        objects.add(state, CONFIGMAPS_KEY, scope(state, product_type), name, LABEL, record, now())
        response = jsonify(_detail(name, record))
    response.status_code = 201
    return response


@blueprint.get(f"{API}/kubernetes/configmap/<name>/", strict_slashes=False)
def configmap_detail(product_type: str, name: str) -> Response:
    """配置详情页."""
    with provider_state() as state:
        record = objects.get(state, CONFIGMAPS_KEY, scope(state, product_type), name, LABEL)
        return jsonify(_detail(name, record))


@blueprint.patch(f"{API}/kubernetes/configmap/<name>/", strict_slashes=False)
def update_configmap(product_type: str, name: str) -> Response:
    """更新配置: the body's ``config`` replaces the data (keys it omits are removed)."""
    wanted = _validated(name)
    with provider_state() as state:
        record = objects.get(state, CONFIGMAPS_KEY, scope(state, product_type), name, LABEL)
        record["config"] = wanted["config"]
        return jsonify(_detail(name, record))


@blueprint.delete(f"{API}/kubernetes/configmaps/", strict_slashes=False)
def delete_configmaps(product_type: str) -> Response:
    """删除配置 (batch): all the named configmaps, or none when one is missing."""
    body = json_object_body()
    names = body.get("configmaps")
    problems = [f"{key}: unknown field" for key in unknown_fields(body, {"configmaps"})]
    if not isinstance(names, list) or not names or not all(isinstance(n, str) and n for n in names):
        problems.append("configmaps: is required and must be a non-empty list of names")
    if problems:
        raise bad_request(problems)
    with provider_state() as state:
        objects.remove_all(state, CONFIGMAPS_KEY, scope(state, product_type), names, LABEL)
    return Response(status=204)

"""Applications (1.2, with the hybrid parts of 1.8) and VM workloads (1.8).

Applications live in the session's namespace. Creating one creates its container
workloads (through the workload model of 1.21, owned by the application) and, for a
``Hybrid`` application on the ``hybrid`` product, its virtual-machine workloads.
Start and recreate act on every member; delete removes the application and, with
``?resource=``, cascades (see :func:`delete_applications`).
"""

from __future__ import annotations

import copy
from typing import Any

from flask import Response, jsonify, request

from kaas_emulator.core import operations
from kaas_emulator.core.errors import ApiError
from kaas_emulator.core.runtime import now, provider_state, take_async_error, time_scale
from kaas_emulator.core.validation import json_object_body, query_int
from kaas_emulator.providers.ecns import (
    catalog,
    checks,
    checks_apps,
    model,
    model_apps,
    objects,
    render,
)
from kaas_emulator.providers.ecns.errors import bad_request
from kaas_emulator.providers.ecns.views_cluster import EXISTENCE
from kaas_emulator.providers.ecns.views_configmap import CONFIGMAPS_KEY
from kaas_emulator.providers.ecns.views_workloads import (
    apply_action,
    require_idle,
    validate_workload,
    workloads_of,
)
from kaas_emulator.providers.ecns.web import API, Scope, blueprint, scope

#: ``?resource=`` values the delete accepts (the API reference's list and its one combination).
CASCADES = {
    "": (),
    "workload": ("workload",),
    "workload,service": ("workload", "service"),
    "service,workload": ("workload", "service"),
    "all": ("workload", "service", "all"),
}


def _scope(state: dict[str, Any], product_type: str, allowed: tuple[str, ...]) -> Scope:
    where = scope(state, product_type)
    if product_type not in allowed:
        raise ApiError(
            404, f"product type {product_type!r} has no such API (only {', '.join(allowed)})"
        )
    return where


def _app_type() -> str:
    kind = request.args.get("type") or model_apps.DEFAULT_TYPE
    if kind not in checks.APPLICATION_TYPES:
        raise bad_request(f"type: {kind!r} is not one of {', '.join(checks.APPLICATION_TYPES)}")
    return kind


def _stores(state: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """(applications, workloads, virtual machines), settled to now."""
    vms = state.setdefault(model_apps.VIRTUAL_MACHINES_KEY, {})
    model_apps.settle_vms(vms, now(), time_scale())
    return state.setdefault(model_apps.APPLICATIONS_KEY, {}), workloads_of(state), vms


def _info(state: dict[str, Any], app: dict[str, Any]) -> dict[str, Any]:
    """application_info from the (already settled) stores."""
    configmaps = [
        {"name": name, "config": dict(record["config"])}
        for name, record in _own_configmaps(state, app).items()
    ]
    return model_apps.render_application(
        app,
        state[model.WORKLOADS_KEY],
        state[model_apps.VIRTUAL_MACHINES_KEY],
        configmaps,
        now(),
        time_scale(),
    )


def _own_configmaps(state: dict[str, Any], app: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The configmaps the (hybrid) application created that still exist, by name."""
    where = Scope(app["product_type"], app["cluster"], app["namespace"])
    existing = objects.in_scope(state, CONFIGMAPS_KEY, where)
    return {name: existing[name] for name in app["configmaps"] if name in existing}


def _lookup(apps: dict[str, Any], where: Scope, app_type: str, name: str) -> dict[str, Any]:
    app = apps.get(model_apps.app_key(where.cluster, where.namespace, app_type, name))
    if app is None:
        raise ApiError(
            404, f'{app_type} application "{name}" not found in namespace "{where.namespace}"'
        )
    return app


@blueprint.get(f"{API}/applications/", strict_slashes=False)
def list_applications(product_type: str) -> Response:
    """Applications of one type (default Normal), ``page``/``page_size`` paged."""
    page = query_int("page", 1)
    size = query_int("page_size", catalog.DEFAULT_PAGE_SIZE, maximum=catalog.MAX_PAGE_SIZE)
    app_type = _app_type()
    with provider_state() as state:
        where = _scope(state, product_type, model_apps.APPLICATION_PRODUCTS)
        apps = _stores(state)[0]
        prefix = f"{where.cluster}/{where.namespace}/Application/{app_type}/"
        found = sorted((a for k, a in apps.items() if k.startswith(prefix)), key=lambda a: a["seq"])
        views = [_info(state, a) for a in found[(page - 1) * size : page * size]]
    return jsonify(
        {"applications_info": views, "count": len(found), "page": page, "page_size": size}
    )


@blueprint.post(f"{API}/applications/", strict_slashes=False)
def create_application(product_type: str) -> Response:
    """Create an application with its workloads and (Hybrid) virtual machines, all or none."""
    body = json_object_body()
    problems: checks.Problems = []
    checks_apps.application(problems, body)
    listed = checks.items(problems, "workloads", body.get("workloads"))
    for index, item in enumerate(listed):
        validate_workload(problems, f"workloads[{index}]", item)
    if problems:
        raise bad_request(problems)
    app_type = body.get("type") or model_apps.DEFAULT_TYPE
    if app_type == "Hybrid" and product_type != "hybrid":
        raise bad_request("type: a Hybrid application is created on the hybrid product")
    with provider_state() as state:
        where = _scope(state, product_type, model_apps.APPLICATION_PRODUCTS)
        apps, workloads, vms = _stores(state)
        key = model_apps.app_key(where.cluster, where.namespace, app_type, body["name"])
        if key in apps:
            raise ApiError(
                409,
                f'{app_type} application "{body["name"]}" already exists in namespace '
                f'"{where.namespace}"',
            )
        _refuse_taken_members(where, workloads, vms, listed, body.get("virtual_machines") or [])
        configmaps = body.get("configmaps") or []
        taken = objects.in_scope(state, CONFIGMAPS_KEY, where)
        for configmap in configmaps:
            if configmap["name"] in taken:
                raise ApiError(
                    409,
                    f'configmap "{configmap["name"]}" already exists in namespace '
                    f'"{where.namespace}"',
                )
        state["sequence"] = state.get("sequence", 0) + 1
        app = {
            "name": body["name"],
            "type": app_type,
            "description": body.get("description") or "",
            "vm_network": copy.deepcopy(body.get("vm_network")),
            "configmaps": [c["name"] for c in configmaps],
            "cluster": where.cluster,
            "namespace": where.namespace,
            "product_type": product_type,
            "created_at": now(),
            "seq": state["sequence"],
        }
        apps[key] = app
        for configmap in configmaps:
            record = {"config": dict(configmap["config"])}
            objects.add(state, CONFIGMAPS_KEY, where, configmap["name"], "configmap", record, now())
        error = take_async_error()
        for item in listed:
            _create_member_workload(state, where, workloads, item, app, error)
        for spec in body.get("virtual_machines") or []:
            vm = model_apps.new_vm(spec, app, now())
            vms[model_apps.vm_key(where.cluster, where.namespace, spec["name"])] = vm
        return jsonify({"application_info": _info(state, app)})


def _refuse_taken_members(
    where: Scope,
    workloads: dict[str, Any],
    vms: dict[str, Any],
    listed: list[dict[str, Any]],
    machines: list[dict[str, Any]],
) -> None:
    keys = [where.key(i["workload_base"]["type"], i["workload_base"]["name"]) for i in listed]
    for index, key in enumerate(keys):
        if key in workloads or keys.index(key) != index:
            base = listed[index]["workload_base"]
            raise ApiError(
                409,
                f'{base["type"]} "{base["name"]}" already exists in namespace "{where.namespace}"',
            )
    for machine in machines:
        if model_apps.vm_key(where.cluster, where.namespace, machine["name"]) in vms:
            raise ApiError(
                409,
                f'virtual machine "{machine["name"]}" already exists in namespace '
                f'"{where.namespace}"',
            )


def _create_member_workload(
    state: dict[str, Any],
    where: Scope,
    workloads: dict[str, Any],
    item: dict[str, Any],
    app: dict[str, Any],
    error: str | None,
) -> None:
    owned = {**item, "application_name": app["name"], "application_type": app["type"]}
    if app["type"] == "Hybrid":
        owned["vm_network"] = copy.deepcopy(app["vm_network"])
    record = model.new_record(owned, where.product_type, where.cluster, where.namespace, now())
    state["sequence"] = state.get("sequence", 0) + 1
    record["seq"] = state["sequence"]
    record["spec"]["access_mode"] = render.assign_access(
        record, item.get("access_mode") or [], state["sequence"]
    )
    model.event(record, now(), "ScalingReplicaSet", f"created {record['type']} {record['name']}")
    model.start_rollout(record, now(), time_scale(), replace_pods=True, error=error)
    workloads[where.key(record["type"], record["name"])] = record


@blueprint.put(f"{API}/applications/<name>/", strict_slashes=False)
def update_description(product_type: str, name: str) -> Response:
    """Change the description (the only mutable field); ``name`` must match the path."""
    body = json_object_body()
    problems: checks.Problems = []
    checks.text(problems, "name", body.get("name"), required=True)
    if isinstance(body.get("name"), str) and body["name"] and body["name"] != name:
        problems.append(f"name: {body['name']!r} differs from the path; renaming is not supported")
    checks.text(problems, "description", body.get("description"))
    for key in sorted(set(body) - {"name", "description", "type"}):
        problems.append(f"{key}: cannot be changed (only description can)")
    checks.enum(problems, "type", body.get("type"), checks.APPLICATION_TYPES, required=False)
    if problems:
        raise bad_request(problems)
    with provider_state() as state:
        where = _scope(state, product_type, model_apps.APPLICATION_PRODUCTS)
        apps = _stores(state)[0]
        app_type = body.get("type") or request.args.get("type") or model_apps.DEFAULT_TYPE
        app = _lookup(apps, where, app_type, name)
        app["description"] = body.get("description") or ""
        return jsonify({"application_info": _info(state, app)})


@blueprint.get(f"{API}/applications/app/<name>/", strict_slashes=False)
def application_detail(product_type: str, name: str) -> Response:
    """One application of ``?type=`` (default Normal) with its members' statuses."""
    app_type = _app_type()
    with provider_state() as state:
        where = _scope(state, product_type, model_apps.APPLICATION_PRODUCTS)
        apps = _stores(state)[0]
        return jsonify({"application_info": _info(state, _lookup(apps, where, app_type, name))})


def _batch(state: dict[str, Any], product_type: str) -> list[dict[str, Any]]:
    pairs, problems = checks_apps.batch(json_object_body())
    if problems:
        raise bad_request(problems)
    where = _scope(state, product_type, model_apps.APPLICATION_PRODUCTS)
    apps = state.setdefault(model_apps.APPLICATIONS_KEY, {})
    return [_lookup(apps, where, app_type, name) for app_type, name in pairs]


@blueprint.put(f"{API}/applications/app/", strict_slashes=False)
def start_or_recreate(product_type: str) -> Response:
    """``?action=start`` starts every stopped member; ``recreate`` redeploys every member."""
    action = request.args.get("action")
    if action not in ("start", "recreate"):
        raise bad_request(f"action: {action!r} is not one of start, recreate")
    with provider_state() as state:
        found = _batch(state, product_type)
        _, workloads, vms = _stores(state)
        members = [w for app in found for w in model_apps.member_workloads(workloads, app)]
        for record in members:
            require_idle(record)
        for record in members:
            if action == "recreate" or record["stopped"]:
                apply_action(record, action)
        for app in found:
            for vm in model_apps.member_vms(vms, app):
                if action == "recreate":
                    model_apps.boot(vm, now())
        return jsonify({"applications_info": [_info(state, a) for a in found]})


@blueprint.delete(f"{API}/applications/app/", strict_slashes=False)
def delete_applications(product_type: str) -> Response:
    """Delete applications; ``?resource=`` cascades.

    none: the members stay, detached; ``workload``: container and VM workloads are
    deleted too; ``workload,service``: and their services; ``all``: and every other
    resource the application made (the configmaps a hybrid application created).
    ``service`` alone is refused: the API reference requires ``workload`` with it.
    """
    raw = request.args.get("resource") or ""
    cascade = CASCADES.get(raw)
    if cascade is None:
        hint = " (service needs workload: resource=workload,service)" if raw == "service" else ""
        raise bad_request(f"resource: {raw!r} is not one of workload, workload,service, all{hint}")
    with provider_state() as state:
        found = _batch(state, product_type)
        apps, workloads, vms = _stores(state)
        for app in found:
            members = model_apps.member_workloads(workloads, app, include_removing=True)
            machines = model_apps.member_vms(vms, app)
            for record in members:
                if "workload" not in cascade:
                    record["spec"]["application_name"] = None
                    record["spec"]["application_type"] = None
                    model.event(record, now(), "Detached", f"application {app['name']} deleted")
                    continue
                if "service" in cascade:
                    record["spec"]["access_mode"] = []
                if not model.is_removing(record):
                    model.event(record, now(), "Killing", "deleting every pod")
                    operations.begin(record, model.DELETE, catalog.DELETE_SECONDS, now())
            for vm in machines:
                key = model_apps.vm_key(vm["cluster"], vm["namespace"], vm["name"])
                if "workload" in cascade:
                    del vms[key]
                else:
                    vm["application_name"] = ""
            if "all" in cascade:
                found_maps = state[CONFIGMAPS_KEY]
                for name in _own_configmaps(state, app):
                    del found_maps[f"{app['cluster']}/{app['namespace']}/{name}"]
            del apps[model_apps.app_key(app["cluster"], app["namespace"], app["type"], app["name"])]
    return jsonify({})


@blueprint.get(f"{API}/virtualmachine/", strict_slashes=False)
def list_virtual_machines(product_type: str) -> Response:
    """VM workloads of the session's namespace (a bare list, as the API reference shows)."""
    with provider_state() as state:
        where = _scope(state, product_type, model_apps.VM_PRODUCTS)
        _, _, vms = _stores(state)
        prefix = where.prefix()
        views = [model_apps.render_vm(vm) for key, vm in vms.items() if key.startswith(prefix)]
    return jsonify(views)


@blueprint.get(f"{API}/virtualmachine/<name>/", strict_slashes=False)
def virtual_machine_detail(product_type: str, name: str) -> Response:
    """One VM workload (the vm_status Type itself)."""
    with provider_state() as state:
        where = _scope(state, product_type, model_apps.VM_PRODUCTS)
        _, _, vms = _stores(state)
        vm = vms.get(model_apps.vm_key(where.cluster, where.namespace, name))
        if vm is None:
            raise ApiError(
                404, f'virtual machine "{name}" not found in namespace "{where.namespace}"'
            )
        return jsonify(model_apps.render_vm(vm))


def _application_exists(state: dict[str, Any], cluster: str, namespace: str, name: str) -> bool:
    """The uniqueness check's ``Application``: a Normal or a Hybrid one of that name."""
    apps = state.get(model_apps.APPLICATIONS_KEY, {})
    return any(
        model_apps.app_key(cluster, namespace, t, name) in apps for t in checks.APPLICATION_TYPES
    )


def _virtual_machine_exists(state: dict[str, Any], cluster: str, namespace: str, name: str) -> bool:
    return model_apps.vm_key(cluster, namespace, name) in state.get(
        model_apps.VIRTUAL_MACHINES_KEY, {}
    )


EXISTENCE.update(Application=_application_exists, VirtualMachine=_virtual_machine_exists)

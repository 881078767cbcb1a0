"""Namespaces (1.12: list by cluster type, create, batch and single delete, PSP, users,
quota set/get) and the organisation (1.17: departments and projects).

The switch and the project/cluster/namespace tree live in :mod:`.views_cluster`; they
read the namespaces kept here through :func:`.model_config.namespaces_of`.
"""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify, request

from kaas_emulator.core.errors import ApiError
from kaas_emulator.core.runtime import now, provider_state
from kaas_emulator.core.validation import json_object_body, unknown_fields
from kaas_emulator.providers.ecns import catalog, checks, checks_config, model_config, preloaded
from kaas_emulator.providers.ecns.errors import bad_request
from kaas_emulator.providers.ecns.web import API, blueprint, check_product

ONE = f"{API}/namespace/cluster/<cluster_name>/ns/<namespace>"


def _lookup(state: dict[str, Any], cluster_name: str, namespace: str) -> dict[str, Any]:
    """The namespace record, or a 404 naming what is missing."""
    if cluster_name not in preloaded.all_clusters(state):
        raise ApiError(404, f"cluster {cluster_name!r} not found")
    record = model_config.namespaces_of(state).get(f"{cluster_name}/{namespace}")
    if record is None:
        raise ApiError(404, f"namespace {namespace!r} not found in cluster {cluster_name}")
    return record


def _check_cluster_type_query(record: dict[str, Any], required: bool = True) -> None:
    """The ``cluster_type`` query parameter of the PATCH calls: the namespace's cluster type."""
    given = request.args.get("cluster_type") or None
    problems: checks.Problems = []
    checks.enum(problems, "cluster_type", given, model_config.CLUSTER_TYPES, required)
    if given in model_config.CLUSTER_TYPES and given != record["base"]["cluster_type"]:
        problems.append(
            f"cluster_type: cluster {record['base']['cluster_name']!r} is of type "
            f"{record['base']['cluster_type']}, not {given!r}"
        )
    if problems:
        raise bad_request(problems)


def _business_type_filter() -> str | None:
    btype = request.args.get("business_type") or None
    if btype is not None and btype not in catalog.BUSINESS_TYPES:
        raise bad_request(
            f"business_type: {btype!r} is not one of {', '.join(catalog.BUSINESS_TYPES)}"
        )
    return btype


def _of_business_type(base: dict[str, Any], cluster: dict[str, Any], btype: str | None) -> bool:
    """A namespace made for ``btype`` (EOS), else one whose cluster has a node of ``btype``."""
    if btype is None:
        return True
    if base.get("business_type") is not None:
        return bool(base["business_type"] == btype)
    return any(node["_btype"] == btype for node in cluster["nodes"])


@blueprint.get(f"{API}/namespace/clustertype/<cluster_type>/", strict_slashes=False)
def list_namespaces(product_type: str, cluster_type: str) -> Response:
    """Namespaces of the clusters of ``cluster_type`` (PROJECT_ALL / CLOUD_ALL: every cluster).

    With ``business_type``, a namespace created for that business type on an EOS
    cluster, or one of a cluster that has a node of that type.
    """
    check_product(product_type)
    if cluster_type not in model_config.LIST_CLUSTER_TYPES:
        raise bad_request(
            f"cluster_type: {cluster_type!r} is not one of "
            f"{', '.join(model_config.LIST_CLUSTER_TYPES)}"
        )
    btype = _business_type_filter()
    with provider_state() as state:
        clusters = preloaded.all_clusters(state)
        records = list(model_config.namespaces_of(state).values())
    listed = []
    for record in records:
        base = record["base"]
        if cluster_type in model_config.CLUSTER_TYPES and base["cluster_type"] != cluster_type:
            continue
        if not _of_business_type(base, clusters[base["cluster_name"]], btype):
            continue
        listed.append(model_config.namespace_view(record))
    return jsonify({"namespaces": listed})


@blueprint.post(f"{API}/namespace/", strict_slashes=False)
def create_namespace(product_type: str) -> Response:
    """Create a namespace with its PSP, quota and the users and roles that may use it."""
    check_product(product_type)
    body = json_object_body()
    problems: checks.Problems = [
        f"{key}: unknown field" for key in unknown_fields(body, {"namespace"})
    ]
    namespace = checks.obj(problems, "namespace", body.get("namespace"))
    if body.get("namespace") is None:
        problems.append("namespace: is required")
    for key in unknown_fields(namespace, {"namespace_base", "psp", "quota", "namespace_status"}):
        problems.append(f"namespace.{key}: unknown field")
    checks.enum(problems, "namespace.psp", namespace.get("psp"), model_config.PSP_VALUES, False)
    quota = checks_config.quota(problems, "namespace.quota", namespace.get("quota"))
    with provider_state() as state:
        base = checks_config.namespace_base(
            problems,
            "namespace.namespace_base",
            namespace.get("namespace_base"),
            preloaded.all_clusters(state),
        )
        if problems:
            raise bad_request(problems)
        records = model_config.namespaces_of(state)
        key = f"{base['cluster_name']}/{base['name']}"
        if key in records:
            raise ApiError(
                409, f"namespace {base['name']!r} already exists in cluster {base['cluster_name']}"
            )
        records[key] = model_config.new_namespace(base, namespace.get("psp"), quota, now())
        return jsonify({"namespace": model_config.namespace_view(records[key])})


def _require_deletable(record: dict[str, Any]) -> None:
    """Kubernetes refuses to delete its own namespaces (403)."""
    name = record["base"]["name"]
    if name in model_config.PROTECTED_NAMESPACES:
        raise ApiError(403, f"namespace {name!r} is a system namespace and cannot be deleted")


def _delete(state: dict[str, Any], record: dict[str, Any]) -> None:
    """Remove a namespace and every record kept in it; the session scopes it held fall back."""
    base = record["base"]
    for state_key, record_key in list(
        model_config.records_in(state, base["cluster_name"], base["name"])
    ):
        del state[state_key][record_key]
    del model_config.namespaces_of(state)[f"{base['cluster_name']}/{base['name']}"]
    for session in state.get("sessions", {}).values():
        if session == {"cluster": base["cluster_name"], "namespace": base["name"]}:
            session["namespace"] = catalog.DEFAULT_NAMESPACE


@blueprint.delete(f"{API}/namespace/", strict_slashes=False)
def delete_namespaces(product_type: str) -> Response:
    """Delete a batch of namespaces (all or none: any unknown or protected one refuses all)."""
    check_product(product_type)
    body = json_object_body()
    problems: checks.Problems = []
    listed = checks.items(problems, "namespaces", body.get("namespaces"))
    if body.get("namespaces") is None or (not listed and not problems):
        problems.append("namespaces: at least one namespace is required")
    with provider_state() as state:
        clusters = preloaded.all_clusters(state)
        for index, base in enumerate(listed):
            checks.text(problems, f"namespaces[{index}].name", base.get("name"), required=True)
            checks_config.cluster_reference(problems, f"namespaces[{index}]", base, clusters)
        if problems:
            raise bad_request(problems)
        records = [_lookup(state, base["cluster_name"], base["name"]) for base in listed]
        for record in records:
            _require_deletable(record)
        for record in {id(r): r for r in records}.values():
            _delete(state, record)
    return Response(status=204)


@blueprint.delete(f"{ONE}/", strict_slashes=False)
def delete_namespace(product_type: str, cluster_name: str, namespace: str) -> Response:
    """Delete one namespace and everything in it."""
    check_product(product_type)
    with provider_state() as state:
        record = _lookup(state, cluster_name, namespace)
        _require_deletable(record)
        _delete(state, record)
    return Response(status=204)


@blueprint.patch(f"{ONE}/psp/", strict_slashes=False)
def set_psp(product_type: str, cluster_name: str, namespace: str) -> Response:
    """Set the namespace's pod security policy (Limited or Unlimited)."""
    check_product(product_type)
    body = json_object_body()
    problems: checks.Problems = [f"{key}: unknown field" for key in unknown_fields(body, {"psp"})]
    checks.enum(problems, "psp", body.get("psp"), model_config.PSP_VALUES)
    with provider_state() as state:
        record = _lookup(state, cluster_name, namespace)
        _check_cluster_type_query(record)
        if problems:
            raise bad_request(problems)
        record["psp"] = body["psp"]
        return jsonify({"namespace": model_config.namespace_view(record)})


@blueprint.patch(f"{ONE}/user_ids/", strict_slashes=False)
def set_users(product_type: str, cluster_name: str, namespace: str) -> Response:
    """Replace the users who may see the namespace (an empty list: every user)."""
    check_product(product_type)
    body = json_object_body()
    problems: checks.Problems = [
        f"{key}: unknown field" for key in unknown_fields(body, {"user_ids"})
    ]
    if body.get("user_ids") is None:
        problems.append("user_ids: is required (an empty list opens the namespace to every user)")
    checks_config.users(problems, "user_ids", body.get("user_ids"))
    with provider_state() as state:
        record = _lookup(state, cluster_name, namespace)
        _check_cluster_type_query(record)
        if problems:
            raise bad_request(problems)
        record["base"]["user_ids"] = [dict(user) for user in body["user_ids"]]
        return jsonify({"namespace": model_config.namespace_view(record)})


@blueprint.patch(f"{ONE}/quota/", strict_slashes=False)
def set_quota(product_type: str, cluster_name: str, namespace: str) -> Response:
    """Replace the quota: items left out have no limit any more."""
    check_product(product_type)
    body = json_object_body()
    problems: checks.Problems = [f"{key}: unknown field" for key in unknown_fields(body, {"quota"})]
    if body.get("quota") is None:
        problems.append("quota: is required")
    quota = checks_config.quota(problems, "quota", body.get("quota"))
    with provider_state() as state:
        record = _lookup(state, cluster_name, namespace)
        _check_cluster_type_query(record)
        if problems:
            raise bad_request(problems)
        record["quota"] = {
            key: limit for key, limit in quota.items() if limit != model_config.UNLIMITED
        }
        return jsonify({"namespace": model_config.namespace_view(record)})


@blueprint.get(f"{ONE}/quota/", strict_slashes=False)
def get_quota(product_type: str, cluster_name: str, namespace: str) -> Response:
    """The quota's limits (-1: none) and what the namespace uses."""
    check_product(product_type)
    with provider_state() as state:
        record = _lookup(state, cluster_name, namespace)
        used = model_config.quota_used(state, cluster_name, namespace)
        return jsonify({"quota": {"hard": model_config.quota_hard(record), "used": used}})


@blueprint.get(f"{API}/organization/", strict_slashes=False)
def organization(product_type: str) -> Response:
    """Departments (Keystone domains) and their projects (1.17), without clusters."""
    check_product(product_type)
    project = {"project_name": catalog.PROJECT_NAME, "project_id": catalog.PROJECT_ID}
    return jsonify(
        {
            "domains_selector": [
                {
                    "domain_name": model_config.DOMAIN_NAME,
                    "domain_id": model_config.DOMAIN_ID,
                    "projects": [project],
                }
            ]
        }
    )


@blueprint.get(f"{API}/projects/", strict_slashes=False)
def projects(product_type: str) -> Response:
    """Projects the caller administers (获取项目管理员列表)."""
    check_product(product_type)
    return jsonify(
        {"projects": [{"project_name": catalog.PROJECT_NAME, "project_id": catalog.PROJECT_ID}]}
    )

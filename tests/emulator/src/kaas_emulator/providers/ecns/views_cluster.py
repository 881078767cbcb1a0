"""Cluster nodes and roles (1.3), kernel capabilities, uniqueness check, k8s versions
(1.13), and the namespace switch that sets the session's cluster and namespace (1.12)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Response, jsonify, request

from kaas_emulator.core.errors import ApiError
from kaas_emulator.core.runtime import now, provider_state, time_scale
from kaas_emulator.providers.ecns import (
    catalog,
    checks,
    model,
    model_config,
    model_jobs,
    model_net,
    model_storage,
    preloaded,
    views_configmap,
)
from kaas_emulator.providers.ecns.errors import bad_request
from kaas_emulator.providers.ecns.web import (
    API,
    blueprint,
    check_product,
    cluster_by_addr,
    scope,
    session_of,
)

#: Uniqueness-check types that are workloads, i.e. that this emulator stores.
WORKLOAD_KINDS = set(checks.WORKLOAD_TYPES)
#: Uniqueness-check types kept in a store of namespaced objects (see :mod:`.objects`).
OBJECT_STORES = {
    "Secret": model_config.SECRETS_KEY,
    "Configmap": views_configmap.CONFIGMAPS_KEY,
    "Job": model_jobs.JOBS_KEY,
    "Cronjob": model_jobs.CRONJOBS_KEY,
    "PVC": model_storage.CLAIMS_KEY,
}
#: Kinds whose records are not keyed ``cluster/namespace/name``: kind -> ``exists(state, cluster,
#: namespace, name)``, filled by the view modules that serve them (applications, VMs, workspaces).
EXISTENCE: dict[str, Callable[[dict[str, Any], str, str, str], bool]] = {}


@blueprint.get(f"{API}/cluster/nodes/", strict_slashes=False)
def nodes(product_type: str) -> Response:
    """Nodes of the ``apiserver_host`` cluster (else the session's), maybe of one business type."""
    check_product(product_type)
    btype = request.args.get("business_type") or None
    if btype is not None and btype not in catalog.BUSINESS_TYPES:
        raise bad_request(
            f"business_type: {btype!r} is not one of {', '.join(catalog.BUSINESS_TYPES)}"
        )
    with provider_state() as state:
        cluster = preloaded.all_clusters(state)[
            cluster_by_addr(request.args.get("apiserver_host"), state)
        ]
    listed = [
        catalog.public_node(n) for n in cluster["nodes"] if btype is None or n["_btype"] == btype
    ]
    return jsonify({"nodes_status": listed})


@blueprint.get(f"{API}/namespace/", strict_slashes=False)
def projects_clusters_namespaces(product_type: str) -> Response:
    """三级联动全量列举 (1.12): the project, its clusters and their namespaces.

    With ``business_type``, only the clusters that have a node of that type.
    """
    check_product(product_type)
    btype = request.args.get("business_type") or None
    if btype is not None and btype not in catalog.BUSINESS_TYPES:
        raise bad_request(
            f"business_type: {btype!r} is not one of {', '.join(catalog.BUSINESS_TYPES)}"
        )
    with provider_state() as state:
        clusters = preloaded.all_clusters(state)
        selectors = [
            {
                "cluster_name": name,
                "cluster_addr": cluster["cluster_addr"],
                "cluster_type": cluster["cluster_type"],
                "namespaces": model_config.cluster_namespaces(state, name),
            }
            for name, cluster in clusters.items()
            if btype is None or any(n["_btype"] == btype for n in cluster["nodes"])
        ]
    project = {"project_name": catalog.PROJECT_NAME, "project_id": catalog.PROJECT_ID}
    return jsonify([{**project, "clusters": selectors}])


@blueprint.get(f"{API}/cluster/nodesrole/", strict_slashes=False)
def nodes_by_role(product_type: str) -> Response:
    """Nodes carrying ``node_role`` (hybrid-orchestration or secure-container)."""
    check_product(product_type)
    role = request.args.get("node_role")
    if role not in catalog.NODE_ROLES:
        raise bad_request(f"node_role: {role!r} is not one of {', '.join(catalog.NODE_ROLES)}")
    with provider_state() as state:
        cluster = preloaded.all_clusters(state)[
            cluster_by_addr(request.args.get("apiserver_host"), state)
        ]
    listed = [catalog.public_node(n) for n in cluster["nodes"] if role in n["_roles"]]
    return jsonify({"nodes_status": listed})


@blueprint.get(f"{API}/applications/kernel-capabilities/<which>", strict_slashes=False)
def kernel_capabilities(product_type: str, which: str) -> Response:
    """``default`` (granted to containers) or ``all`` (that may be added)."""
    check_product(product_type)
    if which == "default":
        return jsonify({"capabilities": catalog.DEFAULT_CAPABILITIES})
    if which == "all":
        return jsonify({"capabilities": catalog.ALL_CAPABILITIES})
    raise ApiError(404, f"kernel capability list {which!r} not found (default or all)")


@blueprint.get(f"{API}/container_infra/k8sversions/", strict_slashes=False)
def k8s_versions(product_type: str) -> Response:
    """Kubernetes versions a new EKS cluster may use, per container runtime."""
    check_product(product_type)
    return jsonify({"versions": catalog.K8S_VERSIONS})


@blueprint.get(f"{API}/resources/<kind>/<name>/", strict_slashes=False)
def uniqueness(product_type: str, kind: str, name: str) -> Response:
    """Whether a resource of ``kind`` named ``name`` exists in the session's namespace."""
    if kind not in catalog.UNIQUE_TYPES:
        raise bad_request(f"type: {kind!r} is not one of {', '.join(catalog.UNIQUE_TYPES)}")
    cluster_name = request.args.get("cluster_name") or None
    with provider_state() as state:
        where = scope(state, product_type)
        cluster = cluster_name or where.cluster
        if cluster not in catalog.CLUSTERS:
            raise ApiError(404, f"cluster {cluster!r} not found")
        if kind == "Namespace":
            exists = model_config.has_namespace(state, cluster, name)
        elif kind in WORKLOAD_KINDS:
            workloads = state.setdefault(model.WORKLOADS_KEY, {})
            model.settle_all(workloads, now(), time_scale())
            exists = f"{cluster}/{where.namespace}/{kind}/{name}" in workloads
        elif kind in EXISTENCE:
            exists = EXISTENCE[kind](state, cluster, where.namespace, name)
        elif kind in OBJECT_STORES:
            exists = f"{cluster}/{where.namespace}/{name}" in state.get(OBJECT_STORES[kind], {})
        elif kind in model_net.UNIQUE_KINDS:
            exists = model_net.exists(state, cluster, where.namespace, kind, name)
        else:
            # Other kinds belong to endpoints this emulator does not serve yet: none exist.
            exists = False
    return jsonify({"existence": exists})


@blueprint.get(
    f"{API}/namespace/<project_id>/cluster/<cluster_name>/ns/<namespace>/", strict_slashes=False
)
def switch_namespace(
    product_type: str, project_id: str, cluster_name: str, namespace: str
) -> Response:
    """Make ``cluster_name``/``namespace`` the session's current scope."""
    check_product(product_type)
    if project_id != catalog.PROJECT_ID:
        raise ApiError(404, f"project {project_id!r} not found")
    cluster = catalog.CLUSTERS.get(cluster_name)
    if cluster is None:
        raise ApiError(404, f"cluster {cluster_name!r} not found in project {project_id}")
    with provider_state() as state:
        if not model_config.has_namespace(state, cluster_name, namespace):
            raise ApiError(404, f"namespace {namespace!r} not found in cluster {cluster_name}")
        session = session_of(state)
        session.update(cluster=cluster_name, namespace=namespace)
    return jsonify(
        {
            "ecns_cluster_addr": cluster["cluster_addr"],
            "ecns_cluster_type": cluster["cluster_type"],
            "ecns_project_id": project_id,
            "ecns_current_ns": [namespace],
            "ecns_cluster_name": cluster_name,
        }
    )

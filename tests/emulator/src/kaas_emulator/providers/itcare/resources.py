"""Views of a cluster's sub-resources, the platform products and the actions.

``…/{id}/nodes``, ``…/nodes/{nodeId}``, ``…/loadbalancers``, ``…/metrics``,
``…/networks``, ``…/ingress-providers``, ``/compute/platform/products`` and
``/actions``. Sub-resource lists are plain JSON arrays (the API reference shows no page).
"""

from __future__ import annotations

from flask import Response, request

from kaas_emulator.core.runtime import now, provider_state, time_scale
from kaas_emulator.core.validation import json_object_body
from kaas_emulator.providers.itcare import actions, catalog, model, render
from kaas_emulator.providers.itcare.clusters import (
    BASE,
    CLUSTER,
    dry_run,
    get_cluster,
    require_idle,
    submit,
)
from kaas_emulator.providers.itcare.patch_ops import removal_problem
from kaas_emulator.providers.itcare.validation import validate_loadbalancer
from kaas_emulator.providers.itcare.web import (
    blueprint,
    int_args,
    invalid,
    is_dry_run,
    list_arg,
    not_found,
    page_request,
    reject,
    respond,
    sort_items,
    sort_request,
    spring_page,
)

METRIC_TYPES = ("az-distribution", "dc-distribution")
ACTION_SORTABLE = frozenset({"id", "submittedAt", "lastUpdatedAt", "completedAt", "status"})


@blueprint.get(BASE + "/ingress-providers")
def ingress_providers() -> Response:
    """The values ``ingressProvider`` accepts."""
    return respond(list(catalog.INGRESS_PROVIDERS))


@blueprint.get(CLUSTER + "/nodes")
def list_nodes(cluster_id: int) -> Response:
    """Every node of the cluster, in creation order."""
    with provider_state() as state:
        cluster = get_cluster(state, cluster_id)
        return respond([render.node(node, cluster) for node in cluster["_nodes"].values()])


@blueprint.get(CLUSTER + "/nodes/<int:node_id>")
def show_node(cluster_id: int, node_id: int) -> Response:
    """One node (the API reference refers to this path when explaining node deletion)."""
    with provider_state() as state:
        cluster = get_cluster(state, cluster_id)
        node = cluster["_nodes"].get(str(node_id))
        if node is None:
            raise not_found("node", node_id)
        return respond(render.node(node, cluster))


@blueprint.delete(CLUSTER + "/nodes/<int:node_id>")
def delete_node(cluster_id: int, node_id: int) -> Response:
    """Delete one node; never the last node nor the last ingress node (400)."""
    with provider_state() as state:
        cluster = get_cluster(state, cluster_id)
        node = cluster["_nodes"].get(str(node_id))
        if node is None:
            raise not_found("node", node_id)
        require_idle(cluster)
        problem = removal_problem(cluster, [node_id])
        if problem is not None:
            raise invalid("nodeId", problem)
        if is_dry_run():
            return dry_run("delete_node", cluster)
        node["status"] = "DELETING"
        return submit(state, "delete_node", cluster, {"nodeIds": [node_id]})


@blueprint.get(CLUSTER + "/loadbalancers")
def list_loadbalancers(cluster_id: int) -> Response:
    """The cluster's custom load balancers, in creation order."""
    with provider_state() as state:
        cluster = get_cluster(state, cluster_id)
        return respond([render.loadbalancer(lb, cluster) for lb in cluster["_lbs"].values()])


@blueprint.post(CLUSTER + "/loadbalancers")
def create_loadbalancer(cluster_id: int) -> Response:
    """Validate (URL unique across every cluster: 409), then 202 with the action."""
    with provider_state() as state:
        cluster = get_cluster(state, cluster_id)
        body = json_object_body()
        require_idle(cluster)
        problems, resolved = validate_loadbalancer(body, cluster["region"])
        if problems:
            raise reject(problems)
        urls = {lb["url"] for c in state["clusters"].values() for lb in c["_lbs"].values()}
        if resolved["url"] in urls:
            raise invalid(
                "url", f"url: {resolved['url']} is already used", 409, "RESOURCE_ALREADY_EXISTS"
            )
        network_id = resolved["networkId"] or cluster["networkId"]
        if model.free_addresses(state, network_id) < 1:
            raise invalid("networkId", f"networkId: network {network_id} has no free address")
        name = resolved["url"].split("://", 1)[-1].removeprefix("www.")
        if is_dry_run():
            return dry_run("create_loadbalancer", cluster, {"id": None, "name": name})
        lb = model.build_loadbalancer(state, cluster, resolved, now())
        cluster["_lbs"][str(lb["id"])] = lb
        return submit(state, "create_loadbalancer", cluster, {}, lb)


@blueprint.get(CLUSTER + "/metrics")
def metrics(cluster_id: int) -> Response:
    """Distribution of the nodes per AZ or per data centre (``type`` required)."""
    kind = request.args.get("type", "")
    with provider_state() as state:
        cluster = get_cluster(state, cluster_id)
        if kind not in METRIC_TYPES:
            raise invalid("type", f"type: must be one of {', '.join(METRIC_TYPES)}, got {kind!r}")
        return respond(render.distribution(cluster, kind))


@blueprint.get(CLUSTER + "/networks")
def networks(cluster_id: int) -> Response:
    """The networks the cluster uses: its own, plus those of its load balancers."""
    with provider_state() as state:
        cluster = get_cluster(state, cluster_id)
        ids = dict.fromkeys(
            [cluster["networkId"], *(lb["networkId"] for lb in cluster["_lbs"].values())]
        )
        return respond([render.network(state, network_id) for network_id in ids])


@blueprint.get("/compute/platform/products")
def products() -> Response:
    """Kubernetes versions, oldest first; any other ``type`` has no product here."""
    kind = request.args.get("type")
    items = catalog.PRODUCTS if kind in (None, "", render.CLUSTER_TYPE) else ()
    return respond([render.product(item) for item in items])


@blueprint.get("/actions/<int:action_id>")
def show_action(action_id: int) -> Response:
    """One action, settled against the clock."""
    with provider_state() as state:
        model.settle(state, now(), time_scale())
        action = state["actions"].get(str(action_id))
        if action is None:
            raise not_found("action", action_id)
        return respond(actions.render(action))


@blueprint.get("/actions")
def list_actions() -> Response:
    """Actions filtered by ``resourceId`` and ``statuses``, newest first, paged."""
    resource_ids = int_args("resourceId")
    statuses = [value.upper() for value in list_arg("statuses")]
    unknown = [value for value in statuses if value not in actions.STATUSES]
    if unknown:
        raise invalid("statuses", f"statuses: must be among {', '.join(actions.STATUSES)}")
    page, size = page_request()
    prop, descending = sort_request("id,desc", ACTION_SORTABLE.__contains__)
    with provider_state() as state:
        model.settle(state, now(), time_scale())
        selected = [
            actions.render(action)
            for action in state["actions"].values()
            if (not resource_ids or action["resourceId"] in resource_ids)
            and (not statuses or action["status"] in statuses)
        ]
    return respond(spring_page(sort_items(selected, prop, descending), page, size))

"""Validation of cluster-level requests: create, CNI change, IP ACL, certificate, SGW.

Every validator collects *all* problems (each naming its field) and raises one 400, so
a client fixing its input sees everything at once; the collection mirrors these rules
client-side.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from kaas_emulator.core.validation import is_int, unknown_fields
from kaas_emulator.providers.nks import catalog, fields, magnum_fields, netrules, worker_labels
from kaas_emulator.providers.nks.errors import bad_request

CREATE_FIELDS = frozenset(
    {
        "cluster_template_id",
        "create_timeout",
        "fixed_network",
        "fixed_subnet",
        "flavor_id",
        "keypair",
        "labels",
        "name",
        "node_count",
    }
) | frozenset(magnum_fields.CLUSTER)
TEMPLATE_ID = "iaas_console"


def _raise(problems: list[str]) -> None:
    if problems:
        raise bad_request(problems)


def _check_network_labels(
    labels: dict[str, Any], version: tuple[int, ...], problems: list[str]
) -> dict[str, str]:
    """The three CIDRs (defaults filled in) and the pod subnet size, as label strings."""
    found: list[str] = []
    service = netrules.parse_cidr(
        "labels.service_cluster_ip_range",
        labels.get("service_cluster_ip_range", catalog.DEFAULT_SERVICE_RANGE),
        found,
    )
    pods = netrules.parse_cidr(
        "labels.pods_network_cidr",
        labels.get("pods_network_cidr", catalog.DEFAULT_PODS_CIDR),
        found,
    )
    for name, network in (
        ("labels.service_cluster_ip_range", service),
        ("labels.pods_network_cidr", pods),
    ):
        if network is not None:
            netrules.check_reserved(name, network, version, found)
    fixed = ipaddress.IPv4Network(catalog.FIXED_SUBNET_CIDR)
    netrules.check_disjoint(
        [
            ("fixed_subnet", fixed),
            ("labels.service_cluster_ip_range", service),
            ("labels.pods_network_cidr", pods),
        ],
        found,
    )
    size = netrules.check_pod_subnet(
        "labels.pods_network_subnet",
        labels.get("pods_network_subnet", catalog.DEFAULT_PODS_SUBNET),
        pods,
        found,
    )
    problems.extend(found)
    if found or service is None or pods is None or size is None:
        return {}
    return {
        "service_cluster_ip_range": str(service),
        "pods_network_cidr": str(pods),
        "pods_network_subnet": str(size),
    }


def _check_cluster_labels(labels: dict[str, Any], problems: list[str]) -> dict[str, Any]:
    for key in ("node_image", "cert_manager_api", "kube_tag", "master_lb_floating_ip_enabled"):
        if key not in labels:
            problems.append(f"labels.{key}: is required")
    if "node_image" in labels:
        fields.check_uuid("labels.node_image", labels["node_image"], problems)
    if "cert_manager_api" in labels and fields.as_bool(labels["cert_manager_api"]) is not True:
        problems.append('labels.cert_manager_api: must be "True"')
    kube_tag = labels.get("kube_tag")
    if "kube_tag" in labels and kube_tag not in catalog.SUPPORTED_K8S:
        problems.append(f"labels.kube_tag: {kube_tag!r} is not a version listed by /v1/supports")
    external = [key for key in ("external_network_id", "external_subnet_id_list") if key in labels]
    if "external_network_id" in labels:
        fields.check_uuid("labels.external_network_id", labels["external_network_id"], problems)
    if "external_subnet_id_list" in labels:
        fields.check_uuid_list(
            "labels.external_subnet_id_list", labels["external_subnet_id_list"], ":", problems
        )
    floating = fields.as_bool(labels.get("master_lb_floating_ip_enabled"))
    if "master_lb_floating_ip_enabled" in labels and floating is None:
        problems.append("labels.master_lb_floating_ip_enabled: must be true or false")
    elif floating and len(external) < 2:
        problems.append(
            "labels.master_lb_floating_ip_enabled: can only be true when external_network_id "
            "and external_subnet_id_list are set"
        )
    if "strict_sg_rules" in labels and fields.as_bool(labels["strict_sg_rules"]) is None:
        problems.append("labels.strict_sg_rules: must be true or false")
    if labels.get("cni_driver", catalog.DEFAULT_CNI) not in catalog.CNI_DRIVERS:
        problems.append(f"labels.cni_driver: must be one of {', '.join(catalog.CNI_DRIVERS)}")
    for key in ("ncr_sgw", "obs_sgw"):
        if key in labels:
            fields.check_uuid(f"labels.{key}", labels[key], problems)
    term = fields.as_int(labels.get("term_of_validity", catalog.DEFAULT_TERM_OF_VALIDITY))
    if term is None or not 1 <= term <= 5:
        problems.append("labels.term_of_validity: must be an integer between 1 and 5 (years)")
    version = catalog.version_key(kube_tag) if isinstance(kube_tag, str) else ()
    network = _check_network_labels(labels, version, problems)
    return {
        "cni_driver": catalog.DEFAULT_CNI,
        "strict_sg_rules": "False",
        "term_of_validity": str(term),
        **{k: v for k, v in labels.items() if k not in ("term_of_validity",)},
        **network,
        "clusterautoscale": "nodegroupfeature",
    }


def validate_create(body: dict[str, Any]) -> dict[str, Any]:
    """A normalised create spec: top-level fields, cluster labels and worker labels."""
    problems = [f"{key}: unknown field" for key in unknown_fields(body, CREATE_FIELDS)]
    for key in (
        "keypair",
        "name",
        "cluster_template_id",
        "node_count",
        "labels",
        "flavor_id",
        "fixed_network",
        "fixed_subnet",
    ):
        if key not in body:
            problems.append(f"{key}: is required")
    magnum_fields.check(body, magnum_fields.CLUSTER, problems)
    if "name" in body:
        fields.check_name("name", body["name"], problems)
    if "keypair" in body:
        fields.check_nonempty("keypair", body["keypair"], problems)
    if "cluster_template_id" in body and body["cluster_template_id"] != TEMPLATE_ID:
        problems.append(f'cluster_template_id: must be "{TEMPLATE_ID}"')
    count = (
        fields.check_node_count("node_count", body["node_count"], problems)
        if "node_count" in body
        else None
    )
    for key in ("flavor_id", "fixed_network", "fixed_subnet"):
        if key in body:
            fields.check_uuid(key, body[key], problems)
    # Magnum's default when the field is missing or null (the CLI sends null without --timeout).
    timeout = body.get("create_timeout")
    if timeout is None:
        timeout = 60
    if not is_int(timeout) or timeout < 0:
        problems.append("create_timeout: must be an integer >= 0 (minutes)")
    labels = body.get("labels", {})
    if not isinstance(labels, dict):
        problems.append("labels: must be an object")
        labels = {}
    worker = worker_labels.check(labels, problems)
    cluster_labels = _check_cluster_labels(worker, problems)
    _raise(problems)
    return {
        "name": body["name"],
        "keypair": body["keypair"],
        "node_count": count,
        "flavor_id": body["flavor_id"],
        "fixed_network": body["fixed_network"],
        "fixed_subnet": body["fixed_subnet"],
        "create_timeout": timeout,
        "labels": cluster_labels,
        "worker_labels": worker_labels.for_group(cluster_labels, cluster_labels["kube_tag"]),
    }


def validate_cni(
    body: dict[str, Any], cluster: dict[str, Any], node_counts: list[int]
) -> dict[str, str]:
    """CNI change flannel -> calico with a new pod network; returns the new labels."""
    problems = [
        f"{key}: unknown field"
        for key in unknown_fields(
            body, {"cni", "num_buffer_nodes", "num_max_unavailable_nodes", "pod_cidr", "pod_subnet"}
        )
    ]
    if body.get("cni") != "calico":
        problems.append('cni: must be "calico"')
    current = cluster["labels"].get("cni_driver")
    if current != "flannel":
        problems.append(f"cni: only a flannel cluster can change its CNI (this one uses {current})")
    max_buffer = min(catalog.NODE_COUNT_MAX - count for count in node_counts) if node_counts else 0
    fields.check_rolling(body, max_buffer, sum(node_counts), problems)
    found: list[str] = []
    pods = None
    if "pod_cidr" not in body:
        found.append("pod_cidr: is required")
    else:
        pods = netrules.parse_cidr("pod_cidr", body["pod_cidr"], found)
    if pods is not None:
        netrules.check_reserved("pod_cidr", pods, (), found)
        taken = [
            ("the service network", cluster["labels"]["service_cluster_ip_range"]),
            ("the VPC subnet", catalog.FIXED_SUBNET_CIDR),
            ("the current pod network", cluster["labels"]["pods_network_cidr"]),
        ]
        for label, cidr in taken:
            if pods.overlaps(ipaddress.IPv4Network(cidr)):
                found.append(f"pod_cidr: {pods} overlaps {label} {cidr}")
    size = netrules.check_pod_subnet(
        "pod_subnet", body.get("pod_subnet", catalog.DEFAULT_PODS_SUBNET), pods, found
    )
    _raise(problems + found)
    return {
        "cni_driver": "calico",
        "pods_network_cidr": str(pods),
        "pods_network_subnet": str(size),
    }


def validate_ipacl(body: dict[str, Any]) -> dict[str, Any]:
    """IP access control of the API endpoint; the stored ACL."""
    problems = [
        f"{key}: unknown field"
        for key in unknown_fields(body, {"enable", "action", "ipacl_targets"})
    ]
    enable = fields.as_bool(body.get("enable", "false"))
    if enable is None:
        problems.append('enable: must be "true" or "false"')
    if not enable:
        _raise(problems)
        return {"enable": False}
    if body.get("action") not in ("ALLOW", "DENY"):
        problems.append("action: must be ALLOW or DENY when enable is true")
    targets = body.get("ipacl_targets")
    if (
        not isinstance(targets, list)
        or not targets
        or not all(isinstance(t, dict) for t in targets)
    ):
        problems.append("ipacl_targets: must be a non-empty list of objects when enable is true")
        targets = []
    stored = []
    for index, target in enumerate(targets):
        name = f"ipacl_targets[{index}]"
        problems.extend(
            f"{name}.{key}: unknown field"
            for key in unknown_fields(target, {"cidr_address", "description", ACL_DESCRIPTION_TYPO})
        )
        if not netrules.check_acl_target(target.get("cidr_address")):
            problems.append(f"{name}.cidr_address: must be an IPv4 address or CIDR")
        target = _acl_description(name, target, problems)
        if "description" in target and not isinstance(target["description"], str):
            problems.append(f"{name}.description: must be a string")
        stored.append(target)
    _raise(problems)
    return {"enable": True, "action": body["action"], "ipacl_targets": stored}


#: The API guide's request table spells the target's description ``descripion``; its
#: example says ``description``. A client following either works: both are accepted and
#: stored (and shown) as ``description``.
ACL_DESCRIPTION_TYPO = "descripion"


def _acl_description(name: str, target: dict[str, Any], problems: list[str]) -> dict[str, Any]:
    """``target`` with the table's spelling folded into ``description``."""
    result = {key: value for key, value in target.items() if key != ACL_DESCRIPTION_TYPO}
    if ACL_DESCRIPTION_TYPO in target:
        if "description" in target and target["description"] != target[ACL_DESCRIPTION_TYPO]:
            problems.append(
                f"{name}.description: differs from {ACL_DESCRIPTION_TYPO}, its other spelling"
            )
        result["description"] = target[ACL_DESCRIPTION_TYPO]
    return result


def validate_certificate(body: dict[str, Any]) -> int:
    """Certificate renewal: ``term_of_validity`` integer years, 1..5."""
    problems = [f"{key}: unknown field" for key in unknown_fields(body, {"term_of_validity"})]
    term = body.get("term_of_validity")
    if not is_int(term) or not 1 <= term <= 5:
        problems.append("term_of_validity: must be an integer between 1 and 5 (years)")
    _raise(problems)
    return int(term)  # type: ignore[arg-type]


def validate_sgw(body: dict[str, Any], cluster: dict[str, Any]) -> dict[str, str]:
    """Service gateway change: only a gateway type set at creation can be changed."""
    problems = [f"{key}: unknown field" for key in unknown_fields(body, {"ncr_sgw", "obs_sgw"})]
    # A null value means "not changed", so a client may send both keys every time.
    present = [key for key in ("ncr_sgw", "obs_sgw") if body.get(key) is not None]
    if not present:
        problems.append("ncr_sgw: at least one of ncr_sgw and obs_sgw is required")
    for key in present:
        fields.check_uuid(key, body[key], problems)
        if key not in cluster["labels"]:
            problems.append(
                f"{key}: the cluster was created without a {key[:3].upper()} service gateway"
            )
    _raise(problems)
    return {key: body[key] for key in present}

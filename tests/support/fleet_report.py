"""A fleet of thirteen clusters over the four providers of the emulator, for the fleet report's tests.

Created through the providers' create APIs (ECNS through the emulator's preload route, its API
having no create), with differing versions, sizes and settings so that every figure of the
report has more than one value: NKS on four Kubernetes versions with an autoscaler and an IP
ACL on one cluster, deployme in three sizes, ITCare on three products, ECNS of three sizes.
"""

from __future__ import annotations

from typing import Any

from support.harness import Cloud
from support.inventory import (
    ITCARE_CLUSTER,
    ITCARE_NETWORKS,
    NKS_CLUSTER,
    NKS_NODEGROUP,
    deployme_entry,
    ecns_entry,
    itcare_entry,
    nks_entry,
    seed_ecns,
)

# name: (kube_tag, default workers, extra node groups, certificate years)
NKS_FLEET = {
    "nks-web": ("v1.29.3", 3, {"gpu": 1}, 5),
    "nks-api": ("v1.30.3", 2, {}, 3),
    "nks-legacy": ("v1.27.3", 1, {}, 1),
    "nks-batch": ("v1.28.3", 4, {}, 2),
}
# name: (control planes, workers, node size)
DEPLOYME_FLEET = {"dm-prod": (3, 3, "large"), "dm-stage": (1, 2, "medium"), "dm-dev": (1, 1, "small")}
# name: (product, nodes)
ITCARE_FLEET = {"it-prod": ("KUBERNETES_1_31", 5), "it-qa": ("KUBERNETES_1_29", 3), "it-dev": ("KUBERNETES_1_30", 3)}
# ecns-east and ecns-west are the emulator's own; one more is preloaded.
ECNS_FLEET = {"ecns-prod": 3}
AUTOSCALED = ("nks-web", "default-worker", 2, 6)
IP_ACL = ("nks-web", {"enable": "true", "action": "ALLOW", "ipacl_targets": [{"cidr_address": "203.0.113.0/24"}]})


def create_fleet(cloud: Cloud) -> dict[str, str]:
    """Reset the emulator and create the fleet; the clusters' ids (ECNS: API addresses) by name."""
    cloud.reset()
    ids: dict[str, str] = {}
    for name, (version, workers, groups, years) in NKS_FLEET.items():
        labels = {**NKS_CLUSTER["labels"], "kube_tag": version, "term_of_validity": str(years)}
        answer = cloud.nks(
            "POST", "/v1/clusters", json={**NKS_CLUSTER, "labels": labels, "name": name, "node_count": workers}
        )
        answer.raise_for_status()
        ids[name] = answer.json()["uuid"]
        for group, count in groups.items():
            cloud.nks("GET", f"/v1/clusters/{ids[name]}")  # settles the creation before the group is added
            body = {**NKS_NODEGROUP, "name": group, "node_count": count}
            cloud.nks("POST", f"/v1/clusters/{ids[name]}/nodegroups", json=body).raise_for_status()
    for name, (control_planes, workers, size) in DEPLOYME_FLEET.items():
        body = {"name": name, "control_planes": control_planes, "workers": workers, "node_size": size}
        answer = cloud.deployme("POST", "/v1/clusters", json=body)
        answer.raise_for_status()
        ids[name] = answer.json()["id"]
    for number, (name, (product, nodes)) in enumerate(ITCARE_FLEET.items()):
        network = ITCARE_NETWORKS[number % len(ITCARE_NETWORKS)]
        body = {**ITCARE_CLUSTER, "name": name, "instanceCount": nodes, "networkId": network, "productCode": product}
        answer = cloud.itcare("POST", "/compute/containers/kubernetes", json=body)
        answer.raise_for_status()
        ids[name] = str(answer.json()["resourceId"])
    ids.update(seed_ecns(cloud, ECNS_FLEET))
    cluster, group, low, high = AUTOSCALED
    cloud.nks("GET", f"/v1/clusters/{ids[cluster]}")  # settles the node groups' creation
    body = {"ca_enable": "true", "ca_min_node_count": str(low), "ca_max_node_count": str(high)}
    cloud.nks("POST", f"/v1/clusters/{ids[cluster]}/nodegroups/{group}/autoscale", json=body).raise_for_status()
    cluster, acl = IP_ACL
    cloud.nks("GET", f"/v1/clusters/{ids[cluster]}")
    cloud.nks("POST", f"/v1/clusters/{ids[cluster]}/api_ep_ipacl", json=acl).raise_for_status()
    return ids


def connections(url: str) -> dict[str, dict[str, Any]]:
    """``fleet_report_connections`` for the emulator: the inventory entries' connection options."""
    return {entry["provider"]: {k: v for k, v in entry.items() if k != "provider"} for entry in entries(url)}


def entries(url: str) -> list[dict[str, Any]]:
    return [nks_entry(url), deployme_entry(url), itcare_entry(url), ecns_entry(url)]

#!/usr/bin/python
# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Read managed Kubernetes clusters without changing anything."""

from __future__ import annotations

DOCUMENTATION = r"""
module: k8s_cluster_info
short_description: List managed Kubernetes clusters or read one
version_added: 0.1.0
description:
  - Returns one cluster by name or id, or every cluster of the account, in the portable view
    that M(kaas.cloud.k8s_cluster) returns.
  - Every page of the provider's list is read.
author:
  - kaas.cloud developers (@kaas-cloud)
extends_documentation_fragment:
  - kaas.cloud.connection
  - kaas.cloud.itcare_cluster.info
  - kaas.cloud.attributes.info_module
options:
  name:
    description:
      - Name of the cluster to read. Fails when several clusters share the name, naming their ids.
    type: str
  id:
    description:
      - Provider id of the cluster to read.
    type: str
  status:
    description:
      - Only clusters in this provider status (deployme V(provisioning), V(running), V(scaling),
        V(upgrading), V(error), V(deleting); NKS for example V(CREATE_COMPLETE), V(UPDATE_IN_PROGRESS),
        matched case-insensitively by the module since the NKS API has no filter; ITCare for example
        V(ACTIVE), V(UPDATING), sent as ITCare's C(statuses) filter).
        Ignored when O(name) or O(id) is given.
    type: str
  include:
    description:
      - Extra information to read, each at the cost of more requests (without it, one list plus one
        read per cluster on NKS).
      - V(events) adds each cluster's task history as C(nks.events) (NKS, every page of
        C(GET /v1/clusters/{uuid}/events), oldest first).
      - V(supported_versions) adds RV(supported_versions) (NKS, C(GET /v1/supports); ITCare, its Kubernetes
        products, C(GET /compute/platform/products)).
      - V(nodes), V(networks) and V(metrics) add each cluster's node list, networks, and
        C(az-distribution)/C(dc-distribution) metrics to its C(itcare) view (ITCare, one more request each).
      - Providers that cannot give one fail before any request, naming those that can.
    type: list
    elements: str
    choices: [events, supported_versions, nodes, networks, metrics]
    default: []
seealso:
  - module: kaas.cloud.k8s_cluster
"""

EXAMPLES = r"""
- name: Every running deployme cluster
  kaas.cloud.k8s_cluster_info:
    provider: deployme
    status: running
  register: running

- name: One cluster by name
  kaas.cloud.k8s_cluster_info:
    provider: deployme
    name: production
  register: prod

- name: An NKS cluster with its task history, and the versions NKS offers
  kaas.cloud.k8s_cluster_info:
    provider: nks
    name: production
    include: [events, supported_versions]
  register: nks_prod

- name: ITCare HA clusters of two services, with their nodes and networks
  kaas.cloud.k8s_cluster_info:
    provider: itcare
    itcare:
      services: [123, 124]
      topologies: [HA]
    include: [nodes, networks]
  register: ha_clusters
"""

RETURN = r"""
clusters:
  description:
    - The clusters found, in the portable view (see the C(cluster) return value of
      M(kaas.cloud.k8s_cluster)); empty when none matched.
  returned: always
  type: list
  elements: dict
  sample:
    - provider: deployme
      id: cls_abc123
      name: production
      status: running
      version: v1.31.0
      node_count: 5
      node_size: large
      endpoint: https://cls-abc123.k8s.deployme.cloud:6443
      created_at: "2026-03-01T10:00:00Z"
      updated_at: "2026-03-01T10:05:00Z"
      deployme:
        control_planes: 3
        phase: managed
        infra_id: null
        total_nodes: 8
  contains:
    nks:
      description:
        - NKS attributes (see M(kaas.cloud.k8s_cluster)); with O(include=[events]) also C(events).
      type: dict
      returned: when provider is nks
      contains:
        events:
          description:
            - The cluster's task history, oldest first; each with C(id), C(uuid), C(type)
              (for example V(CLUSTER_CREATE), V(NODEGROUP_UPGRADE)), C(state) (V(IN_PROGRESS), V(SUCCESS),
              V(FAIL)), C(resource_type), C(resource_name), C(resource_uuid), C(contents) (the error of a
              failed task), C(created_at) and C(updated_at) (end time).
          type: list
          elements: dict
          returned: when O(include) has V(events)
supported_versions:
  description:
    - The Kubernetes versions the provider lists, oldest first. C(usable) is V(false) for versions that
      existing clusters may still run but new clusters and upgrades may not use.
    - ITCare lists product versions (V(1.30), whose patch ITCare chooses); each is an upgrade target.
  returned: when O(include) has V(supported_versions)
  type: list
  elements: dict
  sample:
    - version: v1.29.3
      usable: true
  contains:
    version:
      description: A Kubernetes version, V(v1.29.3) (ITCare V(1.29)).
      type: str
    usable:
      description: Whether new clusters and upgrades may use it.
      type: bool
"""

from ansible_collections.kaas.cloud.plugins.module_utils.arguments import resource_argument_spec
from ansible_collections.kaas.cloud.plugins.module_utils.info_runner import report_resources
from ansible_collections.kaas.cloud.plugins.module_utils.providers.itcare import options as itcare_options


def main() -> None:
    spec = resource_argument_spec(
        name={"type": "str"},
        id={"type": "str"},
        status={"type": "str"},
        include={
            "type": "list",
            "elements": "str",
            "choices": ["events", "supported_versions", "nodes", "networks", "metrics"],
            "default": [],
        },
        itcare=itcare_options.cluster_info_options(),
    )
    report_resources(
        "cluster",
        "clusters",
        spec,
        filters=("status",),
        include="include",
        blocks=("itcare",),
        mutually_exclusive=[("name", "id")],
    )


if __name__ == "__main__":
    main()

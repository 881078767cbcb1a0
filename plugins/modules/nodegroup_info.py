#!/usr/bin/python
# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Read the worker node groups of a managed Kubernetes cluster without changing anything."""

from __future__ import annotations

DOCUMENTATION = r"""
module: nodegroup_info
short_description: List the worker node groups of a cluster or read one
version_added: 0.1.0
description:
  - Returns one node group by name or id, or every worker node group of a cluster, in the portable
    view that M(kaas.cloud.nodegroup) returns.
  - Every page of the provider's list is read, and each group is read in full (one request per group).
  - On NKS the control plane (V(default-master)) is not a node group and is not listed.
  - On ITCare, which has no node-group object, the groups are those M(kaas.cloud.nodegroup) manages, the cluster's
    nodes grouped by zone and sizing, ingress nodes apart (V(eb-a-2cpu4gb), V(eb-b-2cpu4gb-ingress)); the whole
    list costs one request for the cluster's nodes.
  - Fails when the cluster does not exist (an empty list would hide a typo in O(cluster)).
author:
  - kaas.cloud developers (@kaas-cloud)
extends_documentation_fragment:
  - kaas.cloud.connection
  - kaas.cloud.cluster_member
  - kaas.cloud.attributes.info_module
options:
  name:
    description:
      - Name of the node group to read.
    type: str
  id:
    description:
      - Provider id of the node group to read.
    type: str
seealso:
  - module: kaas.cloud.nodegroup
"""

EXAMPLES = r"""
- name: Every worker node group of a cluster
  kaas.cloud.nodegroup_info:
    provider: nks
    cluster: production
  register: groups

- name: One node group
  kaas.cloud.nodegroup_info:
    provider: nks
    cluster: production
    name: default-worker
  register: default_worker
"""

RETURN = r"""
nodegroups:
  description:
    - The node groups found, in the portable view (see the C(nodegroup) return value of
      M(kaas.cloud.nodegroup)); empty when the named one does not exist.
  returned: always
  type: list
  elements: dict
  sample:
    - provider: nks
      id: 018b06c5-1293-4081-8242-167a1cb9f262
      name: default-worker
      cluster: production
      cluster_id: 96742ac4-02e7-4b1d-a242-02876c0bd3f8
      status: UPDATE_COMPLETE
      version: v1.28.3
      node_count: 2
      node_size: 069bdcff-e9b6-42c8-83ce-4c743ea30394
      created_at: "2021-10-23T10:06:19+00:00"
      updated_at: "2021-10-28T02:13:15+00:00"
      nks:
        node_image: 96aff4ab-d221-4688-8364-2fcf02d50547
        availability_zone: kr2-pub-b
        boot_volume_type: General HDD
        boot_volume_size: 20
        stopped_nodes: null
        autoscaler_enabled: false
"""

from ansible_collections.kaas.cloud.plugins.module_utils.arguments import resource_argument_spec
from ansible_collections.kaas.cloud.plugins.module_utils.info_runner import report_resources


def main() -> None:
    spec = resource_argument_spec(cluster={"type": "str", "required": True}, name={"type": "str"}, id={"type": "str"})
    report_resources("nodegroup", "nodegroups", spec, mutually_exclusive=[("name", "id")])


if __name__ == "__main__":
    main()

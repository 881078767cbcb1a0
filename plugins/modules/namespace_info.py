#!/usr/bin/python
# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Read the namespaces of the ECNS project, with their PSP, quota and users."""

from __future__ import annotations

DOCUMENTATION = r"""
module: namespace_info
short_description: List the Kubernetes namespaces of the ECNS project, with quota, PSP and users
version_added: 0.1.0
description:
  - Returns one namespace of a cluster by name, or the namespaces of every cluster of the project (of one
    cluster, of one cluster type, of one business type), in the view that M(kaas.cloud.namespace) returns.
    Only provider V(ecns) has namespaces.
  - The list costs one request; O(include=[quota_usage]) adds one per namespace.
author:
  - kaas.cloud developers (@kaas-cloud)
extends_documentation_fragment:
  - kaas.cloud.connection
  - kaas.cloud.ecns_scope.project
  - kaas.cloud.attributes.info_module
options:
  name:
    description:
      - Name of one namespace; needs O(cluster).
    type: str
  cluster:
    description:
      - Only the namespaces of this cluster.
    type: str
  cluster_type:
    description:
      - Only the namespaces of the clusters of this type; V(PROJECT_ALL) and V(CLOUD_ALL) list every cluster.
    type: str
    choices: [EOS, EKS, EHOS, PROJECT_ALL, CLOUD_ALL]
  business_type:
    description:
      - Only the namespaces that serve this business type (ECNS list filter C(business_type)).
    type: str
    choices: [SecurityContainer, HybridOrchestration, Normal, User, Controller]
  include:
    description:
      - V(quota_usage) adds C(ecns.quota_usage) to each namespace, the limits (C(hard), V(-1) for none) and what
        the namespace uses (C(used)) of each quota item.
    type: list
    elements: str
    choices: [quota_usage]
    default: []
seealso:
  - module: kaas.cloud.namespace
"""

EXAMPLES = r"""
- name: Every namespace of the project
  kaas.cloud.namespace_info:
    provider: ecns
  register: namespaces

- name: The namespaces of one cluster, with what they use of their quota
  kaas.cloud.namespace_info:
    provider: ecns
    cluster: ecns-east
    include: [quota_usage]
  register: east_namespaces
"""

RETURN = r"""
namespaces:
  description:
    - The namespaces found (see the C(namespace) return value of M(kaas.cloud.namespace)); empty when none
      matches.
  returned: always
  type: list
  elements: dict
  contains:
    ecns:
      description: With O(include=[quota_usage]), C(quota_usage) of the namespace.
      returned: when O(include) is given
      type: dict
      contains:
        quota_usage:
          description:
            - C(hard), the limit of each quota item (V(-1) for none), and C(used), what the namespace uses of
              each.
          type: dict
          sample: {hard: {pods: 50, secrets: -1}, used: {pods: 2, secrets: 1}}
  sample:
    - name: team-a
      product_type: eks
      cluster: ecns-east
      cluster_type: EKS
      business_type: null
      domain: Default
      project: demo
      project_id: demo
      psp: Limited
      quota: {pods: 50}
      users: []
      roles: [Developer]
      status: Active
      creation_time: "2026-03-01T10:00:00Z"
      ecns:
        quota_usage:
          hard: {pods: 50, secrets: -1}
          used: {pods: 2, secrets: 1}
"""

from ansible_collections.kaas.cloud.plugins.module_utils.arguments import resource_argument_spec
from ansible_collections.kaas.cloud.plugins.module_utils.info_runner import report_resources
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns import options as ecns_options
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.namespace import CLUSTER_TYPES


def main() -> None:
    spec = resource_argument_spec(
        name={"type": "str"},
        cluster={"type": "str"},
        cluster_type={"type": "str", "choices": list(CLUSTER_TYPES)},
        business_type={
            "type": "str",
            "choices": ["SecurityContainer", "HybridOrchestration", "Normal", "User", "Controller"],
        },
        include={"type": "list", "elements": "str", "choices": ["quota_usage"], "default": []},
        **ecns_options.ecns_scope_spec(namespaced=False),
    )
    filters = ("cluster_type", "business_type")
    report_resources("namespace", "namespaces", spec, filters, include="include", scope=("cluster", "product_type"))


if __name__ == "__main__":
    main()

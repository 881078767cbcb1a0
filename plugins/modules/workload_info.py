#!/usr/bin/python
# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Read Kubernetes workloads (ECNS) with their status, pods, revisions and events."""

from __future__ import annotations

DOCUMENTATION = r"""
module: workload_info
short_description: Read Kubernetes workloads with status, pods, revisions and events
version_added: 0.1.0
description:
  - Returns one workload, the workloads of a name, or every workload of a namespace, each with its status,
    pods, revisions, conditions and events. Only provider V(ecns) (EasyStack ECNS) has workloads.
  - Sends only reads; the namespace switch that selects O(cluster) and O(namespace) changes no resource.
author:
  - kaas.cloud developers (@kaas-cloud)
extends_documentation_fragment:
  - kaas.cloud.connection
  - kaas.cloud.ecns_scope
  - kaas.cloud.attributes.info_module
options:
  name:
    description:
      - Name of the workload. With O(type), one detail request; without it, every type of that name.
      - Omitted, every workload of the namespace (of O(type) if given), over every page of the list.
    type: str
  type:
    description: Only workloads of this kind.
    type: str
    choices: [Deployment, StatefulSet, DaemonSet]
"""

EXAMPLES = r"""
- name: Every Deployment of the namespace
  kaas.cloud.workload_info:
    provider: ecns
    cluster: ecns-east
    namespace: apps
    type: Deployment
  register: deployments

- name: One workload with its revisions and events
  kaas.cloud.workload_info:
    provider: ecns
    cluster: ecns-east
    namespace: apps
    name: web
    type: Deployment
  register: web
"""

RETURN = r"""
workloads:
  description:
    - The workloads found, each as the C(workload) return value of M(kaas.cloud.workload) (with C(status),
      C(ready_replicas), C(pods), C(revisions), C(conditions) and C(events)); empty when none matched.
  returned: always
  type: list
  elements: dict
  sample:
    - name: web
      type: Deployment
      cluster: ecns-east
      namespace: apps
      product_type: eks
      replicas: 2
      status: Running
      ready_replicas: 2
      running: true
      revision: 2
      images: ["nginx:1.26"]
      labels: {tier: web}
      pods:
        - name: web-5d1c0b7e2a-00000
          status: Running
      revisions:
        - version: 1
          creation_time: "2026-03-01T10:00:00Z"
        - version: 2
          creation_time: "2026-03-01T10:05:00Z"
      events:
        - type: Normal
          reason: RolloutComplete
          message: 2 of 2 pods are ready
          update_time: "2026-03-01T10:05:20Z"
"""

from ansible_collections.kaas.cloud.plugins.module_utils.info_runner import create_module
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns import options as ecns_options
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.workload_listing import list_workloads


def main() -> None:
    spec = ecns_options.ecns_info_spec(type=ecns_options.str_option(choices=ecns_options.WORKLOAD_TYPES))
    list_workloads(create_module(spec, supports_check_mode=True))


if __name__ == "__main__":
    main()

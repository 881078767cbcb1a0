#!/usr/bin/python
# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Read the pods of a namespace of an ECNS cluster."""

from __future__ import annotations

DOCUMENTATION = r"""
module: pod_info
short_description: List the Kubernetes pods of a namespace (ECNS)
version_added: 0.1.0
description:
  - Returns every pod of a namespace of an ECNS cluster with its status (ECNS API reference, 1.16 容器组),
    or one pod by name with its containers, conditions and events. Only provider V(ecns) has pods.
author:
  - kaas.cloud developers (@kaas-cloud)
extends_documentation_fragment:
  - kaas.cloud.connection
  - kaas.cloud.ecns_scope
  - kaas.cloud.attributes.info_module
options:
  name:
    description:
      - Name of one pod, to read its detail. Without it, every pod of the namespace is returned (no detail).
    type: str
seealso:
  - module: kaas.cloud.workload_info
"""

EXAMPLES = r"""
- name: Every pod of the namespace
  kaas.cloud.pod_info:
    provider: ecns
    cluster: ecns-east
    namespace: default
  register: pods

- name: One pod with its containers, conditions and events
  kaas.cloud.pod_info:
    provider: ecns
    cluster: ecns-east
    name: "{{ pods.pods[0].name }}"
  register: first_pod

- name: Pods that are not running
  ansible.builtin.debug:
    msg: "{{ pods.pods | rejectattr('status', 'equalto', 'Running') | map(attribute='name') }}"
"""

RETURN = r"""
pods:
  description: The pods found; empty when none matches.
  returned: always
  type: list
  elements: dict
  contains:
    name:
      description: Name of the pod.
      type: str
      sample: web-5f7c9d8b6c-00000
    cluster:
      description: ECNS cluster.
      type: str
    namespace:
      description: Namespace.
      type: str
    product_type:
      description: ECNS product of the API path.
      type: str
    status:
      description: Phase of the pod (C(Running), C(Pending), C(Failed), C(Terminating)...).
      type: str
      sample: Running
    pod_ip:
      description: Address of the pod.
      type: str
    host_ip:
      description: Address of the node that runs it.
      type: str
    images:
      description: Images of its containers (C(image:version)).
      type: list
      elements: str
    labels:
      description: Labels.
      type: dict
    restart_count:
      description: Restarts of the pod, as ECNS reports it (text).
      type: str
    creation_time:
      description: When the pod was created.
      type: str
    containers:
      description: Containers with their C(container_statuses). With O(name) only.
      type: list
      elements: dict
      returned: when O(name) is set
    restart_policy:
      description: Restart policy. With O(name) only.
      type: str
      returned: when O(name) is set
    conditions:
      description: Kubernetes conditions (C(type), C(status), C(update_time)). With O(name) only.
      type: list
      elements: dict
      returned: when O(name) is set
    events:
      description: Events of the pod, newest first. With O(name) only.
      type: list
      elements: dict
      returned: when O(name) is set
"""

from ansible_collections.kaas.cloud.plugins.module_utils.info_runner import report_resources
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns import options as ecns_options


def main() -> None:
    spec = ecns_options.ecns_info_spec()
    report_resources("pod", "pods", spec, filters=(), scope=ecns_options.ECNS_SCOPE_OPTIONS)


if __name__ == "__main__":
    main()

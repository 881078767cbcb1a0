#!/usr/bin/python
# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Create, change and delete a Kubernetes service of an ECNS cluster."""

from __future__ import annotations

DOCUMENTATION = r"""
module: service
short_description: Manage a Kubernetes service in front of a workload (ECNS)
version_added: 0.1.0
description:
  - Creates, changes and deletes a service (ECNS 访问方式, an access mode) of a namespace of an ECNS cluster
    through the ECNS container API (ECNS API reference, 1.19 服务). Only provider V(ecns) has services.
  - A service sends traffic to one workload (O(target_workload)). Options left unset keep their current
    value; ECNS keeps the cluster IP, and the node port of every port the task keeps.
  - A LoadBalancer service owns an Octavia load balancer whose flavor, zone and subnet must be checked
    against ECNS's look-ups; manage it with M(kaas.cloud.load_balancer) (provider V(ecns)). This module refuses to
    change an existing LoadBalancer service, but can turn it into another type.
  - The services that workloads made from their access modes are listed too, but ECNS changes them only
    through the workload (M(kaas.cloud.workload) option C(access_modes)).
author:
  - kaas.cloud developers (@kaas-cloud)
extends_documentation_fragment:
  - kaas.cloud.connection
  - kaas.cloud.ecns_scope
  - kaas.cloud.attributes
options:
  name:
    description:
      - Name of the service; at most 63 lower-case letters, digits or C(-).
    type: str
    required: true
  state:
    description:
      - V(present) creates the service or changes it; V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
  type:
    description:
      - Kind of service (access mode). Required to create one.
    type: str
    choices: [ClusterIP, NodePort, ExternalName]
  target_workload:
    description:
      - Name of the workload the service sends traffic to; it must exist in the namespace. Required to create.
    type: str
  workload_type:
    description:
      - Kind of O(target_workload). ECNS's default when creating is V(Deployment).
    type: str
    choices: [Deployment, StatefulSet, DaemonSet]
  ports:
    description:
      - Ports of the service (ECNS C(access)). Required to create a service other than V(ExternalName).
      - Compared by what is set, so a port that ECNS completed (its node port, the default protocol and target
        port) counts as unchanged.
    type: list
    elements: dict
    suboptions:
      port:
        description: Port of the service, 1 to 65535.
        type: int
        required: true
      target_port:
        description: Port of the containers; ECNS uses O(ports[].port) when unset.
        type: int
      protocol:
        description: Protocol; ECNS's default is V(TCP).
        type: str
        choices: [TCP, UDP]
      node_port:
        description:
          - Port opened on every node (30000 to 32767), for V(NodePort) only. ECNS picks a free one when unset;
            a port another service of the cluster holds is refused before any change.
        type: int
  external_name:
    description:
      - Domain name the service stands for; required with O(type=ExternalName) and only then.
    type: str
  cluster_ip:
    description:
      - Cluster IP to ask for at creation; ECNS assigns one when unset. Kubernetes never changes it afterwards.
    type: str
  annotations:
    description:
      - Annotations of the service, compared as a whole.
    type: dict
  labels:
    description:
      - Labels of the service, compared as a whole. Values must be text.
    type: dict
seealso:
  - module: kaas.cloud.service_info
  - module: kaas.cloud.load_balancer
  - module: kaas.cloud.ingress
  - module: kaas.cloud.workload
"""

EXAMPLES = r"""
- name: A cluster-internal service in front of the web workload
  kaas.cloud.service:
    provider: ecns
    cluster: ecns-east
    namespace: default
    name: web-internal
    type: ClusterIP
    target_workload: web
    ports:
      - port: 80
        target_port: 8080
    labels:
      app: web

- name: Open it on every node instead
  kaas.cloud.service:
    provider: ecns
    cluster: ecns-east
    name: web-internal
    type: NodePort

- name: Remove it
  kaas.cloud.service:
    provider: ecns
    cluster: ecns-east
    name: web-internal
    state: absent
"""

RETURN = r"""
service:
  description: The service after the task; empty when it is absent.
  returned: always
  type: dict
  contains:
    name:
      description: Name of the service.
      type: str
      sample: web-internal
    cluster:
      description: ECNS cluster.
      type: str
      sample: ecns-east
    namespace:
      description: Namespace.
      type: str
      sample: default
    product_type:
      description: ECNS product of the API path.
      type: str
      sample: eks
    type:
      description: Kind of service.
      type: str
      sample: NodePort
    target_workload:
      description: Workload the service sends traffic to.
      type: str
      sample: web
    workload_type:
      description: Kind of that workload.
      type: str
      sample: Deployment
    ports:
      description: Ports with what ECNS completed (C(node_port), C(protocol), C(target_port)).
      type: list
      elements: dict
      sample: [{port: 80, target_port: 8080, protocol: TCP, node_port: 30001}]
    cluster_ip:
      description: Cluster IP (none for an ExternalName service).
      type: str
      sample: 10.97.0.11
    external_name:
      description: Domain name of an ExternalName service.
      type: str
    public_ips:
      description: Addresses a NodePort answers on from outside (the masters'), or a load balancer's floating IP.
      type: list
      elements: str
    private_ips:
      description: Internal addresses of the nodes, for a NodePort service.
      type: list
      elements: str
    annotations:
      description: Annotations.
      type: dict
    labels:
      description: Labels.
      type: dict
      sample: {app: web}
    load_balancer:
      description:
        - For a LoadBalancer service, its Octavia load balancer (C(id), C(name), C(vip_address),
          C(provisioning_status)); null otherwise. See M(kaas.cloud.load_balancer).
      type: dict
    creation_time:
      description: When ECNS created the service.
      type: str
      sample: "2026-03-01T10:00:00Z"
"""

from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns import options as ecns_options
from ansible_collections.kaas.cloud.plugins.module_utils.runner import manage_resource


def main() -> None:
    options = ecns_options.service_options()
    manage_resource("service", ecns_options.ecns_object_spec(options), ecns_options.ecns_object_options(options))


if __name__ == "__main__":
    main()

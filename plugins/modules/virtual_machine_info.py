#!/usr/bin/python
# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Read the VM workloads (hybrid orchestration) of a namespace of an ECNS cluster."""

from __future__ import annotations

DOCUMENTATION = r"""
module: virtual_machine_info
short_description: List the VM workloads of hybrid applications (ECNS)
version_added: 0.1.0
description:
  - Returns one VM workload by name, or every VM workload of the namespace, with its virtual machine instances,
    flavor, network and load balancer (ECNS API reference, 1.8 混合编排). Only provider V(ecns) has them.
  - VM workloads are created and deleted with their V(Hybrid) application (M(kaas.cloud.application)).
author:
  - kaas.cloud developers (@kaas-cloud)
extends_documentation_fragment:
  - kaas.cloud.connection
  - kaas.cloud.attributes.info_module
options:
  name:
    description: Name of one VM workload. Without it, every VM workload of the namespace is returned.
    type: str
  cluster:
    description:
      - Name of the ECNS cluster. The module selects O(cluster) and O(namespace) with the namespace switch call
        (a read) before its first call.
    type: str
    required: true
  namespace:
    description: Kubernetes namespace.
    type: str
    default: default
  product_type:
    description: ECNS product of the API path; VM workloads belong to the hybrid orchestration product only.
    type: str
    choices: [hybrid]
    default: hybrid
seealso:
  - module: kaas.cloud.application
"""

EXAMPLES = r"""
- name: Every VM workload of the namespace
  kaas.cloud.virtual_machine_info:
    provider: ecns
    cluster: ecns-east
    namespace: default
  register: vms

- name: The instances of one VM workload
  kaas.cloud.virtual_machine_info:
    provider: ecns
    cluster: ecns-east
    name: db
  register: db
"""

RETURN = r"""
virtual_machines:
  description: The VM workloads found; empty when none matches.
  returned: always
  type: list
  elements: dict
  contains:
    name:
      description: Name of the VM workload.
      type: str
      sample: db
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
      sample: hybrid
    application:
      description: Name of the application it belongs to (null once that application was deleted without cascade).
      type: str
      sample: shop
    replicas:
      description: Number of virtual machines.
      type: int
      sample: 2
    status:
      description: C(BUILD) while the machines boot, then C(ACTIVE).
      type: str
      sample: ACTIVE
    image:
      description: Boot image (or snapshot, or volume).
      type: str
      sample: ubuntu-22.04
    flavor:
      description: CPU, memory and disk of each machine, with their units.
      type: dict
      sample: {cpu: 2C, memory: 4GiB, disk: 40GiB}
    vm_network:
      description: Network and subnet of the machines.
      type: dict
      sample: {network_name: app-net, network_id: 6f0c1f4e, subnet_name: app-subnet, subnet_id: 7a1d2e5f}
    loadbalancer:
      description: Load balancer in front of the machines, with its status.
      type: dict
      sample: {name: db-lb, internal_ip: 192.168.10.5, status: ACTIVE, access: [{port: 5432, protocol: TCP}]}
    instances:
      description: The virtual machines (name, id, status, image, internal_ip, flavor, creation_time).
      type: list
      elements: dict
      sample:
        - {name: db-0, id: 0b6c1d2e-0000-4000-8000-000000000000, status: ACTIVE, internal_ip: 192.168.3.10}
    creation_time:
      description: When ECNS created the VM workload.
      type: str
      sample: "2026-03-01T10:00:00Z"
"""

from ansible_collections.kaas.cloud.plugins.module_utils.arguments import resource_argument_spec
from ansible_collections.kaas.cloud.plugins.module_utils.info_runner import report_resources
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns import options as ecns_options


def main() -> None:
    spec = resource_argument_spec(
        name={"type": "str"},
        cluster={"type": "str", "required": True},
        namespace={"type": "str", "default": "default"},
        # Virtual machines are parts of Hybrid applications, which only the hybrid product has.
        product_type={"type": "str", "choices": ["hybrid"], "default": "hybrid"},
    )
    report_resources("virtual_machine", "virtual_machines", spec, scope=ecns_options.ECNS_SCOPE_OPTIONS)


if __name__ == "__main__":
    main()

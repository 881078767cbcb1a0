#!/usr/bin/python
# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Read the load balancers of a managed Kubernetes cluster."""

from __future__ import annotations

DOCUMENTATION = r"""
module: load_balancer_info
short_description: List the load balancers of a managed Kubernetes cluster
version_added: 0.1.0
description:
  - Returns the load balancers of one cluster, or one of them by name (ITCare URL) or id, in the view that
    M(kaas.cloud.load_balancer) returns. Providers V(itcare) (custom load balancers) and V(ecns) (the LoadBalancer
    services of a namespace, with their Octavia load balancers).
  - For ECNS, O(include=[look_ups]) also returns what a new load balancer may use (ECNS API reference,
    1.23 独享型负载均衡).
author:
  - kaas.cloud developers (@kaas-cloud)
extends_documentation_fragment:
  - kaas.cloud.connection
  - kaas.cloud.cluster_member
  - kaas.cloud.attributes.info_module
options:
  name:
    description:
      - URL (or ITCare name) of the load balancer to read; ECNS - name of the service.
    type: str
    aliases: [url]
  id:
    description:
      - Provider id of the load balancer to read (ECNS - the Octavia load balancer's id).
    type: str
  namespace:
    description:
      - ECNS only. Namespace of the services; V(default) when unset.
    type: str
  product_type:
    description:
      - ECNS only. ECNS product of the API path; V(eks) when unset.
    type: str
    choices: [eks, hybrid, security]
  include:
    description:
      - ECNS only. V(look_ups) adds RV(look_ups) (six more requests, one per look-up).
    type: list
    elements: str
    choices: [look_ups]
    default: []
seealso:
  - module: kaas.cloud.load_balancer
"""

EXAMPLES = r"""
- name: Every load balancer of a cluster
  kaas.cloud.load_balancer_info:
    provider: itcare
    cluster: production
  register: balancers

- name: One by its URL
  kaas.cloud.load_balancer_info:
    provider: itcare
    cluster: production
    name: https://www.shop.example.com
  register: shop

- name: The ECNS load balancers of a namespace, and what a new one may use
  kaas.cloud.load_balancer_info:
    provider: ecns
    cluster: ecns-east
    namespace: default
    include: [look_ups]
  register: ecns_balancers
"""

RETURN = r"""
load_balancers:
  description:
    - The load balancers found (see the C(load_balancer) return value of M(kaas.cloud.load_balancer)); empty when
      none matched.
  returned: always
  type: list
  elements: dict
  sample:
    - provider: itcare
      id: "20001"
      name: shop.example.com
      cluster: production
      status: ACTIVE
      created_at: "2026-03-01T10:00:00Z"
      itcare:
        url: https://www.shop.example.com
        profile_name: https
        healthcheck: http
        port_members: "80,443"
        ip_address: 10.59.13.20
look_ups:
  description:
    - ECNS - what a new load balancer may use, as ECNS's look-ups answer (ECNS API reference, 1.23 独享型负载均衡).
  returned: when O(include) has V(look_ups)
  type: dict
  contains:
    availability_zones:
      description: Zones, each C(name) and C(state.available).
      type: list
      elements: dict
    flavors:
      description: Nova flavors (C(id), C(name), C(vcpus), C(ram), C(is_disabled), C(is_recommend), ...).
      type: list
      elements: dict
    subnets:
      description: Subnets connected to a router, of every project (C(id), C(name), C(cidr), ...).
      type: list
      elements: dict
    replicas_limit:
      description: Most amphorae of a multi-active (C(ACTIVE_ACTIVE)) load balancer.
      type: int
      sample: 4
    octavia_installed:
      description: Whether Octavia serves the cluster.
      type: bool
    license:
      description: License quota of exclusive load balancers (C(available), C(delta) used, C(hard_limit), C(resource)).
      type: dict
      sample: {available: 3, delta: 1, hard_limit: 4, resource: loadbalancer}
"""

from ansible_collections.kaas.cloud.plugins.module_utils.arguments import resource_argument_spec
from ansible_collections.kaas.cloud.plugins.module_utils.info_runner import report_resources
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns import options as ecns_options


def main() -> None:
    spec = resource_argument_spec(
        cluster={"type": "str", "required": True},
        name={"type": "str", "aliases": ["url"]},
        id={"type": "str"},
        include={"type": "list", "elements": "str", "choices": ["look_ups"], "default": []},
        **ecns_options.ecns_optional_scope_spec(),
    )
    report_resources(
        "load_balancer",
        "load_balancers",
        spec,
        include="include",
        scope=ecns_options.ECNS_SCOPE_OPTIONS,
        mutually_exclusive=[("name", "id")],
    )


if __name__ == "__main__":
    main()

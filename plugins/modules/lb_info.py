#!/usr/bin/python
# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Read the custom load balancers of a managed Kubernetes cluster."""

from __future__ import annotations

DOCUMENTATION = r"""
module: lb_info
short_description: List the custom load balancers of a managed Kubernetes cluster
version_added: 0.1.0
description:
  - Returns the custom load balancers of one cluster, or one of them by URL or id, in the view that
    M(kaas.cloud.lb) returns. Provider C(itcare) only.
author:
  - kaas.cloud developers (@kaas-cloud)
extends_documentation_fragment:
  - kaas.cloud.connection
  - kaas.cloud.attributes.info_module
options:
  cluster:
    description:
      - Name or id of the cluster. The cluster must exist.
    type: str
    required: true
  name:
    description:
      - URL (or ITCare name) of the load balancer to read.
    type: str
    aliases: [url]
  id:
    description:
      - Provider id of the load balancer to read.
    type: str
seealso:
  - module: kaas.cloud.lb
"""

EXAMPLES = r"""
- name: Every load balancer of a cluster
  kaas.cloud.lb_info:
    provider: itcare
    cluster: production
  register: balancers

- name: One by its URL
  kaas.cloud.lb_info:
    provider: itcare
    cluster: production
    name: https://www.shop.example.com
  register: shop
"""

RETURN = r"""
load_balancers:
  description:
    - The load balancers found (see the C(load_balancer) return value of M(kaas.cloud.lb)); empty when
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
"""


from ansible_collections.kaas.cloud.plugins.module_utils.arguments import resource_argument_spec
from ansible_collections.kaas.cloud.plugins.module_utils.runner import create_module, list_resources


def main() -> None:
    spec = resource_argument_spec(
        cluster={"type": "str", "required": True},
        name={"type": "str", "aliases": ["url"]},
        id={"type": "str"},
    )
    module = create_module(spec, supports_check_mode=True, mutually_exclusive=[("name", "id")])
    list_resources(module, "load_balancer", "load_balancers", filters=(), scope=("cluster",))


if __name__ == "__main__":
    main()

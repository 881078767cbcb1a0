#!/usr/bin/python
# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Read the ingresses of a namespace of an ECNS cluster."""

from __future__ import annotations

DOCUMENTATION = r"""
module: ingress_info
short_description: List the Kubernetes ingresses of a namespace (ECNS)
version_added: 0.1.0
description:
  - Returns one ingress by name, or every ingress of the namespace (or those matching a selector), in the
    view that M(kaas.cloud.ingress) returns. Only provider V(ecns) has ingresses.
  - With O(include=[access]) it also returns the URIs the namespace's ingresses answer on (ECNS 路由access),
    at the cost of one more request.
author:
  - kaas.cloud developers (@kaas-cloud)
extends_documentation_fragment:
  - kaas.cloud.connection
  - kaas.cloud.ecns_scope
  - kaas.cloud.ecns_scope.info
  - kaas.cloud.attributes.info_module
options:
  selector:
    description:
      - Only the ingresses whose labels match (ECNS C(app_selector)); V(key=value) matches that label,
        a bare value matches the label C(app).
    type: str
  include:
    description:
      - V(access) adds RV(access), the URI of every router of the namespace.
    type: list
    elements: str
    choices: [access]
    default: []
seealso:
  - module: kaas.cloud.ingress
"""

EXAMPLES = r"""
- name: Every ingress of the namespace and the URIs they answer on
  kaas.cloud.ingress_info:
    provider: ecns
    cluster: ecns-east
    namespace: default
    include: [access]
  register: routes

- name: One ingress
  kaas.cloud.ingress_info:
    provider: ecns
    cluster: ecns-east
    name: shop
  register: shop
"""

RETURN = r"""
ingresses:
  description:
    - The ingresses found (see the C(ingress) return value of M(kaas.cloud.ingress)); empty when none matches.
  returned: always
  type: list
  elements: dict
  sample:
    - name: shop
      cluster: ecns-east
      namespace: default
      product_type: eks
      routers: [{domain: shop.example.com, path: /, target_service: web-internal, service_port: 80}]
      annotations: {}
      labels: {app: web}
      creation_time: "2026-03-01T10:00:00Z"
access:
  description:
    - URIs of every router of the namespace's ingresses; a router without a domain answers on the cluster's
      ingress address.
  returned: when O(include) has V(access)
  type: list
  elements: str
  sample: [http://shop.example.com/]
"""

from ansible_collections.kaas.cloud.plugins.module_utils.info_runner import report_resources
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns import options as ecns_options


def main() -> None:
    include = {"type": "list", "elements": "str", "choices": ["access"], "default": []}
    spec = ecns_options.ecns_info_spec(selector={"type": "str"}, include=include)
    scope = ecns_options.ECNS_SCOPE_OPTIONS
    report_resources("ingress", "ingresses", spec, filters=("selector",), include="include", scope=scope)


if __name__ == "__main__":
    main()

#!/usr/bin/python
# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Read the applications of a namespace of an ECNS cluster."""

from __future__ import annotations

DOCUMENTATION = r"""
module: application_info
short_description: List the applications of a namespace (ECNS)
version_added: 0.1.0
description:
  - Returns one application by name, or every application of one type in the namespace, each with the status
    of its workloads and VM workloads, in the view that M(kaas.cloud.application) returns. Only provider
    V(ecns) has applications.
author:
  - kaas.cloud developers (@kaas-cloud)
extends_documentation_fragment:
  - kaas.cloud.connection
  - kaas.cloud.ecns_scope
  - kaas.cloud.attributes.info_module
options:
  name:
    description:
      - Name of one application. Without it, every application of O(type) is returned (every page of the list).
    type: str
  type:
    description:
      - V(Normal) (container) or V(Hybrid) applications; ECNS lists one type at a time. V(Hybrid) applications
        are read with O(product_type=hybrid).
    type: str
    choices: [Normal, Hybrid]
    default: Normal
seealso:
  - module: kaas.cloud.application
"""

EXAMPLES = r"""
- name: Every container application of the namespace
  kaas.cloud.application_info:
    provider: ecns
    cluster: ecns-east
    namespace: default
  register: applications

- name: One hybrid application
  kaas.cloud.application_info:
    provider: ecns
    cluster: ecns-east
    product_type: hybrid
    type: Hybrid
    name: shop
  register: shop
"""

RETURN = r"""
applications:
  description:
    - The applications found (see the C(application) return value of M(kaas.cloud.application)); empty when none
      matches.
  returned: always
  type: list
  elements: dict
  sample:
    - name: blog
      type: Normal
      cluster: ecns-east
      namespace: default
      product_type: eks
      description: The team blog
      status: Running
      running: true
      creation_time: "2026-03-01T10:00:00Z"
      vm_network:
      configmaps: []
      workloads:
        - {name: blog-web, type: Deployment, status: Running, ready_replicas: 2, images: ["nginx:1.25"]}
      virtual_machines: []
"""

from ansible_collections.kaas.cloud.plugins.module_utils.info_runner import report_resources
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns import options as ecns_options


def main() -> None:
    application_type = ecns_options.str_option(choices=ecns_options.APPLICATION_TYPES, default="Normal")
    spec = ecns_options.ecns_info_spec(type=application_type)
    report_resources("application", "applications", spec, scope=(*ecns_options.ECNS_SCOPE_OPTIONS, "type"))


if __name__ == "__main__":
    main()

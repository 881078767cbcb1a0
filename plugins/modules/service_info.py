#!/usr/bin/python
# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Read the services of a namespace of an ECNS cluster."""

from __future__ import annotations

DOCUMENTATION = r"""
module: service_info
short_description: List the Kubernetes services of a namespace (ECNS)
version_added: 0.1.0
description:
  - Returns one service by name, or every service of the namespace (or those matching a selector), in the
    view that M(kaas.cloud.service) returns. Only provider V(ecns) has services.
  - The list includes the services that workloads made from their access modes and the LoadBalancer
    services of M(kaas.cloud.load_balancer). One request lists them all (after the namespace switch).
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
      - Only the services whose labels match (ECNS C(app_selector)); V(key=value) matches that label,
        a bare value matches the label C(app).
    type: str
seealso:
  - module: kaas.cloud.service
  - module: kaas.cloud.load_balancer_info
"""

EXAMPLES = r"""
- name: Every service of the namespace
  kaas.cloud.service_info:
    provider: ecns
    cluster: ecns-east
    namespace: default
  register: services

- name: The services of the web application
  kaas.cloud.service_info:
    provider: ecns
    cluster: ecns-east
    selector: web
  register: web_services
"""

RETURN = r"""
services:
  description:
    - The services found (see the C(service) return value of M(kaas.cloud.service)); empty when none matches.
  returned: always
  type: list
  elements: dict
  sample:
    - name: web-internal
      cluster: ecns-east
      namespace: default
      product_type: eks
      type: ClusterIP
      target_workload: web
      workload_type: Deployment
      ports: [{port: 80, target_port: 8080, protocol: TCP}]
      cluster_ip: 10.97.0.11
      external_name: null
      public_ips: []
      private_ips: []
      annotations: {}
      labels: {app: web}
      load_balancer: null
      creation_time: "2026-03-01T10:00:00Z"
"""

from ansible_collections.kaas.cloud.plugins.module_utils.info_runner import report_resources
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns import options as ecns_options


def main() -> None:
    spec = ecns_options.ecns_info_spec(selector={"type": "str"})
    report_resources("service", "services", spec, filters=("selector",), scope=ecns_options.ECNS_SCOPE_OPTIONS)


if __name__ == "__main__":
    main()

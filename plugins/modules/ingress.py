#!/usr/bin/python
# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Create, change and delete a Kubernetes ingress of an ECNS cluster."""

from __future__ import annotations

DOCUMENTATION = r"""
module: ingress
short_description: Manage a Kubernetes ingress (ECNS)
version_added: 0.1.0
description:
  - Creates, changes and deletes an ingress (ECNS 路由) of a namespace of an ECNS cluster through the ECNS
    container API (ECNS API reference, 1.18 路由). Only provider V(ecns) has ingresses.
  - An ingress is a list of routers, each sending a domain and path to a port of a service of the namespace.
    O(routers) is compared as a whole, in order, and an update replaces it; O(annotations) and O(labels)
    likewise. Options left unset keep their current value.
  - ECNS refuses a router whose service or port does not exist, or whose domain and path another ingress of
    the cluster already routes; the task fails with ECNS's message and nothing changes.
author:
  - kaas.cloud developers (@kaas-cloud)
extends_documentation_fragment:
  - kaas.cloud.connection
  - kaas.cloud.ecns_scope
  - kaas.cloud.attributes
options:
  name:
    description:
      - Name of the ingress; at most 63 lower-case letters, digits or C(-).
    type: str
    required: true
  state:
    description:
      - V(present) creates the ingress or changes it; V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
  routers:
    description:
      - Routing rules. Required to create an ingress, and never empty.
    type: list
    elements: dict
    suboptions:
      domain:
        description:
          - Host name (lower-case; V(*.) allowed in front). Without it the rule answers on any host.
        type: str
      path:
        description: Path prefix, starting with C(/); ECNS uses V(/) when unset.
        type: str
      target_service:
        description: Name of the service of the namespace the rule sends traffic to.
        type: str
        required: true
      service_port:
        description: Port of O(routers[].target_service), 1 to 65535.
        type: int
        required: true
  annotations:
    description:
      - Annotations of the ingress (for example the ingress controller's settings). Values must be text.
    type: dict
  labels:
    description:
      - Labels of the ingress. Values must be text.
    type: dict
seealso:
  - module: kaas.cloud.ingress_info
  - module: kaas.cloud.service
"""

EXAMPLES = r"""
- name: Route shop.example.com to the web service
  kaas.cloud.ingress:
    provider: ecns
    cluster: ecns-east
    namespace: default
    name: shop
    routers:
      - domain: shop.example.com
        path: /
        target_service: web-internal
        service_port: 80
    labels:
      app: web

- name: Remove it
  kaas.cloud.ingress:
    provider: ecns
    cluster: ecns-east
    name: shop
    state: absent
"""

RETURN = r"""
ingress:
  description: The ingress after the task; empty when it is absent.
  returned: always
  type: dict
  contains:
    name:
      description: Name of the ingress.
      type: str
      sample: shop
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
    routers:
      description: Routing rules (C(path) V(/) when the rule set none).
      type: list
      elements: dict
      sample: [{domain: shop.example.com, path: /, target_service: web-internal, service_port: 80}]
    annotations:
      description: Annotations.
      type: dict
    labels:
      description: Labels.
      type: dict
      sample: {app: web}
    creation_time:
      description: When ECNS created the ingress.
      type: str
      sample: "2026-03-01T10:00:00Z"
"""

from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns import options as ecns_options
from ansible_collections.kaas.cloud.plugins.module_utils.runner import manage_resource


def main() -> None:
    options = ecns_options.ingress_options()
    manage_resource("ingress", ecns_options.ecns_object_spec(options), ecns_options.ecns_object_options(options))


if __name__ == "__main__":
    main()

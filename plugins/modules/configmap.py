#!/usr/bin/python
# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Create, change and delete a Kubernetes configmap of an ECNS cluster."""

from __future__ import annotations

DOCUMENTATION = r"""
module: configmap
short_description: Manage a Kubernetes configmap (ECNS)
version_added: 0.1.0
description:
  - Creates, changes and deletes a configmap of a namespace of an ECNS cluster through the ECNS container API
    (ECNS API reference, 1.4 配置). Only provider V(ecns) has configmaps.
  - O(data) is the whole content of the configmap (ECNS calls it C(config)). It is compared exactly, and an
    update replaces the content, so keys missing from O(data) are removed. Without O(data) an existing
    configmap is left as it is.
author:
  - kaas.cloud developers (@kaas-cloud)
extends_documentation_fragment:
  - kaas.cloud.connection
  - kaas.cloud.ecns_scope
  - kaas.cloud.attributes
options:
  name:
    description:
      - Name of the configmap; at most 63 lower-case letters, digits or C(-).
    type: str
    required: true
  data:
    description:
      - Key-value pairs of the configmap. Keys are 1 to 253 letters, digits, C(-), C(_) or C(.).
      - Required to create a configmap (it may be empty, V({})).
    type: dict
  state:
    description:
      - V(present) creates the configmap or changes its data; V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
seealso:
  - module: kaas.cloud.configmap_info
  - module: kaas.cloud.workload
"""

EXAMPLES = r"""
- name: Settings of the web application
  kaas.cloud.configmap:
    provider: ecns
    cluster: ecns-east
    namespace: default
    name: web-settings
    data:
      MODE: production
      LOG_LEVEL: info

- name: Remove it
  kaas.cloud.configmap:
    provider: ecns
    cluster: ecns-east
    name: web-settings
    state: absent
"""

RETURN = r"""
configmap:
  description: The configmap after the task; empty when it is absent.
  returned: always
  type: dict
  contains:
    name:
      description: Name of the configmap.
      type: str
      sample: web-settings
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
    data:
      description: Key-value pairs.
      type: dict
      sample: {MODE: production}
    keys:
      description: Keys of O(data), sorted.
      type: list
      elements: str
      sample: [MODE]
    creation_time:
      description: When ECNS created the configmap.
      type: str
      sample: "2026-03-01T10:00:00Z"
"""

from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns import options as ecns_options
from ansible_collections.kaas.cloud.plugins.module_utils.runner import manage_resource


def main() -> None:
    options = {"data": {"type": "dict"}}
    manage_resource("configmap", ecns_options.ecns_object_spec(options), ecns_options.ecns_object_options(options))


if __name__ == "__main__":
    main()

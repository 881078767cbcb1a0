#!/usr/bin/python
# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Read the configmaps of a namespace of an ECNS cluster."""

from __future__ import annotations

DOCUMENTATION = r"""
module: configmap_info
short_description: List the Kubernetes configmaps of a namespace (ECNS)
version_added: 0.1.0
description:
  - Returns one configmap by name, or every configmap of the namespace (or those an application uses),
    in the view that M(kaas.cloud.configmap) returns. Only provider V(ecns) has configmaps.
  - The ECNS list gives names and keys only, so listing costs one more request per configmap for its data.
author:
  - kaas.cloud developers (@kaas-cloud)
extends_documentation_fragment:
  - kaas.cloud.connection
  - kaas.cloud.ecns_scope
  - kaas.cloud.ecns_scope.info
  - kaas.cloud.attributes.info_module
options:
  application:
    description:
      - Only the configmaps that the workloads of this application use (the ECNS list filter C(app_selector)).
    type: str
seealso:
  - module: kaas.cloud.configmap
"""

EXAMPLES = r"""
- name: Every configmap of the namespace
  kaas.cloud.configmap_info:
    provider: ecns
    cluster: ecns-east
    namespace: default
  register: configmaps

- name: One configmap
  kaas.cloud.configmap_info:
    provider: ecns
    cluster: ecns-east
    name: web-settings
  register: web_settings
"""

RETURN = r"""
configmaps:
  description:
    - The configmaps found (see the C(configmap) return value of M(kaas.cloud.configmap)); empty when none
      matches.
  returned: always
  type: list
  elements: dict
  sample:
    - name: web-settings
      cluster: ecns-east
      namespace: default
      product_type: eks
      data: {MODE: production}
      keys: [MODE]
      creation_time: "2026-03-01T10:00:00Z"
"""

from ansible_collections.kaas.cloud.plugins.module_utils.info_runner import report_resources
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns import options as ecns_options


def main() -> None:
    spec = ecns_options.ecns_info_spec(application={"type": "str"})
    report_resources("configmap", "configmaps", spec, filters=("application",), scope=ecns_options.ECNS_SCOPE_OPTIONS)


if __name__ == "__main__":
    main()

#!/usr/bin/python
# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Read the secrets of a namespace of an ECNS cluster: names, types and keys, never values."""

from __future__ import annotations

DOCUMENTATION = r"""
module: secret_info
short_description: List the Kubernetes secrets of a namespace (ECNS)
version_added: 0.1.0
description:
  - Returns one secret by name, or every secret of the namespace (or of one type), with its type and data
    keys. Only provider V(ecns) has secrets.
  - Values are never returned. The list costs one request; one secret by name is read from its detail
    and shows its values as markers, as M(kaas.cloud.secret) does.
author:
  - kaas.cloud developers (@kaas-cloud)
extends_documentation_fragment:
  - kaas.cloud.connection
  - kaas.cloud.ecns_scope
  - kaas.cloud.ecns_scope.info
  - kaas.cloud.attributes.info_module
options:
  type:
    description:
      - Only the secrets of this type (the ECNS list filter C(type)).
    type: str
    choices: [Opaque, Tls, Dockerconfigjson]
seealso:
  - module: kaas.cloud.secret
"""

EXAMPLES = r"""
- name: Every secret of the namespace
  kaas.cloud.secret_info:
    provider: ecns
    cluster: ecns-east
    namespace: default
  register: secrets

- name: The registry credentials only
  kaas.cloud.secret_info:
    provider: ecns
    cluster: ecns-east
    type: Dockerconfigjson
  register: pull_secrets
"""

RETURN = r"""
secrets:
  description:
    - The secrets found (see the C(secret) return value of M(kaas.cloud.secret)); empty when none matches.
    - Listed secrets have no value markers (C(data), C(tls), C(docker_registry)); one secret by name has them.
  returned: always
  type: list
  elements: dict
  sample:
    - name: db-credentials
      cluster: ecns-east
      namespace: default
      product_type: eks
      type: Opaque
      keys: [DB_PASSWORD, DB_USER]
      creation_time: "2026-03-01T10:00:00Z"
"""

from ansible_collections.kaas.cloud.plugins.module_utils.info_runner import report_resources
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns import options as ecns_options


def main() -> None:
    spec = ecns_options.ecns_info_spec(type=ecns_options.str_option(choices=ecns_options.SECRET_TYPES))
    report_resources("secret", "secrets", spec, filters=("type",), scope=ecns_options.ECNS_SCOPE_OPTIONS)


if __name__ == "__main__":
    main()

#!/usr/bin/python
# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Allow or deny addresses access to a managed cluster's Kubernetes API endpoint."""

from __future__ import annotations

DOCUMENTATION = r"""
module: ipacl
short_description: Manage the IP access control of a cluster's API endpoint
version_added: 0.1.0
description:
  - Turns IP access control of a cluster's Kubernetes API endpoint on or off and sets which addresses
    it allows or denies.
  - The provider replaces the whole list on each change; the module compares the targets as a set
    (their order means nothing), so reordering them changes nothing.
  - Implemented for V(nks) (NHN Cloud) so far; other providers fail before any request.
author:
  - kaas.cloud developers (@kaas-cloud)
extends_documentation_fragment:
  - kaas.cloud.connection
  - kaas.cloud.cluster_member
  - kaas.cloud.wait
  - kaas.cloud.attributes
options:
  enabled:
    description:
      - Whether access control is on. V(false) opens the endpoint to every address; the provider then
        forgets O(action) and O(targets), which must not be given.
      - Turning it on needs O(action) and O(targets).
    type: bool
  action:
    description:
      - V(ALLOW) lets only the targets in, V(DENY) keeps the targets out.
    type: str
    choices: [ALLOW, DENY]
  targets:
    description:
      - The addresses the O(action) applies to; at least one. Order does not matter.
    type: list
    elements: dict
    suboptions:
      cidr:
        description:
          - An IPv4 address (V(203.0.113.7), the same as V(203.0.113.7/32)) or range (V(10.0.0.0/24)).
        type: str
        required: true
      description:
        description:
          - Free text shown with the target.
        type: str
seealso:
  - module: kaas.cloud.k8s_cluster
"""

EXAMPLES = r"""
- name: Only the office and the CI runners may reach the API
  kaas.cloud.ipacl:
    provider: nks
    cluster: production
    enabled: true
    action: ALLOW
    targets:
      - cidr: 203.0.113.0/24
        description: office
      - cidr: 198.51.100.7
        description: ci runner

- name: Open the API to every address again
  kaas.cloud.ipacl:
    provider: nks
    cluster: production
    enabled: false
"""

RETURN = r"""
ipacl:
  description: The access control after the task.
  returned: always
  type: dict
  contains:
    provider:
      description: The provider.
      type: str
      sample: nks
    cluster:
      description: Name of the cluster.
      type: str
    cluster_id:
      description: Id of the cluster.
      type: str
    status:
      description: The cluster's status word, for example V(UPDATE_COMPLETE).
      type: str
    enabled:
      description: Whether access control is on.
      type: bool
    action:
      description: V(ALLOW) or V(DENY); null when access control is off.
      type: str
    targets:
      description:
        - The targets sorted by address, each with C(cidr) (an address always has its prefix, V(198.51.100.7/32))
          and C(description) when it has one; null when access control is off.
      type: list
      elements: dict
"""

from ansible_collections.kaas.cloud.plugins.module_utils import arguments
from ansible_collections.kaas.cloud.plugins.module_utils.runner import manage_resource


def argument_spec() -> dict:
    """The module's options (also what a fleet file's IP ACLs are checked against)."""
    return arguments.resource_argument_spec(
        cluster={"type": "str", "required": True},
        enabled={"type": "bool"},
        action={"type": "str", "choices": ["ALLOW", "DENY"]},
        targets=arguments.cidr_targets_spec(),
        **arguments.wait_argument_spec(),
    )


def main() -> None:
    manage_resource("ipacl", argument_spec(), ("enabled", "action", "targets"))


if __name__ == "__main__":
    main()

#!/usr/bin/python
# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Create, change and delete a namespace of an ECNS cluster, with its PSP, quota and users."""

from __future__ import annotations

DOCUMENTATION = r"""
module: namespace
short_description: Manage a Kubernetes namespace with its quota, PSP and users (ECNS)
version_added: 0.1.0
description:
  - Creates, changes and deletes a namespace of an ECNS cluster through the ECNS container API (ECNS API reference,
    1.12 命名空间). Only provider V(ecns) has namespaces.
  - The namespace is created in the department and project of the token (ECNS API reference, 1.17 部门和项目).
  - O(psp), O(quota) and O(users) can be changed later, each with its own ECNS call; O(roles) and
    O(business_type) are set at creation only (change them by deleting and creating the namespace).
  - O(quota) is the whole quota, compared exactly; an update replaces it, so items left out have no limit
    any more. Options left out are left as they are.
  - Deleting a namespace deletes everything in it. The Kubernetes system namespaces (C(default),
    C(kube-system), C(kube-public)) are never deleted.
author:
  - kaas.cloud developers (@kaas-cloud)
extends_documentation_fragment:
  - kaas.cloud.connection
  - kaas.cloud.ecns_scope.project
  - kaas.cloud.attributes
options:
  name:
    description:
      - Name of the namespace; at most 63 lower-case letters, digits or C(-).
    type: str
    required: true
  cluster:
    description:
      - Name of the ECNS cluster of the namespace.
    type: str
    required: true
  psp:
    description:
      - Pod security policy of the namespace. ECNS creates a namespace with V(Limited) when it is not given.
    type: str
    choices: [Limited, Unlimited]
  quota:
    description:
      - Resource quota of the namespace; items left out, or set to V(-1), have no limit.
      - V({}) removes every limit.
    type: dict
    suboptions:
      pods:
        description: Pods.
        type: int
      cpu:
        description: CPU cores requested by the pods.
        type: int
      memory:
        description: Memory requested by the pods, in MiB.
        type: int
      statefulsets:
        description: StatefulSets.
        type: int
      deployments:
        description: Deployments.
        type: int
      jobs:
        description: Jobs.
        type: int
      cronjobs:
        description: CronJobs.
        type: int
      storage:
        description: Storage requested by volume claims, in GiB.
        type: int
      persistentvolumeclaims:
        description: Persistent volume claims.
        type: int
      configmaps:
        description: Configmaps.
        type: int
      services:
        description: Services.
        type: int
      loadbalancers:
        description: Services of type LoadBalancer.
        type: int
      secrets:
        description: Secrets.
        type: int
      ingress:
        description: Ingresses.
        type: int
  users:
    description:
      - The users who may see the namespace (ECNS C(user_ids)); V([]) opens it to every user of the project.
    type: list
    elements: dict
    suboptions:
      id:
        description: Keystone id of the user.
        type: str
        required: true
      name:
        description: Name of the user.
        type: str
      email:
        description: E-mail address of the user.
        type: str
  roles:
    description:
      - The roles that may be granted the namespace (ECNS C(role)). Set at creation only.
    type: list
    elements: str
    choices: [Developer, Visitor]
  business_type:
    description:
      - Business type of a namespace of an EOS (主管) cluster. Set at creation only; refused for other clusters.
    type: str
    choices: [SecurityContainer, HybridOrchestration, Normal]
  state:
    description:
      - V(present) creates the namespace or changes it; V(absent) deletes it and everything in it.
    type: str
    choices: [present, absent]
    default: present
seealso:
  - module: kaas.cloud.namespace_info
  - module: kaas.cloud.secret
"""

EXAMPLES = r"""
- name: A namespace for team A, limited and with a quota
  kaas.cloud.namespace:
    provider: ecns
    cluster: ecns-east
    name: team-a
    psp: Limited
    quota:
      pods: 50
      cpu: 16
      memory: 32768
      secrets: 20
    roles: [Developer]
    users:
      - id: 5d4e3c2b1a
        name: alice

- name: Remove the namespace and everything in it
  kaas.cloud.namespace:
    provider: ecns
    cluster: ecns-east
    name: team-a
    state: absent
"""

RETURN = r"""
namespace:
  description: The namespace after the task; empty when it is absent.
  returned: always
  type: dict
  contains:
    name:
      description: Name of the namespace.
      type: str
      sample: team-a
    product_type:
      description: ECNS product of the API path.
      type: str
      sample: eks
    cluster:
      description: ECNS cluster.
      type: str
      sample: ecns-east
    cluster_type:
      description: Type of the cluster (C(EKS), C(EOS) or C(EHOS)).
      type: str
      sample: EKS
    business_type:
      description: Business type (namespaces of EOS clusters), else null.
      type: str
      sample: null
    domain:
      description: Department (Keystone domain) of the namespace.
      type: str
      sample: Default
    project:
      description: Project name.
      type: str
      sample: demo
    project_id:
      description: Project id.
      type: str
      sample: demo
    psp:
      description: Pod security policy.
      type: str
      sample: Limited
    quota:
      description: The quota items that have a limit.
      type: dict
      sample: {pods: 50, secrets: 20}
    users:
      description: Users who may see the namespace (empty for every user), ordered by id.
      type: list
      elements: dict
      sample: [{id: 5d4e3c2b1a, name: alice}]
    roles:
      description: Roles that may be granted the namespace.
      type: list
      elements: str
      sample: [Developer]
    status:
      description: Status of the namespace.
      type: str
      sample: Active
    creation_time:
      description: When the namespace was created.
      type: str
      sample: "2026-03-01T10:00:00Z"
"""

from ansible_collections.kaas.cloud.plugins.module_utils.arguments import resource_argument_spec, state_spec
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns import options as ecns_options
from ansible_collections.kaas.cloud.plugins.module_utils.runner import manage_resource


def argument_spec() -> dict:
    """The module's options (also what a fleet file's namespaces are checked against)."""
    return resource_argument_spec(
        name={"type": "str", "required": True},
        cluster={"type": "str", "required": True},
        state=state_spec(),
        **ecns_options.namespace_options(),
        **ecns_options.ecns_scope_spec(namespaced=False),
    )


def main() -> None:
    manage_resource("namespace", argument_spec(), ("product_type", *ecns_options.namespace_options()))


if __name__ == "__main__":
    main()

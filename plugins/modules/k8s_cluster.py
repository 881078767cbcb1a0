#!/usr/bin/python
# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Create, resize and delete a managed Kubernetes cluster on any supported provider."""

from __future__ import annotations

DOCUMENTATION = r"""
module: k8s_cluster
short_description: Manage a managed Kubernetes cluster
version_added: 0.1.0
description:
  - Creates, updates in place and deletes a managed Kubernetes cluster on any provider of the collection.
  - Only the options you set are compared with the cluster, so an omitted option never causes a change.
  - A change to an option the provider cannot change in place fails and names the option;
    the cluster is never recreated silently.
  - Provider-only settings live in a block named after the provider (O(deployme)); a block for
    another provider than O(provider) is refused before any request.
author:
  - kaas.cloud developers (@kaas-cloud)
extends_documentation_fragment:
  - kaas.cloud.connection
  - kaas.cloud.wait
attributes:
  check_mode:
    support: full
    description: Predicts C(changed) and the diff without sending any write request.
  diff_mode:
    support: full
    description: Shows the portable view of the cluster before and after.
options:
  name:
    description:
      - Name of the cluster. Required unless O(id) is given.
      - For deployme, letters, digits and single dashes, at most 63 characters.
    type: str
  id:
    description:
      - Provider id of the cluster, to manage one cluster when several share a name.
    type: str
  state:
    description:
      - V(present) creates the cluster or brings it to the requested settings; V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
  version:
    description:
      - Kubernetes version. Not supported by deployme, which chooses the version itself.
    type: str
  node_count:
    description:
      - Number of worker nodes of the default node pool (deployme C(workers), 1 to 100).
      - Required when the cluster is created. Changed in place.
    type: int
  node_size:
    description:
      - Size (flavor) of the worker nodes. deployme sizes are V(small), V(medium), V(large), V(xlarge).
      - Required when the cluster is created. Changed in place.
    type: str
  deployme:
    description:
      - deployme.cloud-only settings, all fixed at creation.
    type: dict
    suboptions:
      control_planes:
        description:
          - Number of control-plane nodes, V(1) or V(3). V(1) when not set at creation.
        type: int
        choices: [1, 3]
      phase:
        description:
          - Where the cluster runs. The provider uses V(managed) when not set.
        type: str
        choices: [managed, onpremise, baremetal]
      infra_id:
        description:
          - Id of the target infrastructure; required when O(deployme.phase) is not V(managed).
        type: str
seealso:
  - module: kaas.cloud.k8s_cluster_info
  - module: kaas.cloud.kubeconfig
"""

EXAMPLES = r"""
- name: A three-worker deployme cluster
  kaas.cloud.k8s_cluster:
    provider: deployme
    auth:
      token: "{{ deployme_token }}"
    name: production
    node_count: 3
    node_size: large
    deployme:
      control_planes: 3

- name: Connection options once for a whole play
  hosts: localhost
  gather_facts: false
  module_defaults:
    group/kaas.cloud.all:
      provider: deployme
      api_url: http://127.0.0.1:8480/deployme
  tasks:
    - name: Scale the workers out
      kaas.cloud.k8s_cluster:
        name: production
        node_count: 5

    - name: Delete the cluster without waiting for it to go
      kaas.cloud.k8s_cluster:
        name: production
        state: absent
        wait: false
"""

RETURN = r"""
cluster:
  description:
    - The cluster in the portable view shared by every provider; empty after a deletion or when
      an absent cluster was not found.
    - In check mode, the view the cluster would have.
  returned: always
  type: dict
  contains:
    provider:
      description: The provider.
      type: str
      sample: deployme
    id:
      description: The provider's id of the cluster.
      type: str
      sample: cls_abc123
    name:
      description: Name of the cluster.
      type: str
      sample: production
    status:
      description: The provider's own status word.
      type: str
      sample: running
    version:
      description: Kubernetes version.
      type: str
      sample: v1.31.0
    node_count:
      description: Number of worker nodes.
      type: int
      sample: 5
    node_size:
      description: Size of the worker nodes.
      type: str
      sample: large
    endpoint:
      description: URL of the Kubernetes API.
      type: str
      sample: https://cls-abc123.k8s.deployme.cloud:6443
    created_at:
      description: Creation time, as the provider gives it.
      type: str
    updated_at:
      description: Time of the last change, as the provider gives it.
      type: str
    deployme:
      description: deployme-only attributes.
      type: dict
      returned: when provider is deployme
      contains:
        control_planes:
          description: Number of control-plane nodes.
          type: int
        phase:
          description: Where the cluster runs.
          type: str
        infra_id:
          description: Target infrastructure, when not managed.
          type: str
        total_nodes:
          description: Control planes plus workers (deployme's C(node_count)).
          type: int
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.kaas.cloud.plugins.module_utils.arguments import resource_argument_spec, wait_argument_spec
from ansible_collections.kaas.cloud.plugins.module_utils.runner import reconcile_resource

PORTABLE = ("version", "node_count", "node_size")
BLOCKS = ("deployme",)


def main() -> None:
    spec = resource_argument_spec(
        name={"type": "str"},
        id={"type": "str"},
        state={"type": "str", "choices": ["present", "absent"], "default": "present"},
        version={"type": "str"},
        node_count={"type": "int"},
        node_size={"type": "str"},
        deployme={
            "type": "dict",
            "options": {
                "control_planes": {"type": "int", "choices": [1, 3]},
                "phase": {"type": "str", "choices": ["managed", "onpremise", "baremetal"]},
                "infra_id": {"type": "str"},
            },
        },
        **wait_argument_spec(),
    )
    module = AnsibleModule(argument_spec=spec, supports_check_mode=True, required_one_of=[("name", "id")])
    reconcile_resource(module, "cluster", PORTABLE, BLOCKS)


if __name__ == "__main__":
    main()

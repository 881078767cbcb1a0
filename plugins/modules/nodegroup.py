#!/usr/bin/python
# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Create, change and delete a worker node group of a managed Kubernetes cluster."""

from __future__ import annotations

DOCUMENTATION = r"""
module: nodegroup
short_description: Manage a worker node group of a managed Kubernetes cluster
version_added: 0.1.0
description:
  - Creates, changes in place and deletes a worker node group (node pool) inside a cluster.
  - Only the options you set are compared with the node group, so an omitted option never causes a change.
  - A change to an option the provider cannot change in place fails and names the option.
  - Implemented for V(nks) (NHN Cloud) and V(itcare) (Cegedim ITCare, whose node groups are the nodes of one zone
    and sizing, see O(itcare)); other providers fail before any request, naming the ones that can.
  - On NKS every change is an asynchronous operation and NKS runs one per cluster at a time, so a task
    that changes several things runs them one after the other (upgrade, resize, flavor, user script,
    stop and start of nodes), waiting for each.
  - While the node group's autoscaler is on (see M(kaas.cloud.autoscaler)), O(node_count) is left to the
    autoscaler with a warning; a count outside the autoscaler's range fails.
author:
  - kaas.cloud developers (@kaas-cloud)
extends_documentation_fragment:
  - kaas.cloud.connection
  - kaas.cloud.cluster_member
  - kaas.cloud.wait
  - kaas.cloud.itcare_nodegroup
  - kaas.cloud.attributes
options:
  name:
    description:
      - Name of the node group. Required unless O(id) is given. On ITCare it says the group's zone and sizing
        (see O(itcare)).
      - On NKS, V(default-worker) is the group created with the cluster; it can be changed but not deleted.
        V(default-master) is the control plane and is refused
        (upgrade it with O(kaas.cloud.k8s_cluster#module:version)).
    type: str
  id:
    description:
      - Provider id of the node group.
    type: str
  state:
    description:
      - V(present) creates the node group or brings it to the requested settings; V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
  version:
    description:
      - Kubernetes version of the group's nodes, V(v1.29.3) or V(1.29.3).
      - Raising it upgrades the workers. NKS upgrades the control plane first, so the version must be the
        control plane's (set it with M(kaas.cloud.k8s_cluster) first) and one NKS lists as supported
        (C(GET /v1/supports)). Lowering it fails. A new group gets the control plane's version.
    type: str
  node_count:
    description:
      - Number of nodes, 1 to 10 on NKS. Defaults to 1 at creation on NKS; required at creation on ITCare.
      - Ignored with a warning while the group's autoscaler is on, unless outside its range (then the task fails).
    type: int
  node_size:
    description:
      - Instance flavor id of the nodes. Required at creation. Changing it replaces the nodes (NKS flavor change).
      - On ITCare, the sizing of the group's name (V(2cpu4gb)); it can be left out and cannot be changed.
    type: str
  nks:
    description:
      - NHN Cloud NKS settings, with the names of the NKS API. Only for O(provider=nks).
    type: dict
    suboptions:
      node_image:
        description: Base image UUID of the nodes (NKS C(image_id)). Required at creation; fixed afterwards.
        type: str
      availability_zone:
        description: Availability zone. Required at creation; fixed afterwards.
        type: str
      boot_volume_type:
        description: Block storage type of the boot volume. Required at creation; fixed afterwards.
        type: str
      boot_volume_size:
        description: Boot volume size in GB. Required at creation; fixed afterwards.
        type: int
      boot_volume_key_id:
        description: Symmetric key id for an encrypted boot volume. Sent at creation only, never returned.
        type: str
      boot_volume_appkey:
        description: Appkey of the symmetric key for an encrypted boot volume. Sent at creation only, never returned.
        type: str
      additional_network_id_list:
        description: Additional VPC network UUIDs. Fixed after creation.
        type: list
        elements: str
      additional_subnet_id_list:
        description: Additional VPC subnet UUIDs, one per additional network. Fixed after creation.
        type: list
        elements: str
      extra_security_groups:
        description: Additional security groups per subnet. Fixed after creation.
        type: list
        elements: dict
        suboptions:
          target_subnet:
            description: Subnet UUID the security groups apply to.
            type: str
            required: true
          security_group_ids:
            description: Security group UUIDs.
            type: list
            elements: str
            required: true
      extra_volumes:
        description: Additional block storage of every node. Fixed after creation.
        type: list
        elements: dict
        suboptions:
          volume_type:
            description: Block storage type.
            type: str
            required: true
          volume_size:
            description: Size in GB.
            type: int
            required: true
          volume_key_id:
            description: Symmetric key id for encrypted storage.
            type: str
          volume_appkey:
            description: Appkey of the symmetric key.
            type: str
          volume_mount_path:
            description: Absolute mount path.
            type: str
      user_script:
        description:
          - Script run on each node at boot (NKS C(user_script_v2)). Changing it starts an NKS user-script
            change; an empty string clears it.
          - Compared through its SHA-256, which is all results and diffs show of it.
        type: str
      stopped_nodes:
        description:
          - Names of the nodes that must be stopped (see C(nks.nodes) in the result); every other node of the
            group is started. An empty list starts every node.
        type: list
        elements: str
      nodes_to_remove:
        description:
          - When O(node_count) scales the group down, the nodes to remove, by name or uuid. NKS picks any
            further ones. Not a setting; used only when the count goes down.
        type: list
        elements: str
      num_buffer_nodes:
        description:
          - Extra nodes NKS may create during a worker upgrade or flavor change (0 to 10 minus the node count;
            NKS's default is 1). Not a setting; used only by those operations.
        type: int
      num_max_unavailable_nodes:
        description:
          - Nodes that may be unavailable at once during a worker upgrade or flavor change (1 to the node
            count; NKS's default is 1). Not a setting; used only by those operations.
        type: int
seealso:
  - module: kaas.cloud.nodegroup_info
  - module: kaas.cloud.autoscaler
  - module: kaas.cloud.k8s_cluster
"""

EXAMPLES = r"""
- name: A node group of two nodes
  kaas.cloud.nodegroup:
    provider: nks
    cluster: production
    name: batch
    node_count: 2
    node_size: 6ef27f21-c774-4c0e-84ff-7dd4a762571f
    nks:
      node_image: f462a2a5-ba24-46d6-b7a1-9a9febcd3cfc
      availability_zone: kr2-pub-b
      boot_volume_type: General HDD
      boot_volume_size: 50

- name: Upgrade the control plane first (NKS upgrades the workers to its version only)
  kaas.cloud.k8s_cluster:
    provider: nks
    name: production
    version: v1.29.3

- name: Then the group's workers, one node at a time
  kaas.cloud.nodegroup:
    provider: nks
    cluster: production
    name: batch
    version: v1.29.3
    nks:
      num_buffer_nodes: 1
      num_max_unavailable_nodes: 1
  register: batch

- name: Scale down, removing a chosen node (by name or uuid)
  kaas.cloud.nodegroup:
    provider: nks
    cluster: production
    name: batch
    node_count: 1
    nks:
      nodes_to_remove: ["{{ batch.nodegroup.nks.nodes[0].name }}"]

- name: Delete it
  kaas.cloud.nodegroup:
    provider: nks
    cluster: production
    name: batch
    state: absent

- name: ITCare - three 4-CPU workers in zone EB-C
  kaas.cloud.nodegroup:
    provider: itcare
    cluster: shop
    name: eb-c-4cpu8gb
    node_count: 3

- name: ITCare - down to one, removing a chosen node first
  kaas.cloud.nodegroup:
    provider: itcare
    cluster: shop
    name: eb-c-4cpu8gb
    node_count: 1
    itcare:
      nodes_to_remove: [shop-wrk-07]
"""

RETURN = r"""
nodegroup:
  description:
    - The node group in the portable view; empty after a deletion. With O(wait=false), the
      state the provider reported when it accepted the request.
  returned: always
  type: dict
  contains:
    provider:
      description: The provider.
      type: str
      sample: nks
    id:
      description: Provider id of the node group.
      type: str
    name:
      description: Name of the node group.
      type: str
    cluster:
      description: Name of its cluster.
      type: str
    cluster_id:
      description: Id of its cluster.
      type: str
    status:
      description: The provider's status word, for example V(UPDATE_COMPLETE).
      type: str
    version:
      description: Kubernetes version of the nodes.
      type: str
    node_count:
      description: Number of nodes.
      type: int
    node_size:
      description: Flavor id of the nodes.
      type: str
    created_at:
      description: Creation time.
      type: str
    updated_at:
      description: Time of the last change.
      type: str
    nks:
      description: NKS attributes.
      type: dict
      returned: when provider is nks
      contains:
        node_image:
          description: Base image UUID.
          type: str
        availability_zone:
          description: Availability zone.
          type: str
        boot_volume_type:
          description: Boot volume type.
          type: str
        boot_volume_size:
          description: Boot volume size in GB.
          type: int
        additional_network_id_list:
          description: Additional network UUIDs, sorted.
          type: list
          elements: str
        additional_subnet_id_list:
          description: Additional subnet UUIDs, sorted.
          type: list
          elements: str
        extra_security_groups:
          description: Additional security groups, when NKS reports them.
          type: list
          elements: dict
        extra_volumes:
          description: Additional block storage (without key material), when NKS reports it.
          type: list
          elements: dict
        user_script:
          description: C(sha256:) and the SHA-256 of the user script, or null without one.
          type: str
        stopped_nodes:
          description: Names of the stopped nodes, sorted, or null when every node runs.
          type: list
          elements: str
        nodes:
          description: The nodes, with C(uuid), C(name), C(status) (V(ACTIVE), V(SHUTOFF)...) and C(address).
          type: list
          elements: dict
        node_addresses:
          description: IP addresses of the nodes.
          type: list
          elements: str
        role:
          description: V(worker).
          type: str
    itcare:
      description: ITCare attributes.
      type: dict
      returned: when provider is itcare
      contains:
        az:
          description: Availability zone of the nodes.
          type: str
          sample: EB-C
        ingress:
          description: Whether the nodes are internal ingress nodes.
          type: bool
        nodes:
          description:
            - The nodes, with C(id), C(name), C(status) (V(ACTIVE), V(CREATING), V(DELETING)...), C(ipAddress) and
              C(creationTime).
          type: list
          elements: dict
        is_default:
          description: Whether this is the cluster's default worker group.
          type: bool
        status_reason:
          description: Why the group is in its status.
          type: str
        control_plane_version:
          description: The cluster's control-plane version, which a worker upgrade must match.
          type: str
        autoscaler_enabled:
          description: Whether the autoscaler owns the node count.
          type: bool
        min_node_count:
          description: The autoscaler's minimum while it is on, else 1.
          type: int
        max_node_count:
          description: The autoscaler's maximum while it is on, else null.
          type: int
"""

from ansible_collections.kaas.cloud.plugins.module_utils.arguments import NODE_POOL_OPTIONS, node_pool_spec
from ansible_collections.kaas.cloud.plugins.module_utils.providers.itcare import options as itcare_options
from ansible_collections.kaas.cloud.plugins.module_utils.providers.nks import options as nks_options
from ansible_collections.kaas.cloud.plugins.module_utils.runner import manage_resource

BLOCKS = ("nks", "itcare")


def argument_spec() -> dict:
    """The module's options (also what a fleet file's node groups are checked against)."""
    blocks = {"nks": nks_options.nodegroup_options(), "itcare": itcare_options.nodegroup_options()}
    # A node group is found inside its cluster, by name or id.
    return node_pool_spec(cluster={"type": "str", "required": True}, **blocks)


def main() -> None:
    manage_resource("nodegroup", argument_spec(), NODE_POOL_OPTIONS, BLOCKS, required_one_of=[("name", "id")])


if __name__ == "__main__":
    main()

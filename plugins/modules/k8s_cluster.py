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
  - Provider-only settings live in a block named after the provider (O(deployme), O(nks), O(itcare)); a block for
    another provider than O(provider) is refused before any request.
  - On NKS every change is an asynchronous operation and NKS runs one at a time, so a task that changes
    several things (for example O(version) and O(node_count)) starts them one after the other, waiting
    for each to finish, even with O(wait=false) (which then only skips waiting for the last one).
author:
  - kaas.cloud developers (@kaas-cloud)
extends_documentation_fragment:
  - kaas.cloud.connection
  - kaas.cloud.wait
  - kaas.cloud.nks_cluster
  - kaas.cloud.itcare_cluster
  - kaas.cloud.attributes
options:
  name:
    description:
      - Name of the cluster. Required unless O(id) is given.
      - For deployme, letters, digits and single dashes, at most 63 characters.
      - For NKS, the cluster is read by name (C(GET /v1/clusters/{name})); when several clusters share it, the
        task fails naming their ids (from every page of the cluster list) and sends no write.
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
      - For NKS, the control plane's version (C(labels.kube_tag)), V(v1.29.3) or V(1.29.3). It must be a
        version NKS lists as supported (C(GET /v1/supports)); required at creation.
        Raising it upgrades the control plane (node group C(default-master)); lowering it fails.
        The worker node groups are not upgraded by this module; upgrade them with the node group module.
    type: str
  node_count:
    description:
      - Number of worker nodes of the default node pool (deployme C(workers), 1 to 100; NKS the
        C(default-worker) node group, 1 to 10).
      - Required when the cluster is created. Changed in place (NKS C(actions/resize); when scaling
        down, NKS chooses the nodes to remove).
      - On NKS, while the autoscaler of C(default-worker) is on (M(kaas.cloud.autoscaler)), the count is
        left to it with a warning; a count outside the autoscaler's range fails.
    type: int
  node_size:
    description:
      - Size (flavor) of the worker nodes. deployme sizes are V(small), V(medium), V(large), V(xlarge).
        For NKS, the flavor UUID of the C(default-worker) node group.
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
notes:
  - "NKS: certificate renewal is expressed as a rule, O(nks.certificate_valid_days): run the task on a
    schedule and it renews the certificates only when they are about to expire."
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

- name: An NKS cluster in the kr2 region, with a token obtained from a password
  kaas.cloud.k8s_cluster:
    provider: nks
    region: kr2
    auth:
      username: "{{ nhn_user }}"
      password: "{{ nhn_password }}"
      project_id: "{{ nhn_tenant_id }}"
    name: production
    version: v1.29.3
    node_count: 3
    node_size: 6ef27f21-c774-4c0e-84ff-7dd4a762571f
    nks:
      keypair: my-keypair
      fixed_network: eb212079-b6ec-430c-ba57-14280a457bcb
      fixed_subnet: 4fdf5b80-3d35-43f5-a5c1-010a3b6c8e90
      availability_zone: kr2-pub-b
      node_image: f462a2a5-ba24-46d6-b7a1-9a9febcd3cfc
      boot_volume_type: General HDD
      boot_volume_size: 20
      pods_network_cidr: 10.100.0.0/16
      pods_network_subnet: 24

- name: An ITCare cluster with HA, excluded from the patch party
  kaas.cloud.k8s_cluster:
    provider: itcare
    auth:
      client_id: "{{ itcare_client_id }}"
      client_secret: "{{ itcare_client_secret }}"
    name: production
    version: "1.30"
    node_count: 4
    node_size: 4cpu16gb
    itcare:
      region: EB
      network_id: 1125
      service_id: 123
      ingress_provider: NGINX
      ha: true
      patch_party_excluded: true
      patch_exclusion_reason: Patched by the application team
      change_reference: CHG0042  # sent only when state=absent deletes it

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
    nks:
      description:
        - NKS-only attributes, normalised (booleans, numbers, sorted id lists).
        - Secrets and the user script are never returned.
      type: dict
      returned: when provider is nks
      contains:
        keypair:
          description: Key pair of the default worker node group.
          type: str
        fixed_network:
          description: VPC network UUID.
          type: str
        fixed_subnet:
          description: VPC subnet UUID.
          type: str
        availability_zone:
          description: Availability zone of the default worker node group.
          type: str
        node_image:
          description: Base image UUID of the default worker node group.
          type: str
        boot_volume_type:
          description: Block storage type of the worker nodes, when NKS reports it.
          type: str
        boot_volume_size:
          description: Block storage size in GB, when NKS reports it.
          type: int
        external_network_id:
          description: Internet gateway network UUID.
          type: str
        external_subnet_id_list:
          description: Internet gateway subnet UUIDs.
          type: list
          elements: str
        master_lb_floating_ip_enabled:
          description: Whether the API has a public address.
          type: bool
        strict_sg_rules:
          description: Whether only required security rules are created.
          type: bool
        additional_network_id_list:
          description: Additional network UUIDs.
          type: list
          elements: str
        additional_subnet_id_list:
          description: Additional subnet UUIDs.
          type: list
          elements: str
        service_cluster_ip_range:
          description: Service network.
          type: str
        pods_network_cidr:
          description: Pod network.
          type: str
        pods_network_subnet:
          description: Pod subnet size.
          type: int
        cni_driver:
          description: CNI.
          type: str
        ncr_sgw:
          description: NCR service gateway UUID.
          type: str
        obs_sgw:
          description: OBS service gateway UUID.
          type: str
        extra_security_groups:
          description: Additional security groups, when NKS reports them.
          type: list
          elements: dict
        extra_volumes:
          description: Additional block storage (without key material), when NKS reports it.
          type: list
          elements: dict
        status_reason:
          description: Why the cluster is in its status (set on failures).
          type: str
        node_addresses:
          description: IP addresses of the worker nodes.
          type: list
          elements: str
        health_status:
          description: NKS's health word, for example V(HEALTHY).
          type: str
        total_node_count:
          description: Worker nodes of all node groups (the cluster's own C(node_count)).
          type: int
        certificate_expiry:
          description: When the cluster certificates expire.
          type: str
    itcare:
      description:
        - ITCare-only attributes, named like the O(itcare) options, plus what ITCare reports
          (C(supports_ha), C(environment), C(ip_address), C(version_detailed), C(latest_version),
          C(product_code), C(available_azs), C(comment)).
        - C(action) (C(id), C(process), C(status), C(message)) is the last ITCare action the task started
          or followed, when there is one; with O(wait=false) it is the action to follow.
        - Write-only settings (backup policies, reasons, O(itcare.change_reference)) are never returned.
      type: dict
      returned: when provider is itcare
      sample: {region: EB, network_id: 1125, ha: true, action: {id: 50003, process: ENABLE_K8S_HA, status: SUCCESS}}
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

from ansible_collections.kaas.cloud.plugins.module_utils.arguments import NODE_POOL_OPTIONS, node_pool_spec
from ansible_collections.kaas.cloud.plugins.module_utils.providers.deployme import options as deployme_options
from ansible_collections.kaas.cloud.plugins.module_utils.providers.itcare import options as itcare_options
from ansible_collections.kaas.cloud.plugins.module_utils.providers.nks import options as nks_options
from ansible_collections.kaas.cloud.plugins.module_utils.runner import manage_resource

BLOCKS = ("deployme", "nks", "itcare")


def argument_spec() -> dict:
    """The module's options (also what a fleet file's clusters are checked against)."""
    return node_pool_spec(
        deployme=deployme_options.cluster_options(),
        nks=nks_options.cluster_options(),
        itcare=itcare_options.cluster_options(),
    )


def main() -> None:
    manage_resource("cluster", argument_spec(), NODE_POOL_OPTIONS, BLOCKS, required_one_of=[("name", "id")])


if __name__ == "__main__":
    main()

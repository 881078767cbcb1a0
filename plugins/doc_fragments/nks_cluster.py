# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ``nks`` block of the cluster module: NKS-only create settings, named as in its API."""

from __future__ import annotations


class ModuleDocFragment:
    DOCUMENTATION = r"""
options:
  nks:
    description:
      - NHN Cloud NKS-only settings, named as in the NKS API (C(labels.*) or top-level fields of the create request).
      - Fixed at creation unless said otherwise; a change to a fixed one fails naming it.
      - C(cluster_template_id=iaas_console), C(cert_manager_api=True) and C(ca_enable=False) are sent
        automatically (the autoscaler is managed by its own module).
      - Settings NKS does not report back for every cluster (marked so below) are compared only when NKS reports them.
    type: dict
    suboptions:
      keypair:
        description: Key pair of the default worker node group. Required at creation.
        type: str
      fixed_network:
        description: UUID of the VPC network of the nodes. Required at creation.
        type: str
      fixed_subnet:
        description:
          - UUID of the VPC subnet of the nodes. Required at creation.
          - Its range must not overlap O(nks.pods_network_cidr) or O(nks.service_cluster_ip_range); NKS checks
            this, since the subnet is given by id.
        type: str
      availability_zone:
        description: Availability zone of the default worker node group, for example V(kr-pub-a). Required at creation.
        type: str
      node_image:
        description: Base image UUID of the default worker node group. Required at creation.
        type: str
      boot_volume_type:
        description:
          - Block storage type of the worker nodes, for example V(General HDD). Required at creation.
          - Compared only when NKS reports it.
        type: str
      boot_volume_size:
        description:
          - Block storage size of the worker nodes in GB. Required at creation.
          - Compared only when NKS reports it.
        type: int
      boot_volume_key_id:
        description: Symmetric key id for encrypted block storage. Write-only, never compared.
        type: str
      boot_volume_appkey:
        description: Appkey of the symmetric key for encrypted block storage. Write-only, never compared.
        type: str
      external_network_id:
        description: UUID of the VPC network attached to the internet gateway.
        type: str
      external_subnet_id_list:
        description: UUIDs of the subnets attached to the internet gateway (sent colon-separated, in any order).
        type: list
        elements: str
      master_lb_floating_ip_enabled:
        description:
          - Whether the Kubernetes API gets a public address. V(false) when not set at creation.
        type: bool
      strict_sg_rules:
        description:
          - Create only the required security rules in the worker security group. Compared only when NKS reports it.
        type: bool
      additional_network_id_list:
        description: UUIDs of additional VPC networks of the default worker node group.
        type: list
        elements: str
      additional_subnet_id_list:
        description: UUIDs of additional VPC subnets of the default worker node group.
        type: list
        elements: str
      service_cluster_ip_range:
        description:
          - Kubernetes service network, for example V(10.254.0.0/16).
          - Checked before any request; at most a /24, it must not overlap V(169.254.0.0/16), V(198.18.0.0/19),
            O(nks.pods_network_cidr), nor V(172.17.0.0/16) for versions up to v1.23.3.
        type: str
      pods_network_cidr:
        description:
          - Pod network, for example V(10.100.0.0/16); the same rules as O(nks.service_cluster_ip_range).
          - Changes only together with O(nks.cni_driver) from V(flannel) to V(calico), and must then be a new range.
        type: str
      pods_network_subnet:
        description:
          - Size (prefix length) of each node's pod subnet, V(20) to V(28), at least the prefix of
            O(nks.pods_network_cidr) plus 2. Changes only with a CNI change (default V(24) then).
        type: int
      cni_driver:
        description:
          - CNI of the cluster. V(calico) (Calico-VXLAN, the NKS default) or V(calico-ebpf) at creation.
          - Changed in place only from V(flannel) (older clusters) to V(calico),
            which needs a new O(nks.pods_network_cidr).
        type: str
        choices: [calico, calico-ebpf, flannel]
      ncr_sgw:
        description:
          - Service gateway UUID of NCR type, in the cluster's VPC.
          - Changed in place when the cluster was created with one; cannot be added later.
        type: str
      obs_sgw:
        description:
          - Service gateway UUID of OBS type, in the cluster's VPC.
          - Changed in place when the cluster was created with one; cannot be added later.
        type: str
      term_of_validity:
        description:
          - Validity of the cluster's certificates in years, V(1) to V(5) (C(labels.term_of_validity));
            NKS's default V(5) when not set at creation.
          - Changing it on an existing cluster renews the certificates for the new term
            (C(PATCH /v1/certificates/{uuid})).
        type: int
      certificate_valid_days:
        description:
          - A rule rather than a setting, for playbooks run regularly (AWX schedules) -- the certificates
            must stay valid for at least this many more days. When fewer remain (from
            C(labels.certificate_expiry)), they are renewed for O(nks.term_of_validity) years (the
            cluster's current term, else 5); otherwise nothing is sent.
          - The result shows, under the same name, the days the certificates have left.
          - Must be less than the days of a renewed term, or no renewal could ever satisfy it.
        type: int
      user_script:
        description:
          - User script run on the worker nodes (sent as C(user_script_v2)). Write-only, never compared, never returned.
        type: str
      extra_security_groups:
        description: Additional security groups per subnet. Compared only when NKS reports them.
        type: list
        elements: dict
        suboptions:
          target_subnet:
            description: UUID of the subnet the security groups apply to.
            type: str
            required: true
          security_group_ids:
            description: UUIDs of the security groups (sent comma-separated).
            type: list
            elements: str
            required: true
      extra_volumes:
        description: Additional block storage of the worker nodes. Compared only when NKS reports them.
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
            description: Symmetric key id for encrypted block storage.
            type: str
          volume_appkey:
            description: Appkey of the symmetric key for encrypted block storage.
            type: str
          volume_mount_path:
            description: Where the volume is mounted on the nodes.
            type: str
"""

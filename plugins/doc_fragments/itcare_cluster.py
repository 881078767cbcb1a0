# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ``itcare`` blocks of k8s_cluster (DOCUMENTATION) and k8s_cluster_info (INFO).

They match ``plugins/module_utils/providers/itcare/options.py``.
"""

from __future__ import annotations


class ModuleDocFragment:
    DOCUMENTATION = r"""
options:
  itcare:
    description:
      - Cegedim ITCare-only settings, named after ITCare's fields in snake_case.
      - For ITCare, O(name) is lower-case letters, digits and dashes, at most 63 characters (checked
        before any request), and O(id) is ITCare's numeric id.
      - For ITCare, O(node_count) counts every node of the cluster, the two internal ingress nodes
        ITCare creates first included (ITCare C(instanceCount), 2 to 12 at creation). Raising it adds
        worker nodes of the creation sizing (C(create_nodes)), each in the availability zone that has
        fewest workers (or in O(itcare.az) when the cluster was created in one zone); lowering it
        removes the newest worker nodes (C(delete_nodes)), never an ingress node.
      - For ITCare, O(node_size) is the creation sizing (C(nodeSizing), for example V(2cpu4gb)); it
        cannot be changed. O(version) is the Kubernetes product (V(1.29), V(v1.29.10)); raising it
        upgrades through every product in between, one at a time; lowering it fails.
      - Every ITCare change is an asynchronous action; a failed action fails the task with its message,
        and a wait that runs out names the action id.
      - In check mode the planned create or first change is sent with the header C(ITCare-DryRun) so
        that ITCare validates it (networks, services, sizings, addresses) without doing anything.
    type: dict
    suboptions:
      region:
        description: Region of the cluster (V(EB), V(ET)). Required at creation. Fixed.
        type: str
      area:
        description: Area of the region; ITCare's default area of the region when not set. Fixed.
        type: str
      regulation:
        description: Regulation of the area; V(STANDARD) when not set. Fixed.
        type: str
        choices: [HDS, STANDARD]
      az:
        description:
          - Availability zone that receives every node. When not set, ITCare spreads the nodes over
            the region's zones. Fixed.
        type: str
      network_id:
        description:
          - The network (C(networkId)), by its id, a number such as V(1125), or by its technical id, text such
            as V(EB_1125_DMZ8). Required at creation. Fixed.
          - The ITCare API reference types C(networkId) as an integer but its create example sends text
            (V(ED145)), so both are taken; a number written as text (V("1125")) is the id.
        type: raw
      service_id:
        description: Id of the ITCare service the cluster belongs to. Required at creation. Fixed.
        type: int
      cloud_id:
        description: Id of the cloud. Fixed.
        type: int
      ingress_provider:
        description:
          - Ingress controller, one of ITCare's ingress providers (C(GET .../ingress-providers),
            for example V(NGINX)). Required at creation, checked before the request. Fixed.
        type: str
      backup_enabled:
        description:
          - Back the nodes up. ITCare's default is on in a production service. Fixed.
          - V(true) needs O(itcare.server_backup_policy_id).
        type: bool
      replication_enabled:
        description: Replicate the storage. ITCare's default is on in a production service. Fixed.
        type: bool
      support_level:
        description: Monitoring and support level (for example V(BRONZE), V(SILVER), V(GOLD)). Fixed.
        type: str
      server_backup_policy_id:
        description: Backup policy of the nodes, when backup is on. Sent at creation only.
        type: str
      db_backup_policy_id:
        description: Backup policy of databases, when backup is on. Sent at creation only.
        type: str
      no_backup_prod_reason:
        description: Why a production cluster is not backed up (at most 255 characters). Sent at creation only.
        type: str
      no_replication_prod_reason:
        description: Why a production cluster is not replicated (at most 255 characters). Sent at creation only.
        type: str
      no_monitoring_prod_reason:
        description: Why a production cluster is not monitored (at most 255 characters). Sent at creation only.
        type: str
      ha:
        description:
          - V(true) enables high availability (C(enable_ha)), after the creation when set on a new
            cluster. ITCare cannot turn it off, so V(false) is refused; leave it unset instead.
          - ITCare offers it only in regions with three availability zones.
        type: bool
      patch_party_excluded:
        description:
          - Exclude the cluster from the patch party (V(true)) or include it (V(false)).
          - Excluding needs O(itcare.patch_exclusion_reason).
        type: bool
      patch_group:
        description:
          - Patch group of an included cluster. ITCare allows it only when the cluster has exactly one node.
        type: str
        choices: ['1', '2', '3']
      patch_exclusion_reason:
        description: Why the cluster is excluded from the patch party (at most 255 characters).
        type: str
      change_reference:
        description:
          - Change reference sent with a deletion (C(changeReference), at most 10 characters).
        type: str
"""

    INFO = r"""
options:
  itcare:
    description:
      - Cegedim ITCare-only list filters (ignored when O(name) or O(id) is given).
      - A list filter matches any of its values; several filters must all match. ITCare matches them
        case-insensitively.
    type: dict
    suboptions:
      names:
        description: Names; V(!name) excludes one and C(*) is a wildcard (ITCare C(names)).
        type: list
        elements: str
      services:
        description: Service ids.
        type: list
        elements: int
      environments:
        description: Environments, for example V(PRODUCTION).
        type: list
        elements: str
      tags:
        description: Tags, as V(key:value).
        type: list
        elements: str
      topologies:
        description: V(Standard) or V(HA).
        type: list
        elements: str
      versions:
        description: Kubernetes versions, for example V(v1.28.13).
        type: list
        elements: str
      regions:
        description: Regions, for example V(EB).
        type: list
        elements: str
      az:
        description: Availability zones where the cluster has a node.
        type: list
        elements: str
      ip:
        description: IP addresses of the cluster or of one of its nodes.
        type: list
        elements: str
      vlan:
        description: Technical ids of networks, for example V(EB_1125_DMZ8).
        type: list
        elements: str
      clouds:
        description: Cloud id.
        type: int
      backup_status:
        description: Only clusters with (V(true)) or without backup.
        type: bool
      recovery_status:
        description: Only clusters with (V(true)) or without storage replication.
        type: bool
      included_in_patch_party:
        description: Only clusters in (V(true)) or out of the patch party.
        type: bool
"""

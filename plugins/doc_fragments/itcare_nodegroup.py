# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ``itcare`` block of nodegroup (DOCUMENTATION).

It matches ``nodegroup_options()`` in ``plugins/module_utils/providers/itcare/options.py``.
"""

from __future__ import annotations


class ModuleDocFragment:
    DOCUMENTATION = r"""
options:
  itcare:
    description:
      - Cegedim ITCare-only settings of a node group. Only for O(provider=itcare).
      - ITCare has no node-group object. A node group is the nodes of one sizing in one availability
        zone of the cluster, ingress nodes or not, and its O(name) says which, in lower case
        C(<zone>-<sizing>) or C(<zone>-<sizing>-ingress), for example V(eb-a-2cpu4gb) or
        V(eb-b-2cpu4gb-ingress). O(id) is the same name. A name that does not follow it is refused before
        any request.
      - O(node_size) is the sizing of the name (V(2cpu4gb)) and can be left out; O(version) does not apply
        (nodes follow the cluster's version, see M(kaas.cloud.k8s_cluster)).
      - Creating the group, or raising O(node_count), adds nodes to its zone with C(create_nodes) (an ingress
        group's as internal ingress nodes); lowering O(node_count) removes the nodes of
        O(itcare.nodes_to_remove), then the newest ones, with C(delete_nodes). O(state=absent) removes every
        node of the group.
      - Never removed, whatever is asked (refused before any write), are the last node of the cluster and its last
        ingress node. An ITCare cluster holds at most 100 nodes (checked before any write).
      - In check mode the planned change is sent with the header C(ITCare-DryRun), so ITCare validates it
        without doing anything.
    type: dict
    suboptions:
      az:
        description:
          - Availability zone of the group (V(EB-A)); it must be the zone of O(name) and one of the cluster's.
        type: str
      ingress:
        description:
          - Whether the group's nodes are internal ingress nodes; it must match the C(-ingress) suffix of
            O(name).
        type: bool
      nodes_to_remove:
        description:
          - When O(node_count) goes down, the nodes of the group to remove first, by name. The newest nodes
            make up the rest. Not a setting; used only when the count goes down.
        type: list
        elements: str
"""

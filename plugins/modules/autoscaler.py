#!/usr/bin/python
# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Turn the cluster autoscaler of a node group on or off and set its range."""

from __future__ import annotations

DOCUMENTATION = r"""
module: autoscaler
short_description: Manage the cluster autoscaler of a node group
version_added: 0.1.0
description:
  - Enables or disables the cluster autoscaler of a worker node group and sets its node range and
    scale-down behaviour.
  - Only the options you set are compared, so an omitted option never causes a change.
  - While the autoscaler is on, M(kaas.cloud.nodegroup) and M(kaas.cloud.k8s_cluster) leave the
    group's node count to it (with a warning) instead of resizing it back.
  - Implemented for V(nks) (NHN Cloud) so far; other providers fail before any request.
author:
  - kaas.cloud developers (@kaas-cloud)
extends_documentation_fragment:
  - kaas.cloud.connection
  - kaas.cloud.cluster_member
  - kaas.cloud.wait
  - kaas.cloud.attributes
options:
  nodegroup:
    description:
      - Name or id of the worker node group.
    type: str
    default: default-worker
  enabled:
    description:
      - Whether the autoscaler adds and removes nodes (NKS C(ca_enable)).
    type: bool
  min_node_count:
    description:
      - Fewest nodes the autoscaler keeps, 1 to 10 on NKS (C(ca_min_node_count)).
    type: int
  max_node_count:
    description:
      - Most nodes the autoscaler creates, 1 to 10 on NKS and at least O(min_node_count) (C(ca_max_node_count)).
    type: int
  nks:
    description:
      - NHN Cloud NKS scale-down settings, named as NKS names them without the C(ca_) prefix.
    type: dict
    suboptions:
      scale_down_enable:
        description: Whether the autoscaler removes nodes (C(ca_scale_down_enable)).
        type: bool
      scale_down_unneeded_time:
        description: Minutes a node must be unneeded before it is removed, 1 to 1440 (C(ca_scale_down_unneeded_time)).
        type: int
      scale_down_util_thresh:
        description: Use in percent under which a node counts as unneeded, 1 to 100 (C(ca_scale_down_util_thresh)).
        type: int
      scale_down_delay_after_add:
        description: Minutes after a scale-up before scale-down resumes, 1 to 1440 (C(ca_scale_down_delay_after_add)).
        type: int
seealso:
  - module: kaas.cloud.nodegroup
"""

EXAMPLES = r"""
- name: Let the default worker group grow from 2 to 6 nodes
  kaas.cloud.autoscaler:
    provider: nks
    cluster: production
    enabled: true
    min_node_count: 2
    max_node_count: 6
    nks:
      scale_down_unneeded_time: 20
      scale_down_util_thresh: 40

- name: Turn it off for a batch group
  kaas.cloud.autoscaler:
    provider: nks
    cluster: production
    nodegroup: batch
    enabled: false
"""

RETURN = r"""
autoscaler:
  description: The autoscaler settings after the task.
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
    nodegroup:
      description: Name of the node group.
      type: str
    nodegroup_id:
      description: Id of the node group.
      type: str
    status:
      description: The node group's status word, for example V(UPDATE_COMPLETE).
      type: str
    node_count:
      description: The group's current number of nodes.
      type: int
    enabled:
      description: Whether the autoscaler is on.
      type: bool
    min_node_count:
      description: Fewest nodes.
      type: int
    max_node_count:
      description: Most nodes.
      type: int
    nks:
      description: NKS scale-down settings.
      type: dict
      returned: when provider is nks
      contains:
        scale_down_enable:
          description: Whether nodes are removed.
          type: bool
        scale_down_unneeded_time:
          description: Minutes before an unneeded node is removed.
          type: int
        scale_down_util_thresh:
          description: Utilisation threshold in percent.
          type: int
        scale_down_delay_after_add:
          description: Minutes after a scale-up before scale-down.
          type: int
        image:
          description: The autoscaler image NKS runs.
          type: str
"""

from ansible_collections.kaas.cloud.plugins.module_utils.arguments import resource_argument_spec, wait_argument_spec
from ansible_collections.kaas.cloud.plugins.module_utils.providers.nks import options as nks_options
from ansible_collections.kaas.cloud.plugins.module_utils.runner import manage_resource


def argument_spec() -> dict:
    """The module's options (also what a fleet file's autoscalers are checked against)."""
    return resource_argument_spec(
        cluster={"type": "str", "required": True},
        nodegroup={"type": "str", "default": "default-worker"},
        enabled={"type": "bool"},
        min_node_count={"type": "int"},
        max_node_count={"type": "int"},
        nks=nks_options.autoscaler_options(),
        **wait_argument_spec(),
    )


def main() -> None:
    manage_resource("autoscaler", argument_spec(), ("enabled", "min_node_count", "max_node_count"), ("nks",))


if __name__ == "__main__":
    main()

# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The check of a fleet upgrade before anything starts."""

from __future__ import annotations

DOCUMENTATION = r"""
name: fleet_upgrade_plan
short_description: Sort the clusters of a fleet upgrade into to upgrade, already at the target, and refused
version_added: 0.1.0
description:
  - Takes what each selected cluster's provider reports and the fleet's target version, and returns which clusters
    to upgrade (with the provider's own version for the target), which already run it, and which cannot reach
    it, each with the reason and the versions its provider supports.
  - The target is matched to as many parts as it has; on NKS V(1.30) is the newest usable V(v1.30.x), on ITCare
    the product V(1.30) (ITCare chooses the patch, so a target with a patch matches none of its products).
  - A cluster is at the target only when nothing is left to do; an NKS cluster whose worker groups are behind,
    or a cluster the provider is still working on, is to upgrade (the upgrade role resumes it).
  - deployme and ECNS have no upgrade; their clusters are at the target or refused.
author:
  - kaas.cloud developers (@kaas-cloud)
options:
  _input:
    description:
      - One dict per cluster with C(host), C(provider), C(cluster), C(version), C(status),
        C(supported_versions) (as M(kaas.cloud.k8s_cluster_info) returns them), C(node_groups)
        (NKS worker groups, each with C(name) and C(version)) and C(read_error) (when reading it failed).
    type: list
    elements: dict
    required: true
  target:
    description: The fleet's target Kubernetes version (V(1.30) or V(v1.30.3)).
    type: str
    required: true
  serial:
    description: The upgrade play's C(serial) list (P(kaas.cloud.fleet_waves#filter)), for RV(_value.lines).
    type: list
    elements: int
seealso:
  - plugin: kaas.cloud.fleet_upgrade_summary
    plugin_type: filter
"""

EXAMPLES = r"""
- name: Plan the upgrade of the clusters read
  ansible.builtin.set_fact:
    fleet_upgrade_planned: "{{ fleet_upgrade_reads | kaas.cloud.fleet_upgrade_plan('1.30') }}"
"""

RETURN = r"""
_value:
  description: The plan.
  type: dict
  contains:
    target:
      description: The target as given.
      type: str
    upgrade:
      description: Clusters to upgrade, in the order given, with C(host), C(provider), C(cluster), C(current),
        C(version) (the provider's version for the target), C(behind) (NKS worker groups behind) and C(busy).
      type: list
      elements: dict
    at_target:
      description: Clusters that already run the target, with C(host), C(provider), C(cluster) and C(version).
      type: list
      elements: dict
    refused:
      description: Clusters that cannot reach the target, with C(host), C(provider), C(cluster), C(current),
        C(reason) and C(supported) (the versions their provider offers).
      type: list
      elements: dict
    message:
      description: One line per refused cluster naming it, its provider, the target and the supported versions.
      type: str
    lines:
      description: With O(serial), the waves in order and the clusters at the target, as text; else empty.
      type: list
      elements: str
"""

from typing import Any, Callable

from ansible_collections.kaas.cloud.plugins.filter.fleet_waves import guarded
from ansible_collections.kaas.cloud.plugins.plugin_utils import fleet_waves


def plan(clusters: Any, target: Any, serial: Any = None) -> dict[str, Any]:
    planned = fleet_waves.plan(list(clusters or []), target)
    lines = fleet_waves.plan_lines(planned, [int(size) for size in serial]) if serial else []
    return {**planned, "message": fleet_waves.refusals(planned), "lines": lines}


class FilterModule:
    def filters(self) -> dict[str, Callable[..., Any]]:
        return {"fleet_upgrade_plan": guarded(plan)}

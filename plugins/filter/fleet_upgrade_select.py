# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Whether an inventory host is a cluster a fleet upgrade selects."""

from __future__ import annotations

DOCUMENTATION = r"""
name: fleet_upgrade_select
short_description: Whether an inventory host is a cluster that the fleet upgrade's filters select
version_added: 0.1.0
description:
  - Takes the variables of a host of the P(kaas.cloud.clusters#inventory) inventory plugin
    (C(hostvars[inventory_hostname])) and returns V(true) when it is a cluster (not a node)
    that every filter given matches.
  - Filters may be lists or comma-separated text (as an AWX survey gives them); an empty filter matches every cluster.
  - Fails naming the filter when one is malformed (an unknown provider, a version that is not one, a label
    that is not C(key=value)).
author:
  - kaas.cloud developers (@kaas-cloud)
options:
  _input:
    description: The host's variables (C(kaas_kind), C(kaas_provider), C(kaas_kubernetes_version), C(kaas_cluster)).
    type: dict
    required: true
  providers:
    description: Providers to keep (V(nks), V(itcare), V(deployme), V(ecns)).
    type: list
    elements: str
  current_versions:
    description:
      - Current Kubernetes versions to keep, each matched to as many parts as it has (V(1.28) keeps V(v1.28.3)).
    type: list
    elements: str
  labels:
    description:
      - Labels the cluster must have, as a dict or as V(key=value,key=value) text. A label is a plain value of the
        cluster's provider attributes (C(kaas_cluster.<provider>)), for example ITCare's C(environment) or
        C(patch_group), NKS's C(availability_zone).
    type: raw
seealso:
  - plugin: kaas.cloud.clusters
    plugin_type: inventory
"""

EXAMPLES = r"""
- name: Keep the production ITCare and NKS clusters that run 1.28 or 1.29
  ansible.builtin.set_fact:
    fleet_upgrade_selected: >-
      {{ hostvars[inventory_hostname] | kaas.cloud.fleet_upgrade_select(providers=['nks', 'itcare'],
         current_versions=['1.28', '1.29'], labels={'environment': 'PRODUCTION'}) }}
"""

RETURN = r"""
_value:
  description: Whether the host is a selected cluster.
  type: bool
"""

from typing import Any, Callable

from ansible_collections.kaas.cloud.plugins.filter.fleet_waves import guarded
from ansible_collections.kaas.cloud.plugins.plugin_utils import fleet_waves


def select(hostvars: Any, providers: Any = None, current_versions: Any = None, labels: Any = None) -> bool:
    return fleet_waves.selected(dict(hostvars), providers, current_versions, labels)


class FilterModule:
    def filters(self) -> dict[str, Callable[..., Any]]:
        return {"fleet_upgrade_select": guarded(select)}

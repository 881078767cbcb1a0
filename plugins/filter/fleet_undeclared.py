# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ``fleet_undeclared`` filter: clusters an account holds that the fleet does not declare."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ansible.errors import AnsibleFilterError

from ansible_collections.kaas.cloud.plugins.plugin_utils import fleet_plan

DOCUMENTATION = r"""
name: fleet_undeclared
short_description: Clusters an account holds that a fleet file does not declare
version_added: 0.1.0
author: kaas.cloud contributors
description:
  - Compares the clusters of each connection (one P(kaas.cloud.k8s_cluster_info#module) listing per
    connection) with the clusters a fleet file declares there.
options:
  _input:
    description: The declared clusters, C(clusters) of P(kaas.cloud.fleet_file#filter).
    type: list
    elements: dict
    required: true
  listings:
    description:
      - The registered results of a P(kaas.cloud.k8s_cluster_info#module) loop over the connections'
        names, one listing per connection.
      - The loop item is the connection's name, not its options, which hold secrets that a failed
        item's result would repeat.
    type: list
    elements: dict
    required: true
  connections:
    description: The fleet file's connections by name (C(connections) of P(kaas.cloud.fleet_file#filter)).
    type: dict
    required: true
"""

EXAMPLES = r"""
- name: Clusters nobody declared
  ansible.builtin.set_fact:
    fleet_undeclared: >-
      {{ fleet_loaded.clusters | kaas.cloud.fleet_undeclared(fleet_listings.results, fleet_loaded.connections) }}
"""

RETURN = r"""
_value:
  description: C(host), C(name), C(provider), C(connection) and C(undeclared=true) of each undeclared cluster.
  type: list
  elements: dict
"""


def fleet_undeclared(
    declared: list[dict[str, Any]], listings: list[dict[str, Any]], connections: dict[str, dict[str, Any]]
) -> list[dict[str, Any]]:
    try:
        return fleet_plan.undeclared(declared, listings, connections)
    except ValueError as error:
        raise AnsibleFilterError(str(error)) from error


class FilterModule:
    def filters(self) -> dict[str, Callable[..., Any]]:
        return {"fleet_undeclared": fleet_undeclared}

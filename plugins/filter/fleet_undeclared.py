# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ``fleet_undeclared`` filter: clusters an account holds that the fleet does not declare."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

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
      - The registered results of a P(kaas.cloud.k8s_cluster_info#module) loop over the connections
        (C(connections | dict2items)), one listing per connection.
    type: list
    elements: dict
    required: true
"""

EXAMPLES = r"""
- name: Clusters nobody declared
  ansible.builtin.set_fact:
    fleet_undeclared: "{{ fleet_loaded.clusters | kaas.cloud.fleet_undeclared(fleet_listings.results) }}"
"""

RETURN = r"""
_value:
  description: C(host), C(name), C(provider), C(connection) and C(undeclared=true) of each undeclared cluster.
  type: list
  elements: dict
"""


def fleet_undeclared(declared: list[dict[str, Any]], listings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return fleet_plan.undeclared(declared, listings)


class FilterModule:
    def filters(self) -> dict[str, Callable[..., Any]]:
        return {"fleet_undeclared": fleet_undeclared}

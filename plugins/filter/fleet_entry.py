# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ``fleet_entry`` filter: one cluster's plan entry from the results of its steps."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ansible_collections.kaas.cloud.plugins.plugin_utils import fleet_plan

DOCUMENTATION = r"""
name: fleet_entry
short_description: The plan entry of one fleet cluster from the results of its steps
version_added: 0.1.0
author: kaas.cloud contributors
description:
  - Reads the registered results of the modules that planned (check mode) or converged one
    cluster and says what they did, in the contract of C(docs/fleet.md).
  - The modules decide; this names the keys they changed (C(node_count),
    C(node_groups[batch].node_count)) with their value before and after, and the keys they
    refused to change in place.
options:
  _input:
    description: The cluster, an entry of C(clusters) of P(kaas.cloud.fleet_file#filter) or an undeclared cluster.
    type: dict
    required: true
  steps:
    description: The registered result of each step (C(cluster), C(node_groups), C(autoscalers), C(ip_acl),
      C(load_balancers), C(kubeconfig), C(namespaces), C(workloads)).
    type: dict
    default: {}
  failure:
    description: The failed task's result (C(ansible_failed_result)) when a step failed.
    type: dict
  failed_step:
    description: The module of the failed task (C(ansible_failed_task.action)), so that refused keys are
      named from the cluster.
    type: str
    default: ""
  prune:
    description: Whether an undeclared cluster is deleted.
    type: bool
    default: false
"""

EXAMPLES = r"""
- name: What the steps did
  ansible.builtin.set_fact:
    fleet_entry: "{{ fleet_cluster | kaas.cloud.fleet_entry({'cluster': cluster_result}) }}"
"""

RETURN = r"""
_value:
  description:
    - C(provider), C(name), C(connection), C(action) (V(create), V(change), V(unchanged), V(refused),
      V(undeclared) or V(failed)), C(changes) and C(refused) (lists of C(key), C(before), C(after),
      plus C(reason) for a refusal) and C(error).
  type: dict
"""


def fleet_entry(
    cluster: dict[str, Any],
    steps: dict[str, Any] | None = None,
    failure: dict[str, Any] | None = None,
    failed_step: str = "",
    prune: bool = False,
) -> dict[str, Any]:
    return fleet_plan.entry(cluster, steps, failure, failed_step, prune)


class FilterModule:
    def filters(self) -> dict[str, Callable[..., Any]]:
        return {"fleet_entry": fleet_entry}

# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ``fleet_summary`` filter: the fleet plan as lines for people and as a document for machines."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ansible_collections.kaas.cloud.plugins.plugin_utils import fleet_plan

DOCUMENTATION = r"""
name: fleet_summary
short_description: The fleet plan for people (lines) and for machines (a document with counts)
version_added: 0.1.0
author: kaas.cloud contributors
description:
  - Turns the plan entries of a fleet (P(kaas.cloud.fleet_entry#filter)) into one line per cluster and
    per changed key (before -> after), a count per action, and the document
    C(fleet_plan_output) is written with.
options:
  _input:
    description:
      - The plan entries, or the variables of the fleet's hosts (C(hostvars)); a host without
        C(fleet_entry) is listed as a failed cluster.
    type: list
    elements: dict
    required: true
"""

EXAMPLES = r"""
- name: Show the plan
  ansible.builtin.debug:
    msg: "{{ (fleet_plan | kaas.cloud.fleet_summary).lines }}"
"""

RETURN = r"""
_value:
  description:
    - C(plan) (the entries), C(lines) (the plan as text), C(summary) (a count per action) and
      C(document) (C(clusters) and C(summary)).
  type: dict
"""


def fleet_summary(items: list[dict[str, Any]]) -> dict[str, Any]:
    plan = fleet_plan.collect(items)
    return {
        "plan": plan,
        "lines": fleet_plan.lines(plan),
        "summary": fleet_plan.summary(plan),
        "document": fleet_plan.document(plan),
    }


class FilterModule:
    def filters(self) -> dict[str, Callable[..., Any]]:
        return {"fleet_summary": fleet_summary}

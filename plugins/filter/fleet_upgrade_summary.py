# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Where a fleet upgrade stands: after a wave, or at the end."""

from __future__ import annotations

DOCUMENTATION = r"""
name: fleet_upgrade_summary
short_description: Where a fleet upgrade stands - upgraded, already at the target, failed, not reached
version_added: 0.1.0
description:
  - Takes the plan of P(kaas.cloud.fleet_upgrade_plan#filter) and each upgraded cluster's result, and returns the
    clusters upgraded, already at the target, failed (with the error) and not reached.
  - Given the wave just run (the play's C(ansible_play_batch)), the C(serial) list and the failure share, it also
    says which wave it was and whether Ansible stops after it (more than the share failed, or every cluster of it).
author:
  - kaas.cloud developers (@kaas-cloud)
options:
  _input:
    description: The plan.
    type: dict
    required: true
  results:
    description: Each cluster's result, C(host) with C(outcome) (V(upgraded) or V(failed)) and C(error).
    type: list
    elements: dict
    required: true
  serial:
    description: The play's C(serial) list (P(kaas.cloud.fleet_waves#filter)); with O(wave) only.
    type: list
    elements: int
  wave:
    description: The hosts of the wave just run.
    type: list
    elements: str
  max_fail_percentage:
    description: The share of a wave, in percent, that may fail before the upgrade stops.
    type: float
    default: 0
"""

EXAMPLES = r"""
- name: Where the upgrade stands
  ansible.builtin.debug:
    msg: "{{ fleet_upgrade_planned | kaas.cloud.fleet_upgrade_summary(fleet_upgrade_results) }}"
"""

RETURN = r"""
_value:
  description:
    - C(target), C(upgraded), C(already_at_target), C(failed) (each with C(cluster) and C(error)) and C(not_reached);
      clusters are named C(<provider>/<cluster>); C(lines) is the same as text, one line per outcome.
    - With O(wave), that summary is under C(summary), beside C(wave), C(waves), C(canary), C(size), C(failed)
      (a count), C(stop), C(last) and C(lines) (the wave, and the summary when it is the last).
  type: dict
"""

from typing import Any, Callable

from ansible_collections.kaas.cloud.plugins.filter.fleet_waves import guarded
from ansible_collections.kaas.cloud.plugins.plugin_utils import fleet_waves


def summarize(
    planned: Any, results: Any, serial: Any = None, wave: Any = None, max_fail_percentage: Any = 0
) -> dict[str, Any]:
    results = [dict(r) for r in results or [] if r]
    if wave is None:
        done = fleet_waves.summary(dict(planned), results)
        return {**done, "lines": fleet_waves.summary_lines(done)}
    sizes = [int(size) for size in serial or []] or [len(list(wave))]
    report = fleet_waves.wave_report(dict(planned), results, sizes, list(wave), max_fail_percentage)
    return {**report, "lines": fleet_waves.wave_lines(report, max_fail_percentage)}


class FilterModule:
    def filters(self) -> dict[str, Callable[..., Any]]:
        return {"fleet_upgrade_summary": guarded(summarize)}

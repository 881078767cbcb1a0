# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The filters of playbooks/fleet_upgrade.yml; the decisions are in plugin_utils/fleet_waves.py."""

from __future__ import annotations

DOCUMENTATION = r"""
name: fleet_waves
short_description: The serial list of an upgrade in waves (a canary wave, then waves of a size)
version_added: 0.1.0
description:
  - Returns the C(serial) list of a play that upgrades clusters in waves, as C(playbooks/fleet_upgrade.yml) uses it.
  - The first wave is the canary (V(0) means none); Ansible repeats the last size for the waves after.
  - Fails naming the setting when a size is not a whole number (text of digits, as a survey gives, is accepted).
author:
  - kaas.cloud developers (@kaas-cloud)
options:
  _input:
    description: Clusters in the canary wave (V(0) for no canary).
    type: int
    required: true
  wave_size:
    description: Clusters in each wave after the canary (at least 1).
    type: int
    required: true
seealso:
  - plugin: kaas.cloud.fleet_upgrade_plan
    plugin_type: filter
"""

EXAMPLES = r"""
- name: Upgrade one canary cluster, then five at a time
  hosts: fleet_upgrade_pending
  serial: "{{ 1 | kaas.cloud.fleet_waves(5) }}"
  tasks: []
"""

RETURN = r"""
_value:
  description: The C(serial) list, V([1, 5]) (or V([5]) without a canary).
  type: list
  elements: int
"""

from typing import Any, Callable

from ansible.errors import AnsibleFilterError

from ansible_collections.kaas.cloud.plugins.plugin_utils import fleet_waves
from ansible_collections.kaas.cloud.plugins.plugin_utils.fleet_waves import FleetError


def guarded(function: Callable[..., Any]) -> Callable[..., Any]:
    """The function, its FleetError shown as the filter's error (no traceback)."""

    def call(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except FleetError as error:
            raise AnsibleFilterError(str(error)) from None

    call.__name__ = function.__name__
    call.__doc__ = function.__doc__
    return call


def serial(canary_size: Any, wave_size: Any) -> list[int]:
    return fleet_waves.waves(canary_size, wave_size)


class FilterModule:
    def filters(self) -> dict[str, Callable[..., Any]]:
        return {"fleet_waves": guarded(serial)}

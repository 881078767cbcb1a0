# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ``fleet_file`` filter: a fleet file, checked, its connections and one entry per cluster."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ansible.errors import AnsibleFilterError

from ansible_collections.kaas.cloud.plugins.plugin_utils import fleet

DOCUMENTATION = r"""
name: fleet_file
short_description: Check a fleet file and expand it into one entry per cluster
version_added: 0.1.0
author: kaas.cloud contributors
description:
  - Reads a fleet file (the format of C(docs/fleet.md)), applies each provider's defaults to its
    clusters and checks every key against the argument spec of the module that receives it,
    before any request.
  - Fails with every problem found, each naming the cluster (or connection) and the key.
  - A key given twice in one mapping of the file is an error, not a silent override.
options:
  _input:
    description: Path of the fleet file, or the fleet document already loaded.
    type: raw
    required: true
"""

EXAMPLES = r"""
- name: The connections and clusters of the fleet
  ansible.builtin.set_fact:
    fleet_loaded: "{{ fleet | kaas.cloud.fleet_file }}"
"""

RETURN = r"""
_value:
  description:
    - C(connections), the connections of the file by name, and C(clusters), one entry per cluster
      in the order of the file with C(host), C(name), C(provider), C(connection) (its name in the
      file), C(labels), C(connection_options) and C(spec) (the cluster's settings with the defaults
      applied).
  type: dict
"""


def fleet_file(source: Any) -> dict[str, Any]:
    try:
        document = fleet.load(source) if isinstance(source, str) else source
        return {"clusters": fleet.expand(document), "connections": dict(document["connections"])}
    except fleet.FleetError as error:
        raise AnsibleFilterError(str(error)) from None


class FilterModule:
    def filters(self) -> dict[str, Callable[..., Any]]:
        return {"fleet_file": fleet_file}

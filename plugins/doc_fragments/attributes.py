# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The check-mode and diff attributes every kaas.cloud module declares."""

from __future__ import annotations


class ModuleDocFragment:
    # Modules that change resources: kaas.cloud.attributes
    DOCUMENTATION = r"""
attributes:
  check_mode:
    support: full
    description:
      - Predicts C(changed) and the diff without sending any write request.
      - For a change to an existing resource, the diff check mode shows is the diff the real run
        shows, C(before) and C(after) alike, including the defaults the provider fills in and what
        the change implies (a new revision, settings the provider forgets).
      - For a creation, C(after) holds what the task sets, completed with the provider's defaults;
        every value it shows is the value the real run shows. Values the provider decides only when
        it creates the resource (its id, addresses) appear in the real run only.
      - A value the provider assigns during the change, such as a node port, is shown as
        V((assigned by the provider)).
  diff_mode:
    support: full
    description:
      - Shows the resource's settings before and after the task, each in the form it is compared
        in (a version as major.minor where the provider compares it so).
      - Settings are the resource's name and id and the options a task can set that the provider
        reports; write-only values never appear. Run-time state (status, timestamps, nodes, pods,
        events) is not part of the diff, as it moves on its own; it is in the returned resource.
"""

    # Modules that only read: kaas.cloud.attributes.info_module
    INFO_MODULE = r"""
attributes:
  check_mode:
    support: full
    description: Reads only, so it runs the same in check mode.
  diff_mode:
    support: none
    description: Nothing changes, so there is nothing to diff.
"""

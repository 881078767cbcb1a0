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
    description: Predicts C(changed) and the diff without sending any write request.
  diff_mode:
    support: full
    description: Shows the resource before and after the task.
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

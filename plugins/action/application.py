# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The action of ``kaas.cloud.application``: the collection's one action for its modules."""

from __future__ import annotations

from ansible_collections.kaas.cloud.plugins.plugin_utils.in_process import ActionModule

__all__ = ["ActionModule"]

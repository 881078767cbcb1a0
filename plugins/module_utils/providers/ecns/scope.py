# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""ECNS objects that keep the scope (cluster, namespace) of their last call."""

from __future__ import annotations

from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.objects import EcnsObject, Scope


class RemembersScope(EcnsObject):
    """Keeps the scope of the last call, for ``account_details``, which an ``*_info`` module calls
    with no scope once it has listed (the look-ups of the namespace it listed)."""

    last_scope: Scope | None = None

    def enter(self, scope: Scope) -> None:
        self.last_scope = scope
        super().enter(scope)

# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What a task names and asks for, checked before any request.

Shared by every module: the ``*_info`` modules locate resources with it, and the
declarative ones build their desired state with it. What compares a desired state
with the provider's view is in ``desired``, which only declarative modules load.
"""

from __future__ import annotations

from typing import Any

from ansible_collections.kaas.cloud.plugins.module_utils.errors import ValidationError

IDENTITY_KEYS = ("name", "id")
# Where a child resource lives (the cluster of a node group, the node group of an
# autoscaler): carried in the desired state to find the resource, never compared.
PARENT_KEYS = ("cluster", "nodegroup")
LOCATOR_KEYS = (*IDENTITY_KEYS, *PARENT_KEYS)


def desired_state(
    params: dict[str, Any], portable: tuple[str, ...], blocks: tuple[str, ...], provider: str
) -> dict[str, Any]:
    """The options the user actually set, shaped as the portable model.

    Options left unset are absent, so they can never cause a change. A provider
    block that does not match ``provider`` is refused here, before any request.
    """
    desired: dict[str, Any] = {}
    for key in LOCATOR_KEYS:
        check_identity(key, params.get(key))
    for key in (*LOCATOR_KEYS, *portable):
        if params.get(key) is not None:
            desired[key] = params[key]
    for block in blocks:
        values = params.get(block)
        if values is None:
            continue
        set_values = {k: v for k, v in values.items() if v is not None}
        if not set_values:
            continue
        if block != provider:
            raise ValidationError(
                f"option '{block}' applies to provider {block} only, but provider is {provider}; "
                f"move these settings to a '{provider}' block or remove them"
            )
        desired[block] = set_values
    return desired


def check_identity(option: str, value: Any) -> None:
    """A name or id, when given, is a real one: not blank, no surrounding blanks or control characters.

    Provider-specific name rules come on top of this, in each adapter's ``validate``.
    """
    if value is None:
        return
    text = str(value)
    if not text.strip():
        raise ValidationError(f"{option} must not be empty")
    if text != text.strip() or any(ord(char) < 32 or ord(char) == 127 for char in text):
        raise ValidationError(f"{option} {text!r} has surrounding blanks or control characters")

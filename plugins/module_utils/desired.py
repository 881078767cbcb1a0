# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What a task asks for, and how it compares with what the provider holds.

Shared by the reconciler (declarative modules) and the ``*_info`` modules, which
check names and locate resources the same way but never reconcile anything.
"""

from __future__ import annotations

import copy
from typing import Any, Collection

from ansible_collections.kaas.cloud.plugins.module_utils.errors import ValidationError
from ansible_collections.kaas.cloud.plugins.module_utils.providers.contract import (
    Capabilities,
    ResourceAdapter,
    get_path,
    set_path,
)

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


def set_paths(desired: dict[str, Any], whole: Collection[str] = frozenset()) -> list[str]:
    """The option paths a desired state sets: ``block.option`` inside a provider block.

    A dict-valued option that the adapter declares as one field (``whole``, such as
    ECNS ``labels`` or ``network``) is one value, compared as a whole.
    """
    paths = []
    for key, value in desired.items():
        if key in LOCATOR_KEYS:
            continue
        if isinstance(value, dict) and key not in whole:
            paths.extend(f"{key}.{sub}" for sub in value)
        else:
            paths.append(key)
    return paths


def check_supported(provider: str, desired: dict[str, Any], capabilities: Capabilities) -> None:
    """Refuse options this provider cannot honour, naming the providers that can."""
    adapter = capabilities.adapter(provider)
    if adapter is None:
        able = ", ".join(capabilities.providers()) or "none yet"
        raise ValidationError(
            f"provider {provider} has no {capabilities.resource} resource in this collection "
            f"(providers that have it: {able})"
        )
    supported = adapter.field_paths()
    for path in set_paths(desired, supported):
        if path not in supported:
            others = capabilities.providers_with(path)
            hint = f"providers that support it: {', '.join(others)}" if others else "no provider supports it yet"
            raise ValidationError(
                f"{capabilities.resource} option '{path}' is not supported by provider {provider} ({hint})"
            )


def differences(adapter: ResourceAdapter, desired: dict[str, Any], view: dict[str, Any]) -> dict[str, tuple]:
    """``{path: (current, requested)}`` for each set option that differs, normalised."""
    changes = {}
    for path in set_paths(desired, adapter.field_paths()):
        spec = adapter.field(path)
        if spec is None or not spec.compare:
            continue
        wanted = spec.normalize(get_path(desired, path))
        current = spec.normalize(get_path(view, path))
        if current is None and not spec.reported:
            continue
        same = spec.matches(current, wanted) if spec.matches is not None else wanted == current
        if not same:
            changes[path] = (current, wanted)
    return changes


def settings(adapter: ResourceAdapter, view: dict[str, Any]) -> dict[str, Any]:
    """The part of a view that a diff shows: identity and settings, settings normalised as compared.

    Settings are the options a task can set (the adapter's fields) that the provider
    reports; each is shown the way ``differences`` compares it. Run-time state
    (status, timestamps, events, nodes, pods, counters) stays out of the diff: it
    moves on its own between two reads and no check mode can predict it. It is in
    the resource the module returns. Values that are not there (None) are left out.
    """
    shown: dict[str, Any] = {}
    for key in (*LOCATOR_KEYS, *adapter.identity_keys):
        if view.get(key) is not None:
            shown[key] = copy.deepcopy(view[key])
    for spec in adapter.fields:
        if not spec.compare or not spec.reported:
            continue
        value = spec.normalize(get_path(view, spec.path))
        if value is not None:
            set_path(shown, spec.path, copy.deepcopy(value))
    return shown

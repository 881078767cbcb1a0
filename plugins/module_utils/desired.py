# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""How what a task asks for compares with what the provider holds.

Only declarative modules (the reconciler) load this. Identity keys, name checks and
``desired_state``, which ``*_info`` modules need too, are in ``identity`` and are
re-exported here for the modules and tests that import them from this module.
"""

from __future__ import annotations

import copy
from typing import Any, Collection

from ansible_collections.kaas.cloud.plugins.module_utils.errors import ValidationError
from ansible_collections.kaas.cloud.plugins.module_utils.identity import (
    IDENTITY_KEYS,
    LOCATOR_KEYS,
    PARENT_KEYS,
    check_identity,
    desired_state,
)
from ansible_collections.kaas.cloud.plugins.module_utils.providers.contract import (
    Capabilities,
    ResourceAdapter,
    get_path,
    set_path,
)

__all__ = [
    "IDENTITY_KEYS",
    "LOCATOR_KEYS",
    "PARENT_KEYS",
    "check_identity",
    "check_supported",
    "desired_state",
    "differences",
    "set_paths",
    "settings",
]


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

"""Namespaced Kubernetes objects kept by the emulator (configmaps, secrets, services, ...).

Every such object lives in the namespace of the session scope (see :mod:`.web`) and is
stored under ``state[<kind key>]["<cluster>/<namespace>/<name>"]``. These helpers keep
the look-up, the 404 and the 409 the same for every kind.
"""

from __future__ import annotations

from typing import Any

from kaas_emulator.core.clock import iso8601
from kaas_emulator.core.errors import ApiError
from kaas_emulator.providers.ecns.web import Scope


def in_scope(state: dict[str, Any], kind_key: str, where: Scope) -> dict[str, dict[str, Any]]:
    """``{name: record}`` of the objects of one kind in the scope's namespace."""
    prefix = where.prefix()
    found = state.setdefault(kind_key, {})
    return {key[len(prefix) :]: record for key, record in found.items() if key.startswith(prefix)}


def get(
    state: dict[str, Any], kind_key: str, where: Scope, name: str, label: str
) -> dict[str, Any]:
    """The record of ``name``, else 404 naming the kind and the namespace."""
    record = state.setdefault(kind_key, {}).get(f"{where.prefix()}{name}")
    if record is None:
        raise ApiError(404, f'{label} "{name}" not found in namespace "{where.namespace}"')
    return record


def add(
    state: dict[str, Any],
    kind_key: str,
    where: Scope,
    name: str,
    label: str,
    record: dict[str, Any],
    now: float,
) -> dict[str, Any]:
    """Store a new record (with its ``creation_time``); 409 when the name is taken."""
    found = state.setdefault(kind_key, {})
    key = f"{where.prefix()}{name}"
    if key in found:
        raise ApiError(409, f'{label} "{name}" already exists in namespace "{where.namespace}"')
    record.setdefault("creation_time", iso8601(now))
    found[key] = record
    return record


def remove_all(
    state: dict[str, Any], kind_key: str, where: Scope, names: list[str], label: str
) -> None:
    """Delete every named object, or none of them: 404 names the first one missing."""
    found = state.setdefault(kind_key, {})
    keys = [f"{where.prefix()}{name}" for name in names]
    for name, key in zip(names, keys, strict=True):
        if key not in found:
            raise ApiError(404, f'{label} "{name}" not found in namespace "{where.namespace}"')
    for key in keys:
        del found[key]

"""Timestamp-based asynchronous operations, settled lazily on read.

Real clouds answer a create/scale/delete at once and finish the work minutes later.
The emulator reproduces that without threads: a resource records the operation it is
undergoing (kind, wall start time, nominal duration, planned outcome) and whoever reads
the resource first *settles* it, i.e. applies the outcome if enough scaled time passed.
This keeps the state a plain JSON document (it survives a restart) and makes tests
deterministic with an injected clock and a time scale.

The operation is stored under the key ``_operation`` of the resource dict; keys that
start with ``_`` are internal and must never be rendered by a provider.
"""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from dataclasses import asdict, dataclass
from typing import Any

OPERATION_KEY = "_operation"

Resource = MutableMapping[str, Any]
#: Called when an operation completes; returns True to remove the resource (deletions).
OnDone = Callable[[Resource, "Operation", float], bool]


@dataclass(frozen=True)
class Operation:
    """One in-flight asynchronous operation of a resource.

    ``duration`` is in nominal (provider) seconds; ``error`` is the failure message the
    operation will end with, or None when it is going to succeed.
    """

    kind: str
    started_at: float
    duration: float
    error: str | None = None

    def finished_at(self, time_scale: float) -> float:
        """Wall time at which the operation completes under ``time_scale``."""
        return self.started_at + self.duration / time_scale

    def is_done(self, now: float, time_scale: float) -> bool:
        """True once ``(now - started_at) * time_scale >= duration``."""
        return (now - self.started_at) * time_scale >= self.duration

    def progress(self, now: float, time_scale: float) -> float:
        """Completed fraction in [0, 1], handy for providers that expose a percentage."""
        if self.duration <= 0:
            return 1.0
        return max(0.0, min(1.0, (now - self.started_at) * time_scale / self.duration))


def begin(
    resource: Resource, kind: str, duration: float, now: float, error: str | None = None
) -> Operation:
    """Attach a new operation to ``resource`` (replacing any previous one) and return it."""
    operation = Operation(kind=kind, started_at=now, duration=float(duration), error=error)
    resource[OPERATION_KEY] = asdict(operation)
    return operation


def current(resource: Resource) -> Operation | None:
    """Return the operation in flight on ``resource``, if any."""
    raw = resource.get(OPERATION_KEY)
    return Operation(**raw) if raw else None


def settle(resource: Resource, now: float, time_scale: float, on_done: OnDone) -> bool:
    """Complete the resource's operation if it is due.

    Returns True when the resource must be removed (``on_done`` asked for it).
    """
    operation = current(resource)
    if operation is None or not operation.is_done(now, time_scale):
        return False
    del resource[OPERATION_KEY]
    return on_done(resource, operation, operation.finished_at(time_scale))


def settle_all(
    resources: MutableMapping[str, Resource], now: float, time_scale: float, on_done: OnDone
) -> None:
    """Settle every resource of a collection keyed by id, dropping completed deletions."""
    for key in list(resources):
        if settle(resources[key], now, time_scale, on_done):
            del resources[key]


def public_view(resource: Resource) -> dict[str, Any]:
    """Copy of ``resource`` without internal (``_``-prefixed) keys."""
    return {key: value for key, value in resource.items() if not key.startswith("_")}

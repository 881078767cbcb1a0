# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""NKS operations: every change is one asynchronous call, and NKS runs one at a time per cluster.

An adapter whose changes map to several NKS calls (the cluster, a node group)
declares them once, as an ordered table of :class:`Operation`. The same table
splits a diff into steps (one per operation, in table order: the reconciler waits
between two), refuses in the plan what NKS would refuse (check mode too), sends
the call of each step and names what the resource must show once the call is done.

Every NKS adapter then waits the same way (:func:`awaited`): its own status and
its cluster's must be ready, and the view must show what the last call asked for,
since NKS reports an operation done a moment before the resource shows it.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Callable, ClassVar

from ansible_collections.kaas.cloud.plugins.module_utils.providers.contract import (
    FAILED,
    PENDING,
    READY,
    ResourceAdapter,
    Status,
    get_path,
)

# (adapter, view or None for a create, {path: (current, requested)}, desired) -> None; raises to refuse.
Check = Callable[[Any, "dict[str, Any] | None", "dict[str, tuple]", "dict[str, Any]"], None]
# (adapter, current state, {path: requested}, desired) -> whether a call was sent.
Send = Callable[[Any, Any, "dict[str, Any]", "dict[str, Any]"], bool]
# (adapter, current state before the call, {path: requested}) -> {path: value} the view will show.
Shows = Callable[[Any, Any, "dict[str, Any]"], "dict[str, Any]"]


@dataclasses.dataclass(frozen=True)
class Operation:
    """One NKS call: the option paths it changes, its refusals, the call, and what it leads to.

    ``check`` runs in the plan whenever a change touches ``paths`` (``view`` is None
    for a create). ``send`` returns False when, for the state read, there is nothing
    to send (no node to start): the next operation covering the same paths is tried.
    ``shows`` defaults to the requested values, normalised as the view shows them.
    """

    name: str
    paths: tuple[str, ...]
    send: Send
    check: Check | None = None
    shows: Shows | None = None


def awaited(adapter: ResourceAdapter, current: Any, *statuses: Status) -> Status:
    """The first of ``statuses`` not ready; else pending while the view lacks ``current.expect``.

    ``statuses`` go from the resource itself to what holds it (its group, its
    cluster): a busy holder keeps the resource waiting, a failed one fails it.
    """
    for status in statuses:
        if status.state != READY:
            return status
    own = statuses[0]
    if current.expect:
        view = adapter.view(current)
        pending = [path for path, wanted in current.expect.items() if not shows(adapter, view, path, wanted)]
        if pending:
            return Status(PENDING, f"{own.raw}, waiting for {', '.join(pending)} to show the change")
    return own


def shows(adapter: ResourceAdapter, view: dict[str, Any], path: str, wanted: Any) -> bool:
    """Whether ``view`` shows ``wanted`` at ``path``, compared as the planner compares it."""
    spec = adapter.field(path)
    if spec is None:
        return get_path(view, path) == wanted
    seen = spec.normalize(get_path(view, path))
    return spec.matches(seen, wanted) if spec.matches is not None else seen == wanted


def operation_status(raw: Any, reason: Any) -> Status:
    """A Magnum status word as ready (`*_COMPLETE`), pending (`*_IN_PROGRESS`) or failed."""
    raw = str(raw or "UNKNOWN")
    if raw.endswith("_COMPLETE"):
        return Status(READY, raw)
    if raw.endswith("_IN_PROGRESS"):
        return Status(PENDING, raw, reason)
    if raw.endswith("_FAILED"):
        return Status(FAILED, raw, reason or "no reason given")
    return Status(FAILED, raw, reason or f"status {raw} is not one NKS documents")


class RunsOperations(ResourceAdapter):
    """An adapter whose updates are the calls of its :attr:`operations` table, one per step."""

    operations: ClassVar[tuple[Operation, ...]] = ()

    def split_update(self, changes: dict[str, Any]) -> list[dict[str, Any]]:
        """One step per operation of the table that the changes touch, in table order."""
        steps = [{path: changes[path] for path in op.paths if path in changes} for op in self.operations]
        return [step for step in steps if step]

    def check_operations(self, view: dict[str, Any] | None, changes: dict[str, tuple], desired: dict[str, Any]) -> None:
        """Each touched operation's refusals, in table order."""
        for op in self.operations:
            if op.check is not None and any(path in changes for path in op.paths):
                op.check(self, view, changes, desired)

    def send_operation(self, current: Any, step: dict[str, Any], desired: dict[str, Any]) -> dict[str, Any] | None:
        """Send the step's call: ``{path: value}`` the view will show once it is done, None if nothing was sent."""
        for op in self.operations:
            if any(path in step for path in op.paths) and op.send(self, current, step, desired):
                if op.shows is not None:
                    return op.shows(self, current, step)
                return {path: self.field(path).normalize(step[path]) for path in op.paths if path in step}
        return None

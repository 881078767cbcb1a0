# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Desired state against current state, for every resource of every provider.

This is the only place that knows idempotency, check mode, diff and waiting, so
that all modules behave alike: compare only what the user set, refuse immutable
changes by name, never write in check mode, never create twice, and wait with a
deadline and backoff.
"""

from __future__ import annotations

import copy
import time
from dataclasses import dataclass, field
from typing import Any, Callable

from ansible_collections.kaas.cloud.plugins.module_utils.desired import (
    differences,
    set_paths,
    settings,
)
from ansible_collections.kaas.cloud.plugins.module_utils.errors import (
    ApiError,
    KaasError,
    ParentNotFound,
    PlanError,
    WaitError,
    is_transient,
    may_have_been_applied,
)
from ansible_collections.kaas.cloud.plugins.module_utils.providers.contract import (
    FAILED,
    PENDING,
    READY,
    ResourceAdapter,
    Status,
    get_path,
    set_path,
)
from ansible_collections.kaas.cloud.plugins.module_utils.waiting import Pacer, WaitOptions

__all__ = ["Outcome", "Reconciler", "WaitOptions"]

CREATE_ATTEMPTS = 3


@dataclass
class Outcome:
    """What a reconciliation did, in the shape modules return."""

    resource: str
    changed: bool = False
    before: dict[str, Any] = field(default_factory=dict)
    after: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    #: The part of a view the diff shows (``settings`` of the adapter); all of it without one.
    shown: Callable[[dict[str, Any]], dict[str, Any]] | None = None

    def result(self, diff: bool) -> dict[str, Any]:
        result: dict[str, Any] = {"changed": self.changed, self.resource: self.after}
        if diff:
            show = self.shown or (lambda view: view)
            result["diff"] = {"before": show(self.before), "after": show(self.after)}
        return result


def _maybe_applied(error: KaasError) -> None:
    """A write that failed ambiguously may have changed the resource: the task must say changed."""
    if may_have_been_applied(error):
        error.details["changed"] = True


def _with_id(view: dict[str, Any]) -> str:
    """`` (id X)`` to name what the provider holds in a message, when the view has an id."""
    return f" (id {view['id']})" if view.get("id") else ""


def _operation(status: Status) -> str:
    return f" (operation {status.operation})" if status.operation else ""


class Reconciler:
    """Brings one resource to the desired state through its adapter."""

    def __init__(
        self,
        adapter: ResourceAdapter,
        *,
        check_mode: bool = False,
        wait: WaitOptions | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.adapter = adapter
        self.check_mode = check_mode
        self.wait = wait or WaitOptions()
        self.clock = clock
        self.sleep = sleep
        # The reconciler follows every write with reads until it is done, so the adapter
        # need not read the resource back after a write (wait=false, check mode: it does).
        adapter.followed_after_write = self.wait.enabled and not check_mode
        # (what, resource) of the last write the provider accepted in this run, if any.
        self.accepted: tuple[str, Any] | None = None

    # -- public entry points -------------------------------------------------------------

    def outcome(self) -> Outcome:
        return Outcome(self.adapter.resource, shown=lambda view: settings(self.adapter, view))

    def present(self, desired: dict[str, Any]) -> Outcome:
        self.accepted = None
        try:
            return self._present(desired)
        except KaasError as error:
            self._after_accepted_write(error, desired)
            raise

    def absent(self, desired: dict[str, Any]) -> Outcome:
        self.accepted = None
        try:
            return self._absent(desired)
        except KaasError as error:
            self._after_accepted_write(error, desired)
            raise

    def _accept(self, what: str, resource: Any) -> None:
        """Remember that the provider accepted a write, so a later failure still reports it."""
        self.accepted = (what, resource)

    def _after_accepted_write(self, error: KaasError, desired: dict[str, Any]) -> None:
        """A failure after the provider accepted a write: say what exists now and what to do next.

        Ansible must see ``changed`` (handlers, reports), and the user the id of what the
        provider holds, instead of a bare connection error that hides a new cluster.
        """
        if self.accepted is None or error.details.get("changed"):
            return
        what, resource = self.accepted
        view = self.adapter.view(resource) if resource is not None else {}
        label = self.adapter.label(desired)
        where = _with_id(view)
        if what == "delete":
            message = (
                f"{label}{where}: the provider accepted its deletion, but then: {error.message}. "
                f"Run the task again to follow the deletion to its end."
            )
        else:
            message = (
                f"{label} was {what}{where} at the provider, but then: {error.message}. "
                f"It exists at the provider with what was sent: run the task again to pick it up "
                f"(it waits for it and changes only what still differs), or remove it with state=absent."
            )
        error.message = message
        error.args = (message,)
        error.details["changed"] = True
        if view and not isinstance(error.details.get("resource"), dict):
            error.details["resource"] = view

    def _present(self, desired: dict[str, Any]) -> Outcome:
        outcome = self.outcome()
        try:
            current = self.adapter.find(desired)
        except ParentNotFound:
            # Nothing to switch off inside a cluster that is gone; anything else needs the parent.
            if self.adapter.turns_off(desired):
                return outcome
            raise
        if current is None:
            return self._create(desired, outcome)
        if self.adapter.is_deleting(current):
            raise PlanError(
                f"{self.adapter.label(desired)} is being deleted; wait for the deletion to "
                "finish before creating it again"
            )
        current = self.settle(desired, current, repairing=True)
        view = self.adapter.view(current)
        outcome.before = view
        changes = differences(self.adapter, desired, view)
        for path, reason in self.adapter.left_to_provider(current, changes, desired).items():
            changes.pop(path, None)
            outcome.warnings.append(reason)
        self._refuse_immutable(desired, changes)
        if not changes:
            # A broken resource that the task would leave as it is still fails the task.
            self.settle(desired, current)
            outcome.after = view
            return outcome
        self.adapter.check_plan(view, changes, desired)
        outcome.changed = True
        outcome.after = self.predict(view, changes)
        if self.check_mode:
            self._preview(current, changes, desired)
            return outcome
        outcome.after = self.adapter.view(self._update(desired, current, changes))
        return outcome

    def _update(self, desired: dict[str, Any], current: Any, changes: dict[str, tuple]) -> Any:
        updated = current
        for index, step in enumerate(self.adapter.split_update({p: c[1] for p, c in changes.items()})):
            if index:
                # Providers that run one operation at a time refuse the next one while busy.
                updated = self._wait(desired, updated, gone=False, action="update")
            updated = self._update_once(desired, updated, step)
            if self.accepted is None:
                self._accept("changed", updated)
        return self._finish(desired, updated, "update")

    def _preview(self, current: Any, changes: dict[str, tuple], desired: dict[str, Any]) -> None:
        # A busy resource would refuse the dry run, while the real run waits for it first.
        if current is not None and self.adapter.status(current).state != READY:
            return
        steps = self.adapter.split_update({p: c[1] for p, c in changes.items()})
        if steps:
            self.adapter.preview(current, steps[0], desired)

    def _absent(self, desired: dict[str, Any]) -> Outcome:
        outcome = self.outcome()
        self.adapter.refuse_delete(desired)
        try:
            current = self.adapter.find(desired)
        except ParentNotFound:
            # The cluster (or namespace) went first, taking the child with it: a teardown run again.
            return outcome
        if current is None:
            return outcome
        outcome.before = self.adapter.view(current)
        if not self.adapter.is_deleting(current):
            self.adapter.check_delete(current, desired)
            outcome.changed = True
            if self.check_mode:
                return outcome
            failed_before = self.adapter.status(current).state == FAILED
            deleting = self._delete_once(desired, current)
            current = current if deleting is None else deleting
            self._accept("delete", current)
        else:
            failed_before = False
        if self.wait.enabled and not self.check_mode:
            self._wait(desired, current, gone=True, failed_before=failed_before)
        return outcome

    # -- steps ---------------------------------------------------------------------------

    def _create(self, desired: dict[str, Any], outcome: Outcome) -> Outcome:
        outcome.changed = True
        requested = {p: (None, get_path(desired, p)) for p in set_paths(desired, self.adapter.field_paths())}
        self.adapter.check_plan(None, requested, desired)
        # Write-only values (scripts, keys) are never part of a view, predicted or real;
        # the others are shown normalised, as the real view will show them.
        shown = {}
        for path, change in requested.items():
            spec = self.adapter.field(path)
            if spec is None:
                shown[path] = change
            elif spec.compare:
                shown[path] = (None, spec.normalize(change[1]))
        outcome.after = self.predict({}, shown)
        outcome.after.setdefault("name", desired.get("name"))
        later = {p: c for p, c in requested.items() if p in self.adapter.set_after_create}
        if later and not self.wait.enabled:
            raise PlanError(
                f"{self.adapter.label(desired)}: {', '.join(sorted(later))} can only be applied once the "
                f"{self.adapter.resource} exists; create it with wait=true, or set them in a later task"
            )
        if later:
            # The update that follows the create is checked now, against the resource as the
            # create will leave it: a refusal must come before the create, not after it.
            created = self.predict({}, {p: c for p, c in shown.items() if p not in later})
            created.setdefault("name", desired.get("name"))
            self.adapter.check_plan(created, later, desired)
        if self.check_mode:
            self._preview(None, {p: c for p, c in requested.items() if p not in later}, desired)
            return outcome
        created = self._create_once(desired, outcome)
        self._accept("created", created)
        created = self._finish(desired, created, "create")
        if later:
            pending = differences(self.adapter, desired, self.adapter.view(created))
            pending = {p: c for p, c in pending.items() if p in later}
            if pending:
                self.adapter.check_plan(self.adapter.view(created), pending, desired)
                created = self._update(desired, created, pending)
        outcome.after = self.adapter.view(created)
        return outcome

    def _create_once(self, desired: dict[str, Any], outcome: Outcome) -> Any:
        """POST; after a failure, look the resource up by name before anything is sent again.

        Only a failure that proves the request was not processed (a refused connection,
        429, 503) lets the create be sent again. After any other (a lost or late answer,
        a reset, a gateway error) the create may have been applied, or may still be, so
        it is never repeated in this run: what the look-up finds is adopted and reported,
        and when it finds nothing the task fails saying so, for a re-run to decide.
        """
        for attempt in range(CREATE_ATTEMPTS):
            try:
                return self.adapter.create(desired)
            except KaasError as error:
                if not is_transient(error):
                    raise
                ambiguous = may_have_been_applied(error)
                found = self._look_for_created(desired, ambiguous)
                if found is not None:
                    outcome.warnings.append(
                        f"the answer to the create of {self.adapter.label(desired)} was lost ({error.message}); "
                        f"the provider holds it{_with_id(self.adapter.view(found))}, so it was taken over "
                        "instead of being created again"
                    )
                    return found
                if ambiguous:
                    raise KaasError(
                        f"the answer to the create of {self.adapter.label(desired)} was lost ({error.message}), "
                        f"and the provider did not list it within {self._look_window(True):g}s. The create was "
                        "not sent again, so that it can never be made twice. Run the task again: it takes the "
                        f"{self.adapter.resource} over if the provider made it, or creates it",
                        changed=True,
                    ) from None
                if attempt + 1 == CREATE_ATTEMPTS:
                    raise
                self.sleep(min(2.0**attempt, self.wait.max_interval))
        raise AssertionError("unreachable")  # pragma: no cover

    def _delete_once(self, desired: dict[str, Any], current: Any) -> Any:
        """Send the deletion; after a transient failure, read back before sending it again.

        A deletion whose answer was lost is followed, not repeated, when the read shows
        the resource gone or going; only one that the provider visibly did not start is
        sent again.
        """
        for attempt in range(CREATE_ATTEMPTS):
            try:
                return self.adapter.delete(current)
            except KaasError as error:
                if isinstance(error, ApiError) and error.not_found:
                    # Gone between the look-up and the deletion (another task, or ours whose answer was lost).
                    return None
                if not is_transient(error) or attempt + 1 == CREATE_ATTEMPTS:
                    _maybe_applied(error)
                    raise
                self._pause_before_read_back(error, attempt)
            fresh = self.adapter.read(current)
            if fresh is None or self.adapter.is_deleting(fresh):
                return fresh
            current = fresh
        raise AssertionError("unreachable")  # pragma: no cover

    def _update_once(self, desired: dict[str, Any], current: Any, step: dict[str, Any]) -> Any:
        """Send one update step; after a transient failure, re-read before sending it again.

        The lost answer may belong to a change the provider made (or is making): the
        resource is read back, let finish what it started, and only what still differs
        is sent again, so an update is never applied twice.
        """
        for attempt in range(CREATE_ATTEMPTS):
            try:
                return self.adapter.update(current, step, desired)
            except KaasError as error:
                if not is_transient(error) or attempt + 1 == CREATE_ATTEMPTS:
                    _maybe_applied(error)
                    raise
                self._pause_before_read_back(error, attempt)
            fresh = self.adapter.read(current)
            if fresh is None:
                raise WaitError(f"{self.adapter.label(desired)} disappeared while it was being updated")
            current = self.settle(desired, fresh)
            still = differences(self.adapter, desired, self.adapter.view(current))
            step = {path: value for path, value in step.items() if path in still}
            if not step:
                return current
        raise AssertionError("unreachable")  # pragma: no cover

    def _pause_before_read_back(self, error: KaasError, attempt: int) -> None:
        # A request the provider holds may still be applied a moment after the client gave
        # up: read back only after one more request timeout, or the read would miss it and
        # the write would be sent twice.
        backoff = min(2.0**attempt, self.wait.max_interval)
        self.sleep(max(backoff, self._look_window(may_have_been_applied(error))))

    def _look_window(self, ambiguous: bool) -> float:
        return float(self.adapter.transport.timeout) if ambiguous else 0.0

    def _look_for_created(self, desired: dict[str, Any], ambiguous: bool) -> Any:
        # An ambiguous failure (timeout, reset, 500) may still create the resource a
        # moment later; look a few times over one request timeout.
        looks = 4 if ambiguous else 1
        pause = self._look_window(ambiguous) / max(looks - 1, 1)
        for look in range(looks):
            found = self.adapter.find(desired)
            if found is not None:
                return found
            if look + 1 < looks:
                self.sleep(pause)
        return None

    def settle(self, desired: dict[str, Any], current: Any, repairing: bool = False) -> Any:
        """Fail on a broken resource; let a busy one finish before it is changed or used.

        With ``repairing`` a broken resource whose adapter can repair it by an update
        (an ECNS rollout stuck on a bad image) is returned as is, to be updated.
        """
        status = self.adapter.status(current)
        if status.state == FAILED and repairing and self.adapter.repairable_by_update:
            return current
        if status.state == FAILED:
            raise WaitError(
                f"{self.adapter.label(desired)} is in status {status.raw}"
                + (f": {status.reason}" if status.reason else "")
                + "; fix or delete it before managing it"
            )
        if status.state != READY and self.wait.enabled and not self.check_mode:
            return self._wait(desired, current, gone=False)
        return current

    def _finish(self, desired: dict[str, Any], current: Any, action: str) -> Any:
        if not self.wait.enabled:
            return current
        if self.adapter.returns_fresh_state and self.adapter.status(current).state == READY:
            return current
        return self._wait(desired, current, gone=False, action=action)

    def _wait(
        self, desired: dict[str, Any], current: Any, *, gone: bool, action: str = "", failed_before: bool = True
    ) -> Any:
        """Poll until ready (or gone); ``failed_before=False`` lets a failed deletion end the wait at once.

        ``current`` was just read or written: when it already says the operation runs,
        the first look waits one delay (reading it again at once would tell nothing new).
        """
        label = self.adapter.label(desired)
        deadline = self.clock() + self.wait.timeout
        last = current
        pacer = Pacer(self.wait, self.adapter.shortest_operation)
        if current is not None and self.adapter.status(current).state == PENDING:
            self.sleep(min(pacer.next_delay(self.adapter.progress(current)), self.wait.timeout))
        while True:
            fresh = self.adapter.read(last)
            if gone:
                if fresh is None:
                    return None
                status = self.adapter.status(fresh)
                # A resource that was healthy and now failed will not disappear: the deletion failed.
                if status.state == FAILED and (status.operation or not failed_before):
                    raise WaitError(
                        f"{label} deletion failed{_operation(status)}: {status.reason or status.raw}",
                        resource=self.adapter.view(fresh),
                    )
                last = fresh
            elif fresh is None:
                raise WaitError(f"{label} disappeared while waiting for it to be ready")
            else:
                status = self.adapter.status(fresh)
                if status.state == READY:
                    return fresh
                if status.state == FAILED:
                    what = f"{action} failed" if action else f"is in status {status.raw}"
                    raise WaitError(
                        f"{label} {what}{_operation(status)}: {status.reason or status.raw}",
                        resource=self.adapter.view(fresh),
                    )
                last = fresh
            remaining = deadline - self.clock()
            if remaining <= 0:
                state = "deleted" if gone else "ready"
                seen = self.adapter.status(last) if last is not None else None
                operation = f"; {self.adapter.provider} operation {seen.operation}" if seen and seen.operation else ""
                raise WaitError(
                    f"timed out after {self.wait.timeout:g}s waiting for {label} to be {state} "
                    f"(last status: {seen.raw if seen else 'unknown'}{operation}); the operation goes on at "
                    "the provider, run the task again to resume waiting or raise wait_timeout"
                )
            self.sleep(min(pacer.next_delay(self.adapter.progress(last)), remaining))

    def _refuse_immutable(self, desired: dict[str, Any], changes: dict[str, tuple]) -> None:
        fixed = {p: c for p, c in changes.items() if not self._mutable(p)}
        if not fixed:
            return
        mutable = sorted(self._named(f.path) for f in self.adapter.fields if f.mutable)
        details = "; ".join(f"{self._named(p)} is {c[0]!r}, requested {c[1]!r}" for p, c in fixed.items())
        raise PlanError(
            f"{self.adapter.label(desired)}: {', '.join(map(self._named, fixed))} cannot be changed "
            f"in place ({details}). "
            f"{self.adapter.provider} changes in place only: {', '.join(mutable) or 'nothing'}. "
            "Recreate the resource to change the others.",
            # For callers that plan many resources (the fleet playbook): each refusal as data.
            refused=[{"key": p, "before": c[0], "after": c[1]} for p, c in fixed.items()],
        )

    def _mutable(self, path: str) -> bool:
        spec = self.adapter.field(path)
        return spec is not None and spec.mutable

    def _named(self, path: str) -> str:
        """An option's name, with the provider's own name for it when they differ."""
        spec = self.adapter.field(path)
        if spec is not None and spec.api_name and spec.api_name != path.rsplit(".", 1)[-1]:
            return f"{path} ({self.adapter.provider} {spec.api_name})"
        return path

    def predict(self, view: dict[str, Any], changes: dict[str, tuple]) -> dict[str, Any]:
        """The view the real run will show: ``view`` (empty for a create) with ``changes`` applied.

        Each value is completed the way the provider completes it (a field's
        ``complete``: defaults it fills in, values it keeps or assigns), then the
        adapter derives what else the change implies (``predicted``).
        """
        after = copy.deepcopy(view)
        for path, change in changes.items():
            set_path(after, path, copy.deepcopy(change[1]))
        # Every completed field, changed or not: a change elsewhere (a ClusterIP service
        # that becomes a NodePort one) changes what the provider fills in.
        for spec in self.adapter.fields:
            value = get_path(after, spec.path)
            if spec.complete is not None and value is not None:
                set_path(after, spec.path, spec.complete(get_path(view, spec.path), value, after))
        return self.adapter.predicted(after, view)

"""A write whose answer was lost is never sent blindly again: creates and updates, on a fake adapter."""

from __future__ import annotations

import pytest

from ansible_collections.kaas.cloud.plugins.module_utils.errors import (
    ApiError,
    KaasError,
    TransportError,
    WaitError,
)

from .reconcile_fakes import FakeCluster, api_error, existing, reconciler


def test_create_refused_with_503_is_posted_again_once_lookup_finds_nothing():
    adapter = FakeCluster()
    adapter.create_failures = [ApiError(status=503, provider_message="busy", method="POST", path="/c", provider="fake")]
    rec = reconciler(adapter, enabled=False)
    rec.present({"name": "a"})
    assert [w[0] for w in adapter.writes] == ["create", "create"] and len(adapter.items) == 1


def test_ambiguous_create_failure_adopts_what_it_created():
    adapter = FakeCluster()
    adapter.create_failures = [TransportError("reset", method="POST", path="/c", sent=True)]
    adapter.create_side_effect_on_failure = True
    rec = reconciler(adapter, enabled=False)
    outcome = rec.present({"name": "a"})
    assert outcome.changed and len(adapter.items) == 1
    assert [w[0] for w in adapter.writes] == ["create"]


AMBIGUOUS_CREATE_FAILURES = [
    TransportError("reset", method="POST", path="/c", sent=True),
    TransportError("no answer within the timeout", method="POST", path="/c", sent=True),
    ApiError(status=500, provider_message="oops", method="POST", path="/c", provider="fake"),
    ApiError(status=502, provider_message="bad gateway", method="POST", path="/c", provider="fake"),
    ApiError(status=504, provider_message="gateway timeout", method="POST", path="/c", provider="fake"),
]


class LateCluster(FakeCluster):
    """A provider that lists a created resource only after ``late_looks`` look-ups."""

    def __init__(self, late_looks):
        super().__init__()
        self.late_looks = late_looks
        self.looks = 0
        self.pending = None

    def create(self, desired):
        self.writes.append(("create", desired["name"]))
        if self.create_failures:
            self.pending = desired
            raise self.create_failures.pop(0)
        return self._store(desired)

    def find(self, desired):
        self.looks += 1
        if self.pending is not None and self.looks > self.late_looks:
            self._store(self.pending)
            self.pending = None
        return super().find(desired)


@pytest.mark.parametrize("error", AMBIGUOUS_CREATE_FAILURES, ids=lambda e: e.message)
def test_ambiguous_create_failure_is_never_sent_again_and_says_what_to_do(error):
    adapter = FakeCluster()
    adapter.create_failures = [error]
    with pytest.raises(KaasError) as raised:
        reconciler(adapter, enabled=False).present({"name": "a"})
    assert [w[0] for w in adapter.writes] == ["create"] and adapter.items == {}
    assert raised.value.details["changed"] is True
    assert "not sent again" in raised.value.message and "Run the task again" in raised.value.message


@pytest.mark.parametrize("late_looks", [1, 2, 3])
def test_a_create_that_shows_up_late_is_adopted_and_reported(late_looks):
    adapter = LateCluster(late_looks)
    adapter.create_failures = [TransportError("no answer", method="POST", path="/c", sent=True)]
    outcome = reconciler(adapter, enabled=False).present({"name": "a"})
    assert outcome.changed and len(adapter.items) == 1 and [w[0] for w in adapter.writes] == ["create"]
    assert any("taken over" in w and "id1" in w for w in outcome.warnings), outcome.warnings


def test_create_accepted_then_failed_wait_reports_changed_and_the_id():
    adapter = FakeCluster()
    adapter.statuses = ["building", "broken"]
    with pytest.raises(WaitError) as raised:
        reconciler(adapter).present({"name": "a"})
    error = raised.value
    assert error.details["changed"] is True and error.details["resource"]["id"] == "id1"
    assert "was created (id id1)" in error.message and "run the task again" in error.message
    assert "disk on fire" in error.message


class UnreachableAfterWrite(FakeCluster):
    """The provider accepts the write, then stops answering while the task waits."""

    def read(self, current):
        raise TransportError("connection refused", method="GET", path="/c/id1", sent=False)


@pytest.mark.parametrize("state", ["create", "update", "delete"])
def test_a_write_accepted_before_the_provider_became_unreachable_is_reported(state):
    adapter = UnreachableAfterWrite()
    if state != "create":
        existing(adapter)
    rec = reconciler(adapter)
    with pytest.raises(TransportError) as raised:
        if state == "delete":
            rec.absent({"name": "a"})
        else:
            rec.present({"name": "a", "node_count": 3})
    assert raised.value.details["changed"] is True
    assert "(id id1)" in raised.value.message and "connection refused" in raised.value.message


def test_a_failure_before_any_write_is_not_reported_as_changed():
    adapter = UnreachableAfterWrite()
    existing(adapter, status="building")
    with pytest.raises(TransportError) as raised:
        reconciler(adapter).present({"name": "a", "node_count": 3})
    assert "changed" not in raised.value.details and adapter.writes == []


def test_create_client_error_is_not_retried():
    adapter = FakeCluster()
    adapter.create_failures = [ApiError(status=400, provider_message="bad", method="POST", path="/c", provider="fake")]
    rec = reconciler(adapter)
    with pytest.raises(ApiError):
        rec.present({"name": "a"})
    assert len(adapter.writes) == 1


def test_update_lost_after_it_was_applied_is_not_sent_again():
    adapter = FakeCluster()
    existing(adapter)
    adapter.update_failures = [TransportError("reset", method="PATCH", path="/c/id1", sent=True)]
    adapter.update_side_effect_on_failure = True
    adapter.statuses = ["updating", "ok"]
    outcome = reconciler(adapter).present({"name": "a", "node_count": 3})
    assert outcome.changed and outcome.after["node_count"] == 3
    assert adapter.writes == [("update", {"node_count": 3})]


def test_update_refused_with_503_is_sent_again():
    adapter = FakeCluster()
    existing(adapter)
    adapter.update_failures = [api_error(503)]
    adapter.statuses = ["ok", "ok"]
    outcome = reconciler(adapter).present({"name": "a", "node_count": 3})
    assert outcome.after["node_count"] == 3
    assert adapter.writes == [("update", {"node_count": 3}), ("update", {"node_count": 3})]


def test_update_client_error_is_not_retried():
    adapter = FakeCluster()
    existing(adapter)
    adapter.update_failures = [api_error(409)]
    with pytest.raises(ApiError):
        reconciler(adapter).present({"name": "a", "node_count": 3})
    assert len(adapter.writes) == 1

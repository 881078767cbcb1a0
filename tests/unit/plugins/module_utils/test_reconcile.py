"""Idempotency, check mode, immutable fields, safe creates and waiting, on a fake adapter."""

from __future__ import annotations

import copy

import pytest

from ansible_collections.kaas.cloud.plugins.module_utils.desired import (
    check_supported,
    desired_state,
    differences,
    settings,
)
from ansible_collections.kaas.cloud.plugins.module_utils.errors import (
    ApiError,
    KaasError,
    ParentNotFound,
    PlanError,
    TransportError,
    ValidationError,
    WaitError,
)
from ansible_collections.kaas.cloud.plugins.module_utils.providers.contract import (
    ASSIGNED,
    FAILED,
    PENDING,
    READY,
    Capabilities,
    Field,
    ResourceAdapter,
    Status,
)
from ansible_collections.kaas.cloud.plugins.module_utils.reconcile import Reconciler, WaitOptions
from support.diffs import diff_mismatches


class FakeTransport:
    timeout = 3.0


class FakeApi:
    name = "fake"
    transport = FakeTransport()


class FakeCluster(ResourceAdapter):
    """In-memory clusters; a status script per id drives the wait loop."""

    resource = "cluster"
    fields = (
        Field("node_count", mutable=True),
        Field("version", normalize=lambda v: v if v is None else str(v).lstrip("v")),
        Field("fake.zone"),
        Field("fake.secret", compare=False),
    )

    def __init__(self):
        super().__init__(FakeApi())
        self.items = {}
        self.writes = []
        self.statuses = []
        self.create_failures = []
        self.create_side_effect_on_failure = False
        self.update_failures = []
        self.update_side_effect_on_failure = False

    def find(self, desired):
        matches = [c for c in self.items.values() if c["name"] == desired.get("name")]
        return dict(matches[0]) if matches else None

    def read(self, current):
        item = self.items.get(current["id"])
        if item is None:
            return None
        if self.statuses:
            item["status"] = self.statuses.pop(0)
            if item["status"] == "gone":
                del self.items[current["id"]]
                return None
        return dict(item)

    def view(self, current):
        return {
            "id": current["id"],
            "name": current["name"],
            "status": current["status"],
            "node_count": current["node_count"],
            "version": current["version"],
            "fake": {"zone": current["zone"]},
        }

    def status(self, current):
        raw = current["status"]
        if raw == "ok":
            return Status(READY, raw)
        if raw == "broken":
            return Status(FAILED, raw, "disk on fire")
        return Status(PENDING, raw)

    def is_deleting(self, current):
        return current["status"] == "deleting"

    def create(self, desired):
        self.writes.append(("create", desired["name"]))
        if self.create_failures:
            error = self.create_failures.pop(0)
            if self.create_side_effect_on_failure:
                self._store(desired)
            raise error
        return self._store(desired)

    def _store(self, desired):
        item = {
            "id": f"id{len(self.items) + 1}",
            "name": desired["name"],
            "status": "building",
            "node_count": desired.get("node_count", 1),
            "version": "v1.31.0",
            "zone": desired.get("fake", {}).get("zone", "a"),
        }
        self.items[item["id"]] = item
        return dict(item)

    def update(self, current, changes, desired):
        self.writes.append(("update", changes))
        if self.update_failures:
            error = self.update_failures.pop(0)
            if self.update_side_effect_on_failure:
                self.items[current["id"]].update(changes, status="updating")
            raise error
        self.items[current["id"]].update(changes, status="updating")
        return dict(self.items[current["id"]])

    def delete(self, current):
        self.writes.append(("delete", current["id"]))
        self.items[current["id"]]["status"] = "deleting"


class Clock:
    def __init__(self):
        self.now = 0.0
        self.sleeps = []

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds


def reconciler(adapter, check_mode=False, **wait):
    clock = Clock()
    options = WaitOptions(**{"timeout": 60, "max_interval": 4, **wait})
    return Reconciler(adapter, check_mode=check_mode, wait=options, clock=clock, sleep=clock.sleep)


def test_create_then_idempotent_rerun_sends_no_write():
    adapter = FakeCluster()
    adapter.statuses = ["building", "ok"]
    rec = reconciler(adapter)
    first = rec.present({"name": "a", "node_count": 2})
    assert first.changed and first.after["status"] == "ok"
    writes = len(adapter.writes)
    second = rec.present({"name": "a", "node_count": 2})
    assert not second.changed and len(adapter.writes) == writes
    assert second.before == second.after


def test_unset_options_never_cause_a_change():
    adapter = FakeCluster()
    adapter._store({"name": "a", "node_count": 5})["id"]
    adapter.items["id1"]["status"] = "ok"
    rec = reconciler(adapter)
    assert not rec.present({"name": "a"}).changed


def test_normalised_values_compare_equal_and_write_only_fields_are_skipped():
    adapter = FakeCluster()
    adapter._store({"name": "a"})
    adapter.items["id1"]["status"] = "ok"
    view = adapter.view(adapter.items["id1"])
    assert differences(adapter, {"name": "a", "version": "1.31.0", "fake": {"secret": "x"}}, view) == {}


def test_check_mode_predicts_update_without_writing():
    adapter = FakeCluster()
    adapter._store({"name": "a", "node_count": 1})
    adapter.items["id1"]["status"] = "ok"
    rec = reconciler(adapter, check_mode=True)
    outcome = rec.present({"name": "a", "node_count": 3})
    assert outcome.changed and adapter.writes == []
    assert outcome.before["node_count"] == 1 and outcome.after["node_count"] == 3
    # The diff shows the settings, normalised as compared: no status, version without its "v".
    settings = {"id": "id1", "name": "a", "version": "1.31.0", "fake": {"zone": "a"}}
    assert outcome.result(diff=True)["diff"] == {
        "before": {**settings, "node_count": 1},
        "after": {**settings, "node_count": 3},
    }


def test_check_mode_create_and_delete_do_not_write():
    adapter = FakeCluster()
    rec = reconciler(adapter, check_mode=True)
    outcome = rec.present({"name": "a", "node_count": 2, "fake": {"zone": "b"}})
    assert outcome.changed and outcome.after == {"name": "a", "node_count": 2, "fake": {"zone": "b"}}
    adapter._store({"name": "a"})
    assert rec.absent({"name": "a"}).changed
    assert adapter.writes == []


def test_immutable_change_fails_naming_the_field_without_writing():
    adapter = FakeCluster()
    adapter._store({"name": "a", "fake": {"zone": "a"}})
    adapter.items["id1"]["status"] = "ok"
    rec = reconciler(adapter)
    with pytest.raises(PlanError) as caught:
        rec.present({"name": "a", "node_count": 4, "fake": {"zone": "b"}})
    assert "fake.zone" in caught.value.message and "'a', requested 'b'" in caught.value.message
    assert "node_count" in caught.value.message.split("only:")[1]
    assert adapter.writes == []


def test_update_waits_until_ready():
    adapter = FakeCluster()
    adapter._store({"name": "a", "node_count": 1})
    adapter.items["id1"]["status"] = "ok"
    adapter.statuses = ["updating", "updating", "ok"]
    rec = reconciler(adapter)
    clock = rec.clock
    outcome = rec.present({"name": "a", "node_count": 2})
    assert outcome.after["status"] == "ok" and outcome.after["node_count"] == 2
    # The update's answer says "updating": the first look waits a delay instead of reading at once.
    assert clock.sleeps == [0.5, 0.75, 1.125]
    assert adapter.statuses == []


def test_failed_operation_fails_with_provider_reason():
    adapter = FakeCluster()
    adapter.statuses = ["building", "broken"]
    rec = reconciler(adapter)
    with pytest.raises(WaitError) as caught:
        rec.present({"name": "a"})
    assert "create failed: disk on fire" in caught.value.message


def test_existing_failed_resource_is_reported():
    adapter = FakeCluster()
    adapter._store({"name": "a"})
    adapter.items["id1"]["status"] = "broken"
    rec = reconciler(adapter)
    with pytest.raises(WaitError, match="disk on fire"):
        rec.present({"name": "a"})


class RepairableCluster(FakeCluster):
    repairable_by_update = True


def test_a_repairable_failed_resource_is_updated_but_never_left_failed_silently():
    adapter = RepairableCluster()
    adapter._store({"name": "a"})
    adapter.items["id1"]["status"] = "broken"
    rec = reconciler(adapter)
    with pytest.raises(WaitError, match="disk on fire"):
        rec.present({"name": "a", "node_count": 1})
    assert adapter.writes == []
    adapter.statuses = ["ok"]
    outcome = rec.present({"name": "a", "node_count": 3})
    assert outcome.changed and adapter.writes == [("update", {"node_count": 3})]


def test_wait_timeout_says_how_to_resume():
    adapter = FakeCluster()
    adapter.statuses = ["building"] * 100
    rec = reconciler(adapter, timeout=10)
    clock = rec.clock
    with pytest.raises(WaitError) as caught:
        rec.present({"name": "a"})
    assert "timed out after 10s" in caught.value.message and "last status: building" in caught.value.message
    assert clock.now == pytest.approx(10)
    assert max(clock.sleeps) <= 4


def test_wait_false_returns_at_once():
    adapter = FakeCluster()
    rec = reconciler(adapter, enabled=False)
    clock = rec.clock
    assert rec.present({"name": "a"}).after["status"] == "building"
    assert clock.sleeps == []


def test_delete_waits_until_gone_and_is_idempotent():
    adapter = FakeCluster()
    adapter._store({"name": "a"})
    adapter.statuses = ["deleting", "gone"]
    rec = reconciler(adapter)
    assert rec.absent({"name": "a"}).changed
    assert not rec.absent({"name": "a"}).changed
    assert adapter.writes == [("delete", "id1")]


def test_absent_while_deleting_waits_without_a_second_delete():
    adapter = FakeCluster()
    adapter._store({"name": "a"})
    adapter.items["id1"]["status"] = "deleting"
    adapter.statuses = ["gone"]
    rec = reconciler(adapter)
    assert not rec.absent({"name": "a"}).changed and adapter.writes == []


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


def test_desired_state_keeps_only_set_options_and_refuses_foreign_blocks():
    params = {"name": "a", "id": None, "node_count": None, "version": "1.2", "fake": {"zone": None}, "other": None}
    assert desired_state(params, ("node_count", "version"), ("fake", "other"), "fake") == {
        "name": "a",
        "version": "1.2",
    }
    params["other"] = {"x": 1}
    with pytest.raises(ValidationError, match="'other' applies to provider other only, but provider is fake"):
        desired_state(params, ("node_count",), ("fake", "other"), "fake")


def test_unsupported_option_names_the_providers_that_can():
    class Other(FakeCluster):
        fields = (Field("node_count", mutable=True),)

    caps = Capabilities("cluster", {"fake": FakeCluster, "other": Other})
    with pytest.raises(
        ValidationError,
        match=r"'version' is not supported by provider other \(providers that "
        r"support it: fake\)",
    ):
        check_supported("other", {"name": "a", "version": "1"}, caps)
    with pytest.raises(ValidationError, match="no cluster resource"):
        check_supported("nks", {"name": "a"}, caps)


class SteppedCluster(FakeCluster):
    """A provider that runs one operation at a time and refuses some plans."""

    fields = (*FakeCluster.fields, Field("size", mutable=True), Field("fake.maybe", reported=False))

    def split_update(self, changes):
        return [{path: value} for path, value in changes.items()]

    def check_plan(self, view, changes, desired):
        if "node_count" in changes and changes["node_count"][1] == 0:
            raise PlanError("zero nodes refused")

    def view(self, current):
        return {**super().view(current), "size": current.get("size", "s")}


def test_update_steps_are_waited_for_one_after_the_other():
    adapter = SteppedCluster()
    adapter._store({"name": "a"})
    adapter.items["id1"]["status"] = "ok"
    adapter.statuses = ["updating", "ok", "ok"]
    outcome = reconciler(adapter).present({"name": "a", "node_count": 3, "size": "l"})
    assert outcome.changed and adapter.writes == [("update", {"node_count": 3}), ("update", {"size": "l"})]
    assert adapter.statuses == [], "the first step was waited for before the second was sent"


def test_check_plan_refuses_in_check_mode_too_and_unreported_fields_are_not_changes():
    adapter = SteppedCluster()
    adapter._store({"name": "a"})
    adapter.items["id1"]["status"] = "ok"
    for check in (True, False):
        with pytest.raises(PlanError, match="zero nodes"):
            reconciler(adapter, check_mode=check).present({"name": "a", "node_count": 0})
    assert adapter.writes == []
    assert not reconciler(adapter).present({"name": "a", "fake": {"maybe": "x"}}).changed


def test_create_prediction_never_shows_write_only_values():
    adapter = FakeCluster()
    outcome = reconciler(adapter, check_mode=True).present({"name": "a", "fake": {"secret": "s3cret"}})
    assert "s3cret" not in str(outcome.after) and adapter.writes == []


def existing(adapter, **fields):
    item = {"id": "id1", "name": "a", "status": "ok", "node_count": 1, "version": "v1.31.0", "zone": "a", **fields}
    adapter.items["id1"] = item
    return item


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


def api_error(status):
    return ApiError(status=status, provider_message="busy", method="PATCH", path="/c", provider="fake")


def test_failed_deletion_fails_at_once_with_the_reason():
    adapter = FakeCluster()
    existing(adapter)
    adapter.statuses = ["deleting", "broken"]
    rec = reconciler(adapter)
    with pytest.raises(WaitError, match="deletion failed: disk on fire"):
        rec.absent({"name": "a"})
    assert rec.clock.now < 10


def test_create_prediction_shows_values_normalised_as_the_view_will():
    outcome = reconciler(FakeCluster(), check_mode=True).present({"name": "a", "version": "v1.31.0"})
    assert outcome.after["version"] == "1.31.0"


def test_parent_keys_locate_the_resource_and_are_never_compared():
    params = {"name": "pool", "cluster": "prod", "nodegroup": None, "node_count": 2}
    desired = desired_state(params, ("node_count",), (), "fake")
    assert desired == {"name": "pool", "cluster": "prod", "node_count": 2}
    adapter = FakeCluster()
    adapter._store({"name": "pool", "node_count": 2})
    adapter.items["id1"]["status"] = "ok"
    assert differences(adapter, desired, adapter.view(adapter.items["id1"])) == {}


class AutoscaledCluster(FakeCluster):
    """The provider owns node_count (an autoscaler) unless asked for more than 5."""

    def left_to_provider(self, current, changes, desired):
        if "node_count" not in changes:
            return {}
        if changes["node_count"][1] > 5:
            raise PlanError("outside the autoscaler's range")
        return {"node_count": "node_count left to the autoscaler"}


def test_changes_left_to_the_provider_are_dropped_with_a_warning():
    adapter = AutoscaledCluster()
    adapter._store({"name": "a", "node_count": 2})
    adapter.items["id1"]["status"] = "ok"
    outcome = reconciler(adapter).present({"name": "a", "node_count": 3})
    assert not outcome.changed and adapter.writes == []
    assert outcome.warnings == ["node_count left to the autoscaler"]
    with pytest.raises(PlanError):
        reconciler(adapter).present({"name": "a", "node_count": 6})


class UndeletableCluster(FakeCluster):
    def refuse_delete(self, desired):
        if desired["name"] == "default":
            raise ValidationError("never deleted")

    def find(self, desired):
        self.writes.append(("find", desired["name"]))
        return super().find(desired)


def test_check_delete_refuses_before_looking_even_in_check_mode():
    adapter = UndeletableCluster()
    for check in (True, False):
        with pytest.raises(ValidationError):
            reconciler(adapter, check_mode=check).absent({"name": "default"})


class ActionCluster(FakeCluster):
    """A provider whose operations have ids (ITCare actions), a setting applied after creation,
    a dry run for check mode and deletions it may refuse."""

    fields = (*FakeCluster.fields, Field("fake.level", mutable=True))
    set_after_create = frozenset({"fake.level"})

    def __init__(self):
        super().__init__()
        self.previews = []
        self.refusing_delete = False

    def view(self, current):
        view = super().view(current)
        view["fake"]["level"] = current.get("level")
        return view

    def status(self, current):
        found = super().status(current)
        found.operation = "op-7"
        return found

    def preview(self, current, changes, desired):
        self.previews.append((current is None, changes))

    def check_delete(self, current, desired):
        if self.refusing_delete:
            raise PlanError("cannot delete")

    def update(self, current, changes, desired):
        self.writes.append(("update", changes))
        self.items[current["id"]].update(level=changes.get("fake.level"), status="updating")
        return dict(self.items[current["id"]])


def test_timeout_and_failure_name_the_provider_operation():
    adapter = ActionCluster()
    adapter.statuses = ["building"] * 100
    with pytest.raises(WaitError, match=r"last status: building; fake operation op-7\)"):
        reconciler(adapter, timeout=5).present({"name": "a"})
    adapter = ActionCluster()
    adapter.statuses = ["broken"]
    with pytest.raises(WaitError, match=r"create failed \(operation op-7\): disk on fire"):
        reconciler(adapter).present({"name": "a"})


def test_a_deletion_that_fails_ends_the_wait_at_once():
    adapter = FakeCluster()
    adapter._store({"name": "a"})
    adapter.items["id1"]["status"] = "ok"
    adapter.statuses = ["deleting", "broken"] + ["broken"] * 100
    rec = reconciler(adapter)
    with pytest.raises(WaitError, match="deletion failed: disk on fire"):
        rec.absent({"name": "a"})
    assert rec.clock.now < 5


def test_deleting_a_broken_resource_still_waits_for_it_to_go():
    adapter = FakeCluster()
    adapter._store({"name": "a"})
    adapter.items["id1"]["status"] = "broken"
    adapter.statuses = ["broken", "gone"]
    assert reconciler(adapter).absent({"name": "a"}).changed


def test_settings_the_create_cannot_carry_are_applied_after_it():
    adapter = ActionCluster()
    adapter.statuses = ["ok", "ok"]
    outcome = reconciler(adapter).present({"name": "a", "fake": {"level": "high"}})
    assert adapter.writes == [("create", "a"), ("update", {"fake.level": "high"})]
    assert outcome.after["fake"]["level"] == "high"
    with pytest.raises(PlanError, match=r"fake\.level can only be applied once the cluster exists"):
        reconciler(ActionCluster(), enabled=False).present({"name": "b", "fake": {"level": "high"}})


def test_check_mode_previews_the_first_write_only_on_a_ready_resource():
    adapter = ActionCluster()
    rec = reconciler(adapter, check_mode=True)
    rec.present({"name": "a", "node_count": 2, "fake": {"level": "high"}})
    assert adapter.previews == [(True, {"node_count": 2})]
    adapter._store({"name": "a"})
    adapter.items["id1"]["status"] = "ok"
    rec.present({"name": "a", "node_count": 3})
    adapter.items["id1"]["status"] = "updating"
    rec.present({"name": "a", "node_count": 4})
    assert adapter.previews[1:] == [(False, {"node_count": 3})] and adapter.writes == []
    adapter.items["id1"]["status"] = "ok"
    adapter.statuses = ["ok"]
    reconciler(adapter).present({"name": "a", "node_count": 5})
    assert len(adapter.previews) == 2, "a real run never previews"


def test_a_refused_deletion_fails_in_check_mode_too():
    adapter = ActionCluster()
    adapter._store({"name": "a"})
    adapter.refusing_delete = True
    for check_mode in (True, False):
        with pytest.raises(PlanError, match="cannot delete"):
            reconciler(adapter, check_mode=check_mode).absent({"name": "a"})
    assert adapter.writes == []


class PickyCluster(ActionCluster):
    """Refuses ``fake.level: forbidden`` in check_plan, the way ITCare refuses some patch-party settings."""

    def __init__(self):
        super().__init__()
        self.plans = []

    def check_plan(self, view, changes, desired):
        self.plans.append((view is None, dict(changes)))
        # Like ITCare's patch party: checked as an update of an existing resource only.
        if view is not None and changes.get("fake.level", (None, None))[1] == "forbidden":
            raise PlanError("level forbidden")


def test_a_setting_applied_after_the_create_is_checked_before_the_create():
    for check_mode in (True, False):
        adapter = PickyCluster()
        with pytest.raises(PlanError, match="level forbidden"):
            reconciler(adapter, check_mode=check_mode).present({"name": "a", "fake": {"level": "forbidden"}})
        assert adapter.writes == [] and adapter.previews == []
        # Checked against the resource as the create leaves it: a view, not "nothing yet".
        assert adapter.plans[-1] == (False, {"fake.level": (None, "forbidden")})


class ChildOf(FakeCluster):
    """A resource inside a parent that may be gone (a node group in a deleted cluster)."""

    off_when = (("enabled", False),)

    def __init__(self):
        super().__init__()
        self.parent_gone = True

    def find(self, desired):
        if self.parent_gone:
            raise ParentNotFound("cluster 'x' not found")
        return super().find(desired)


def test_a_child_whose_parent_is_gone_is_absent_and_off_but_cannot_be_made():
    for check_mode in (True, False):
        adapter = ChildOf()
        rec = reconciler(adapter, check_mode=check_mode)
        assert rec.absent({"name": "a"}).changed is False
        assert rec.present({"name": "a", "enabled": False}).changed is False
        with pytest.raises(ParentNotFound, match="cluster 'x' not found"):
            rec.present({"name": "a", "enabled": True})
        with pytest.raises(ParentNotFound):
            rec.present({"name": "a"})
        assert adapter.writes == []
    # Without off_when, nothing is a switch-off.
    with pytest.raises(ParentNotFound):
        reconciler(DeletedOnly()).present({"name": "a", "enabled": False})


class DeletedOnly(ChildOf):
    off_when = ()


# -- check mode predicts the diff of the real run --------------------------------------------


class CompletingCluster(FakeCluster):
    """A provider that completes values (labels get a default, nodes an address it picks)
    and derives one value from another (a size from the node count)."""

    fields = (
        *FakeCluster.fields,
        Field("labels", mutable=True, complete=lambda current, wanted, after: {"tier": "default", **wanted}),
        Field(
            "nodes",
            mutable=True,
            complete=lambda current, wanted, after: [
                {"address": ASSIGNED, **node} if after.get("node_count") else node for node in wanted
            ],
        ),
        Field("size", mutable=True, reported=False),
        Field("note", mutable=True),
    )

    def view(self, current):
        view = super().view(current)
        view.update(
            labels=current.get("labels", {"tier": "default"}),
            nodes=current.get("nodes", []),
            size=None,
            note=current.get("note"),
            events=[f"read {len(self.writes)}"],
        )
        return view

    def predicted(self, after, before):
        self.predicted_calls.append(copy.deepcopy(before))
        if after.get("node_count") and after.get("node_count") > 5:
            after["note"] = "large"
        return after

    def _store(self, desired):
        item = super()._store(desired)
        self.items[item["id"]].update(
            labels={"tier": "default", **desired.get("labels", {})},
            nodes=[{"address": f"10.0.0.{i}", **n} for i, n in enumerate(desired.get("nodes", []))],
            note="large" if desired.get("node_count", 1) > 5 else None,
        )
        return dict(self.items[item["id"]])

    def update(self, current, changes, desired):
        item = self.items[current["id"]]
        if "labels" in changes:
            changes = {**changes, "labels": {"tier": "default", **changes["labels"]}}
        if "nodes" in changes:
            changes = {**changes, "nodes": [{"address": "10.9.9.9", **n} for n in changes["nodes"]]}
        if changes.get("node_count", item["node_count"]) > 5:
            changes = {**changes, "note": "large"}
        return super().update(current, changes, desired)


def completing_cluster():
    adapter = CompletingCluster()
    adapter.predicted_calls = []
    return adapter


def check_then_real(adapter, desired, statuses=("ok",)):
    """The diffs of the same task in check mode, then for real, on the same resource."""
    predicted = reconciler(adapter, check_mode=True).present(desired).result(diff=True)["diff"]
    adapter.statuses = list(statuses)
    real = reconciler(adapter).present(desired).result(diff=True)["diff"]
    return predicted, real


def test_diff_shows_settings_normalised_without_run_time_state():
    adapter = completing_cluster()
    adapter._store({"name": "a", "labels": {"team": "x"}})
    adapter.items["id1"].update(status="ok", note=None)
    shown = settings(adapter, adapter.view(adapter.items["id1"]))
    # Not shown: status and events (run-time state), fake.secret (write-only), size (not
    # reported), note (None); version is normalised as it is compared.
    assert shown == {
        "id": "id1",
        "name": "a",
        "node_count": 1,
        "version": "1.31.0",
        "fake": {"zone": "a"},
        "labels": {"tier": "default", "team": "x"},
        "nodes": [],
    }


@pytest.mark.parametrize(
    "desired",
    [
        {"node_count": 3},
        {"labels": {"team": "y"}},
        {"nodes": [{"name": "n1"}]},
        {"node_count": 7},
        {"node_count": 2, "labels": {"team": "x"}, "nodes": [{"name": "n1"}, {"name": "n2"}]},
        {"version": "v1.31.0"},
    ],
)
def test_check_mode_diff_of_an_update_is_the_real_diff(desired):
    adapter = completing_cluster()
    adapter._store({"name": "a", "labels": {"team": "x"}})
    adapter.items["id1"]["status"] = "ok"
    predicted, real = check_then_real(adapter, {"name": "a", **desired})
    assert predicted["before"] and diff_mismatches(predicted, real) == []


def test_check_mode_diff_of_a_create_is_what_the_real_create_shows():
    adapter = completing_cluster()
    desired = {"name": "a", "node_count": 7, "labels": {"team": "x"}, "nodes": [{"name": "n1"}]}
    predicted, real = check_then_real(adapter, desired, statuses=("building", "ok"))
    assert predicted["before"] == {} == real["before"]
    # Provider defaults and derived values are predicted; the address it picks is marked.
    assert predicted["after"] == {
        "name": "a",
        "node_count": 7,
        "labels": {"tier": "default", "team": "x"},
        "nodes": [{"name": "n1", "address": ASSIGNED}],
        "note": "large",
    }
    assert real["after"]["id"] == "id1" and "id" not in predicted["after"]
    assert diff_mismatches(predicted, real) == []


def test_completion_applies_to_unchanged_fields_the_change_affects():
    # nodes is not changed, but a node count makes the provider address them.
    adapter = completing_cluster()
    adapter._store({"name": "a", "nodes": [{"name": "n1"}]})
    adapter.items["id1"].update(status="ok", node_count=0, nodes=[{"name": "n1"}])
    rec = reconciler(adapter, check_mode=True)
    after = rec.present({"name": "a", "node_count": 2}).result(diff=True)["diff"]["after"]
    assert after["nodes"] == [{"address": ASSIGNED, "name": "n1"}]


def test_predicted_hook_gets_the_current_view_or_nothing_for_a_create():
    adapter = completing_cluster()
    reconciler(adapter, check_mode=True).present({"name": "a", "node_count": 2})
    assert adapter.predicted_calls == [{}]
    adapter._store({"name": "a"})
    adapter.items["id1"]["status"] = "ok"
    reconciler(adapter, check_mode=True).present({"name": "a", "node_count": 2})
    assert adapter.predicted_calls[1]["node_count"] == 1


def test_without_completion_the_prediction_would_differ():
    """The comparison is not vacuous: a provider default left out of the prediction is found."""
    adapter = completing_cluster()
    adapter._store({"name": "a"})
    adapter.items["id1"]["status"] = "ok"
    predicted, real = check_then_real(adapter, {"name": "a", "labels": {"team": "y"}})
    predicted["after"]["labels"].pop("tier")
    assert diff_mismatches(predicted, real) == ['after.labels.tier: check mode <absent>, real run "default"']


def test_diff_comparison_rules():
    before = {"name": "a", "ports": [{"port": 80}]}
    assert diff_mismatches({"before": before, "after": before}, {"before": before, "after": before}) == []
    # An update: every key counts, both ways.
    wrong = diff_mismatches(
        {"before": before, "after": {"name": "a", "ports": [{"port": 81}]}},
        {"before": before, "after": {"name": "a", "ports": [{"port": 81, "node_port": 30001}], "x": 1}},
    )
    assert wrong == [
        "after.ports[0].node_port: check mode <absent>, real run 30001",
        "after.x: check mode <absent>, real run 1",
    ]
    # A create: only what check mode predicted counts; ASSIGNED is any value, not none.
    create = {"before": {}, "after": {"name": "a", "ports": [{"port": 81, "node_port": ASSIGNED}]}}
    assert (
        diff_mismatches(
            create, {"before": {}, "after": {"name": "a", "id": 7, "ports": [{"port": 81, "node_port": 3}]}}
        )
        == []
    )
    assert diff_mismatches(create, {"before": {}, "after": {"name": "a", "ports": [{"port": 81}]}}) == [
        'after.ports[0].node_port: check mode "(assigned by the provider)", real run <absent>'
    ]
    assert diff_mismatches(create, {"before": {}, "after": {"name": "a", "ports": []}}) != []
    assert diff_mismatches(None, {"before": {}, "after": {}}) != []


def test_identity_keys_are_shown_although_not_compared():
    class Tagged(FakeCluster):
        fields = (*FakeCluster.fields, Field("tag", compare=False))
        identity_keys = ("tag",)

        def view(self, current):
            return {**super().view(current), "tag": "1.24"}

    adapter = Tagged()
    adapter._store({"name": "a"})
    assert settings(adapter, adapter.view(adapter.items["id1"]))["tag"] == "1.24"
    assert "tag" not in settings(completing_cluster(), {"name": "a", "tag": "1.24"})

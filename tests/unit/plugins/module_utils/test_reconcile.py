"""Idempotency, check mode, immutable fields, waiting and deletion, on a fake adapter."""

from __future__ import annotations

import pytest

from ansible_collections.kaas.cloud.plugins.module_utils.desired import (
    check_supported,
    desired_state,
    differences,
)
from ansible_collections.kaas.cloud.plugins.module_utils.errors import (
    ParentNotFound,
    PlanError,
    ValidationError,
    WaitError,
)
from ansible_collections.kaas.cloud.plugins.module_utils.providers.contract import (
    Capabilities,
    Field,
)

from .reconcile_fakes import FakeCluster, existing, reconciler


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

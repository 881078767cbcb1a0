"""Check mode predicts the diff of the real run, on a fake adapter."""

from __future__ import annotations

import copy

import pytest

from ansible_collections.kaas.cloud.plugins.module_utils.desired import settings
from ansible_collections.kaas.cloud.plugins.module_utils.providers.contract import (
    ASSIGNED,
    Field,
)
from support.diffs import diff_mismatches

from .reconcile_fakes import FakeCluster, reconciler

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

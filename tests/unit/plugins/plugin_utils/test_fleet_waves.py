"""The decisions of playbooks/fleet_upgrade.yml: selection, waves, the check of versions, the summary."""

from __future__ import annotations

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.kaas.cloud.plugins.filter import fleet_upgrade_plan, fleet_upgrade_select, fleet_waves
from ansible_collections.kaas.cloud.plugins.plugin_utils.fleet_waves import (
    PROVIDERS,
    FleetError,
    batches,
    parse_labels,
    plan,
    plan_lines,
    refusals,
    same_release,
    selected,
    stops,
    summary,
    summary_lines,
    wave_report,
    waves,
)

NKS_VERSIONS = [
    {"version": "v1.27.3", "usable": True},
    {"version": "v1.28.3", "usable": True},
    {"version": "v1.29.3", "usable": True},
    {"version": "v1.30.1", "usable": False},
    {"version": "v1.30.3", "usable": True},
]
ITCARE_VERSIONS = [{"version": v, "usable": True} for v in ("1.28", "1.29", "1.30", "1.31")]
SUPPORTED = {"nks": NKS_VERSIONS, "itcare": ITCARE_VERSIONS, "deployme": [], "ecns": []}
# A cluster of each provider that can go to 1.30 (deployme runs 1.31; ECNS reports no version).
BELOW = {"nks": "v1.29.3", "itcare": "v1.29.10", "deployme": "v1.31.0", "ecns": ""}


def cluster(provider: str, name: str = "c", version: str | None = None, **more: object) -> dict:
    return {
        "host": f"{provider}-{name}",
        "provider": provider,
        "cluster": name,
        "version": BELOW[provider] if version is None else version,
        "status": more.pop("status", ""),
        "supported_versions": SUPPORTED[provider],
        **more,
    }


def host(provider: str, version: str = "v1.29.3", kind: str = "cluster", **block: object) -> dict:
    return {
        "kaas_kind": kind,
        "kaas_provider": provider,
        "kaas_kubernetes_version": version,
        "kaas_cluster": {"provider": provider, provider: block},
    }


# -- waves -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("canary", "wave", "serial"), [(1, 5, [1, 5]), (0, 3, [3]), ("2", "4", [2, 4]), (3, 1, [3, 1])]
)
def test_waves_are_the_canary_then_the_wave_size(canary, wave, serial):
    assert waves(canary, wave) == serial


@pytest.mark.parametrize(
    ("canary", "wave", "named"),
    [(-1, 5, "canary"), (1, 0, "wave_size"), (True, 5, "canary"), (1, 2.5, "wave_size"), ("x", 5, "canary"),
     (1, None, "wave_size"), (1, "10%", "wave_size")],
)  # fmt: skip
def test_bad_wave_sizes_are_refused_naming_the_setting(canary, wave, named):
    with pytest.raises(FleetError, match=f"fleet_upgrade_{named}"):
        waves(canary, wave)
    with pytest.raises(AnsibleFilterError, match=f"fleet_upgrade_{named}"):
        fleet_waves.FilterModule().filters()["fleet_waves"](canary, wave)


def test_batches_cut_hosts_as_ansible_serial_does():
    hosts = [f"h{n}" for n in range(8)]
    assert batches(hosts, [1, 3]) == [["h0"], ["h1", "h2", "h3"], ["h4", "h5", "h6"], ["h7"]]
    assert batches(hosts, [8]) == [hosts]
    assert batches(hosts[:1], [1, 3]) == [["h0"]]
    assert batches([], [1, 3]) == []


@pytest.mark.parametrize(
    ("failed", "size", "percentage", "stop"),
    [(0, 3, 0, False), (1, 3, 0, True), (1, 3, 34, False), (1, 3, 33, True), (1, 4, 25, False), (2, 4, 25, True),
     (1, 1, 100, True), (2, 3, 100, False), (3, 3, 100, True)],
)  # fmt: skip
def test_a_wave_stops_the_upgrade_when_more_than_the_share_fails_or_all_of_it(failed, size, percentage, stop):
    assert stops(failed, size, percentage) is stop


# -- selection ---------------------------------------------------------------------------------


@pytest.mark.parametrize("provider", PROVIDERS)
def test_selection_by_provider_keeps_only_that_provider(provider):
    for other in PROVIDERS:
        assert selected(host(other), providers=[provider]) is (other == provider)
        assert selected(host(other), providers=f" {provider} , ") is (other == provider)
    assert selected(host(provider)) is True


def test_nodes_are_never_selected():
    assert selected(host("nks", kind="node")) is False
    assert selected({"kaas_provider": "nks"}) is False


@pytest.mark.parametrize(
    ("version", "wanted", "kept"),
    [("v1.28.3", "1.28", True), ("1.28", "1.28", True), ("v1.28.3", "v1.28.3", True), ("v1.28.3", "1.2", False),
     ("v1.28.3", "v1.28.4", False), ("v1.21.5-es", "1.21", True), ("", "1.28", False), ("1.28", "v1.28.3", False)],
)  # fmt: skip
def test_selection_by_current_version_matches_as_many_parts_as_given(version, wanted, kept):
    assert selected(host("nks", version=version), current_versions=[wanted]) is kept
    assert same_release(version, wanted) is kept


def test_selection_by_labels_matches_every_label_of_the_provider_block():
    prod = host("itcare", environment="PRODUCTION", patch_group="A", ha=True)
    assert selected(prod, labels={"environment": "PRODUCTION"})
    assert selected(prod, labels="environment=PRODUCTION, patch_group=A")
    assert selected(prod, labels={"ha": True}) and selected(prod, labels="ha=true")
    assert not selected(prod, labels={"environment": "PRODUCTION", "patch_group": "B"})
    assert not selected(prod, labels={"region": "EB"})
    # The other provider's block is not a label of this cluster.
    mixed = {**prod, "kaas_cluster": {"itcare": {}, "nks": {"environment": "PRODUCTION"}}}
    assert not selected(mixed, labels={"environment": "PRODUCTION"})


@pytest.mark.parametrize(
    ("settings", "named"),
    [({"providers": ["aws"]}, "fleet_upgrade_providers"), ({"providers": {"nks": 1}}, "fleet_upgrade_providers"),
     ({"current_versions": ["latest"]}, "fleet_upgrade_current_versions"),
     ({"labels": "environment"}, "fleet_upgrade_labels"), ({"labels": "=x"}, "fleet_upgrade_labels"),
     ({"labels": ["a=b"]}, "fleet_upgrade_labels")],
)  # fmt: skip
def test_bad_filters_are_refused_naming_the_filter(settings, named):
    with pytest.raises(FleetError, match=named):
        selected(host("nks"), **settings)
    with pytest.raises(AnsibleFilterError, match=named):
        fleet_upgrade_select.FilterModule().filters()["fleet_upgrade_select"](host("nks"), **settings)


def test_labels_from_text_and_dict():
    assert parse_labels("a=1, b = two ,") == {"a": "1", "b": "two"}
    assert parse_labels({"a": 1, "b": False}) == {"a": "1", "b": "false"}
    assert parse_labels("") == parse_labels(None) == {}


# -- the check before anything starts ---------------------------------------------------------


def test_each_provider_below_the_target_is_upgraded_to_its_own_version_of_it():
    planned = plan([cluster("nks"), cluster("itcare")], "1.30")
    assert [(e["provider"], e["current"], e["version"]) for e in planned["upgrade"]] == [
        ("nks", "v1.29.3", "v1.30.3"),  # the newest usable patch, not the unusable v1.30.1
        ("itcare", "v1.29.10", "1.30"),
    ]
    assert planned["at_target"] == planned["refused"] == []


@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_cluster_at_the_target_is_left_alone_on_every_provider(provider):
    at = {"nks": "v1.30.3", "itcare": "v1.30.6", "deployme": "v1.30.2", "ecns": "v1.30.0-es"}[provider]
    planned = plan([cluster(provider, version=at)], "1.30")
    assert [e["cluster"] for e in planned["at_target"]] == ["c"] and planned["upgrade"] == planned["refused"] == []


@pytest.mark.parametrize("provider", PROVIDERS)
def test_an_unsupported_target_is_refused_naming_cluster_provider_target_and_versions(provider):
    planned = plan([cluster(provider)], "1.32")
    (refused,) = planned["refused"]
    assert planned["upgrade"] == planned["at_target"] == []
    message = refusals(planned)
    assert message.startswith(f"{provider} cluster c (target 1.32): ")
    offered = {"nks": "v1.27.3, v1.28.3, v1.29.3, v1.30.3", "itcare": "1.28, 1.29, 1.30, 1.31"}.get(provider, "none")
    assert message.endswith(f"(supported versions: {offered})"), message
    assert refused["supported"] == ([] if offered == "none" else offered.split(", "))


@pytest.mark.parametrize(
    ("provider", "target", "why"),
    [("nks", "v1.30.1", "offers no v1.30.1"),  # listed, but not usable
     ("nks", "1.31", "offers no 1.31"), ("itcare", "v1.30.6", "offers no v1.30.6"),  # ITCare chooses the patch
     ("nks", "1.28", "cannot be downgraded"), ("itcare", "1.28", "cannot be downgraded"),
     ("deployme", "1.30", "deployme chooses"), ("ecns", "1.30", "ECNS reports no Kubernetes version")],
)  # fmt: skip
def test_refusals_say_why(provider, target, why):
    (refused,) = plan([cluster(provider)], target)["refused"]
    assert why in refused["reason"]


def test_a_newer_patch_than_the_target_is_a_downgrade():
    (refused,) = plan([cluster("nks", version="v1.30.5")], "v1.30.3")["refused"]
    assert "runs v1.30.5, newer than v1.30.3" in refused["reason"]


@pytest.mark.parametrize("target", ["", "latest", "1", "v1.x", None, "1.30.3.4"])
def test_a_target_that_is_not_a_version_is_refused_before_anything(target):
    with pytest.raises(FleetError, match="fleet_upgrade_version must be a Kubernetes version"):
        plan([cluster("nks")], target)
    with pytest.raises(AnsibleFilterError, match="fleet_upgrade_version"):
        fleet_upgrade_plan.FilterModule().filters()["fleet_upgrade_plan"]([cluster("nks")], target)


def test_unfinished_work_is_resumed_not_skipped():
    """Control plane at the target, but a worker group behind or the provider still busy: upgrade again."""
    done = [{"name": "default-worker", "version": "v1.30.3", "status": "UPDATE_COMPLETE"}]
    behind = [*done, {"name": "gpu", "version": "v1.29.3", "status": "UPDATE_COMPLETE"}]
    busy_group = [{"name": "default-worker", "version": "v1.30.3", "status": "UPDATE_IN_PROGRESS"}]
    planned = plan(
        [
            cluster("nks", "done", "v1.30.3", node_groups=done),
            cluster("nks", "behind", "v1.30.3", node_groups=behind),
            cluster("nks", "busy", "v1.30.3", node_groups=done, status="UPDATE_IN_PROGRESS"),
            cluster("nks", "group-busy", "v1.30.3", node_groups=busy_group),
            cluster("itcare", "updating", "v1.30.6", status="UPDATING"),
        ],
        "1.30",
    )
    assert [e["cluster"] for e in planned["at_target"]] == ["done"]
    assert [e["cluster"] for e in planned["upgrade"]] == ["behind", "busy", "group-busy", "updating"]
    assert planned["upgrade"][0]["behind"] == ["gpu"]


def test_a_cluster_that_could_not_be_read_is_refused():
    (refused,) = plan([cluster("nks", read_error="not found on nks")], "1.30")["refused"]
    assert refused["reason"] == "could not be read: not found on nks"


# -- summary ----------------------------------------------------------------------------------


def fleet() -> dict:
    clusters = [cluster("itcare", f"it-{n}") for n in range(4)] + [cluster("nks", "done", "v1.30.3")]
    return plan(clusters, "1.30")


def test_the_summary_sorts_every_selected_cluster_into_one_outcome():
    results = [
        {"host": "itcare-it-0", "outcome": "upgraded"},
        {"host": "itcare-it-1", "outcome": "failed", "error": "Upgrade: 503"},
        {},
    ]
    done = summary(fleet(), results)
    assert done == {
        "target": "1.30",
        "upgraded": ["itcare/it-0"],
        "already_at_target": ["nks/done"],
        "failed": [{"cluster": "itcare/it-1", "error": "Upgrade: 503"}],
        "not_reached": ["itcare/it-2", "itcare/it-3"],
    }
    assert summary_lines(done)[3] == "failed (1): itcare/it-1 (Upgrade: 503)"


def test_the_wave_report_names_the_wave_and_predicts_the_stop():
    planned = fleet()
    results = [{"host": "itcare-it-0", "outcome": "upgraded"}, {"host": "itcare-it-1", "outcome": "failed"}]
    canary = wave_report(planned, results[:1], [1, 2], ["itcare-it-0"], 0)
    assert (canary["wave"], canary["waves"], canary["canary"]) == (1, 3, True)
    assert not canary["stop"] and not canary["last"]
    results.append({"host": "itcare-it-2", "outcome": "upgraded"})
    second = wave_report(planned, results, [1, 2], ["itcare-it-1", "itcare-it-2"], 49)
    assert (second["wave"], second["failed"], second["stop"], second["last"]) == (2, 1, True, True)
    assert second["summary"]["not_reached"] == ["itcare/it-3"]
    tolerated = wave_report(planned, results, [1, 2], ["itcare-it-1", "itcare-it-2"], 50)
    assert not tolerated["stop"] and not tolerated["last"]
    with pytest.raises(FleetError, match="fleet_upgrade_max_fail_percentage"):
        wave_report(planned, results, [1, 2], ["itcare-it-1"], 101)


def test_the_plan_lines_show_the_waves_in_order():
    lines = plan_lines(fleet(), [1, 2])
    assert lines == [
        "target 1.30: 4 clusters to upgrade in 3 waves",
        "canary wave 1: itcare/it-0 v1.29.10 -> 1.30",
        "wave 2: itcare/it-1 v1.29.10 -> 1.30, itcare/it-2 v1.29.10 -> 1.30",
        "wave 3: itcare/it-3 v1.29.10 -> 1.30",
        "already at target (1): nks/done",
    ]

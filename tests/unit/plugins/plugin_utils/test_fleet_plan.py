"""The fleet plan: what the modules' registered results say about each cluster, in the documented contract."""

from __future__ import annotations

import json

import pytest

from ansible_collections.kaas.cloud.plugins.plugin_utils import fleet_plan

CLUSTER = {
    "name": "n1",
    "provider": "nks",
    "connection": "nks-a",
    "spec": {"node_count": 2, "nks": {"keypair": "k", "user_script": "secret"}},
    "shown": {"node_count": 2, "nks": {"keypair": "k", "user_script": "********"}},
}
CONTRACT = {"provider", "name", "connection", "action", "changes", "refused", "error"}


def result(before, after, changed=True, **extra):
    return {"changed": changed, "diff": {"before": before, "after": after}, **extra}


def loop(var, *items):
    return {
        "changed": any(r["changed"] for _name, r in items),
        "results": [{**r, var: i, "ansible_loop_var": var} for i, r in items],
    }


SKIPPED = {"skipped": True, "changed": False}


def test_an_unchanged_cluster_has_no_change_and_follows_the_contract():
    entry = fleet_plan.entry(CLUSTER, {"cluster": result({"node_count": 2}, {"node_count": 2}, changed=False)})
    assert set(entry) == CONTRACT
    assert entry == {**entry, "action": "unchanged", "changes": [], "refused": [], "error": None}
    assert entry["provider"] == "nks" and entry["name"] == "n1" and entry["connection"] == "nks-a"


def test_a_created_cluster_lists_what_the_file_declares():
    entry = fleet_plan.entry(CLUSTER, {"cluster": result({}, {"node_count": 2, "id": None}), "node_groups": SKIPPED})
    assert entry["action"] == "create"
    assert entry["changes"] == [
        {"key": "node_count", "before": None, "after": 2},
        {"key": "nks", "before": None, "after": {"keypair": "k", "user_script": "********"}},
    ]


@pytest.mark.parametrize(
    ("step", "registered", "expected"),
    [
        (
            "cluster",
            result({"node_count": 1, "nks": {"a": 1}}, {"node_count": 2, "nks": {"a": 1}}),
            [("node_count", 1, 2)],
        ),
        ("cluster", result({"nks": {"a": 1, "b": 2}}, {"nks": {"a": 1, "b": 3}}), [("nks.b", 2, 3)]),
        ("cluster", result({"tags": [1]}, {"tags": [1, 2]}), [("tags", [1], [1, 2])]),
        (
            "node_groups",
            loop("cluster_node_group", ({"name": "batch"}, result({"node_count": 1}, {"node_count": 3}))),
            [("node_groups[batch].node_count", 1, 3)],
        ),
        (
            "node_groups",
            loop("cluster_node_group", ({"name": "new"}, result({}, {"name": "new", "node_count": 1}))),
            [("node_groups[new]", None, {"name": "new", "node_count": 1})],
        ),
        (
            "autoscalers",
            loop("cluster_autoscaler", ({"nodegroup": "default-worker"}, result({"max": 3}, {"max": 5}))),
            [("autoscalers[default-worker].max", 3, 5)],
        ),
        ("ip_acl", result({"action": "ALLOW"}, {"action": "DENY"}), [("ip_acl.action", "ALLOW", "DENY")]),
        (
            "load_balancers",
            loop("cluster_load_balancer", ({"name": "a.example"}, result({}, {"name": "a.example"}))),
            [("load_balancers[a.example]", None, {"name": "a.example"})],
        ),
        ("kubeconfig", result({"state": "absent"}, {"state": "file"}), [("kubeconfig.state", "absent", "file")]),
        (
            "namespaces",
            loop("fleet_namespace", ({"name": "shop"}, result({"psp": "Limited"}, {"psp": "Unlimited"}))),
            [("namespaces[shop].psp", "Limited", "Unlimited")],
        ),
        (
            "workloads",
            loop("workloads_item", ({"name": "web", "namespace": "shop"}, result({"replicas": 1}, {"replicas": 2}))),
            [("workloads[shop/web].replicas", 1, 2)],
        ),
        ("ip_acl", {"changed": True}, [("ip_acl", None, None)]),
    ],
)
def test_each_kind_of_change_is_named_from_the_cluster(step, registered, expected):
    unchanged = result({"node_count": 2}, {"node_count": 2}, changed=False)
    steps = {"cluster": unchanged, step: registered} if step != "cluster" else {"cluster": registered}
    entry = fleet_plan.entry(CLUSTER, steps)
    assert entry["action"] == "change"
    assert [(c["key"], c["before"], c["after"]) for c in entry["changes"]] == expected


def test_skipped_and_unchanged_loop_items_are_no_change():
    steps = {
        "cluster": result({"a": 1}, {"a": 1}, changed=False),
        "node_groups": loop("cluster_node_group", ({"name": "g"}, result({"n": 1}, {"n": 1}, changed=False))),
        "autoscalers": {"results": [{"skipped": True}]},
        "ip_acl": SKIPPED,
        "workloads": None,
    }
    assert fleet_plan.entry(CLUSTER, steps)["action"] == "unchanged"


def test_a_refusal_is_kept_with_its_key_values_and_reason():
    failure = {
        "failed": True,
        "msg": "cannot be changed in place",
        "refused": [{"key": "node_size", "before": "a", "after": "b"}],
    }
    entry = fleet_plan.entry(CLUSTER, {"cluster": failure}, failure, "kaas.cloud.k8s_cluster")
    assert entry["action"] == "refused"
    assert entry["refused"] == [
        {"key": "node_size", "before": "a", "after": "b", "reason": "cannot be changed in place"}
    ]
    assert entry["error"] == "cannot be changed in place"


def test_a_refusal_inside_a_loop_is_named_after_its_item_and_earlier_changes_stay():
    refused_item = {
        "failed": True,
        "msg": "no",
        "refused": [{"key": "nks.boot_volume_size", "before": 20, "after": 50}],
    }
    failure = {
        "failed": True,
        "results": [
            {**refused_item, "cluster_node_group": {"name": "batch"}, "ansible_loop_var": "cluster_node_group"}
        ],
    }
    steps = {"cluster": result({"node_count": 1}, {"node_count": 2})}
    entry = fleet_plan.entry(CLUSTER, steps, failure, "kaas.cloud.nodegroup")
    assert entry["action"] == "refused"
    assert entry["refused"][0]["key"] == "node_groups[batch].nks.boot_volume_size"
    assert entry["changes"] == [{"key": "node_count", "before": 1, "after": 2}]


def test_any_other_failure_is_failed_with_the_providers_message():
    failure = {"failed": True, "msg": "nks answered 503 to GET /v1/clusters"}
    entry = fleet_plan.entry(CLUSTER, {}, failure, "kaas.cloud.k8s_cluster")
    assert entry["action"] == "failed" and entry["error"] == "nks answered 503 to GET /v1/clusters"
    assert entry["refused"] == []


def test_an_undeclared_cluster_is_deleted_in_the_plan_only_with_prune():
    stray = {"name": "s", "provider": "deployme", "connection": "dm", "undeclared": True}
    assert fleet_plan.entry(stray)["changes"] == []
    pruned = fleet_plan.entry(stray, prune=True)
    assert pruned["action"] == "undeclared"
    assert pruned["changes"] == [{"key": "state", "before": "present", "after": "absent"}]


def test_undeclared_clusters_come_from_one_listing_per_connection():
    declared = [{"name": "a", "connection": "nks-a"}]
    connections = {"nks-a": {"provider": "nks", "api_url": "u"}, "nks-b": {"provider": "nks"}}
    listings = [
        {"fleet_account": "nks-a", "ansible_loop_var": "fleet_account", "clusters": [{"name": "a"}, {"name": "b"}]},
        {"fleet_account": "nks-b", "ansible_loop_var": "fleet_account", "clusters": [{"name": "a"}]},
    ]
    found = fleet_plan.undeclared(declared, listings, connections)
    assert [(f["host"], f["provider"], f["connection"]) for f in found] == [
        ("b@nks-a", "nks", "nks-a"),
        ("a@nks-b", "nks", "nks-b"),
    ]
    assert found[0]["connection_options"] == {"provider": "nks", "api_url": "u"} and found[0]["undeclared"] is True


def test_a_listing_names_its_connection_only_and_an_unknown_one_is_refused():
    """The loop item is the connection's name: its options (secrets) never sit in a result."""
    listing = {"fleet_account": "gone", "ansible_loop_var": "fleet_account", "clusters": [{"name": "a"}]}
    with pytest.raises(ValueError, match="connection 'gone', not defined in the fleet file"):
        fleet_plan.undeclared([], [listing], {"nks-a": {"provider": "nks"}})


def test_a_host_without_an_entry_is_a_failed_cluster_and_the_summary_counts_every_action():
    entries = [
        {"fleet_entry": fleet_plan.entry(CLUSTER, {"cluster": result({}, {"a": 1})})},
        {"fleet_cluster": {**CLUSTER, "name": "n2"}},
    ]
    plan = fleet_plan.collect(entries)
    assert [p["action"] for p in plan] == ["create", "failed"]
    assert plan[1]["error"] == fleet_plan.NO_ENTRY and plan[1]["name"] == "n2"
    counts = fleet_plan.summary(plan)
    assert list(counts) == list(fleet_plan.ACTIONS)
    assert counts == {"create": 1, "change": 0, "unchanged": 0, "refused": 0, "undeclared": 0, "failed": 1}


def test_the_document_is_json_with_clusters_and_summary_and_the_lines_end_with_the_counts():
    plan = [fleet_plan.entry(CLUSTER, {"cluster": result({"node_count": 1}, {"node_count": 2})})]
    document = json.loads(json.dumps(fleet_plan.document(plan)))
    assert set(document) == {"clusters", "summary"} and document["clusters"] == plan
    text = fleet_plan.lines(plan)
    assert text[0].startswith("change") and "nks/n1 (connection nks-a)" in text[0]
    assert text[1].strip() == "node_count: 1 -> 2"
    assert text[-1] == "summary: create 0, change 1, unchanged 0, refused 0, undeclared 0, failed 0"

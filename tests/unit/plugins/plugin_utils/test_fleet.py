"""The fleet file: defaults and overrides, and every problem named by cluster and key before any request."""

from __future__ import annotations

import copy

import pytest

from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.options_workload import workload_options
from ansible_collections.kaas.cloud.plugins.modules import autoscaler, k8s_cluster, load_balancer, namespace, nodegroup
from ansible_collections.kaas.cloud.plugins.plugin_utils import fleet

NKS_BLOCK = {"keypair": "k", "fixed_network": "n", "fixed_subnet": "s", "boot_volume_size": 20}


def document(*clusters: dict) -> dict:
    return {
        "connections": {
            "nks-a": {"provider": "nks", "api_url": "https://nks.example", "region": "kr1"},
            "it-a": {"provider": "itcare"},
            "dm-a": {"provider": "deployme", "auth": {"token": "t"}},
            "ecns-a": {"provider": "ecns"},
        },
        "defaults": {
            "nks": {"version": "v1.29.3", "node_count": 1, "node_size": "f", "nks": NKS_BLOCK},
            "itcare": {"version": "1.29", "node_count": 3, "node_size": "2cpu4gb", "itcare": {"region": "EB"}},
            "deployme": {"node_count": 1, "node_size": "small"},
        },
        "clusters": list(clusters),
    }


#: One valid cluster of each provider holding every kind of resource the provider can.
FULL = {
    "nks": {
        "name": "n1",
        "connection": "nks-a",
        "labels": {"env": "prod"},
        "node_groups": [{"name": "batch", "node_count": 1, "nks": {"boot_volume_size": 50}}],
        "autoscalers": [{"nodegroup": "batch", "min_node_count": 1, "max_node_count": 3}, {"enabled": False}],
        "ip_acl": {"action": "ALLOW", "targets": [{"cidr": "203.0.113.0/24"}]},
        "kubeconfig": {"dest": "/tmp/n1.yaml"},
    },
    "itcare": {
        "name": "i1",
        "connection": "it-a",
        "load_balancers": [{"name": "shop.example.com", "itcare": {"profile_name": "http", "port_members": "80"}}],
    },
    "deployme": {"name": "d1", "connection": "dm-a", "deployme": {"control_planes": 3}, "kubeconfig": {"dest": "/k"}},
    "ecns": {
        "name": "ecns-east",
        "connection": "ecns-a",
        "namespaces": [{"name": "shop", "psp": "Limited"}],
        "workloads": [{"name": "web", "namespace": "shop", "replicas": 2}],
    },
}


def problems(*clusters: dict, base: dict | None = None) -> str:
    with pytest.raises(fleet.FleetError) as raised:
        fleet.expand(base or document(*clusters))
    return str(raised.value)


def test_every_provider_with_every_resource_it_can_hold_is_accepted():
    entries = {e["provider"]: e for e in fleet.expand(document(*FULL.values()))}
    assert set(entries) == {"nks", "itcare", "deployme", "ecns"}
    nks = entries["nks"]
    assert nks["host"] == "n1@nks-a" and nks["connection"] == "nks-a" and nks["labels"] == {"env": "prod"}
    assert nks["connection_options"]["region"] == "kr1"
    assert nks["spec"]["nks"] == NKS_BLOCK and nks["spec"]["version"] == "v1.29.3"
    assert "name" not in nks["spec"] and "connection" not in nks["spec"] and "labels" not in nks["spec"]
    assert entries["ecns"]["spec"] == {k: v for k, v in FULL["ecns"].items() if k not in ("name", "connection")}


def test_a_cluster_overrides_its_providers_defaults_key_by_key():
    cluster = {**FULL["nks"], "node_count": 3, "nks": {"boot_volume_size": 40, "keypair": None}}
    (entry,) = fleet.expand(document(cluster))
    assert entry["spec"]["node_count"] == 3
    # Mappings merge; a null removes the default's key; other defaults stay.
    assert entry["spec"]["nks"] == {"fixed_network": "n", "fixed_subnet": "s", "boot_volume_size": 40}
    assert entry["spec"]["version"] == "v1.29.3"


def test_defaults_are_not_shared_between_clusters():
    first, second = fleet.expand(document({**FULL["nks"]}, {**FULL["nks"], "name": "n2"}))
    first["spec"]["nks"]["keypair"] = "changed"
    assert second["spec"]["nks"]["keypair"] == "k"


@pytest.mark.parametrize(
    ("provider", "key", "value", "expected"),
    [
        ("nks", "node_count", "three", "cluster 'n1' (nks, connection 'nks-a'): argument 'node_count' is of type str"),
        ("nks", "nks", {"cni_driver": "weave"}, "nks: value of cni_driver must be one of"),
        ("nks", "nks", {"keypairs": "k"}, "unknown key nks.keypairs"),
        ("nks", "node_groups", [{"node_count": 1}], "node_groups[0]: missing required arguments: name"),
        ("nks", "node_groups", [{"name": "g", "nks": {"stopped": 1}}], "unknown key node_groups[0].nks.stopped"),
        ("nks", "node_groups", ["g"], "node_groups[0]: must be a mapping"),
        (
            "nks",
            "autoscalers",
            [{"max_node_count": "many"}],
            "autoscalers[0]: argument 'max_node_count' is of type str",
        ),
        ("nks", "autoscalers", [{"nodegroup": "missing"}], "node group 'missing' is not declared in node_groups"),
        ("nks", "ip_acl", {"action": "MAYBE"}, "ip_acl: value of action must be one of: ALLOW, DENY"),
        ("nks", "ip_acl", {"targets": [{"description": "x"}]}, "missing required arguments: cidr"),
        ("nks", "kubeconfig", {"mode": "0600"}, "kubeconfig: missing required arguments: dest"),
        ("nks", "kubeconfig", {"dest": "/k", "return_content": True}, "unknown key kubeconfig.return_content"),
        (
            "nks",
            "load_balancers",
            [{"name": "x"}],
            "provider nks cannot do 'load_balancers' (providers that can: itcare)",
        ),
        ("nks", "itcare", {"region": "EB"}, "provider nks cannot do 'itcare' (providers that can: itcare)"),
        ("nks", "state", "absent", "provider nks cannot do 'state' (no provider has this key)"),
        ("itcare", "node_groups", [{"name": "g"}], "provider itcare cannot do 'node_groups' (providers that can: nks)"),
        (
            "itcare",
            "load_balancers",
            [{"name": "x", "itcare": {"profile_name": "ftp"}}],
            "value of profile_name must be",
        ),
        ("itcare", "load_balancers", [{"itcare": {}}], "load_balancers[0]: missing required arguments: name"),
        (
            "itcare",
            "kubeconfig",
            {"dest": "/k"},
            "provider itcare cannot do 'kubeconfig' (providers that can: deployme, nks)",
        ),
        ("deployme", "version", "1.29", "provider deployme cannot do 'version' (providers that can: nks, itcare)"),
        ("deployme", "deployme", {"control_planes": 2}, "deployme: value of control_planes must be one of: 1, 3"),
        ("deployme", "ip_acl", {"action": "ALLOW"}, "provider deployme cannot do 'ip_acl' (providers that can: nks)"),
        ("ecns", "namespaces", [{"name": "a", "psp": "Open"}], "namespaces[0]: value of psp must be one of"),
        ("ecns", "namespaces", [{"psp": "Limited"}], "namespaces[0]: missing required arguments: name"),
        ("ecns", "workloads", [{"name": "w", "replicas": "two"}], "workloads[0]: argument 'replicas' is of type str"),
        ("ecns", "workloads", [{"name": "w", "kind": "Pod"}], "unknown key workloads[0].kind"),
        ("ecns", "node_count", 3, "provider ecns cannot do 'node_count' (providers that can: deployme, nks, itcare)"),
        ("ecns", "load_balancers", [], "provider ecns cannot do 'load_balancers'"),
    ],
)
def test_a_bad_key_or_value_is_named_with_its_cluster(provider, key, value, expected):
    cluster = {**copy.deepcopy(FULL[provider]), key: value}
    # ansible-core before 2.19 (make compat) says "is of type <class 'str'>" where 2.19 says "is of type str".
    found = problems(cluster).replace("of type <class 'str'>", "of type str")
    assert expected in found
    assert f"cluster {FULL[provider]['name']!r} ({provider}" in found


@pytest.mark.parametrize(
    ("provider", "key", "entries", "twice"),
    [
        ("nks", "node_groups", [{"name": "g"}, {"name": "g"}], "'g'"),
        ("nks", "autoscalers", [{"min_node_count": 1}, {"nodegroup": "default-worker"}], "'default-worker'"),
        ("itcare", "load_balancers", [{"name": "a.example"}, {"name": "a.example"}], "'a.example'"),
        ("ecns", "namespaces", [{"name": "shop"}, {"name": "shop", "psp": "Limited"}], "'shop'"),
        ("ecns", "workloads", [{"name": "w"}, {"name": "w", "namespace": "default"}], "'default/w'"),
    ],
)
def test_a_resource_declared_twice_in_a_cluster_is_refused(provider, key, entries, twice):
    assert f"{key}: {twice} is declared twice" in problems({**FULL[provider], key: entries})


def test_workloads_of_the_same_name_in_two_namespaces_are_two_workloads():
    cluster = {**FULL["ecns"], "workloads": [{"name": "w", "namespace": "a"}, {"name": "w", "namespace": "b"}]}
    assert len(fleet.expand(document(cluster))) == 1


def test_the_same_cluster_twice_on_one_connection_is_refused_but_not_on_two():
    assert "cluster 'n1' (nks, connection 'nks-a'): declared twice" in problems(FULL["nks"], FULL["nks"])
    base = document(FULL["nks"], {**FULL["nks"], "connection": "nks-b"})
    base["connections"]["nks-b"] = {"provider": "nks"}
    assert [e["host"] for e in fleet.expand(base)] == ["n1@nks-a", "n1@nks-b"]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d["connections"].update({"x": {"provider": "gke"}}), "connection 'x': provider must be one of"),
        (
            lambda d: d["connections"].update({"x": {"provider": "nks", "api": "u"}}),
            "connection 'x': unknown key 'api'",
        ),
        (
            lambda d: d["connections"].update({"x": {"provider": "nks", "auth": {"pass": "p"}}}),
            "unknown key 'auth.pass'",
        ),
        (
            lambda d: d["connections"].update({"x": {"provider": "nks", "timeout": "soon"}}),
            "connection 'x': argument 'timeout'",
        ),
        (lambda d: d["connections"].update({"x": "nks"}), "connection 'x': must be a mapping"),
        (lambda d: d.update({"connections": {}}), "connections: a mapping of connection names"),
        (lambda d: d["defaults"].update({"eks": {}}), "defaults: 'eks' is not a provider"),
        (
            lambda d: d["defaults"]["nks"].update({"name": "x"}),
            "defaults.nks: name and connection belong to each cluster",
        ),
        (lambda d: d["defaults"].update({"nks": ["x"]}), "defaults.nks: must be a mapping"),
        (lambda d: d.update({"cluster": []}), "fleet file: unknown top-level key 'cluster'"),
        (lambda d: d.update({"clusters": {"n1": {}}}), "clusters: a list of clusters is required"),
        (lambda d: d["clusters"].append("n2"), "clusters[1]: must be a mapping"),
        (
            lambda d: d["clusters"].append({"name": "n2", "connection": "nope"}),
            "cluster 'n2': connection 'nope' is not declared",
        ),
        (lambda d: d["clusters"].append({"name": "", "connection": "dm-a"}), "name must be a non-empty string"),
        (
            lambda d: d["clusters"].append({"name": "d", "connection": "dm-a", "labels": ["a"]}),
            "labels must be a mapping",
        ),
    ],
)
def test_a_bad_fleet_document_is_refused_naming_the_place(change, expected):
    base = document(FULL["nks"])
    change(base)
    assert expected in problems(base=base)


def test_every_problem_is_reported_at_once():
    found = problems({**FULL["nks"], "node_count": "x"}, {**FULL["deployme"], "version": "1"})
    assert found.startswith("the fleet file has 2 problem(s):")


def test_a_default_wrong_for_the_provider_is_named_with_each_cluster_that_gets_it():
    base = document(FULL["deployme"])
    base["defaults"]["deployme"]["version"] = "1.29"
    assert "cluster 'd1' (deployme, connection 'dm-a'): provider deployme cannot do 'version'" in problems(base=base)


def test_a_document_that_is_not_a_mapping_is_refused():
    with pytest.raises(fleet.FleetError, match="must be a mapping"):
        fleet.expand(["clusters"])


def test_the_keys_are_the_modules_own_options():
    """The fleet accepts exactly what each module accepts (minus what the fleet sets itself)."""
    nks = fleet.cluster_key_specs("nks")
    for module, key in ((k8s_cluster, "node_count"), (k8s_cluster, "nks")):
        assert nks[key] == module.argument_spec()[key]
    assert nks["node_groups"]["options"]["nks"] == nodegroup.argument_spec()["nks"]
    assert set(nks["autoscalers"]["options"]) == {"nodegroup", "enabled", "min_node_count", "max_node_count", "nks"}
    assert nks["autoscalers"]["options"]["nks"] == autoscaler.argument_spec()["nks"]
    itcare = fleet.cluster_key_specs("itcare")
    assert itcare["load_balancers"]["options"]["itcare"] == load_balancer.argument_spec()["itcare"]
    assert "ecns" not in itcare["load_balancers"]["options"] and "nks" not in itcare
    ecns = fleet.cluster_key_specs("ecns")
    assert set(ecns["namespaces"]["options"]) == set(namespace.argument_spec()) - fleet.SET_BY_FLEET
    assert set(ecns["workloads"]["options"]) == set(workload_options()) - {"cluster"}


def test_each_provider_may_hold_what_the_cluster_role_can_do():
    table = fleet.capabilities()
    assert set(table["nks"]) >= {"node_groups", "autoscalers", "ip_acl", "kubeconfig", "version", "nks"}
    assert set(table["itcare"]) >= {"load_balancers", "version", "itcare"} and "node_groups" not in table["itcare"]
    assert "version" not in table["deployme"] and "kubeconfig" in table["deployme"]
    assert table["ecns"] == ["namespaces", "workloads"]


def test_load_refuses_a_key_given_twice(tmp_path):
    path = tmp_path / "fleet.yml"
    path.write_text("connections: {}\nclusters:\n  - name: a\n    node_count: 1\n    node_count: 2\n")
    with pytest.raises(fleet.FleetError, match="line 5: key 'node_count' is given twice"):
        fleet.load(path)


def test_load_names_a_missing_or_broken_file(tmp_path):
    with pytest.raises(fleet.FleetError, match="No such file"):
        fleet.load(tmp_path / "missing.yml")
    broken = tmp_path / "broken.yml"
    broken.write_text("clusters: [\n")
    with pytest.raises(fleet.FleetError, match="is not valid YAML"):
        fleet.load(broken)


def test_load_keeps_yaml_anchors_and_merge_keys(tmp_path):
    path = tmp_path / "fleet.yml"
    path.write_text("base: &b {a: 1}\nother:\n  <<: *b\n  c: 2\n")
    assert fleet.load(path) == {"base": {"a": 1}, "other": {"a": 1, "c": 2}}


def test_the_plan_shows_no_secret_of_the_file():
    secrets = {"user_script": "#!/bin/sh\necho s3cret", "boot_volume_appkey": "s3cret"}
    cluster = {
        **FULL["nks"],
        "nks": secrets,
        "node_groups": [{"name": "batch", "nks": {"boot_volume_key_id": "s3cret", "boot_volume_size": 50}}],
    }
    (entry,) = fleet.expand(document(cluster))
    assert "s3cret" not in repr(entry["shown"])
    assert entry["shown"]["nks"]["user_script"] == fleet.HIDDEN
    assert entry["shown"]["node_groups"][0]["nks"] == {"boot_volume_key_id": fleet.HIDDEN, "boot_volume_size": 50}
    assert entry["shown"]["nks"]["keypair"] == "k"  # keypair is a name, not a secret
    assert entry["spec"]["nks"]["user_script"] == secrets["user_script"]  # the modules get the real value

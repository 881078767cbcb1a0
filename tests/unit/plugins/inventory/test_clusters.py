"""The inventory plugin's own logic: host names, group names, variables and the cache format.

The plugin as a whole (options, groups, strict, cache) runs through ansible-inventory
in tests/integration/test_inventory.py.
"""

from __future__ import annotations

import json
import os

from ansible_collections.kaas.cloud.plugins.inventory import clusters
from ansible_collections.kaas.cloud.plugins.module_utils.inventory_sources import ClusterRecord, Listing, NodeRecord

CLUSTER = ClusterRecord(
    provider="nks",
    id="c-1",
    name="prod-eu",
    status="CREATE_COMPLETE",
    kubernetes_version="v1.29.3",
    api_address="https://c-1:6443",
    flavor="m2",
    node_count=2,
    view={"name": "prod-eu"},
)
NODE = NodeRecord(
    provider="nks",
    cluster_id="c-1",
    name="prod-eu-default-w-abc-node-0",
    address="192.168.0.4",
    id="n-1",
    node_group="default-worker",
    role="worker",
    status="ACTIVE",
)


def test_group_names_are_valid_whatever_the_provider_calls_things():
    assert clusters.group_name("cluster", "prod-eu.v2") == "cluster_prod_eu_v2"
    assert clusters.group_name("status", "CREATE_COMPLETE") == "status_create_complete"
    assert clusters.group_name("nodegroup", "prod", "default-worker") == "nodegroup_prod_default_worker"


def test_a_second_host_with_a_taken_name_gets_a_unique_suffix():
    taken = set()
    assert clusters._claim(taken, "prod", "nks_c-1") == "prod"
    assert clusters._claim(taken, "prod", "deployme_cls_9") == "prod_deployme_cls_9"
    assert clusters._claim(taken, "prod", "deployme_cls_9") == "prod_deployme_cls_9_2"
    assert taken == {"prod", "prod_deployme_cls_9", "prod_deployme_cls_9_2"}


def test_node_variables_join_the_cluster_facts_and_point_ansible_at_the_node():
    hostvars = clusters._node_vars(NODE, CLUSTER, "kr1")
    assert hostvars["ansible_host"] == "192.168.0.4"
    assert hostvars["kaas_cluster_name"] == "prod-eu" and hostvars["kaas_api_address"] == "https://c-1:6443"
    assert hostvars["kaas_region"] == "kr1" and hostvars["kaas_cluster_status"] == "CREATE_COMPLETE"
    assert hostvars["kaas_kubernetes_version"] == "v1.29.3"  # the group's own version is unknown: the cluster's
    assert hostvars["kaas_node_group"] == "default-worker" and hostvars["kaas_role"] == "worker"


def test_a_node_without_address_has_no_ansible_host():
    assert "ansible_host" not in clusters._node_vars(NodeRecord("nks", "c-1", "n"), CLUSTER, None)


def test_cluster_hosts_run_locally_and_carry_the_portable_view():
    hostvars = clusters._cluster_vars(CLUSTER, None)
    assert hostvars["ansible_connection"] == "local" and hostvars["kaas_kind"] == "cluster"
    assert hostvars["kaas_cluster"] == {"name": "prod-eu"} and hostvars["kaas_node_count"] == 2


def test_the_cache_round_trips_through_json_and_holds_only_provider_answers():
    listings = [("kr1", Listing(clusters=[CLUSTER], nodes=[NODE]))]
    stored = json.loads(json.dumps(clusters.InventoryModule._to_cache(listings)))
    assert set(stored) == {"format", "listings"} and set(stored["listings"][0]) == {"clusters", "nodes", "region"}
    ((region, listing),) = clusters.InventoryModule._from_cache(stored)
    assert region == "kr1" and listing.clusters == [CLUSTER] and listing.nodes == [NODE]


def test_a_cache_of_another_format_or_damaged_is_ignored():
    assert clusters.InventoryModule._from_cache({"format": 0, "listings": []}) is None
    assert clusters.InventoryModule._from_cache("garbage") is None
    damaged = {"format": clusters.CACHE_FORMAT, "listings": [{"clusters": [{"provider": "nks"}], "nodes": []}]}
    assert clusters.InventoryModule._from_cache(damaged) is None


def test_every_variable_name_is_one_ansible_accepts():
    # The plugin writes host variables without InventoryData.set_variable's name check (for speed).
    from ansible.utils.vars import isidentifier

    names = set(clusters._node_vars(NODE, CLUSTER, "kr1")) | set(clusters._cluster_vars(CLUSTER, "kr1"))
    assert names and all(isidentifier(name) for name in names), sorted(names)


def test_hosts_groups_and_variables_of_a_listing():
    from ansible.inventory.data import InventoryData

    plugin = clusters.InventoryModule()
    plugin.inventory = InventoryData()
    plugin.inventory.current_source = __file__
    plugin._options = {"hosts": "both", "strict": False, "compose": {}, "groups": {}, "keyed_groups": []}
    second = NodeRecord(**{**NODE.__dict__, "name": "prod-eu-node-1", "id": "n-2", "status": "SHUTOFF"})
    assert plugin._populate([("kr1", Listing(clusters=[CLUSTER], nodes=[NODE, second]))]) == 3
    inventory = plugin.inventory
    node = inventory.get_host("prod-eu-default-w-abc-node-0")
    assert node.vars["ansible_host"] == "192.168.0.4" and node.vars["kaas_region"] == "kr1"
    assert "kaas_availability_zone" not in node.vars  # unknown facts are left unset
    # Set once for every host, as InventoryData.add_host would for each one; the source is given back.
    assert (node.vars["inventory_file"], node.vars["inventory_dir"]) == (__file__, os.path.dirname(__file__))
    assert inventory.current_source == __file__
    members = {name: sorted(h.name for h in group.get_hosts()) for name, group in inventory.groups.items()}
    assert members["kaas_nodes"] == ["prod-eu-default-w-abc-node-0", "prod-eu-node-1"]
    assert members["kaas_clusters"] == ["prod-eu"]
    assert members["provider_nks"] == ["prod-eu", "prod-eu-default-w-abc-node-0", "prod-eu-node-1"]
    assert members["status_shutoff"] == ["prod-eu-node-1"]
    # Nodes are in their cluster's group through their node group's group.
    assert members["cluster_prod_eu"] == ["prod-eu", "prod-eu-default-w-abc-node-0", "prod-eu-node-1"]
    assert [g.name for g in inventory.groups["cluster_prod_eu"].child_groups] == ["nodegroup_prod_eu_default_worker"]

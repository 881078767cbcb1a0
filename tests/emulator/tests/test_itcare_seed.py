"""Every request/response example of the ITCare seed (000), replayed on the emulator."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from itcare_helpers import BASE, CREATE, LB, MEDIA_TYPE, ItCare, assert_error

from kaas_emulator.core.clock import ManualClock

ACTION_FIELDS = {
    "family", "id", "internalId", "lastUpdatedAt", "message", "process", "resourceName",
    "resourceType", "status", "submittedAt", "completedAt", "resourceId",
}  # fmt: skip


def words(text: str) -> set[str]:
    """The field names of a space-separated list (as the seed prints them)."""
    return set(text.split())


PAGE_FIELDS = {"empty", "first", "last", "number", "numberOfElements", "size", "totalElements",
               "totalPages", "content"}  # fmt: skip
CLUSTER_FIELDS = words(
    "allowMonitoringDisplay availableAZs availableDCs backupStatus category cloudId cloudName "
    "comment creationTime creationUser endOfSalesAt endOfSupportAt environment extendedSupportAt "
    "family id ingressProvider internalResourceId internalType ipAddress label labelArea "
    "labelAreaList labelAvailabilityZone labelDataCenter labelRegion lastKubeVersion "
    "managementUrl metrologyUrl monitoringRequested name nodeCount path prettyLabel productCode "
    "productName productVersion releasedAt replicationStatus resourceType serviceId serviceKey "
    "serviceName status supportLevel supportPhase supportsHAMode technicalId technology "
    "topology type version versionDetailed"
)
LB_OBJECT_FIELDS = words(
    "backupStatus botDefenseEnabled botDefenseUpdating category cloudId cloudName comment "
    "creationTime creationUser defaultPersistence endOfSalesAt endOfSupportAt environment "
    "extendedSupportAt fallbackPersistence family id internalResourceId internalType ipAddress "
    "label labelArea labelAvailabilityZone labelDataCenter labelRegion loadBalancingMode "
    "metrologyUrl monitoringRequested name nodeCount path prettyLabel productCode productName "
    "productVersion releasedAt replicationStatus resourceType serviceId serviceKey serviceName "
    "snatAutomap status supportLevel supportPhase technology type"
)
NETWORK_FIELDS = words(
    "area cidr cloud defaultNetwork description environment gateway id ipAddress ipFreeNumber "
    "isIpRangePublic mask networkShortDescription region scope shortDescription technicalId "
    "usedPercent"
)
NODE_FIELDS = words(
    "authenticationDomain backupStatus category cloudId cloudName comment cpu creationTime "
    "creationUser endOfSalesAt endOfSupportAt environment extendedSupportAt family id imageCode "
    "internalResourceId internalType ipAddress isExternalIngressNode isInternalIngressNode "
    "isMemberOFLoadBalancer label labelArea labelAvailabilityZone labelDataCenter labelRegion "
    "metrologyUrl monitoringRequested name osName osType parentResourceType path prettyLabel "
    "productCode productName productVersion ram releasedAt replicationStatus resourceType "
    "serviceId serviceKey serviceName status storage storageMoveInProgress supportLevel "
    "supportPhase technology totalSizeDisks type"
)


@pytest.fixture
def it(client: FlaskClient, clock: ManualClock) -> ItCare:
    return ItCare(client, clock)


def test_list_answers_a_spring_page(it: ItCare) -> None:
    response = it.get(BASE)
    assert response.status_code == 200
    assert response.mimetype == MEDIA_TYPE
    assert set(response.json) >= PAGE_FIELDS
    assert response.json["content"] == [] and response.json["empty"] is True


def test_create_example_answers_an_action(it: ItCare) -> None:
    # The seed's body ("PCLUSTER01", "ED145", a syntax error) breaks its own schema;
    # this is the same request made valid, plus the required ingressProvider.
    response = it.post(BASE, json=CREATE)
    assert response.status_code == 202
    assert response.mimetype == MEDIA_TYPE
    action = response.json
    assert set(action) == ACTION_FIELDS
    assert action["status"] == "IN_PROGRESS"
    assert action["process"] == "CREATE_K8S_CLUSTER"
    assert action["resourceName"] == "pcluster01"
    assert action["resourceType"] == "KUBERNETES"
    assert action["completedAt"] is None


def test_seed_create_example_as_written_is_refused(it: ItCare) -> None:
    body = {"name": "PCLUSTER01", "area": "EB", "networkId": "ED145", "serviceId": 123,
            "nodeSizing": "1cpu2gb", "instanceCount": 2}  # fmt: skip
    response = it.post(BASE, json=body)
    assert_error(response, 400, "name", "INVALID_FIELD_VALUE")
    message = response.json["errorMessage"]
    for field in ("name", "networkId", "region", "ingressProvider"):
        assert f"{field}:" in message


def test_detail_has_every_documented_field(it: ItCare) -> None:
    cluster = it.create(nodeSizing="1cpu2gb", instanceCount=2)
    assert set(cluster) >= CLUSTER_FIELDS
    assert cluster["status"] == "ACTIVE"
    assert cluster["nodeCount"] == 2
    assert cluster["version"] == "v1.31.2"


def test_ingress_providers(it: ItCare) -> None:
    response = it.get(BASE + "/ingress-providers")
    assert response.status_code == 200
    assert response.json == ["NGINX", "TRAEFIK"]


def test_delete_example(it: ItCare) -> None:
    cluster = it.create()
    # The seed's "rfc nunmber 456" is 15 characters, beyond its own 10-character limit.
    too_long = it.delete(f"{BASE}/{cluster['id']}", json={"changeReference": "rfc nunmber 456"})
    assert_error(too_long, 400, "changeReference")
    action = it.submit("DELETE", f"{BASE}/{cluster['id']}", {"changeReference": "rfc456"})
    assert action["process"] == "DELETE_K8S_CLUSTER"
    assert set(action) == ACTION_FIELDS
    it.clock.advance(300)
    assert it.get(f"{BASE}/{cluster['id']}").status_code == 404
    assert it.action(action["id"])["status"] == "SUCCESS"


def test_delete_without_body(it: ItCare) -> None:
    cluster = it.create()
    assert it.delete(f"{BASE}/{cluster['id']}").status_code == 202


@pytest.mark.parametrize("ingress", [False, True])
def test_create_nodes_examples(it: ItCare, ingress: bool) -> None:
    cluster = it.create()
    options = {"nodes": [{"nodesNb": 1, "nodeSizing": "2cpu4gb", "az": "EB-A"},
                         {"nodesNb": 2, "nodeSizing": "4cpu8gb", "az": "EB-B"}]}  # fmt: skip
    if ingress:
        options["isInternalIngressNode"] = True
    response = it.operate(cluster["id"], "create_nodes", options)
    assert response.status_code == 202
    assert response.json["process"] == "CREATE_K8S_NODES"
    it.finish()
    added = it.nodes(cluster["id"])[3:]
    assert [(n["az"], n["nodeSizing"], n["isInternalIngressNode"]) for n in added] == [
        ("EB-A", "2cpu4gb", ingress),
        ("EB-B", "4cpu8gb", ingress),
        ("EB-B", "4cpu8gb", ingress),
    ]
    assert all(n["status"] == "ACTIVE" for n in added)


def test_delete_nodes_example(it: ItCare) -> None:
    cluster = it.create(instanceCount=5)
    nodes = it.nodes(cluster["id"])
    ids = [str(n["id"]) for n in nodes[2:]]  # the seed sends ids as strings
    response = it.operate(cluster["id"], "delete_nodes", {"nodes": ids})
    assert response.status_code == 202
    assert [n["status"] for n in it.nodes(cluster["id"])] == ["ACTIVE"] * 2 + ["DELETING"] * 3
    it.finish()
    assert it.nodes(cluster["id"]) == nodes[:2]


def test_enable_ha_example(it: ItCare) -> None:
    cluster = it.create()
    assert it.operate(cluster["id"], "enable_ha").status_code == 202
    it.finish()
    assert it.cluster(cluster["id"])["topology"] == "HA"


def test_patch_party_examples(it: ItCare) -> None:
    cluster = it.create(instanceCount=2)
    exclude = {
        "patchParty": {"excluded": True, "exclusionReason": "I want to handle this by myself"}
    }
    assert it.operate(cluster["id"], "update_patch_party", exclude).status_code == 202
    it.finish()
    assert it.cluster(cluster["id"])["includedInPatchParty"] is False
    include = {"patchParty": {"excluded": False, "patchGroup": "3"}}
    # patchGroup is only allowed when the farm has one member: remove a node first.
    assert_error(it.operate(cluster["id"], "update_patch_party", include), 400,
                 "options.patchParty.patchGroup")  # fmt: skip
    second = it.nodes(cluster["id"])[1]["id"]  # an ingress node, but not the last one
    it.submit("DELETE", f"{BASE}/{cluster['id']}/nodes/{second}")
    it.finish()
    assert it.operate(cluster["id"], "update_patch_party", include).status_code == 202
    it.finish()
    party = it.cluster(cluster["id"])["patchParty"]
    assert party == {"excluded": False, "patchGroup": "3", "exclusionReason": None}


def test_upgrade_example(it: ItCare) -> None:
    cluster = it.create(productCode="KUBERNETES_1_28")
    # The seed's "1.24" is not in the products list: refused, pointing at it.
    old = it.operate(cluster["id"], "upgrade", {"version": "1.24"})
    assert_error(old, 400, "options.version")
    assert "/compute/platform/products?type=KUBERNETES" in old.json["errorMessage"]
    assert it.operate(cluster["id"], "upgrade", {"version": "1.29"}).status_code == 202
    assert it.cluster(cluster["id"])["status"] == "UPGRADING"
    it.finish()
    assert it.cluster(cluster["id"])["version"] == "v1.29.10"


def test_loadbalancers(it: ItCare) -> None:
    cluster = it.create()
    path = f"{BASE}/{cluster['id']}/loadbalancers"
    assert it.get(path).json == []
    action = it.submit("POST", path, LB)
    assert set(action) == ACTION_FIELDS
    assert (action["resourceType"], action["resourceName"]) == ("LOADBALANCER", "shop.cegedim.com")
    it.finish()
    [lb] = it.get(path).json
    assert set(lb) >= LB_OBJECT_FIELDS
    assert lb["status"] == "ACTIVE" and lb["id"] == action["resourceId"]
    assert lb["nodeCount"] == 2  # the ingress nodes


def test_metrics(it: ItCare) -> None:
    cluster = it.create(instanceCount=4)
    az = it.get(f"{BASE}/{cluster['id']}/metrics?type=az-distribution").json
    assert az["type"] == "az-distribution" and az["total"] == 4
    assert [(d["name"], d["count"]) for d in az["distribution"]] == [
        ("EB-A", 2), ("EB-B", 1), ("EB-C", 1)
    ]  # fmt: skip
    dc = it.get(f"{BASE}/{cluster['id']}/metrics?type=dc-distribution").json
    assert [(d["name"], d["count"], d["percentage"]) for d in dc["distribution"]] == [
        ("EB4", 3, 75.0), ("EB5", 1, 25.0)
    ]  # fmt: skip


def test_networks(it: ItCare) -> None:
    cluster = it.create()
    [network] = it.get(f"{BASE}/{cluster['id']}/networks").json
    assert set(network) == NETWORK_FIELDS
    assert network["id"] == 1125 and network["technicalId"] == "EB_1125_DMZ8"
    assert network["ipFreeNumber"] == 241 - 4  # cluster VIP + 3 nodes


def test_nodes(it: ItCare) -> None:
    cluster = it.create()
    nodes = it.nodes(cluster["id"])
    assert len(nodes) == 3
    for node in nodes:
        assert set(node) >= NODE_FIELDS
        assert node["status"] == "ACTIVE"
        assert (node["cpu"], node["ram"]) == (2, 4096)
    assert [n["isInternalIngressNode"] for n in nodes] == [True, True, False]
    one = it.get(f"{BASE}/{cluster['id']}/nodes/{nodes[2]['id']}")
    assert one.json == nodes[2]


def test_delete_node_example(it: ItCare) -> None:
    cluster = it.create()
    worker = it.nodes(cluster["id"])[2]["id"]
    action = it.submit("DELETE", f"{BASE}/{cluster['id']}/nodes/{worker}")
    assert action["process"] == "DELETE_K8S_NODE"
    assert it.nodes(cluster["id"])[2]["status"] == "DELETING"
    it.finish()
    assert [n["id"] for n in it.nodes(cluster["id"])] == [cluster["id"] + 1, cluster["id"] + 2]


def test_products(it: ItCare) -> None:
    products = it.get("/compute/platform/products?type=KUBERNETES").json
    assert [p["version"] for p in products] == ["1.26", "1.27", "1.28", "1.29", "1.30", "1.31"]
    assert products[0]["orderable"] is False and products[-1]["orderable"] is True
    assert it.get("/compute/platform/products?type=DATABASE").json == []

"""ITCare request validation: every documented rule and every choice of the emulator."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient
from itcare_helpers import BASE, CREATE, LB, ItCare, assert_error

from kaas_emulator.core.clock import ManualClock

LONG = "x" * 256


@pytest.fixture
def it(client: FlaskClient, clock: ManualClock) -> ItCare:
    return ItCare(client, clock)


@pytest.mark.parametrize(
    ("change", "desc", "needle"),
    [
        ({"name": None}, "name", "is required"),
        ({"name": "PCLUSTER01"}, "name", "must match"),
        ({"name": "my_cluster"}, "name", "must match"),
        ({"name": "a" * 64}, "name", "at most 63"),
        ({"name": 12}, "name", "string"),
        ({"instanceCount": 1}, "instanceCount", "between 2 and 12"),
        ({"instanceCount": 13}, "instanceCount", "between 2 and 12"),
        ({"instanceCount": True}, "instanceCount", "integer"),
        ({"instanceCount": "3"}, "instanceCount", "integer"),
        ({"instanceCount": None}, "instanceCount", "is required"),
        ({"nodeSizing": "3cpu5gb"}, "nodeSizing", "must be one of"),
        ({"nodeSizing": None}, "nodeSizing", "is required"),
        ({"ingressProvider": "HAPROXY"}, "ingressProvider", "must be one of NGINX, TRAEFIK"),
        ({"ingressProvider": "traefik"}, "ingressProvider", "must be one of"),
        ({"ingressProvider": None}, "ingressProvider", "is required"),
        ({"region": "XX"}, "region", "must be one of EB, ET"),
        ({"region": None}, "region", "is required"),
        ({"regulation": "GDPR"}, "regulation", "HDS, STANDARD"),
        ({"regulation": "HDS"}, "regulation", "area EB is STANDARD"),
        ({"area": "ET"}, "area", "area of region EB"),
        ({"az": "ET-A"}, "az", "zone of region EB"),
        ({"networkId": "ED145"}, "networkId", "unknown network 'ED145'"),
        ({"networkId": "9999"}, "networkId", "unknown network"),
        ({"networkId": True}, "networkId", "integer"),
        ({"networkId": 1125.5}, "networkId", "integer"),
        ({"networkId": "EB_1301_HDS1"}, "networkId", "not in area EB"),
        ({"networkId": 9999}, "networkId", "unknown id"),
        ({"networkId": 1301}, "networkId", "not in area EB"),
        ({"networkId": None}, "networkId", "is required"),
        ({"serviceId": 1}, "serviceId", "unknown id"),
        ({"serviceId": None}, "serviceId", "is required"),
        ({"cloudId": 7}, "cloudId", "unknown id"),
        ({"productCode": "KUBERNETES_1_26"}, "productCode", "no longer on sale"),
        ({"productCode": "K8S"}, "productCode", "must be one of"),
        ({"supportLevel": "PLATINUM"}, "supportLevel", "BRONZE, SILVER, GOLD"),
        ({"backupEnabled": "yes"}, "backupEnabled", "true or false"),
        ({"backupEnabled": True}, "serverBackupPolicyId", "required when backupEnabled"),
        ({"serverBackupPolicyId": "p1"}, "serverBackupPolicyId", "only allowed when backup"),
        ({"replicationEnabled": 1}, "replicationEnabled", "true or false"),
        ({"noBackupProdReason": LONG}, "noBackupProdReason", "at most 255"),
        ({"tags": ["a"]}, "tags", "unknown field"),
    ],
)
def test_create_rules(it: ItCare, change: dict[str, Any], desc: str, needle: str) -> None:
    body = {key: value for key, value in {**CREATE, **change}.items() if value is not None}
    response = it.post(BASE, json=body)
    assert_error(response, 400, desc, "INVALID_FIELD_VALUE")
    assert needle in response.json["errorMessage"]
    assert it.get(BASE).json["totalElements"] == 0


@pytest.mark.parametrize("named", [1126, "1126", "EB_1126_APP2", " EB_1126_APP2 "])
def test_a_network_is_named_by_its_id_or_its_technical_id(it: ItCare, named: Any) -> None:
    """The API reference's table types networkId integer, its example sends text ("ED145")."""
    cluster = it.create(networkId=named)
    assert cluster["networkId"] == 1126
    path = f"{BASE}/{cluster['id']}/loadbalancers"
    balancer = it.submit("POST", path, {**LB, "networkId": named})
    assert balancer["status"] != "FAILURE"
    listed = it.get(f"{BASE}/{cluster['id']}/loadbalancers").json
    assert [lb["networkId"] for lb in listed] == [1126]


@pytest.mark.parametrize(
    ("change", "desc"),
    [
        ({"backupEnabled": False}, "noBackupProdReason"),
        ({"replicationEnabled": False}, "noReplicationProdReason"),
        ({"supportLevel": "BRONZE"}, "noMonitoringProdReason"),
    ],
)
def test_production_needs_reasons(it: ItCare, change: dict[str, Any], desc: str) -> None:
    body = {**CREATE, "serviceId": 123, **change}
    assert_error(it.post(BASE, json=body), 400, desc)
    reason = {desc: "handled by the customer"}
    assert it.post(BASE, json={**body, **reason}).status_code == 202


def test_defaults_follow_the_service_environment(it: ItCare) -> None:
    prod = it.create(name="prod", serviceId=123)
    dev = it.create(name="dev", serviceId=125)
    assert (prod["backupStatus"], prod["replicationStatus"], prod["supportLevel"]) == (
        True, True, "GOLD"
    )  # fmt: skip
    assert (dev["backupStatus"], dev["replicationStatus"], dev["supportLevel"]) == (
        False, False, "BRONZE"
    )  # fmt: skip
    assert prod["environment"] == "PRODUCTION" and not dev["monitoringRequested"]


def test_regulation_picks_the_area(it: ItCare) -> None:
    body = {key: v for key, v in CREATE.items() if key != "area"}
    action = it.submit("POST", BASE, {**body, "regulation": "HDS", "networkId": 1301})
    cluster = it.cluster(action["resourceId"])
    assert (cluster["area"], cluster["regulation"]) == ("EBH", "HDS")
    assert cluster["labelArea"] == "Boulogne HDS"


def test_az_pins_every_node(it: ItCare) -> None:
    cluster = it.create(az="EB-C", instanceCount=4)
    assert {n["az"] for n in it.nodes(cluster["id"])} == {"EB-C"}
    assert cluster["labelAvailabilityZone"] == "Boulogne C"


def test_duplicate_name_is_a_conflict(it: ItCare) -> None:
    it.create()
    assert_error(it.post(BASE, json=CREATE), 409, "name", "RESOURCE_ALREADY_EXISTS")


@pytest.mark.parametrize("body", ["[1]", "nope", ""])
def test_create_body_must_be_an_object(it: ItCare, body: str) -> None:
    response = it.post(BASE, data=body, content_type="application/json")
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("body", "desc"),
    [
        ({"changeReference": "12345678901"}, "changeReference"),
        ({"changeReference": 5}, "changeReference"),
        ({"reason": "x"}, "reason"),
    ],
)
def test_delete_body_rules(it: ItCare, body: dict[str, Any], desc: str) -> None:
    cluster = it.create()
    assert_error(it.delete(f"{BASE}/{cluster['id']}", json=body), 400, desc)
    assert it.cluster(cluster["id"])["status"] == "ACTIVE"


@pytest.mark.parametrize(
    ("change", "desc", "needle"),
    [
        ({"url": None}, "url", "is required"),
        ({"url": "1shop.com"}, "url", "must match"),
        ({"url": "ftp://shop.com"}, "url", "must match"),
        ({"url": "s" + "x" * 70}, "url", "must match"),
        ({"profileName": "udp"}, "profileName", "http, https, tcp"),
        ({"profileName": None}, "profileName", "is required"),
        ({"healthcheck": "icmp"}, "healthcheck", "must be one of"),
        ({"healthcheck": None}, "healthcheck", "is required"),
        ({"portMembers": "80,http"}, "portMembers", "ports 1-65535"),
        ({"portMembers": "0"}, "portMembers", "ports 1-65535"),
        ({"portMembers": "80,80"}, "portMembers", "repeat"),
        ({"portMembers": None}, "portMembers", "is required"),
        ({"profileName": "tcp"}, "vsPort", "required with profileName tcp"),
        ({"vsPort": 8443}, "vsPort", "only allowed with profileName tcp"),
        ({"profileName": "tcp", "vsPort": 70000}, "vsPort", "between 1 and 65535"),
        ({"profileName": "https"}, "certificateName", "required with profileName https"),
        ({"certificateName": "wildcard_cegedim.com"}, "certificateName", "only allowed"),
        ({"sslProfile": "profile_x"}, "sslProfile", "only allowed"),
        ({"redirectToHttps": True}, "redirectToHttps", "only allowed"),
        ({"region": "ET"}, "region", "cluster's region EB"),
        ({"region": None}, "region", "is required"),
        ({"networkId": 2201}, "networkId", "not in area EB"),
        ({"serviceId": None}, "serviceId", "is required"),
        ({"persistence": "on"}, "persistence", "true or false"),
        ({"name": "lb"}, "name", "unknown field"),
    ],
)
def test_loadbalancer_rules(it: ItCare, change: dict[str, Any], desc: str, needle: str) -> None:
    cluster = it.create()
    body = {key: value for key, value in {**LB, **change}.items() if value is not None}
    response = it.post(f"{BASE}/{cluster['id']}/loadbalancers", json=body)
    assert_error(response, 400, desc)
    assert needle in response.json["errorMessage"]
    assert it.get(f"{BASE}/{cluster['id']}/loadbalancers").json == []


@pytest.mark.parametrize(
    "change",
    [
        {"profileName": "tcp", "vsPort": 5432, "portMembers": "5432", "healthcheck": "tcp"},
        {"profileName": "https", "certificateName": "wildcard_cegedim.com", "redirectToHttps": True,
         "sslProfile": "profile_wildcard.cegedim.com_secure", "url": "https://www.shop.com"},
        {"networkId": 1126, "persistence": True, "setUpDNSEnabled": True},
    ],
)  # fmt: skip
def test_loadbalancer_variants(it: ItCare, change: dict[str, Any]) -> None:
    cluster = it.create()
    it.submit("POST", f"{BASE}/{cluster['id']}/loadbalancers", {**LB, **change})
    it.finish()
    [lb] = it.get(f"{BASE}/{cluster['id']}/loadbalancers").json
    for key, value in change.items():
        if key != "portMembers":
            assert lb[key] == value


def test_loadbalancer_url_is_unique(it: ItCare) -> None:
    first, second = it.create(name="one"), it.create(name="two")
    it.submit("POST", f"{BASE}/{first['id']}/loadbalancers", LB)
    response = it.post(f"{BASE}/{second['id']}/loadbalancers", json=LB)
    assert_error(response, 409, "url", "RESOURCE_ALREADY_EXISTS")


@pytest.mark.parametrize(
    ("body", "desc"),
    [
        ({}, "request body"),
        ({"operation": "resize"}, "operation"),
        ({"options": {}}, "operation"),
        ({"operation": "enable_ha", "extra": 1}, "extra"),
        ({"operation": "enable_ha", "options": {"x": 1}}, "options.x"),
        ({"operation": "create_nodes"}, "options"),
        ({"operation": "create_nodes", "options": []}, "options"),
        ({"operation": "create_nodes", "options": {"nodes": []}}, "options.nodes"),
        ({"operation": "create_nodes", "options": {"nodes": [1]}}, "options.nodes[0]"),
        ({"operation": "create_nodes", "options": {"nodes": [{"nodesNb": 0, "nodeSizing": "2cpu4gb",
          "az": "EB-A"}]}}, "options.nodes[0].nodesNb"),
        ({"operation": "create_nodes", "options": {"nodes": [{"nodesNb": 1, "nodeSizing": "big",
          "az": "EB-A"}]}}, "options.nodes[0].nodeSizing"),
        ({"operation": "create_nodes", "options": {"nodes": [{"nodesNb": 1, "nodeSizing": "2cpu4gb",
          "az": "ET-A"}]}}, "options.nodes[0].az"),
        ({"operation": "create_nodes", "options": {"nodes": [{"nodesNb": 1,
          "nodeSizing": "2cpu4gb"}]}}, "options.nodes[0].az"),
        ({"operation": "create_nodes", "options": {"isInternalIngressNode": "yes", "nodes": [
          {"nodesNb": 1, "nodeSizing": "2cpu4gb", "az": "EB-A"}]}},
         "options.isInternalIngressNode"),
        ({"operation": "delete_nodes", "options": {"nodes": "1"}}, "options.nodes"),
        ({"operation": "delete_nodes", "options": {"nodes": ["424242"]}}, "options.nodes"),
        ({"operation": "update_patch_party", "options": {}}, "options.patchParty"),
        ({"operation": "update_patch_party", "options": {"patchParty": {}}},
         "options.patchParty.excluded"),
        ({"operation": "update_patch_party", "options": {"patchParty": {"excluded": True}}},
         "options.patchParty.exclusionReason"),
        ({"operation": "update_patch_party", "options": {"patchParty": {"excluded": True,
          "exclusionReason": "r", "patchGroup": "1"}}}, "options.patchParty.patchGroup"),
        ({"operation": "update_patch_party", "options": {"patchParty": {"excluded": False,
          "exclusionReason": "r"}}}, "options.patchParty.exclusionReason"),
        ({"operation": "update_patch_party", "options": {"patchParty": {"excluded": False,
          "patchGroup": "9"}}}, "options.patchParty.patchGroup"),
        ({"operation": "upgrade"}, "options"),
        ({"operation": "upgrade", "options": {}}, "options.version"),
        ({"operation": "upgrade", "options": {"version": "latest"}}, "options.version"),
    ],
)  # fmt: skip
def test_patch_rules(it: ItCare, body: dict[str, Any], desc: str) -> None:
    cluster = it.create()
    response = it.patch(f"{BASE}/{cluster['id']}", json=body)
    assert response.status_code == 400
    if desc != "request body":
        assert_error(response, 400, desc)
    assert it.cluster(cluster["id"]) == cluster


def test_cluster_node_ceiling(it: ItCare) -> None:
    cluster = it.create(instanceCount=12)
    nodes = [{"nodesNb": 12, "nodeSizing": "2cpu4gb", "az": "EB-A"}] * 8
    response = it.operate(cluster["id"], "create_nodes", {"nodes": nodes})
    assert_error(response, 400, "options.nodes")
    assert "at most 100" in response.json["errorMessage"]


def test_unknown_ids_are_404(it: ItCare) -> None:
    for method, path in [
        ("GET", f"{BASE}/1"),
        ("PATCH", f"{BASE}/1"),
        ("DELETE", f"{BASE}/1"),
        ("GET", f"{BASE}/1/nodes"),
        ("DELETE", f"{BASE}/1/nodes/2"),
        ("GET", f"{BASE}/1/loadbalancers"),
        ("POST", f"{BASE}/1/loadbalancers"),
        ("GET", f"{BASE}/1/metrics?type=az-distribution"),
        ("GET", f"{BASE}/1/networks"),
        ("GET", "/actions/1"),
    ]:
        response = it.request(method, path, json={"operation": "enable_ha"})
        assert_error(response, 404, "id", "RESOURCE_NOT_FOUND")
    cluster = it.create()
    assert_error(it.get(f"{BASE}/{cluster['id']}/nodes/1"), 404, "id")
    assert_error(it.delete(f"{BASE}/{cluster['id']}/nodes/1"), 404, "id")


def test_unknown_path_and_method(it: ItCare) -> None:
    assert_error(it.get("/compute/containers/kubernetes/abc"), 404, "Not Found", "NOT_FOUND")
    assert_error(it.request("PUT", BASE), 405, "Method Not Allowed", "METHOD_NOT_ALLOWED")


@pytest.mark.parametrize("kind", ["", "cpu", "AZ-DISTRIBUTION"])
def test_metrics_type_is_required(it: ItCare, kind: str) -> None:
    cluster = it.create()
    assert_error(it.get(f"{BASE}/{cluster['id']}/metrics?type={kind}"), 400, "type")

"""ITCare actions and cluster lifecycle on a manual clock: durations, busy clusters,
async_error faults, dry runs, node-deletion, HA and upgrade rules."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask.testing import FlaskClient
from itcare_helpers import BASE, CREATE, LB, ItCare, assert_error

from kaas_emulator.app import create_app
from kaas_emulator.core.clock import ManualClock
from kaas_emulator.core.runtime import Emulator

DRY = {"ITCare-DryRun": "true"}


@pytest.fixture
def it(client: FlaskClient, clock: ManualClock) -> ItCare:
    return ItCare(client, clock)


def fault(client: FlaskClient, method: str, message: str = "no capacity in EB-A") -> None:
    rule = {"provider": "itcare", "method": method, "async_error": message}
    assert client.post("/_emulator/faults", json=rule).status_code == 201


def test_creation_action_lifecycle(it: ItCare, clock: ManualClock) -> None:
    action = it.submit("POST", BASE, CREATE)
    cluster_id = action["resourceId"]
    assert it.cluster(cluster_id)["status"] == "CREATING"
    assert {n["status"] for n in it.nodes(cluster_id)} == {"CREATING"}
    clock.advance(599)
    assert it.action(action["id"])["status"] == "IN_PROGRESS"
    clock.advance(1)
    done = it.action(action["id"])
    assert done["status"] == "SUCCESS"
    assert done["completedAt"] == done["lastUpdatedAt"] == "2026-03-01T10:10:00Z"
    assert done["submittedAt"] == "2026-03-01T10:00:00Z"
    assert "completed" in done["message"]
    assert it.cluster(cluster_id)["status"] == "ACTIVE"
    assert {n["status"] for n in it.nodes(cluster_id)} == {"ACTIVE"}


def test_time_scale_divides_durations(it: ItCare, clock: ManualClock, emu: Emulator) -> None:
    emu.time_scale = 100.0
    action = it.submit("POST", BASE, CREATE)
    clock.advance(5.9)
    assert it.action(action["id"])["status"] == "IN_PROGRESS"
    clock.advance(0.1)
    assert it.action(action["id"])["status"] == "SUCCESS"


@pytest.mark.parametrize(
    ("operation", "options", "status", "seconds"),
    [
        ("create_nodes", {"nodes": [{"nodesNb": 1, "nodeSizing": "2cpu4gb", "az": "EB-A"}]},
         "UPDATING", 300),
        ("enable_ha", None, "UPDATING", 600),
        ("update_patch_party", {"patchParty": {"excluded": True, "exclusionReason": "r"}},
         "UPDATING", 10),
        ("upgrade", {"version": "1.29"}, "UPGRADING", 900),
    ],
)  # fmt: skip
def test_operation_durations(
    it: ItCare, clock: ManualClock, operation: str, options: object, status: str, seconds: int
) -> None:
    cluster = it.create(productCode="KUBERNETES_1_28")
    action = it.operate(cluster["id"], operation, options).json
    assert it.cluster(cluster["id"])["status"] == status
    clock.advance(seconds - 1)
    assert it.action(action["id"])["status"] == "IN_PROGRESS"
    clock.advance(1)
    assert it.action(action["id"])["status"] == "SUCCESS"
    assert it.cluster(cluster["id"])["status"] == "ACTIVE"


def test_one_action_at_a_time(it: ItCare) -> None:
    action = it.submit("POST", BASE, CREATE)
    cluster_id = action["resourceId"]
    for response in (
        it.operate(cluster_id, "enable_ha"),
        it.delete(f"{BASE}/{cluster_id}"),
        it.post(f"{BASE}/{cluster_id}/loadbalancers", json=LB),
        it.delete(f"{BASE}/{cluster_id}/nodes/{cluster_id + 3}"),
    ):
        assert_error(response, 409, "status", "INVALID_RESOURCE_STATUS")
        assert str(action["id"]) in response.json["errorMessage"]
    it.finish()
    it.submit("POST", f"{BASE}/{cluster_id}/loadbalancers", LB)
    assert it.cluster(cluster_id)["status"] == "ACTIVE"  # a load balancer leaves it ACTIVE
    assert_error(it.operate(cluster_id, "enable_ha"), 409, "status")


def test_failed_creation_leaves_an_error_cluster(it: ItCare, client: FlaskClient) -> None:
    fault(client, "POST")
    action = it.submit("POST", BASE, CREATE)
    it.finish()
    ended = it.action(action["id"])
    assert (ended["status"], ended["message"]) == ("ERROR", "no capacity in EB-A")
    cluster = it.cluster(action["resourceId"])
    assert (cluster["status"], cluster["comment"]) == ("ERROR", "no capacity in EB-A")
    assert {n["status"] for n in it.nodes(cluster["id"])} == {"ERROR"}
    assert_error(it.operate(cluster["id"], "enable_ha"), 409, "status")
    deletion = it.submit("DELETE", f"{BASE}/{cluster['id']}")
    it.finish()
    assert it.action(deletion["id"])["status"] == "SUCCESS"
    assert it.get(f"{BASE}/{cluster['id']}").status_code == 404
    assert it.get(BASE).json["content"] == []


def test_failed_operation_rolls_back(it: ItCare, client: FlaskClient) -> None:
    cluster = it.create()
    before = it.nodes(cluster["id"])
    fault(client, "PATCH", "vCenter unreachable")
    options = {"nodes": [{"nodesNb": 2, "nodeSizing": "2cpu4gb", "az": "EB-A"}]}
    action = it.operate(cluster["id"], "create_nodes", options).json
    assert len(it.nodes(cluster["id"])) == 5
    it.finish()
    assert it.action(action["id"])["message"] == "vCenter unreachable"
    assert it.nodes(cluster["id"]) == before
    assert it.cluster(cluster["id"])["status"] == "ACTIVE"
    free = it.get(f"{BASE}/{cluster['id']}/networks").json[0]["ipFreeNumber"]
    assert free == 241 - 4  # the addresses of the failed nodes are free again


@pytest.mark.parametrize(
    ("operation", "options", "field", "unchanged"),
    [
        ("enable_ha", None, "topology", "Standard"),
        ("upgrade", {"version": "1.29"}, "version", "v1.28.13"),
        ("update_patch_party", {"patchParty": {"excluded": True, "exclusionReason": "r"}},
         "includedInPatchParty", True),
    ],
)  # fmt: skip
def test_failed_changes_are_not_applied(
    it: ItCare, client: FlaskClient, operation: str, options: object, field: str, unchanged: object
) -> None:
    cluster = it.create(productCode="KUBERNETES_1_28")
    fault(client, "PATCH")
    action = it.operate(cluster["id"], operation, options).json
    it.finish()
    assert it.action(action["id"])["status"] == "ERROR"
    assert it.cluster(cluster["id"])[field] == unchanged


def test_failed_node_deletion_keeps_the_nodes(it: ItCare, client: FlaskClient) -> None:
    cluster = it.create()
    worker = it.nodes(cluster["id"])[2]["id"]
    fault(client, "DELETE")
    it.submit("DELETE", f"{BASE}/{cluster['id']}/nodes/{worker}")
    it.finish()
    assert it.nodes(cluster["id"])[2]["status"] == "ACTIVE"


def test_failed_deletion_restores_the_cluster(it: ItCare, client: FlaskClient) -> None:
    cluster = it.create()
    fault(client, "DELETE", "storage busy")
    action = it.submit("DELETE", f"{BASE}/{cluster['id']}")
    assert it.cluster(cluster["id"])["status"] == "DELETING"
    it.finish()
    assert it.action(action["id"])["message"] == "storage busy"
    assert it.cluster(cluster["id"])["status"] == "ACTIVE"


def test_failed_loadbalancer_disappears(it: ItCare, client: FlaskClient) -> None:
    cluster = it.create()
    fault(client, "POST")
    action = it.submit("POST", f"{BASE}/{cluster['id']}/loadbalancers", LB)
    assert it.get(f"{BASE}/{cluster['id']}/loadbalancers").json[0]["status"] == "CREATING"
    it.finish()
    assert it.action(action["id"])["status"] == "ERROR"
    assert it.get(f"{BASE}/{cluster['id']}/loadbalancers").json == []
    it.submit("POST", f"{BASE}/{cluster['id']}/loadbalancers", LB)  # the URL is free again


def test_repeated_delete_returns_the_running_action(it: ItCare) -> None:
    cluster = it.create()
    first = it.submit("DELETE", f"{BASE}/{cluster['id']}")
    it.clock.advance(100)
    assert it.submit("DELETE", f"{BASE}/{cluster['id']}")["id"] == first["id"]
    it.clock.advance(200)
    assert it.delete(f"{BASE}/{cluster['id']}").status_code == 404


def test_deletion_frees_name_and_addresses(it: ItCare) -> None:
    cluster = it.create()
    it.submit("POST", f"{BASE}/{cluster['id']}/loadbalancers", LB)
    it.finish()
    it.submit("DELETE", f"{BASE}/{cluster['id']}")
    it.finish()
    again = it.create()
    assert again["ipAddress"] == cluster["ipAddress"]
    assert it.get(f"{BASE}/{again['id']}/networks").json[0]["ipFreeNumber"] == 241 - 4


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("POST", BASE, CREATE | {"name": "other"}),
        ("DELETE", "{cluster}", None),
        ("PATCH", "{cluster}", {"operation": "enable_ha"}),
        ("PATCH", "{cluster}", {"operation": "create_nodes", "options": {"nodes": [
            {"nodesNb": 1, "nodeSizing": "2cpu4gb", "az": "EB-A"}]}}),
        ("PATCH", "{cluster}", {"operation": "delete_nodes", "options": {"nodes": ["{worker}"]}}),
        ("DELETE", "{cluster}/nodes/{worker}", None),
        ("POST", "{cluster}/loadbalancers", LB),
    ],
)  # fmt: skip
def test_dry_run_changes_nothing(it: ItCare, method: str, path: str, body: object) -> None:
    cluster = it.create()
    worker = it.nodes(cluster["id"])[2]["id"]
    url = path.format(cluster=f"{BASE}/{cluster['id']}", worker=worker)
    if isinstance(body, dict) and body.get("operation") == "delete_nodes":
        body = {"operation": "delete_nodes", "options": {"nodes": [str(worker)]}}
    before = (it.get(BASE).json, it.get("/actions").json, it.nodes(cluster["id"]))
    response = it.request(method, url, json=body, headers=DRY)
    assert response.status_code == 200, response.json
    preview = response.json
    assert (preview["id"], preview["status"], preview["dryRun"]) == (None, "SUCCESS", True)
    assert preview["message"].startswith("Dry run:")
    assert (it.get(BASE).json, it.get("/actions").json, it.nodes(cluster["id"])) == before


def test_dry_run_still_validates(it: ItCare) -> None:
    assert_error(it.post(BASE, json={**CREATE, "instanceCount": 13}, headers=DRY), 400,
                 "instanceCount")  # fmt: skip
    cluster = it.create()
    body = {"operation": "upgrade", "options": {"version": "1.20"}}
    assert_error(
        it.patch(f"{BASE}/{cluster['id']}", json=body, headers=DRY), 400, "options.version"
    )
    assert it.post(BASE, json=CREATE, headers={"ITCare-DryRun": "false"}).status_code == 409


def test_dry_run_does_not_consume_async_error(it: ItCare, client: FlaskClient) -> None:
    fault(client, "POST")
    it.post(BASE, json=CREATE, headers=DRY)
    # The fault matched the dry run (it applies to one request); the real one succeeds.
    action = it.submit("POST", BASE, CREATE)
    it.finish()
    assert it.action(action["id"])["status"] == "SUCCESS"


class TestNodeDeletion:
    """All nodes, and all ingress nodes, cannot be deleted (400)."""

    def test_not_the_last_node(self, it: ItCare) -> None:
        cluster = it.create(instanceCount=2)
        first, second = (n["id"] for n in it.nodes(cluster["id"]))
        it.submit("DELETE", f"{BASE}/{cluster['id']}/nodes/{second}")
        it.finish()
        response = it.delete(f"{BASE}/{cluster['id']}/nodes/{first}")
        assert_error(response, 400, "nodeId", "INVALID_FIELD_VALUE")
        assert "all nodes" in response.json["errorMessage"]

    def test_not_the_last_ingress_node(self, it: ItCare) -> None:
        cluster = it.create(instanceCount=4)
        ingress = [n["id"] for n in it.nodes(cluster["id"]) if n["isInternalIngressNode"]]
        it.submit("DELETE", f"{BASE}/{cluster['id']}/nodes/{ingress[0]}")
        it.finish()
        response = it.delete(f"{BASE}/{cluster['id']}/nodes/{ingress[1]}")
        assert_error(response, 400, "nodeId")
        assert "ingress" in response.json["errorMessage"]

    def test_delete_nodes_keeps_one_node_and_one_ingress(self, it: ItCare) -> None:
        cluster = it.create(instanceCount=3)
        ids = [n["id"] for n in it.nodes(cluster["id"])]
        every = it.operate(cluster["id"], "delete_nodes", {"nodes": ids})
        assert "all nodes" in every.json["errorMessage"]
        ingress = it.operate(cluster["id"], "delete_nodes", {"nodes": ids[:2]})
        assert_error(ingress, 400, "options.nodes")
        assert "ingress" in ingress.json["errorMessage"]
        twice = it.operate(cluster["id"], "delete_nodes", {"nodes": [ids[2], ids[2]]})
        assert "twice" in twice.json["errorMessage"]

    def test_added_ingress_nodes_count(self, it: ItCare) -> None:
        cluster = it.create(instanceCount=2)
        options = {"nodes": [{"nodesNb": 1, "nodeSizing": "4cpu8gb", "az": "EB-C"}],
                   "isInternalIngressNode": True}  # fmt: skip
        it.operate(cluster["id"], "create_nodes", options)
        it.finish()
        ids = [n["id"] for n in it.nodes(cluster["id"])]
        assert it.operate(cluster["id"], "delete_nodes", {"nodes": ids[:2]}).status_code == 202


class TestUpgrade:
    """One step at a time, no downgrade, only to versions of the products list."""

    @pytest.mark.parametrize(
        ("version", "needle"),
        [
            ("1.30", "next version is 1.29"),
            ("1.31", "next version is 1.29"),
            ("1.27", "no downgrade"),
            ("1.26", "no downgrade"),
            ("1.28", "already runs 1.28"),
            ("1.29.3", "unknown version"),
            ("2.0", "unknown version"),
        ],
    )
    def test_refused(self, it: ItCare, version: str, needle: str) -> None:
        cluster = it.create(productCode="KUBERNETES_1_28")
        response = it.operate(cluster["id"], "upgrade", {"version": version})
        assert_error(response, 400, "options.version")
        assert needle in response.json["errorMessage"]

    @pytest.mark.parametrize("spelling", ["1.29", "v1.29", "1.29.10", "v1.29.10"])
    def test_spellings(self, it: ItCare, spelling: str) -> None:
        cluster = it.create(productCode="KUBERNETES_1_28")
        assert it.operate(cluster["id"], "upgrade", {"version": spelling}).status_code == 202

    def test_walk_to_the_latest(self, it: ItCare) -> None:
        cluster = it.create(productCode="KUBERNETES_1_28")
        for version in ("1.29", "1.30", "1.31"):
            assert it.operate(cluster["id"], "upgrade", {"version": version}).status_code == 202
            it.finish()
        final = it.cluster(cluster["id"])
        assert (final["version"], final["lastKubeVersion"]) == ("v1.31.2", "v1.31.2")
        response = it.operate(cluster["id"], "upgrade", {"version": "1.32"})
        assert "unknown version" in response.json["errorMessage"]


class TestHighAvailability:
    def test_irreversible(self, it: ItCare) -> None:
        cluster = it.create()
        assert cluster["supportsHAMode"] is True
        it.operate(cluster["id"], "enable_ha")
        it.finish()
        again = it.operate(cluster["id"], "enable_ha")
        assert_error(again, 400, "operation")
        assert "already enabled" in again.json["errorMessage"]

    def test_needs_three_zones(self, it: ItCare) -> None:
        cluster = it.create(region="ET", area="ET", networkId=2201)
        assert cluster["supportsHAMode"] is False
        response = it.operate(cluster["id"], "enable_ha")
        assert_error(response, 400, "operation")
        assert "3 availability zones" in response.json["errorMessage"]


def test_actions_list_and_filters(it: ItCare) -> None:
    one = it.create(name="one")
    two = it.create(name="two")
    running = it.operate(one["id"], "enable_ha").json
    page = it.get("/actions").json
    assert page["totalElements"] == 3
    assert [a["id"] for a in page["content"]] == [
        running["id"],
        running["id"] - 1,
        running["id"] - 2,
    ]
    mine = it.get(f"/actions?resourceId={one['id']}").json["content"]
    assert {a["process"] for a in mine} == {"CREATE_K8S_CLUSTER", "ENABLE_K8S_HA"}
    busy = it.get("/actions?statuses=IN_PROGRESS").json["content"]
    assert [a["id"] for a in busy] == [running["id"]]
    done = it.get(f"/actions?resourceId={two['id']},{one['id']}&statuses=success").json
    assert done["totalElements"] == 2
    assert_error(it.get("/actions?statuses=DONE"), 400, "statuses")
    assert_error(it.get("/actions?resourceId=abc"), 400, "resourceId")
    oldest = it.get("/actions?sort=id,asc&size=1").json
    assert oldest["content"][0]["resourceId"] == one["id"] and oldest["totalPages"] == 3


def test_state_file_keeps_clusters_actions_and_tokens(tmp_path: Path, clock: ManualClock) -> None:
    path = tmp_path / "cloud.json"
    first = ItCare(create_app(clock=clock, state_file=path).test_client(), clock)
    cluster = first.create()
    action = first.operate(cluster["id"], "enable_ha").json
    token = first.client.post(
        "/itcare/auth/realms/cloud/protocol/openid-connect/token",
        data={"grant_type": "client_credentials", "client_id": "demo", "client_secret": "demo"},
    ).json["access_token"]
    again = ItCare(create_app(clock=clock, state_file=path).test_client(), clock)
    headers = {"Authorization": f"Bearer {token}"}
    assert again.get(f"{BASE}/{cluster['id']}", headers=headers).json["status"] == "UPDATING"
    again.finish()
    assert again.action(action["id"])["status"] == "SUCCESS"
    assert again.cluster(cluster["id"])["topology"] == "HA"
    assert again.nodes(cluster["id"]) == first.nodes(cluster["id"])

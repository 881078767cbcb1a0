"""The ITCare API on a scripted transport, and its rules: errors, actions, paging, versions, node plans."""

from __future__ import annotations

import base64
import re

import pytest

from ansible_collections.kaas.cloud.plugins.module_utils.errors import ApiError, PlanError, ValidationError
from ansible_collections.kaas.cloud.plugins.module_utils.providers.connection import Connection
from ansible_collections.kaas.cloud.plugins.module_utils.providers.contract import FAILED, PENDING, READY
from ansible_collections.kaas.cloud.plugins.module_utils.providers.itcare import nodes, rules
from ansible_collections.kaas.cloud.plugins.module_utils.providers.itcare.api import (
    DEFAULT_URL,
    MEDIA_TYPE,
    TOKEN_URL,
    ItcareApi,
    Tracked,
)
from ansible_collections.kaas.cloud.plugins.module_utils.providers.itcare.resource import ItcareResource, action_status

from ..fakes import FakeResponse, FakeSession

PRODUCTS = [
    {
        "code": f"KUBERNETES_1_{minor}",
        "version": f"1.{minor}",
        "versionDetailed": f"v1.{minor}.{patch}",
        "orderable": ok,
    }
    for minor, patch, ok in ((27, 16, False), (28, 13, True), (29, 10, True), (30, 6, True), (31, 2, True))
]


def api(*script, **auth):
    session = FakeSession(*script)
    connection = Connection(provider="itcare", auth=auth or {"token": "t0k"})
    return ItcareApi(connection, session=session, sleep=lambda seconds: None), session


def test_client_credentials_go_to_keycloak_then_the_bearer_to_the_api():
    token = FakeResponse(200, {"access_token": "abc", "expires_in": 1200, "token_type": "Bearer"})
    client, session = api(token, FakeResponse(200, []), client_id="me", client_secret="s3cret")
    client.transport.request("GET", "/compute/containers/kubernetes/ingress-providers")
    (method, url, sent), (_get, api_url, used) = session.calls
    assert (method, url) == ("POST", TOKEN_URL) and sent["data"] == {"grant_type": "client_credentials"}
    assert sent["headers"]["Authorization"] == "Basic " + base64.b64encode(b"me:s3cret").decode()
    assert api_url == f"{DEFAULT_URL}/compute/containers/kubernetes/ingress-providers"
    assert used["headers"]["Authorization"] == "Bearer abc" and used["headers"]["Accept"] == MEDIA_TYPE
    assert "s3cret" in client.secrets() and "abc" in client.secrets()


def test_missing_credentials_fail_before_any_request():
    with pytest.raises(ValidationError, match=re.escape("missing: auth.client_secret")):
        api(client_id="me")


def test_itcare_errors_keep_the_message_the_code_and_the_field():
    body = {"status": "BAD_REQUEST", "errorCode": "INVALID_FIELD_VALUE", "errorDesc": "name", "errorMessage": "bad"}
    client, _session = api(FakeResponse(400, body, headers={"X-Request-Id": "r-1"}))
    with pytest.raises(ApiError) as caught:
        client.submit("POST", "/compute/containers/kubernetes", {"name": "X"})
    assert caught.value.message == (
        "itcare answered 400 to POST /compute/containers/kubernetes: bad (INVALID_FIELD_VALUE, field name), "
        "request id r-1"
    )
    assert caught.value.code == "INVALID_FIELD_VALUE"


def test_writes_carry_the_media_type_and_a_dry_run_its_header():
    action = {"id": 7, "status": "SUCCESS", "dryRun": True}
    client, session = api(FakeResponse(200, action))
    assert (
        client.submit("PATCH", "/compute/containers/kubernetes/1", {"operation": "enable_ha"}, dry_run=True) == action
    )
    headers = session.calls[0][2]["headers"]
    assert headers["Content-Type"] == MEDIA_TYPE and headers["ITCare-DryRun"] == "true"


def test_a_write_answered_without_an_action_is_an_error():
    client, _session = api(FakeResponse(202, {"unexpected": True}))
    with pytest.raises(ValidationError, match="without an action"):
        client.submit("DELETE", "/compute/containers/kubernetes/1")


def test_spring_pages_are_followed_from_page_zero_until_last():
    first = {"content": [{"id": 1}], "last": False, "number": 0}
    second = {"content": [{"id": 2}], "last": True, "number": 1}
    client, session = api(FakeResponse(200, first), FakeResponse(200, second))
    assert client.pages("/compute/containers/kubernetes", {"names": "a"}) == [{"id": 1}, {"id": 2}]
    assert [call[2]["params"]["page"] for call in session.calls] == [0, 1]
    assert session.calls[0][2]["params"]["names"] == "a"


@pytest.mark.parametrize(
    ("action", "state", "operation"),
    [
        ({"id": 5, "status": "IN_PROGRESS", "process": "UPGRADE_K8S_CLUSTER"}, PENDING, "5"),
        ({"id": 5, "status": "ERROR", "message": "boom"}, FAILED, "5"),
    ],
)
def test_an_action_decides_the_status_until_it_succeeds(action, state, operation):
    found = action_status(action)
    assert found.state == state and found.operation == operation
    if state == FAILED:
        assert found.reason == "boom"
    assert action_status({"id": 5, "status": "SUCCESS"}) is None


def test_after_a_successful_action_the_resource_status_counts():
    class Probe(ItcareResource):
        resource = "probe"

        def find(self, desired):
            return None

        def view(self, current):
            return {}

    client, _session = api()
    probe = Probe(client)
    done = {"id": 1, "status": "SUCCESS"}
    assert probe.status(Tracked({"status": "ACTIVE"}, action=done)).state == READY
    assert probe.status(Tracked({"status": "UPGRADING"}, action=done)).state == PENDING
    failed = probe.status(Tracked({"status": "ERROR", "comment": "no capacity"}))
    assert failed.state == FAILED and failed.reason == "no capacity"


def test_upgrades_walk_every_product_and_never_go_down():
    assert rules.upgrade_path(PRODUCTS, "v1.28.13", "1.31", "c") == ["1.29", "1.30", "1.31"]
    assert rules.upgrade_path(PRODUCTS, "v1.29.10", "v1.30.6", "c") == ["1.30"]
    with pytest.raises(PlanError, match=re.escape("cannot go down from v1.30.6 to 1.29")):
        rules.upgrade_path(PRODUCTS, "v1.30.6", "1.29", "c")
    with pytest.raises(PlanError, match=re.escape("offers no Kubernetes 1.40")):
        rules.upgrade_path(PRODUCTS, "v1.30.6", "1.40", "c")
    with pytest.raises(PlanError, match=re.escape("is v1.31.2, not 1.31.1")):
        rules.upgrade_path(PRODUCTS, "v1.30.6", "1.31.1", "c")


def test_a_new_cluster_needs_an_orderable_product():
    assert rules.product_for(PRODUCTS, "v1.30", "c")["code"] == "KUBERNETES_1_30"
    with pytest.raises(PlanError, match=re.escape("does not sell Kubernetes 1.27")):
        rules.product_for(PRODUCTS, "1.27", "c")


@pytest.mark.parametrize(
    ("desired", "message"),
    [
        ({"name": "a_b"}, "[a-z0-9-]+"),
        ({"name": "a" * 64}, "at most 63"),
        ({"name": "ok", "version": "latest"}, "not a Kubernetes version"),
        ({"name": "ok", "itcare": {"regulation": "GDPR"}}, "HDS or STANDARD"),
        ({"name": "ok", "itcare": {"backup_enabled": True}}, "needs itcare.server_backup_policy_id"),
        ({"name": "ok", "itcare": {"backup_enabled": False, "db_backup_policy_id": "p"}}, "only applies with backup"),
        ({"name": "ok", "itcare": {"no_backup_prod_reason": "x" * 256}}, "at most 255"),
        *(
            ({"name": "ok", "itcare": {"network_id": bad}}, "network_id must be an ITCare network id")
            for bad in (True, 1125.0, [1125], {"id": 1125}, "", "EB 1125", "../1125", "x" * 65)
        ),
        ({"name": "ok", "itcare": {"network_id": 0}}, "network_id must be an ITCare id (a number from 1), got 0"),
        ({"name": "ok", "itcare": {"network_id": "0"}}, "network_id must be an ITCare id (a number from 1), got 0"),
    ],
)
def test_cluster_rules(desired, message):
    with pytest.raises(ValidationError) as caught:
        rules.check_cluster(desired)
    assert message in caught.value.message


@pytest.mark.parametrize(
    ("given", "sent"),
    [(1125, 1125), ("1125", 1125), (" 1125 ", 1125), ("EB_1125_DMZ8", "EB_1125_DMZ8"), ("ED145", "ED145")],
)
def test_a_network_is_its_id_or_its_technical_id_as_the_reference_table_and_example_disagree(given, sent):
    """The table types networkId integer (int64), the create example sends "ED145": both are taken."""
    block = {"region": "EB", "network_id": given}
    rules.check_ids(block, "itcare")
    assert rules.api_body(block, rules.CLUSTER_FIELDS)["networkId"] == sent
    assert rules.api_body(block, rules.LB_FIELDS)["networkId"] == sent


def test_ports_are_normalised_and_load_balancer_names_drop_scheme_and_www():
    assert rules.port_list("80, 443", "p") == "80,443" and rules.port_list([8080], "p") == "8080"
    assert rules.lb_name("HTTPS://www.Shop.example.com") == "Shop.example.com"


def test_new_nodes_go_where_there_are_fewest_and_at_most_twelve_per_entry():
    present = [
        {"az": "EB-A", "status": "ACTIVE"},
        {"az": "EB-A", "status": "ACTIVE"},
        {"az": "EB-B", "status": "DELETING"},
    ]
    options = nodes.placements(present, 3, "2cpu4gb", ["EB-A", "EB-B", "EB-C"])
    assert options == {
        "nodes": [
            {"nodesNb": 2, "nodeSizing": "2cpu4gb", "az": "EB-B"},
            {"nodesNb": 1, "nodeSizing": "2cpu4gb", "az": "EB-C"},
        ]
    }
    many = nodes.placements([], 14, "2cpu4gb", ["EB-A"], ingress=True)
    assert [entry["nodesNb"] for entry in many["nodes"]] == [12, 2] and many["isInternalIngressNode"] is True


def test_removals_take_named_then_newest_and_keep_the_last_nodes():
    group = [
        {"id": 1, "name": "w1", "creationTime": "2026-01-01T00:00:00Z"},
        {"id": 2, "name": "w2", "creationTime": "2026-01-02T00:00:00Z"},
        {"id": 3, "name": "w3", "creationTime": "2026-01-03T00:00:00Z"},
    ]
    ingress = {"id": 9, "name": "i1", "isInternalIngressNode": True}
    assert nodes.removals(group, 2, [*group, ingress], "g", ("w1",)) == ["1", "3"]
    with pytest.raises(PlanError, match="every node of the cluster"):
        nodes.removals(group, 3, group, "g")
    with pytest.raises(PlanError, match="last ingress node"):
        nodes.removals([ingress], 1, [*group, ingress], "g")
    with pytest.raises(PlanError, match="'w9' is not one of its nodes"):
        nodes.removals(group, 1, group, "g", ("w9",))


def test_a_node_sizing_is_read_or_derived_from_cpu_and_ram():
    assert nodes.sizing_of({"nodeSizing": "4cpu16gb", "cpu": 1, "ram": 1024}) == "4cpu16gb"
    assert nodes.sizing_of({"cpu": 8, "ram": 32768}) == "8cpu32gb"
    assert nodes.sizing_of({"cpu": 8}) is None

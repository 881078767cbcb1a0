"""Fault injection: status, reset, delay, async_error, revoke, matching, skipping and counting."""

from __future__ import annotations

import pytest
import requests
from emulator_helpers import AUTH, SEED_CREATE, Deployme
from flask.testing import FlaskClient

from kaas_emulator.core.clock import ManualClock
from kaas_emulator.server import EmulatorServer


def add(client: FlaskClient, rules: object) -> dict:
    response = client.post("/_emulator/faults", json=rules)
    assert response.status_code == 201, response.json
    return response.json


def test_status_fault_uses_provider_error_body(client: FlaskClient, dm: Deployme) -> None:
    add(
        client,
        {
            "provider": "deployme",
            "method": "GET",
            "path": "^/v1/clusters$",
            "status": 503,
            "retry_after": 7,
        },
    )
    response = dm.get("/v1/clusters")
    assert response.status_code == 503
    assert response.json["error"] == "service_unavailable"
    assert set(response.json) == {"error", "message"}
    assert response.headers["Retry-After"] == "7"
    assert "X-RateLimit-Limit" in response.headers
    assert dm.get("/v1/clusters").status_code == 200  # times defaults to 1


def test_status_fault_applies_before_auth(client: FlaskClient) -> None:
    add(client, {"status": 500})
    response = client.get("/deployme/v1/clusters")
    assert response.status_code == 500
    assert response.json["error"] == "internal_error"


def test_429_fault_always_has_retry_after(client: FlaskClient, dm: Deployme) -> None:
    add(client, {"status": 429})
    response = dm.get("/v1/clusters")
    assert response.status_code == 429
    assert response.json["error"] == "rate_limited"
    assert response.headers["Retry-After"] == "1"


def test_times_decrement_and_first_match_wins(client: FlaskClient, dm: Deployme) -> None:
    add(
        client,
        [
            {"method": "post", "status": 502, "times": 2},
            {"path": "^/v1/clusters", "status": 504, "times": None},
        ],
    )
    listed = client.get("/_emulator/faults").json["faults"]
    assert [(rule["times"], rule.get("status")) for rule in listed] == [(2, 502), (None, 504)]
    assert dm.post("/v1/clusters", json=SEED_CREATE).status_code == 502
    assert client.get("/_emulator/faults").json["faults"][0]["times"] == 1
    assert dm.post("/v1/clusters", json=SEED_CREATE).status_code == 502
    assert dm.post("/v1/clusters", json=SEED_CREATE).status_code == 504
    assert dm.get("/v1/clusters").status_code == 504
    assert len(client.get("/_emulator/faults").json["faults"]) == 1
    assert client.delete("/_emulator/faults").status_code == 204
    assert client.get("/_emulator/faults").json == {"faults": []}
    assert dm.get("/v1/clusters").json["total"] == 0  # no POST went through


def test_path_regex_is_searched_after_prefix(client: FlaskClient, dm: Deployme) -> None:
    add(client, {"path": "/kubeconfig$", "status": 503, "times": None})
    assert dm.get("/v1/clusters").status_code == 200
    assert dm.get("/v1/clusters/cls_x/kubeconfig").status_code == 503


def test_faults_filter_on_provider(client: FlaskClient, dm: Deployme) -> None:
    response = client.post("/_emulator/faults", json={"provider": "nope", "status": 503})
    assert response.status_code == 400
    add(client, {"provider": "deployme", "status": 503})
    assert dm.get("/v1/clusters").status_code == 503


def test_control_paths_are_never_faulted(client: FlaskClient) -> None:
    add(client, {"status": 503, "times": None})
    assert client.get("/_emulator/health").status_code == 200


@pytest.mark.parametrize(
    "rule",
    [
        {"path": "^/v1"},
        {"status": 503, "reset": True},
        {"status": 200},
        {"status": True},
        {"reset": False},
        {"delay_ms": -1},
        {"async_error": ""},
        {"status": 503, "times": 0},
        {"status": 503, "path": "("},
        {"status": 503, "method": 5},
        {"status": 503, "bogus": 1},
        {"delay_ms": 10, "retry_after": 3},
        {"revoke": False},
        {"revoke": True, "status": 401},
        {"revoke": True, "after": True},
        {"status": 503, "skip": -1},
        {"status": 503, "skip": True},
        [{"status": 503}, "nope"],
        "text",
    ],
    ids=repr,
)
def test_invalid_rules_are_refused(client: FlaskClient, rule: object) -> None:
    response = client.post("/_emulator/faults", json=rule)
    assert response.status_code == 400
    assert "message" in response.json
    assert client.get("/_emulator/faults").json == {"faults": []}


def test_async_error_fails_create(client: FlaskClient, dm: Deployme, clock: ManualClock) -> None:
    add(client, {"method": "POST", "path": "^/v1/clusters$", "async_error": "no capacity"})
    cluster = dm.create()
    assert cluster["status"] == "provisioning"
    assert "status_message" not in cluster
    clock.advance(240)
    got = dm.get(f"/v1/clusters/{cluster['id']}").json
    assert (got["status"], got["status_message"]) == ("error", "no capacity")
    assert dm.get(f"/v1/clusters/{cluster['id']}/kubeconfig").status_code == 409
    log = client.get("/_emulator/requests?method=POST").json["requests"]
    assert log[0]["fault"] == "async_error"


def test_async_error_fails_scaling_and_deletion(
    client: FlaskClient, dm: Deployme, clock: ManualClock
) -> None:
    cluster = dm.create()
    path = f"/v1/clusters/{cluster['id']}"
    clock.advance(240)
    add(client, {"method": "PATCH", "async_error": "quota exceeded"})
    dm.patch(path, json={"workers": 50})
    clock.advance(120)
    got = dm.get(path).json
    assert (got["status"], got["status_message"]) == ("error", "quota exceeded")
    assert dm.get(path + "/kubeconfig").status_code == 200  # it was provisioned
    add(client, {"method": "DELETE", "async_error": "volume stuck"})
    dm.delete(path)
    assert "status_message" not in dm.get(path).json
    clock.advance(60)
    assert dm.get(path).json["status_message"] == "volume stuck"
    dm.delete(path)  # retry without fault
    clock.advance(60)
    assert dm.get(path).status_code == 404


def test_reset_drops_the_connection(server: EmulatorServer) -> None:
    requests.post(
        f"{server.url}/_emulator/faults", json={"path": "^/v1/clusters$", "reset": True}, timeout=5
    )
    with requests.Session() as session:
        with pytest.raises(requests.exceptions.ConnectionError):
            session.post(
                f"{server.url}/deployme/v1/clusters", json=SEED_CREATE, headers=AUTH, timeout=5
            )
        after = session.get(f"{server.url}/deployme/v1/clusters", headers=AUTH, timeout=5)
    assert after.json()["total"] == 0
    log = requests.get(f"{server.url}/_emulator/requests", timeout=5).json()["requests"]
    assert [(e["method"], e["status"], e["fault"]) for e in log] == [
        ("POST", None, "reset"),
        ("GET", 200, None),
    ]


def test_reset_under_test_client_raises(client: FlaskClient) -> None:
    add(client, {"reset": True})
    with pytest.raises(ConnectionAbortedError):
        client.get("/deployme/v1/clusters", headers=AUTH)


def test_delay_makes_the_client_time_out(server: EmulatorServer) -> None:
    requests.post(
        f"{server.url}/_emulator/faults", json={"method": "GET", "delay_ms": 300}, timeout=5
    )
    url = f"{server.url}/deployme/v1/clusters"
    with pytest.raises(requests.exceptions.ReadTimeout):
        requests.get(url, headers=AUTH, timeout=0.1)
    assert requests.get(url, headers=AUTH, timeout=5).status_code == 200


def test_delay_then_normal_answer(client: FlaskClient, dm: Deployme) -> None:
    add(client, {"delay_ms": 20})
    assert dm.get("/v1/clusters").status_code == 200
    log = client.get("/_emulator/requests").json["requests"]
    assert (log[0]["status"], log[0]["fault"]) == (200, "delay")


def test_after_status_applies_the_change_then_fails(client: FlaskClient, dm: Deployme) -> None:
    add(client, {"provider": "deployme", "method": "POST", "status": 504, "after": True})
    answer = dm.post("/v1/clusters", json={**SEED_CREATE, "name": "after-fault"})
    assert answer.status_code == 504
    assert [c["name"] for c in dm.get("/v1/clusters").json["items"]] == ["after-fault"]


def test_after_reset_drops_the_answer_of_a_handled_request(server: EmulatorServer) -> None:
    rule = {"provider": "deployme", "method": "POST", "reset": True, "after": True}
    requests.post(f"{server.url}/_emulator/faults", json=rule, timeout=5).raise_for_status()
    with requests.Session() as session:
        with pytest.raises(requests.exceptions.ConnectionError):
            session.post(
                f"{server.url}/deployme/v1/clusters", json=SEED_CREATE, headers=AUTH, timeout=5
            )
        after = session.get(f"{server.url}/deployme/v1/clusters", headers=AUTH, timeout=5)
    assert after.json()["total"] == 1


def test_429_without_retry_after(client: FlaskClient, dm: Deployme) -> None:
    add(client, {"provider": "deployme", "status": 429, "retry_after": -1})
    answer = dm.get("/v1/clusters")
    assert answer.status_code == 429
    assert "Retry-After" not in answer.headers


@pytest.mark.parametrize(
    "rule", [{"async_error": "late", "after": True}, {"status": 503, "after": "yes"}]
)
def test_after_is_only_for_status_reset_and_delay(client: FlaskClient, rule: dict) -> None:
    assert client.post("/_emulator/faults", json=rule).status_code == 400


def test_planted_credentials_are_accepted_until_reset(client: FlaskClient) -> None:
    planted = {"Authorization": "Bearer planted-Secret-1"}
    assert client.get("/deployme/v1/clusters", headers=planted).status_code == 401
    answer = client.post("/_emulator/config", json={"credentials": ["planted-Secret-1"]})
    assert answer.json["planted_credentials"] == 1
    assert "planted-Secret-1" not in answer.get_data(as_text=True)
    assert client.get("/deployme/v1/clusters", headers=planted).status_code == 200
    client.post("/_emulator/reset")
    assert client.get("/deployme/v1/clusters", headers=planted).status_code == 401


def test_after_delay_makes_the_change_then_answers_too_late(server: EmulatorServer) -> None:
    requests.post(
        f"{server.url}/_emulator/faults",
        json={"method": "POST", "delay_ms": 400, "after": True},
        timeout=5,
    )
    url = f"{server.url}/deployme/v1/clusters"
    with pytest.raises(requests.exceptions.ReadTimeout):
        requests.post(url, json={**SEED_CREATE, "name": "late-answer"}, headers=AUTH, timeout=0.1)
    # The change was made before the answer was held back: the cluster is listed at once.
    listed = requests.get(url, headers=AUTH, timeout=5).json()["items"]
    assert [c["name"] for c in listed] == ["late-answer"]


def test_skip_lets_matching_requests_through_before_the_rule_strikes(
    client: FlaskClient, dm: Deployme
) -> None:
    add(client, {"method": "GET", "path": "^/v1/clusters$", "status": 503, "skip": 2})
    assert client.get("/_emulator/faults").json["faults"][0]["skip"] == 2
    statuses = [dm.get("/v1/clusters").status_code for _ in range(4)]
    assert statuses == [200, 200, 503, 200]


@pytest.mark.parametrize("skip", [-1, "1", True])
def test_skip_must_be_a_count(client: FlaskClient, skip: object) -> None:
    assert client.post("/_emulator/faults", json={"status": 503, "skip": skip}).status_code == 400


def test_skip_lets_matching_requests_through_to_later_rules(
    client: FlaskClient, dm: Deployme
) -> None:
    add(
        client,
        [{"method": "GET", "status": 503, "skip": 2}, {"method": "GET", "status": 502, "times": 1}],
    )
    assert client.get("/_emulator/faults").json["faults"][0]["skip"] == 2
    # The first two GETs pass the skipping rule; the first of them meets the 502 rule.
    assert [dm.get("/v1/clusters").status_code for _ in range(4)] == [502, 200, 503, 200]
    assert dm.get("/v1/clusters").status_code == 200


def test_revoke_refuses_the_token_from_the_struck_request_on(
    client: FlaskClient, dm: Deployme
) -> None:
    client.post("/_emulator/config", json={"credentials": ["Static-Tok3n"]})
    static = {"Authorization": "Bearer Static-Tok3n"}
    add(client, {"provider": "deployme", "method": "GET", "skip": 1, "revoke": True})
    assert client.get("/deployme/v1/clusters", headers=static).status_code == 200
    struck = client.get("/deployme/v1/clusters", headers=static)
    assert struck.status_code == 401 and "token revoked" in struck.json["message"]
    assert client.get("/deployme/v1/clusters", headers=static).status_code == 401
    assert dm.get("/v1/clusters").status_code == 200  # another token is not affected
    faults = [entry["fault"] for entry in client.get("/_emulator/requests").json["requests"]]
    assert faults == [None, "revoke", None, None]
    client.post("/_emulator/reset")
    client.post("/_emulator/config", json={"credentials": ["Static-Tok3n"]})
    assert client.get("/deployme/v1/clusters", headers=static).status_code == 200

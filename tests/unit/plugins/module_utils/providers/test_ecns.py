"""The ECNS client and workload adapter without a server: rules, comparison, steps, errors, auth."""

from __future__ import annotations

import pytest

from ansible_collections.kaas.cloud.plugins.module_utils.auth import KeystoneV3Password, StaticToken
from ansible_collections.kaas.cloud.plugins.module_utils.errors import ValidationError
from ansible_collections.kaas.cloud.plugins.module_utils.providers.connection import Connection
from ansible_collections.kaas.cloud.plugins.module_utils.providers.contract import FAILED, PENDING, READY
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns import workload_rules as rules
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.api import EcnsApi, error_parser
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.workload import EcnsWorkload, WorkloadState

from ..fakes import FakeResponse, FakeSession

PASSWORD_AUTH = {"username": "u", "password": "p", "project_id": "proj", "auth_url": "http://id/v3"}


def api(auth=None):
    return EcnsApi(Connection(provider="ecns", auth=auth or PASSWORD_AUTH, api_url="http://emu/ecns"))


def test_password_auth_is_keystone_v3_and_project_id_is_sent_on_every_call():
    client = api()
    assert isinstance(client.transport.auth, KeystoneV3Password)
    assert client.transport.default_headers["X-Project-Id"] == "proj"
    token = api({"token": "t0k", "project_id": "proj"}).transport.auth
    assert isinstance(token, StaticToken) and token.headers(None) == {"X-Auth-Token": "t0k"}


@pytest.mark.parametrize(
    ("auth", "message"),
    [
        ({"token": "t0k"}, "needs auth.project_id"),
        ({"username": "u", "password": "p", "project_id": "proj"}, "missing: auth.auth_url"),
    ],
)
def test_missing_credentials_fail_before_any_request(auth, message):
    with pytest.raises(ValidationError, match=message):
        api(auth)


def keystone(token):
    return FakeResponse(201, {"token": {"expires_at": "2099-01-01T00:00:00Z"}}, {"X-Subject-Token": token})


SWITCH = "/api/ecns/eks/namespace/proj/cluster/east/ns/apps/"


def test_a_new_token_gets_the_scope_in_use_back_before_the_request_is_resent():
    session = FakeSession(
        keystone("tok-1"),
        FakeResponse(200, {}),  # the switch to east/apps
        FakeResponse(401, {"error": {"message": "token revoked", "code": 401}}),
        keystone("tok-2"),
        FakeResponse(200, {}),  # the switch replayed for tok-2
        FakeResponse(201, {}),
    )
    client = EcnsApi(
        Connection(provider="ecns", auth=PASSWORD_AUTH, api_url="http://emu/ecns"),
        session=session,
        sleep=lambda s: None,
    )
    client.use_scope("eks", "east", "apps")
    client.use_scope("eks", "east", "apps")  # known scope: no request
    client.transport.request("POST", "/api/ecns/eks/workloads/", json={})
    calls = [
        (m, url.removeprefix("http://emu/ecns"), kw["headers"].get("X-Auth-Token")) for m, url, kw in session.calls
    ]
    assert calls == [
        ("POST", "http://id/v3/auth/tokens", None),
        ("GET", SWITCH, "tok-1"),
        ("POST", "/api/ecns/eks/workloads/", "tok-1"),
        ("POST", "http://id/v3/auth/tokens", None),
        ("GET", SWITCH, "tok-2"),
        ("POST", "/api/ecns/eks/workloads/", "tok-2"),
    ]


def test_error_parser_reads_the_ecns_error_body():
    response = FakeResponse(
        409, {"error": {"message": "already exists", "code": 409, "title": "Conflict"}}, {"X-Request-Id": "req-1"}
    )
    assert error_parser(response) == ("already exists", "req-1", "409")
    assert error_parser(FakeResponse(502, text="bad gateway"))[0] == "bad gateway"


def test_covers_ignores_what_ecns_adds_but_not_what_it_changes():
    wanted = [{"type": "NodePort", "access": [{"port": 80}]}]
    served = [{"type": "NodePort", "name": "web-nodeport", "access": [{"port": 80, "node_port": 30080}]}]
    assert rules.covers(served, wanted)
    assert not rules.covers(served, [{"type": "NodePort", "access": [{"port": 81}]}])
    assert not rules.covers(served, [*wanted, *wanted])  # a list must match item for item
    assert rules.covers({"cpu": 1.0}, {"cpu": 1}) and not rules.covers({"x": 1}, {"x": True})


def test_strip_unset_drops_none_and_empty_values():
    assert rules.strip_unset({"a": None, "b": {"c": None}, "d": [], "e": [{"f": 1, "g": None}]}) == {"e": [{"f": 1}]}
    assert rules.strip_unset({}) is None


@pytest.mark.parametrize(
    ("desired", "message"),
    [
        ({"type": "DaemonSet", "replicas": 1}, "replicas must not be set for a DaemonSet"),
        ({"containers": [{"name": "a", "type": "init"}]}, "at least one container must be of type worker"),
        ({"containers": [{"name": "a"}, {"name": "a"}]}, "the name 'a' is used twice"),
        (
            {
                "containers": [
                    {"name": "a", "health": [{"type": "liveness", "protocol": "cmd", "success_threshold": 3}]}
                ]
            },
            "success_threshold must be 1 for a liveness check (got 3); containers[0].health[0].cmd is required",
        ),
        ({"containers": [{"name": "a", "env": [{"type": "Secret", "name": "X", "key": "s"}]}]}, "needs key"),
        ({"containers": [{"name": "a", "image_source": "ecns", "image": {}}]}, "harbor_project_name is required"),
        ({"scale_strategy": {"min_replicas": 4, "max_replicas": 2}}, "min_replicas 4 is above max_replicas 2"),
        ({"access_modes": [{"type": "ExternalName"}]}, "external_name is required"),
        ({"access_modes": [{"type": "ClusterIP"}]}, "needs at least one port"),
        ({"labels": {"version": 2}}, "labels.version must be a string, got 2 (quote it)"),
    ],
)
def test_rules_name_the_option(desired, message):
    with pytest.raises(ValidationError) as error:
        rules.check_workload({"name": "web", "type": "Deployment", **desired})
    assert message in error.value.message


def test_split_update_orders_one_step_per_call():
    adapter = EcnsWorkload(api())
    changes = {"labels": {}, "replicas": 3, "containers": [], "running": False, "network": {}, "volumes": []}
    assert adapter.split_update(changes) == [
        {"containers": [], "volumes": []},
        {"replicas": 3},
        {"labels": {}},
        {"network": {}},
        {"running_off": True},
    ]
    assert adapter.split_update({"running": True, "revision": 1})[0] == {"running_on": True}


@pytest.mark.parametrize(
    ("raw", "state"),
    [("Running", READY), ("Stopped", READY), ("Pending", PENDING), ("Removing", PENDING), ("Failed", FAILED)],
)
def test_status_mapping(raw, state):
    adapter = EcnsWorkload(api())
    current = WorkloadState(
        {"workload_base": {"name": "web", "type": "Deployment"}, "workload_status": {"status": raw}},
        {
            "conditions": [
                {"type": "Available", "status": "False", "message": "0 of 2 pods are ready"},
                {"type": "Progressing", "status": "False", "message": "image pull failed"},
            ]
        },
        ("eks", "c", "default"),
    )
    status = adapter.status(current)
    assert (status.state, status.raw) == (state, raw)
    assert (status.reason == "image pull failed") is (raw == "Failed")

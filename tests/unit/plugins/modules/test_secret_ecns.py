"""secret and secret_info on ECNS, against the emulator: idempotent without ever returning a value."""

from __future__ import annotations

import json

import pytest

from ansible_collections.kaas.cloud.plugins.modules import secret
from support.harness import run_module

API = "/api/ecns/eks"
SECRETS = f"{API}/kubernetes/secret/"
# Distinctive values: none of them may appear in any result.
DB_PASSWORD = "Pl4nted-db-Pw-0e9d"
NEW_PASSWORD = "Pl4nted-db-Pw-1f2a"
TLS_KEY = "-----BEGIN PRIVATE KEY-----Pl4nted-tls-Key-77b1"
REGISTRY_PASSWORD = "Pl4nted-registry-Pw-5c3e"
VALUES = (DB_PASSWORD, NEW_PASSWORD, TLS_KEY, REGISTRY_PASSWORD)
DB = {"name": "db", "type": "Opaque", "data": {"DB_USER": "svc-db", "DB_PASSWORD": DB_PASSWORD}}


def converge(args, **kw):
    result = run_module(secret.main, args, **kw)
    assert not any(value in json.dumps(result) for value in VALUES), result
    return result


def api_reads(cloud):
    return [r for r in cloud.requests("ecns") if not r["path"].startswith("/identity")]


def test_lifecycle_create_rerun_update_delete(cloud, ecns_object_args):
    created = converge({**ecns_object_args, **DB}, diff=True)
    assert created["changed"], created
    assert created["secret"]["data"] == {"DB_PASSWORD": "<hidden>", "DB_USER": "<hidden>"}
    assert created["secret"]["keys"] == ["DB_PASSWORD", "DB_USER"] and created["secret"]["type"] == "Opaque"
    assert created["diff"]["before"] == {}
    assert cloud.api_writes("ecns") == [("POST", SECRETS, "")]

    cloud.clear_log()
    again = converge({**ecns_object_args, **DB}, diff=True)
    assert again["changed"] is False and cloud.api_writes("ecns") == []
    assert again["diff"]["before"] == again["diff"]["after"]
    # An unchanged run reads the namespace switch and the detail, nothing else.
    assert [r["method"] for r in api_reads(cloud)] == ["GET", "GET"]

    cloud.clear_log()
    rotated = {**DB, "data": {"DB_USER": "svc-db", "DB_PASSWORD": NEW_PASSWORD}}
    updated = converge({**ecns_object_args, **rotated}, diff=True)
    assert updated["changed"]
    # The diff names the key that changes, never a value.
    assert updated["diff"]["before"]["data"] == {
        "DB_PASSWORD": "<hidden, differs from the task>",
        "DB_USER": "<hidden>",
    }
    assert updated["diff"]["after"]["data"] == {"DB_PASSWORD": "<hidden>", "DB_USER": "<hidden>"}
    assert cloud.api_writes("ecns") == [("PATCH", SECRETS, "")]
    stored = cloud.http.get(f"{cloud.url}/ecns{API}/kubernetes/secret/db/", headers={"X-Auth-Token": "demo"})
    assert stored.json()["secret"]["opaque"]["DB_PASSWORD"] == NEW_PASSWORD

    cloud.clear_log()
    assert converge({**ecns_object_args, **rotated})["changed"] is False
    deleted = converge({**ecns_object_args, "name": "db", "state": "absent"})
    assert deleted["changed"] and deleted["secret"] == {}
    assert converge({**ecns_object_args, "name": "db", "state": "absent"})["changed"] is False
    assert cloud.api_writes("ecns") == [("DELETE", SECRETS, "")]


def test_a_removed_key_is_a_change(cloud, ecns_object_args):
    converge({**ecns_object_args, **DB})
    cloud.clear_log()
    fewer = converge({**ecns_object_args, **DB, "data": {"DB_USER": "svc-db"}}, diff=True)
    assert fewer["changed"] and fewer["secret"]["keys"] == ["DB_USER"]
    assert cloud.api_writes("ecns") == [("PATCH", SECRETS, "")]


def test_tls_and_registry_secrets_are_idempotent(cloud, ecns_object_args):
    tls = {"name": "site-tls", "type": "Tls", "tls": {"cert": "-----BEGIN CERTIFICATE-----c", "key": TLS_KEY}}
    created = converge({**ecns_object_args, **tls})
    assert created["secret"]["tls"] == {"cert": "<hidden>", "key": "<hidden>", "ca": None}
    assert created["secret"]["keys"] == ["tls.crt", "tls.key"]
    registry = {
        "name": "pull",
        "type": "Dockerconfigjson",
        "docker_registry": {"server": "hub.example.com", "username": "robot", "password": REGISTRY_PASSWORD},
    }
    made = converge({**ecns_object_args, **registry})
    assert made["secret"]["docker_registry"] == {
        "server": "hub.example.com",
        "username": "robot",
        "email": None,
        "password": "<hidden>",
    }
    cloud.clear_log()
    assert converge({**ecns_object_args, **tls})["changed"] is False
    assert converge({**ecns_object_args, **registry})["changed"] is False
    assert cloud.api_writes("ecns") == []
    moved = converge(
        {**ecns_object_args, **registry, "docker_registry": {**registry["docker_registry"], "server": "r.example"}},
        diff=True,
    )
    assert moved["changed"] and moved["diff"]["before"]["docker_registry"]["server"] == "hub.example.com"
    assert moved["secret"]["docker_registry"]["server"] == "r.example"
    assert cloud.api_writes("ecns") == [("PATCH", SECRETS, "")]


def test_type_and_no_values_leave_an_existing_secret_alone(cloud, ecns_object_args):
    converge({**ecns_object_args, **DB})
    cloud.clear_log()
    result = converge({**ecns_object_args, "name": "db", "type": "Opaque"})
    assert result["changed"] is False and cloud.api_writes("ecns") == []


def test_check_mode_predicts_without_writing(cloud, ecns_object_args):
    planned = converge({**ecns_object_args, **DB}, check=True, diff=True)
    assert planned["changed"] and planned["diff"]["before"] == {}
    assert planned["diff"]["after"]["data"] == {"DB_PASSWORD": "<hidden>", "DB_USER": "<hidden>"}
    converge({**ecns_object_args, **DB})
    cloud.clear_log()
    change = converge({**ecns_object_args, **DB, "data": {"DB_PASSWORD": NEW_PASSWORD}}, check=True, diff=True)
    assert change["changed"] and change["diff"]["after"]["data"] == {"DB_PASSWORD": "<hidden>"}
    same = converge({**ecns_object_args, **DB}, check=True)
    assert same["changed"] is False
    removal = converge({**ecns_object_args, "name": "db", "state": "absent"}, check=True)
    assert removal["changed"]
    assert cloud.api_writes("ecns") == []


def test_the_type_of_an_existing_secret_cannot_change(cloud, ecns_object_args):
    converge({**ecns_object_args, **DB})
    cloud.clear_log()
    tls = {"name": "db", "type": "Tls", "tls": {"cert": "cert-pem-text", "key": TLS_KEY}}
    result = converge({**ecns_object_args, **tls})
    assert result["failed"] and "type cannot be changed in place" in result["msg"], result
    assert cloud.api_writes("ecns") == []


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"name": "Db", "type": "Opaque", "data": {"KEY": "some-value"}}, "secret name 'Db' is invalid"),
        ({"name": "db", "type": "Opaque", "data": {"bad key": "x"}}, "data key 'bad key'"),
        ({"name": "db", "type": "Opaque", "data": {}}, "at least one key in option data"),
        ({"name": "db", "data": {"KEY": "some-value"}}, "secret option data needs option type"),
        ({"name": "db", "type": "Tls", "data": {"KEY": "some-value"}}, "takes its values in option tls, not data"),
        ({"name": "db", "type": "Tls", "tls": {"cert": "cert-pem-text"}}, "needs tls.key"),
        (
            {"name": "db", "type": "Dockerconfigjson", "docker_registry": {"server": "h", "username": "u"}},
            "needs docker_registry.password",
        ),
        ({"name": "db", "data": {"KEY": "some-value"}, "tls": {"cert": "cert-pem-text"}}, "mutually exclusive"),
        ({"name": "db", "type": "opaque"}, "type"),
        ({"name": "db", "cluster": None}, "cluster"),
    ],
)
def test_bad_input_is_refused_before_any_request(cloud, ecns_object_args, options, message):
    result = converge({**ecns_object_args, **options})
    assert result["failed"] and message in result["msg"], result
    assert api_reads(cloud) == []


@pytest.mark.parametrize("options", [{}, {"type": "Opaque"}, {"type": "Tls"}])
def test_creating_without_type_and_values_is_refused_before_any_write(cloud, ecns_object_args, options):
    for check in (True, False):
        result = converge({**ecns_object_args, "name": "ghost", **options}, check=check)
        assert result["failed"] and "give option type and the values" in result["msg"], result
    assert cloud.api_writes("ecns") == []


def test_a_provider_error_surfaces_with_its_message(cloud, ecns_object_args):
    result = converge({**ecns_object_args, **DB, "cluster": "no-such-cluster"})
    assert result["failed"] and "no-such-cluster" in result["msg"], result


def test_a_used_up_quota_is_the_providers_refusal(cloud, ecns_object_args):
    quota = f"{API}/namespace/cluster/ecns-east/ns/apps/quota/?cluster_type=EKS"
    assert cloud.ecns("PATCH", quota, json={"quota": {"secrets": 0}}).status_code == 200
    result = converge({**ecns_object_args, **DB, "namespace": "apps"})
    assert result["failed"] and "exceeded quota" in result["msg"], result
    assert "403" in result["msg"]


def test_numbers_are_stored_as_text_and_stay_unchanged(cloud, ecns_object_args):
    first = converge({**ecns_object_args, "name": "ports", "type": "Opaque", "data": {"PORT": 8080}})
    assert first["secret"]["keys"] == ["PORT"]
    cloud.clear_log()
    again = converge({**ecns_object_args, "name": "ports", "type": "Opaque", "data": {"PORT": "8080"}})
    assert again["changed"] is False and cloud.api_writes("ecns") == []


def test_requests_per_task(cloud, ecns_object_args):
    """What each step costs besides signing in (recorded in docs/providers/ecns-config.md).

    The switch and the detail find the secret; after a write the adapter reads it back
    once (a secret is ready as soon as ECNS answers); a deletion is confirmed by a 404.
    """
    switch = ("GET", f"{API}/namespace/demo/cluster/ecns-east/ns/default/")
    detail = ("GET", f"{API}/kubernetes/secret/db/")
    converge({**ecns_object_args, **DB})
    assert [(r["method"], r["path"]) for r in api_reads(cloud)] == [switch, detail, ("POST", SECRETS), detail]
    cloud.clear_log()
    converge({**ecns_object_args, **DB, "data": {"DB_USER": "svc-db"}})
    assert [(r["method"], r["path"]) for r in api_reads(cloud)] == [switch, detail, ("PATCH", SECRETS), detail]
    cloud.clear_log()
    converge({**ecns_object_args, "name": "db", "state": "absent"})
    assert [(r["method"], r["path"]) for r in api_reads(cloud)] == [switch, detail, ("DELETE", SECRETS), detail]

"""ECNS secrets (1.6): list, keys, create, update, delete and detail, per namespace."""

from __future__ import annotations

from typing import Any

import pytest
from ecns_helpers import API, Ecns
from flask.testing import FlaskClient

from kaas_emulator.core.clock import ManualClock

SECRETS = f"{API}/kubernetes/secret"
OPAQUE = {"name": "db", "type": "Opaque", "opaque": {"user": "admin", "password": "s3cr3t"}}
TLS = {"name": "site-tls", "type": "Tls", "tls": {"cert": "CERT", "key": "KEY", "ca": "CA"}}
DOCKER = {
    "name": "registry",
    "type": "Dockerconfigjson",
    "dockerconfigjson": {"URI": "hub.example.com", "username": "bot", "password": "pw"},
}


@pytest.fixture
def ecns(client: FlaskClient, clock: ManualClock) -> Ecns:
    return Ecns(client, clock)


def create(ecns: Ecns, secret: dict[str, Any]) -> Any:
    return ecns.post(f"{SECRETS}/", json={"secret": secret})


def test_each_type_is_created_with_its_kubernetes_data_keys(ecns: Ecns) -> None:
    created = [create(ecns, body) for body in (OPAQUE, TLS, DOCKER)]
    assert [answer.status_code for answer in created] == [200, 200, 200]
    assert [answer.json["keys"] for answer in created] == [
        ["password", "user"],
        ["tls.crt", "tls.key", "ca.crt"],
        [".dockerconfigjson"],
    ]
    assert created[0].json["type"] == "Opaque" and created[0].json["creation_time"]
    # The secret_info never carries a value.
    assert "s3cr3t" not in created[0].get_data(as_text=True)


def test_the_list_shows_names_types_and_keys_only_and_filters_by_type(ecns: Ecns) -> None:
    for body in (OPAQUE, TLS, DOCKER):
        create(ecns, body)
    listed = ecns.get(f"{SECRETS}/")
    assert [s["name"] for s in listed.json["secrets"]] == ["db", "site-tls", "registry"]
    assert "s3cr3t" not in listed.get_data(as_text=True)
    only_tls = ecns.get(f"{SECRETS}/?type=Tls").json["secrets"]
    assert [s["name"] for s in only_tls] == ["site-tls"]
    answer = ecns.get(f"{SECRETS}/?type=kubernetes.io/tls")
    assert (
        answer.status_code == 400
        and "Opaque, Dockerconfigjson, Tls" in ecns.error(answer)["message"]
    )


def test_keys_and_detail_of_one_secret(ecns: Ecns) -> None:
    create(ecns, OPAQUE)
    assert ecns.get(f"{SECRETS}/db/keys/").json == {"keys": ["password", "user"]}
    detail = ecns.get(f"{SECRETS}/db/").json
    assert detail["secret"] == OPAQUE
    assert detail["secret_info"]["keys"] == ["password", "user"]
    assert ecns.get(f"{SECRETS}/nope/").status_code == 404
    answer = ecns.get(f"{SECRETS}/nope/keys/")
    assert answer.status_code == 404 and 'Secret "nope" not found' in ecns.error(answer)["message"]


def test_secrets_belong_to_the_session_namespace(ecns: Ecns) -> None:
    create(ecns, OPAQUE)
    ecns.get(f"{API}/namespace/demo/cluster/ecns-east/ns/apps/")
    assert ecns.get(f"{SECRETS}/").json == {"secrets": []}
    assert create(ecns, OPAQUE).status_code == 200  # same name, other namespace
    assert ecns.get(f"{API}/resources/Secret/db/").json == {"existence": True}
    assert ecns.get(f"{API}/resources/Secret/other/").json == {"existence": False}


def test_creating_a_secret_twice_is_a_conflict(ecns: Ecns) -> None:
    create(ecns, OPAQUE)
    answer = create(ecns, OPAQUE)
    assert answer.status_code == 409 and "already exists" in ecns.error(answer)["message"]


@pytest.mark.parametrize(
    ("secret", "message"),
    [
        ({**OPAQUE, "name": "DB"}, "secret.name: 'DB' must be at most 253"),
        ({**OPAQUE, "type": "opaque"}, "secret.type: 'opaque' is not one of"),
        ({"name": "db", "type": "Opaque"}, "secret.opaque: at least one key is required"),
        ({**OPAQUE, "opaque": {"a b": "v"}}, "key 'a b' must be letters"),
        ({**OPAQUE, "opaque": {"n": 1}}, "secret.opaque.n: must be a string"),
        (
            {**OPAQUE, "tls": {"cert": "c", "key": "k"}},
            "secret.tls: only given for a secret of type Tls",
        ),
        ({**TLS, "tls": {"cert": "c"}}, "secret.tls.key: is required"),
        ({**DOCKER, "dockerconfigjson": {"URI": "h", "username": "u"}}, "password: is required"),
        (
            {**DOCKER, "dockerconfigjson": {**DOCKER["dockerconfigjson"], "server": "x"}},
            "server: unknown field",
        ),
        ({**OPAQUE, "data": {}}, "secret.data: unknown field"),
    ],
)
def test_a_bad_secret_is_refused_naming_the_field(
    ecns: Ecns, secret: dict[str, Any], message: str
) -> None:
    answer = create(ecns, secret)
    assert answer.status_code == 400 and message in ecns.error(answer)["message"]
    assert ecns.get(f"{SECRETS}/").json == {"secrets": []}


def test_an_update_replaces_the_values_but_never_the_type(ecns: Ecns) -> None:
    create(ecns, OPAQUE)
    changed = {**OPAQUE, "opaque": {"token": "t0k3n"}}
    answer = ecns.patch(f"{SECRETS}/", json={"secret": changed})
    assert answer.status_code == 200 and answer.json["keys"] == ["token"]
    assert ecns.get(f"{SECRETS}/db/").json["secret"] == changed
    retyped = {"name": "db", "type": "Tls", "tls": {"cert": "c", "key": "k"}}
    answer = ecns.patch(f"{SECRETS}/", json={"secret": retyped})
    assert answer.status_code == 400 and "immutable" in ecns.error(answer)["message"]
    missing = ecns.patch(f"{SECRETS}/", json={"secret": {**OPAQUE, "name": "gone"}})
    assert missing.status_code == 404


def test_a_delete_is_all_or_nothing(ecns: Ecns) -> None:
    create(ecns, OPAQUE)
    create(ecns, TLS)
    answer = ecns.delete(f"{SECRETS}/", json={"secrets": [{"name": "db"}, {"name": "gone"}]})
    assert answer.status_code == 404
    wrong_type = ecns.delete(f"{SECRETS}/", json={"secrets": [{"name": "db", "type": "Tls"}]})
    assert (
        wrong_type.status_code == 400 and "is of type Opaque" in ecns.error(wrong_type)["message"]
    )
    assert len(ecns.get(f"{SECRETS}/").json["secrets"]) == 2
    both = {"secrets": [{"name": "db", "type": "Opaque"}, {"name": "site-tls"}]}
    assert ecns.delete(f"{SECRETS}/", json=both).status_code == 204
    assert ecns.get(f"{SECRETS}/").json == {"secrets": []}


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"secrets": []}, "at least one secret is required"),
        ({"secrets": [{"type": "Opaque"}]}, "secrets[0].name: is required"),
        ({"secrets": ["db"]}, "secrets: must be a list of objects"),
    ],
)
def test_a_bad_delete_is_refused(ecns: Ecns, body: dict[str, Any], message: str) -> None:
    answer = ecns.delete(f"{SECRETS}/", json=body)
    assert answer.status_code == 400 and message in ecns.error(answer)["message"]

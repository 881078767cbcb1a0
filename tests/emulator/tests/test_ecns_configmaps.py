"""ECNS configmaps (seed 1.4): list, keys, create, detail, update, batch delete, scope."""

from __future__ import annotations

import pytest
from ecns_helpers import API, Ecns, workload
from flask.testing import FlaskClient

from kaas_emulator.core.clock import ManualClock

ONE = f"{API}/kubernetes/configmap"
ALL = f"{API}/kubernetes/configmaps/"


@pytest.fixture
def ecns(client: FlaskClient, clock: ManualClock) -> Ecns:
    return Ecns(client, clock)


def create(ecns: Ecns, name: str = "app-config", config: dict[str, str] | None = None) -> None:
    body = {
        "configmap": {"name": name, "config": config or {"mode": "production", "level": "info"}}
    }
    response = ecns.post(f"{ONE}/{name}/", json=body)
    assert response.status_code == 201, response.json


def test_create_then_detail_and_keys(ecns: Ecns) -> None:
    create(ecns)
    detail = ecns.get(f"{ONE}/app-config/").json["configmap"]
    assert detail["config"] == {"mode": "production", "level": "info"}
    assert detail["name"] == "app-config" and detail["creation_time"]
    assert ecns.get(f"{ONE}/app-config/keys/").json == {"keys": ["level", "mode"]}


def test_list_gives_names_and_keys(ecns: Ecns) -> None:
    create(ecns, "b-config")
    create(ecns, "a-config", {"x": "1"})
    listed = ecns.get(ALL).json["configmaps"]
    assert [(c["name"], c["keys"]) for c in listed] == [
        ("a-config", ["x"]),
        ("b-config", ["level", "mode"]),
    ]


def test_app_selector_lists_the_configmaps_an_application_uses(ecns: Ecns) -> None:
    create(ecns, "used")
    create(ecns, "unused")
    body = workload(application_name="shop")
    body["volumes"].append(
        {
            "name": "conf",
            "type": "ConfigMap",
            "configmap": {"type": "ConfigMap", "name": "used", "path": "/etc/app"},
        }
    )
    ecns.create(body)
    listed = ecns.get(f"{ALL}?app_selector=shop").json["configmaps"]
    assert [c["name"] for c in listed] == ["used"]
    assert ecns.get(f"{ALL}?app_selector=other").json["configmaps"] == []


def test_update_replaces_the_data(ecns: Ecns) -> None:
    create(ecns)
    response = ecns.patch(
        f"{ONE}/app-config/",
        json={"configmap": {"name": "app-config", "config": {"mode": "debug"}}},
    )
    assert response.status_code == 200, response.json
    assert ecns.get(f"{ONE}/app-config/").json["configmap"]["config"] == {"mode": "debug"}


def test_a_second_create_is_a_conflict(ecns: Ecns) -> None:
    create(ecns)
    response = ecns.post(
        f"{ONE}/app-config/", json={"configmap": {"name": "app-config", "config": {}}}
    )
    assert response.status_code == 409
    assert "already exists" in Ecns.error(response)["message"]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({}, "request body must be a non-empty JSON object"),
        ({"configmap": {"name": "app-config"}}, "configmap.config: is required"),
        ({"configmap": {"name": "Bad_Name", "config": {}}}, "configmap.name"),
        (
            {"configmap": {"name": "app-config", "config": {"k": 1}}},
            "configmap.config.k: must be a string",
        ),
        ({"configmap": {"name": "app-config", "config": {"bad key": "v"}}}, "key 'bad key'"),
        ({"configmap": {"name": "other", "config": {}}}, "differs from the path"),
        ({"configmap": {"name": "app-config", "config": {}}, "extra": 1}, "extra: unknown field"),
    ],
)
def test_create_refuses_bad_bodies(ecns: Ecns, body: dict, expected: str) -> None:
    response = ecns.post(f"{ONE}/app-config/", json=body)
    assert response.status_code == 400
    assert expected in Ecns.error(response)["message"]
    assert ecns.get(ALL).json["configmaps"] == []


def test_missing_configmap_is_404_everywhere(ecns: Ecns) -> None:
    for response in (
        ecns.get(f"{ONE}/ghost/"),
        ecns.get(f"{ONE}/ghost/keys/"),
        ecns.patch(f"{ONE}/ghost/", json={"configmap": {"name": "ghost", "config": {}}}),
    ):
        assert response.status_code == 404
        assert (
            'configmap "ghost" not found in namespace "default"' in Ecns.error(response)["message"]
        )


def test_batch_delete_is_all_or_nothing(ecns: Ecns) -> None:
    create(ecns, "one")
    create(ecns, "two")
    missing = ecns.delete(ALL, json={"configmaps": ["one", "ghost"]})
    assert missing.status_code == 404
    assert len(ecns.get(ALL).json["configmaps"]) == 2
    assert ecns.delete(ALL, json={"configmaps": ["one", "two"]}).status_code == 204
    assert ecns.get(ALL).json["configmaps"] == []
    assert ecns.delete(ALL, json={"configmaps": []}).status_code == 400


def test_configmaps_belong_to_the_session_namespace(ecns: Ecns) -> None:
    create(ecns)
    switched = ecns.get(f"{API}/namespace/demo/cluster/ecns-east/ns/kube-system/")
    assert switched.status_code == 200, switched.json
    assert ecns.get(ALL).json["configmaps"] == []
    create(ecns)  # the same name in another namespace is another configmap
    assert len(ecns.get(ALL).json["configmaps"]) == 1

"""deployme.cloud input validation, auth and error format."""

from __future__ import annotations

from typing import Any

import pytest
from emulator_helpers import SEED_CREATE, Deployme
from flask.testing import FlaskClient

from kaas_emulator.core.clock import ManualClock

CREATE_CASES: list[tuple[dict[str, Any], str]] = [
    ({"name": None}, "name"),
    ({"name": 12}, "name"),
    ({"name": ""}, "name"),
    ({"name": "-prod"}, "name"),
    ({"name": "prod-"}, "name"),
    ({"name": "pro--d"}, "name"),
    ({"name": "prod_1"}, "name"),
    ({"name": "a" * 64}, "name"),
    ({"control_planes": 2}, "control_planes"),
    ({"control_planes": True}, "control_planes"),
    ({"control_planes": "3"}, "control_planes"),
    ({"control_planes": 3.0}, "control_planes"),
    ({"workers": 0}, "workers"),
    ({"workers": 101}, "workers"),
    ({"workers": True}, "workers"),
    ({"workers": "5"}, "workers"),
    ({"node_size": "huge"}, "node_size"),
    ({"node_size": 1}, "node_size"),
    ({"phase": "cloud"}, "phase"),
    ({"phase": "onpremise"}, "infra_id"),
    ({"phase": "baremetal"}, "infra_id"),
    ({"infra_id": "inf-1"}, "infra_id"),
    ({"phase": "onpremise", "infra_id": ""}, "infra_id"),
    ({"phase": "onpremise", "infra_id": 5}, "infra_id"),
    ({"kubernetes_version": "v1.30.0"}, "kubernetes_version"),
    ({"color": "blue"}, "color"),
]


@pytest.mark.parametrize(("overrides", "field"), CREATE_CASES)
def test_create_rejects_invalid_field(dm: Deployme, overrides: dict, field: str) -> None:
    body = {**SEED_CREATE, **overrides}
    body = {key: value for key, value in body.items() if value is not None}
    response = dm.post("/v1/clusters", json=body)
    assert response.status_code == 400
    assert response.json["error"] == "bad_request"
    assert (
        response.json["message"].startswith(f"{field}:")
        or f"; {field}:" in (response.json["message"])
    )
    assert dm.get("/v1/clusters").json["total"] == 0


@pytest.mark.parametrize("missing", ["name", "control_planes", "workers", "node_size"])
def test_create_requires_fields(dm: Deployme, missing: str) -> None:
    body = {key: value for key, value in SEED_CREATE.items() if key != missing}
    response = dm.post("/v1/clusters", json=body)
    assert response.status_code == 400
    assert response.json["message"] == f"{missing}: is required"


def test_create_reports_every_problem(dm: Deployme) -> None:
    response = dm.post("/v1/clusters", json={"name": "x", "workers": 0, "extra": 1})
    message = response.json["message"]
    for field in ("extra", "control_planes", "workers", "node_size"):
        assert f"{field}:" in message


@pytest.mark.parametrize("body", [b"", b"not json", b"[1, 2]", b'"text"', b"{}"], ids=repr)
def test_create_needs_a_json_object(dm: Deployme, body: bytes) -> None:
    response = dm.post("/v1/clusters", data=body, content_type="application/json")
    assert response.status_code == 400
    assert set(response.json) == {"error", "message"}


def test_create_accepts_boundaries_and_non_managed_phase(dm: Deployme) -> None:
    created = dm.create(
        name="a" * 63,
        control_planes=1,
        workers=100,
        node_size="xlarge",
        phase="baremetal",
        infra_id="infra-42",
    )
    assert created["infra_id"] == "infra-42"
    assert created["node_count"] == 101
    assert dm.create(name="A1-b2-C3", workers=1)["phase"] == "managed"


def test_duplicate_names_are_allowed(dm: Deployme) -> None:
    first, second = dm.create(), dm.create()
    assert first["id"] != second["id"]
    listed = dm.get("/v1/clusters").json
    assert [item["name"] for item in listed["items"]] == ["production", "production"]


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer nope"},
        {"Authorization": "Basic ZGVtbzpkZW1v"},
        {"Authorization": "demo"},
        {"Authorization": "Bearer "},
    ],
    ids=["none", "wrong-token", "basic", "no-scheme", "empty"],
)
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/v1/clusters"),
        ("POST", "/v1/clusters"),
        ("GET", "/v1/clusters/cls_abc123"),
        ("PATCH", "/v1/clusters/cls_abc123"),
        ("DELETE", "/v1/clusters/cls_abc123"),
        ("GET", "/v1/clusters/cls_abc123/kubeconfig"),
        ("GET", "/v1/unknown"),
    ],
)
def test_every_endpoint_requires_the_token(
    client: FlaskClient, headers: dict, method: str, path: str
) -> None:
    response = client.open("/deployme" + path, method=method, headers=headers, json={})
    assert response.status_code == 401
    assert response.json == {"error": "unauthorized", "message": "missing or invalid bearer token"}
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_bearer_scheme_is_case_insensitive(client: FlaskClient) -> None:
    response = client.get("/deployme/v1/clusters", headers={"Authorization": "bearer demo"})
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/v1/clusters/cls_zzzzzz"),
        ("PATCH", "/v1/clusters/cls_zzzzzz"),
        ("DELETE", "/v1/clusters/cls_zzzzzz"),
        ("GET", "/v1/clusters/cls_zzzzzz/kubeconfig"),
        ("GET", "/v2/clusters"),
    ],
)
def test_unknown_is_404_in_deployme_format(dm: Deployme, method: str, path: str) -> None:
    response = dm.request(method, path, json={"workers": 2})
    assert response.status_code == 404
    assert response.json["error"] == "not_found"
    assert set(response.json) == {"error", "message"}


def test_wrong_method_is_405_in_deployme_format(dm: Deployme) -> None:
    response = dm.request("PUT", "/v1/clusters")
    assert response.status_code == 405
    assert response.json["error"] == "method_not_allowed"
    assert "GET" in response.headers["Allow"]


@pytest.mark.parametrize(
    "query", ["page=0", "page=x", "page=-1", "per_page=0", "per_page=1.5", "status=broken"]
)
def test_list_rejects_bad_query(dm: Deployme, query: str) -> None:
    response = dm.get(f"/v1/clusters?{query}")
    assert response.status_code == 400
    assert response.json["message"].startswith(query.split("=")[0] + ":")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "other"}, "name"),
        ({"control_planes": 1}, "control_planes"),
        ({"phase": "onpremise"}, "phase"),
        ({"status": "running"}, "status"),
        ({"foo": 1}, "foo"),
        ({"workers": 0}, "workers"),
        ({"workers": True}, "workers"),
        ({"node_size": "tiny"}, "node_size"),
        ({"workers": 2, "name": "x"}, "name"),
    ],
)
def test_patch_rejects_fields(dm: Deployme, clock: ManualClock, body: dict, field: str) -> None:
    cluster = dm.create()
    clock.advance(240)
    response = dm.patch(f"/v1/clusters/{cluster['id']}", json=body)
    assert response.status_code == 400
    assert response.json["error"] == "bad_request"
    assert f"{field}:" in response.json["message"]
    assert dm.status(cluster["id"]) == "running"


@pytest.mark.parametrize("body", [b"", b"{}", b"[]", b"nope"], ids=repr)
def test_patch_rejects_empty_or_non_object(dm: Deployme, clock: ManualClock, body: bytes) -> None:
    cluster = dm.create()
    clock.advance(240)
    response = dm.patch(f"/v1/clusters/{cluster['id']}", data=body, content_type="application/json")
    assert response.status_code == 400

"""Replay the request/response examples of the deployme.cloud seed document (001)."""

from __future__ import annotations

import re

from emulator_helpers import SEED_CREATE, Deployme

from kaas_emulator.core.clock import ManualClock

SEED_LIST_ITEM = {
    "id": "cls_abc123",
    "name": "production",
    "status": "running",
    "phase": "managed",
    "control_planes": 3,
    "workers": 5,
    "node_size": "large",
    "node_count": 8,
    "endpoint": "https://cls-abc123.k8s.deployme.cloud:6443",
    "kubernetes_version": "v1.31.0",
    "created_at": "2026-03-01T10:00:00Z",
    "updated_at": "2026-03-01T10:05:00Z",
}
SEED_CREATED = {
    "id": "cls_abc123",
    "name": "production",
    "status": "provisioning",
    "phase": "managed",
    "control_planes": 3,
    "workers": 5,
    "node_size": "large",
    "created_at": "2026-03-15T14:30:00Z",
}
ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


def _same_shape(actual: dict, example: dict) -> None:
    for key, value in example.items():
        assert key in actual, key
        assert type(actual[key]) is type(value), key


def test_create_example(dm: Deployme) -> None:
    created = dm.create()
    _same_shape(created, SEED_CREATED)
    assert re.fullmatch(r"cls_[a-z0-9]{6}", created["id"])
    for key in ("name", "status", "phase", "control_planes", "workers", "node_size"):
        assert created[key] == SEED_CREATED[key]
    assert ISO.match(created["created_at"])


def test_list_example_after_provisioning(dm: Deployme, clock: ManualClock) -> None:
    clock.set(1_772_359_200)  # 2026-03-01T10:00:00Z, as in the seed
    created = dm.create()
    clock.advance(300)
    body = dm.get("/v1/clusters").json
    assert set(body) == {"items", "total", "page", "per_page"}
    assert (body["total"], body["page"], body["per_page"]) == (1, 1, 20)
    item = body["items"][0]
    assert set(item) == set(SEED_LIST_ITEM)
    _same_shape(item, SEED_LIST_ITEM)
    suffix = created["id"].removeprefix("cls_")
    expected = {
        **SEED_LIST_ITEM,
        "id": created["id"],
        "endpoint": f"https://cls-{suffix}.k8s.deployme.cloud:6443",
        "updated_at": "2026-03-01T10:04:00Z",  # created + 240 s of provisioning
    }
    assert item == expected


def test_get_is_the_full_object(dm: Deployme) -> None:
    created = dm.create()
    got = dm.get(f"/v1/clusters/{created['id']}").json
    assert set(got) == set(SEED_LIST_ITEM)
    assert got == created


def test_patch_example(dm: Deployme, clock: ManualClock) -> None:
    cluster = dm.create()
    clock.advance(240)
    response = dm.patch(f"/v1/clusters/{cluster['id']}", json={"workers": 8})
    assert response.status_code == 200
    assert response.json["workers"] == 8
    assert response.json["node_count"] == 11


def test_delete_example(dm: Deployme) -> None:
    cluster = dm.create()
    response = dm.delete(f"/v1/clusters/{cluster['id']}")
    assert response.status_code == 204
    assert response.data == b""


def test_kubeconfig_example(dm: Deployme, clock: ManualClock) -> None:
    cluster = dm.create()
    clock.advance(240)
    response = dm.get(f"/v1/clusters/{cluster['id']}/kubeconfig")
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    text = response.get_data(as_text=True)
    assert text.startswith("apiVersion: v1\n")
    assert f"server: {cluster['endpoint']}" in text


def test_seed_create_body_is_accepted_as_is(dm: Deployme) -> None:
    assert dm.post("/v1/clusters", json=SEED_CREATE).status_code == 201
